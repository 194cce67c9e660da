"""The stages of a screen, each one plain function over frames (see :mod:`screening.pipeline`)."""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from screening.context import ScreenContext, load_context
from screening.contract import empty_findings
from screening.options import Result, RunOptions
from screening.output import tables

#: The lock file of an output folder (one writer per folder).
OUT_LOCK_FILE = ".screening.lock"

if TYPE_CHECKING:
    from screening.ingest import IngestResult
    from screening.store import Store
    from screening.validation import ValidationReport

__all__ = ["ScreenContext", "load_context"]


def start_run(inputs: Sequence[Path], options: RunOptions, ctx: ScreenContext) -> dict[str, Any]:
    started = datetime.now(UTC)
    run_id = options.run_id or f"{started:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    return {"run_id": run_id, "started_at": started.isoformat(timespec="seconds"), "status": "running"}


def prewarm_validation(options: RunOptions) -> None:
    """Import Great Expectations in a background thread while ingest and normalise run.

    The import and its context cost 4-6 s of mostly single-threaded Python; ingest and normalise spend
    most of their time in polars, which releases the GIL, so the two overlap on a second core. The
    first validation waits for the thread (one lock); a failed import raises again there.
    """
    if options.skip_validation:
        return
    from screening.validation.engine import batch_definition

    def warm() -> None:
        with contextlib.suppress(Exception):  # the first validation raises the same error, in its stage
            batch_definition()

    threading.Thread(target=warm, name="gx-import", daemon=True).start()


def ingest(inputs: Sequence[Path], options: RunOptions) -> IngestResult:
    from screening.ingest import read_inputs

    return read_inputs(list(inputs), mapping=options.mapping, sheet=options.sheet)


def normalize(frame: pl.DataFrame, ctx: ScreenContext) -> pl.DataFrame:
    """Countries, regions, goods and sectors; display names for evidence sentences."""
    from screening.normalize.frame import normalize_suppliers

    return normalize_suppliers(frame, ctx.goods_vocab)


def validate_input(
    frame: pl.DataFrame, quarantine: pl.DataFrame, ctx: ScreenContext, options: RunOptions
) -> tuple[pl.DataFrame, pl.DataFrame, list[Any]]:
    """Input expectations: failing rows move to quarantine (they do not stop the screen)."""
    if options.skip_validation:
        return frame, quarantine, []
    from screening.validation import validate_input as gx_validate_input

    kept, bad, res = gx_validate_input(frame, ctx.rules_dir)
    if bad.height:
        quarantine = pl.concat([quarantine, bad.select(quarantine.columns)], how="vertical_relaxed")
    return kept, quarantine, [res]


def validate_datasets(ctx: ScreenContext, options: RunOptions) -> Any:
    if options.skip_validation:
        return None
    from screening.validation import validate_datasets as gx_validate_datasets
    from screening.validation.reuse import REUSE_FOLDER

    return gx_validate_datasets(ctx.catalog, ctx.rules_dir, reuse_dir=ctx.data_dir / REUSE_FOLDER)


def start_matching(frame: pl.DataFrame, ctx: ScreenContext) -> Future[pl.DataFrame]:
    """Watch-list matching of the normalised suppliers, begun on a worker thread (see :func:`screen`)."""
    from screening.findings import start_matching as begin

    return begin(frame, ctx)


def screen(
    frame: pl.DataFrame, ctx: ScreenContext, matching: Future[pl.DataFrame] | None = None
) -> pl.DataFrame:
    """Watch-list matching (``matching`` when begun before the input validation), then every rule in
    DuckDB: the findings frame."""
    from screening.findings import find

    return find(frame, ctx, matching=matching)


@contextlib.contextmanager
def open_store_for(options: RunOptions) -> Iterator[Store | None]:
    path = options.store_path()
    if path is None:
        yield None
        return
    from screening.store import open_store

    path.parent.mkdir(parents=True, exist_ok=True)
    with open_store(path) as store:
        yield store


def list_name(options: RunOptions, ingested: IngestResult) -> str:
    if options.list_name:
        return options.list_name
    return "+".join(Path(str(i["path"])).name for i in ingested.inputs)


def attach_reviews(
    frame: pl.DataFrame, findings: pl.DataFrame, options: RunOptions, ingested: IngestResult
) -> pl.DataFrame:
    """Carry auditors' decisions over from the store (review_status per finding)."""
    with open_store_for(options) as store:
        if store is None:
            return findings
        suppliers = frame.select("_key", "supplier_id", "country_code", "region_code", "goods", "address")
        return store.attach_reviews(list_name(options, ingested), findings, suppliers)


def score(frame: pl.DataFrame, findings: pl.DataFrame, ctx: ScreenContext) -> pl.DataFrame:
    from screening.indicators.age import as_of_range
    from screening.scoring.score import score_suppliers

    # The lists a clean result rests on: named entities (UFLPA, CBP), goods (ILAB) and countries (TIP).
    core = [d for d in ("uflpa", "cbp_wro", "ilab_goods", "tip_tiers") if d in ctx.catalog.datasets]
    oldest, newest = as_of_range(ctx.catalog.datasets, core or None)
    span = f"{oldest}" if oldest == newest else f"{oldest} to {newest}"
    as_of = f"{span} (UFLPA, CBP, ILAB and TIP lists; every date in run.json)"
    scored = score_suppliers(frame, findings, ctx.policy, as_of=as_of)
    return tables.scores_frame(frame, scored, findings)


def validate_results(
    scores: pl.DataFrame, findings: pl.DataFrame, cnt: dict[str, int], ctx: ScreenContext, options: RunOptions
) -> Any:
    if options.skip_validation:
        return None
    from screening.validation import validate_results as gx_validate_results

    dataset_ids = set(ctx.dataset_info) | set(ctx.list_editions)
    return gx_validate_results(
        scores,
        findings if findings.height else empty_findings(),
        cnt,
        ctx.rules.ids(),
        dataset_ids,
        ctx.rules_dir,
    )


def finish_validation(checks: list[Any], options: RunOptions) -> ValidationReport:
    from screening.validation import ValidationReport

    return ValidationReport.from_results(
        [c for c in checks if c is not None], skipped=options.skip_validation
    )


def finish_run(
    run: dict[str, Any],
    ingested: IngestResult,
    cnt: dict[str, int],
    report: ValidationReport,
    ctx: ScreenContext,
    options: RunOptions,
    scores: pl.DataFrame | None = None,
) -> dict[str, Any]:
    if cnt["rows_in"] != cnt["rows_screened"] + cnt["rows_quarantined"]:
        raise AssertionError(f"row accounting broke: {cnt}")  # a bug, never a user's mistake
    validation = report.to_dict()
    if scores is not None:
        from screening.scoring.tier_counts import tier_counts

        run["tiers"] = tier_counts(scores)
    run.update(
        finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
        status="success" if report.success else "failed",
        list_name=list_name(options, ingested),
        inputs=[
            {
                k: v
                for k, v in i.items()
                if k
                in (
                    "path",
                    "sha256",
                    "rows",
                    "rows_screened",
                    "rows_quarantined",
                    "format",
                    "encoding",
                    "sheet",
                    "header_row",
                    "preset",
                    "columns",
                    "guesses",
                    "id_generated",
                    "duplicate_ids",
                )
            }
            for i in ingested.inputs
        ],
        **cnt,
        rules_version=ctx.rules.version,
        policy_version=ctx.policy.version,
        indicator_versions=ctx.catalog.versions(),
        watchlists={k: v for k, v in ctx.list_editions.items()},
        matching={
            "algorithm": ctx.policy.matching.algorithm,
            "match_threshold": ctx.policy.matching.match_threshold,
            "review_threshold": ctx.policy.matching.review_threshold,
        },
        validation={
            "success": validation["success"],
            "evaluated": validation["evaluated"],
            "skipped": validation["skipped"],
            "failures": validation["failures"],
            "warnings": validation.get("warnings", []),
        },
        notes=list(ingested.notes),
        datasets=ctx.dataset_records(),
        store=str(options.store_path()) if options.store_path() else None,
        mapping=str(options.mapping) if options.mapping else None,
        sheet=options.sheet,
    )
    if options.skip_validation:
        run["notes"].append("Validation was skipped (--skip-validation): this result is not validated.")
    return run


def write_outputs(
    scores: pl.DataFrame,
    findings: pl.DataFrame,
    quarantine: pl.DataFrame,
    run: dict[str, Any],
    report: ValidationReport,
    options: RunOptions,
) -> Result:
    from screening.validation import write_validation_report

    out = options.out
    out.mkdir(parents=True, exist_ok=True)
    files = tables.write_tables(out, scores, findings, quarantine, run)
    files.update(write_validation_report(out, report))
    return Result(out_dir=out, run=run, scores=scores, findings=findings, quarantine=quarantine, files=files)


def persist(result: Result, ingested: IngestResult, options: RunOptions) -> None:
    """Record the run in the store (one transaction), then write diff.csv against the list's previous run.

    The last stage: the output folder is complete before the store records the run. When writing the
    diff fails after that, the store and run.json record the run as failed, and the error goes on.
    """
    with open_store_for(options) as store:
        if store is None:
            return
        name = list_name(options, ingested)
        store.persist_run(result.run, name, result.scores, result.findings)
        try:
            _write_diff(store, name, result)
        except Exception as exc:
            error = f"failed after the store recorded it: {type(exc).__name__}: {exc}"
            store.mark_failed(result.run["run_id"], error)
            result.run.update(status="failed", error=error)
            tables.write_json(result.run, result.out_dir / "run.json")
            raise


def _write_diff(store: Store, name: str, result: Result) -> None:
    prev = store.previous_run_id(name, result.run["run_id"])
    if prev is not None and result.run["status"] == "success":
        diff = store.diff(prev, result.run["run_id"]).to_frame()
        tables.write_csv(diff, result.out_dir / "diff.csv")
        result.files["diff"] = result.out_dir / "diff.csv"


@contextlib.contextmanager
def output_lock(options: RunOptions) -> Iterator[None]:
    """One screen at a time writes ``options.out``: a second waits briefly, then stops (exit 2)."""
    from screening.errors import InputError, ScreeningError
    from screening.store.lock import hold_lock

    def busy(holder: str) -> ScreeningError:
        return InputError(
            f"Another screen is writing the output folder {options.out} ({holder}).",
            hint="Wait for it to finish, or give this screen another --out.",
        )

    options.out.mkdir(parents=True, exist_ok=True)
    with hold_lock(options.out / OUT_LOCK_FILE, options.out_lock_wait_s, busy):
        yield


def write_reports(result: Result, ctx: ScreenContext, options: RunOptions) -> None:
    if not options.reports:
        return
    from screening.report import ReportInput, write_report_files

    report = ReportInput.build(
        result.scores,
        result.findings,
        result.quarantine,
        result.run,
        ctx.dataset_records(),
        ctx.policy,
        tiers=result.run.get("tiers"),  # counted of these scores for run.json (finish_run)
    )
    paths = write_report_files(result.out_dir, report, xlsx_all_rows=options.xlsx_all_rows)
    result.files.update(paths)


def failure_message(report: ValidationReport, options: RunOptions) -> str:
    failures = [f for f in report.to_dict()["failures"] if f.get("blocking", True)]
    listed = "; ".join(str(f.get("message") or f.get("expectation")) for f in failures[:5])
    return (
        f"A blocking validation failed ({len(failures)} failure(s)): {listed}. The outputs in "
        f"{options.out} are marked failed and were not published as the latest result; "
        f"see {options.out / 'validation.json'}."
    )

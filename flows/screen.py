"""The screen as a Prefect flow: ``screen_suppliers(inputs, out="out", store=None)``.

Each task body is one call into :mod:`screening.stages`, the same functions ``screening run`` calls,
so the flow and the CLI write byte-identical ``scores.csv`` for the same inputs, rules and data.

    python -m flows.screen examples/suppliers.csv --out out-flow
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from screening import stages
from screening.errors import ScreeningError, ValidationFailed

T = {"cache_policy": NO_CACHE, "persist_result": False}


@task(name="load-context", **T)
def load_context(options: stages.RunOptions) -> stages.Context:
    return stages.load_context(options)


@task(name="ingest", **T)
def ingest(inputs: list[Path], options: stages.RunOptions) -> Any:
    return stages.ingest(inputs, options)


@task(name="normalize", **T)
def normalize(frame: Any, ctx: stages.Context) -> Any:
    return stages.normalize(frame, ctx)


@task(name="validate-input", **T)
def validate_input(frame: Any, quarantine: Any, ctx: stages.Context, options: stages.RunOptions) -> Any:
    return stages.validate_input(frame, quarantine, ctx, options)


@task(name="validate-datasets", **T)
def validate_datasets(ctx: stages.Context, options: stages.RunOptions) -> Any:
    return stages.validate_datasets(ctx, options)


@task(name="screen", **T)
def screen(frame: Any, ctx: stages.Context) -> Any:
    return stages.screen(frame, ctx)


@task(name="attach-reviews", **T)
def attach_reviews(frame: Any, findings: Any, options: stages.RunOptions, ingested: Any) -> Any:
    return stages.attach_reviews(frame, findings, options, ingested)


@task(name="score", **T)
def score(frame: Any, findings: Any, ctx: stages.Context) -> Any:
    return stages.score(frame, findings, ctx)


@task(name="validate-results", **T)
def validate_results(
    scores: Any, findings: Any, counts: dict[str, int], ctx: stages.Context, options: stages.RunOptions
) -> Any:
    return stages.validate_results(scores, findings, counts, ctx, options)


@task(name="write-outputs", **T)
def write_outputs(
    scores: Any, findings: Any, quarantine: Any, run: dict[str, Any], report: Any, options: stages.RunOptions
) -> stages.Result:
    return stages.write_outputs(scores, findings, quarantine, run, report, options)


@task(name="persist", **T)
def persist(result: stages.Result, ingested: Any, options: stages.RunOptions) -> None:
    stages.persist(result, ingested, options)


@task(name="write-reports", **T)
def write_reports(result: stages.Result, ctx: stages.Context, options: stages.RunOptions) -> None:
    stages.write_reports(result, ctx, options)


@flow(name="screen-suppliers", log_prints=True)
def screen_suppliers(
    inputs: list[str],
    out: str = "out",
    store: str | None = None,
    no_store: bool = False,
    list_name: str | None = None,
    mapping: str | None = None,
    watchlists: list[str] | None = None,
    reports: bool = True,
) -> dict[str, Any]:
    """Screen supplier lists; returns the run record (run.json)."""
    options = stages.RunOptions(
        out=Path(out),
        store=Path(store) if store else None,
        no_store=no_store,
        list_name=list_name,
        mapping=Path(mapping) if mapping else None,
        watchlists=tuple(Path(w) for w in watchlists or ()),
        reports=reports,
    )
    paths = [Path(p) for p in inputs]
    ctx = load_context(options)
    run = stages.start_run(paths, options, ctx)
    ingested = ingest(paths, options)
    frame = normalize(ingested.frame, ctx)
    frame, quarantine, checks = validate_input(frame, ingested.quarantine, ctx, options)
    checks.append(validate_datasets(ctx, options))
    findings = screen(frame, ctx)
    findings = attach_reviews(frame, findings, options, ingested)
    scores = score(frame, findings, ctx)
    counts = stages.counts(ingested, frame, quarantine)
    checks.append(validate_results(scores, findings, counts, ctx, options))
    report = stages.finish_validation(checks, options)
    run = stages.finish_run(run, ingested, counts, report, ctx, options)
    result = write_outputs(scores, findings, quarantine, run, report, options)
    persist(result, ingested, options)
    write_reports(result, ctx, options)
    if not report.success:
        raise ValidationFailed(stages.failure_message(report, options))
    return result.run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flows.screen", description=__doc__)
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--out", default="out")
    parser.add_argument("--store")
    parser.add_argument("--no-store", action="store_true")
    parser.add_argument("--list-name")
    parser.add_argument("--mapping")
    args = parser.parse_args(argv)
    try:
        run = screen_suppliers(
            args.inputs,
            out=args.out,
            store=args.store,
            no_store=args.no_store,
            list_name=args.list_name,
            mapping=args.mapping,
        )
    except ScreeningError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    screened, quarantined = run["rows_screened"], run["rows_quarantined"]
    print(f"screen {run['run_id']}: {screened} screened, {quarantined} quarantined -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``screening run INPUT...``: screen supplier lists with the library pipeline (no Prefect start-up)."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from screening.cli.notes import print_notes
from screening.cli.params import json_flag, screen_option
from screening.cli.terminal import SafeConsole
from screening.contract import TIERS
from screening.errors import ValidationFailed

TIER_STYLE = {"low": "green", "medium": "yellow", "high": "dark_orange", "critical": "bold red"}


def register(app: typer.Typer) -> None:
    app.command("run")(run_command)


def run_command(
    inputs: Annotated[list[Path], typer.Argument(help="Supplier lists: CSV, XLSX, Parquet, JSON or NDJSON.")],
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("out"),
    mapping: Annotated[Path | None, screen_option("mapping")] = None,
    sheet: Annotated[str | None, screen_option("sheet")] = None,
    store: Annotated[Path | None, screen_option("store")] = None,
    no_store: Annotated[bool, screen_option("no_store")] = False,
    list_name: Annotated[str | None, screen_option("list_name")] = None,
    watchlists: Annotated[list[Path] | None, screen_option("watchlists")] = None,
    skip_validation: Annotated[bool, screen_option("skip_validation")] = False,
    no_reports: Annotated[bool, screen_option("reports")] = False,
    partition_rows: Annotated[int | None, screen_option("partition_rows")] = None,
    dask: Annotated[str | None, screen_option("dask")] = None,
    xlsx_all_rows: Annotated[bool | None, screen_option("xlsx_all_rows")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the output folder.")] = False,
    as_json: Annotated[
        bool, json_flag("Print the run summary (run.json's record) as JSON on stdout.")
    ] = False,
    gx_project: Annotated[
        Path | None,
        typer.Option(
            "--gx-project",
            help="GX project folder: write the suites there, run them through GX checkpoints and build "
            "GX Data Docs in OUT/gx-data-docs.",
            envvar="SCREENING_GX_PROJECT",
            show_envvar=True,
            file_okay=False,
        ),
    ] = None,
) -> None:
    """Screen one or more supplier lists and write scores, findings, quarantine, run.json and reports."""
    arguments = dict(locals())  # the command's options, by name, before any other local
    from screening.cli.progress import stage_progress, wants_progress
    from screening.options import options_from_arguments
    from screening.pipeline import run
    from screening.validation.gx_docs import Recorded, publish, recording

    console = SafeConsole(highlight=False, width=max(SafeConsole().width, 140))
    options = options_from_arguments(out, {**arguments, "reports": not no_reports})
    if skip_validation:
        SafeConsole(stderr=True).print(
            "[yellow]warning:[/] validation skipped (--skip-validation); recorded in run.json", markup=True
        )
    failed: ValidationFailed | None = None
    # The validated frames are kept only for a GX project: a partitioned screen would otherwise hold
    # every part's input and results frames until the end (about 1.3 GiB per million rows).
    none: list[Recorded] = []
    record: AbstractContextManager[list[Recorded]] = (
        recording() if gx_project is not None else nullcontext(none)
    )
    with stage_progress(wants_progress(quiet, as_json)) as step, record as batches:
        try:
            result = run(inputs, options, step)
        except ValidationFailed as exc:
            failed, result = exc, exc.result
            if result is None:
                raise  # stopped before this run wrote its outputs (a dataset checksum): the message says it
    docs = publish(batches, gx_project, out) if gx_project is not None else None
    if as_json:
        print_json_summary(result.run, docs)
    elif quiet:
        console.print(str(out))
    else:
        print_summary(console, result.run, result.scores, out)
        notes = result.run.get("notes")
        print_notes(console, notes if isinstance(notes, list) else [])
        if docs is not None:
            console.print(f"GX Data Docs: {docs} (GX project {gx_project})")
    if failed is not None:
        raise failed


def print_json_summary(run: dict[str, object], docs: Path | None) -> None:
    """``run --json``: run.json's record (tiers by row and by supplier-site included) and Data Docs."""
    import json

    summary = {**run, "gx_data_docs": str(docs) if docs else None}
    typer.echo(json.dumps(summary, indent=2, ensure_ascii=False, default=str))


def print_summary(console: Console, run: dict[str, object], scores: object, out: Path) -> None:
    import polars as pl

    assert isinstance(scores, pl.DataFrame)
    head = Table(title=f"Screen {run['run_id']} ({run['status']})", show_header=True)
    head.add_column("rows in", justify="right")
    head.add_column("screened", justify="right")
    head.add_column("quarantined", justify="right")
    for tier in TIERS:
        head.add_column(tier, justify="right", style=TIER_STYLE[tier])
    from screening.scoring.tier_counts import tier_counts

    tiers = run.get("tiers")
    counts = tiers if isinstance(tiers, dict) else tier_counts(scores)
    head.add_row(
        str(run["rows_in"]),
        str(run["rows_screened"]),
        str(run["rows_quarantined"]),
        *[str(counts["by_row"][t]) for t in TIERS],
    )
    if counts["suppliers"] != counts["rows"]:
        head.add_row("", f"{counts['suppliers']} sites", "", *[str(counts["by_supplier"][t]) for t in TIERS])
    console.print(head)
    if counts["suppliers"] != counts["rows"]:
        console.print(
            f"{counts['rows']} rows name {counts['suppliers']} distinct supplier-sites (supplier_key); the "
            "second line counts each site once, in the highest tier of its rows."
        )
    top = (
        scores.filter(pl.col("risk_tier").is_in(["critical", "high"]))
        .sort("risk_score", descending=True, maintain_order=True)
        .head(10)
    )
    if top.height:
        t = Table(title="Strongest flags (top 10)")
        for col in ("supplier_id", "supplier_name", "country", "score", "tier", "top reason"):
            t.add_column(col, overflow="fold")
        for r in top.iter_rows(named=True):
            reason = str(r["top_reason"])
            reason = reason if len(reason) <= 110 else reason[:107] + "..."
            t.add_row(
                str(r["supplier_id"]),
                str(r["supplier_name"]),
                str(r["country_code"] or ""),
                f"{r['risk_score']:g}",
                r["risk_tier"],
                reason,
                style=TIER_STYLE[r["risk_tier"]],
            )
        console.print(t)
    validation = run.get("validation")
    if isinstance(validation, dict):
        console.print(
            f"validation: {'passed' if validation.get('success') else 'FAILED'}, "
            f"{validation.get('evaluated')} expectations evaluated"
        )
    datasets = run.get("datasets")
    if isinstance(datasets, list):
        from screening.indicators.age import data_age_lines

        for line in data_age_lines(d for d in datasets if isinstance(d, dict)):
            console.print(f"data: {line}", markup=False)
    console.print(f"outputs written to {out}/ (scores.csv, findings.csv, quarantine.csv, run.json, reports)")

"""``screening rules calibrate``: agreement with the reference rows, and the impact of a change."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from screening.calibration import Calibration, calibrate, write_baseline
from screening.cli.params import json_flag
from screening.cli.terminal import SafeConsole


def _folder(rules_dir: Path | None) -> Path:
    from screening.settings import get_settings

    return (rules_dir or get_settings().rules_dir) / "calibration"


def _print(result: Calibration, console: Console) -> None:
    rows = result.rows
    console.print(
        f"Calibration: {rows.height} reference rows; within their allowed tiers {result.agreement:.1%} "
        f"(required {result.min_agreement:.0%}); exactly the expected tier {result.exact:.1%}."
    )
    matrix = Table(title="Expected tier (rows) x tier given (columns)")
    for col in result.confusion().columns:
        matrix.add_column(col, justify="right" if col != "expected" else "left")
    for cells in result.confusion().iter_rows():
        matrix.add_row(*[str(v) for v in cells])
    console.print(matrix)
    outside = result.outside()
    if outside.height:
        table = Table(title=f"{outside.height} rows outside their allowed tiers")
        for col in ("ref_id", "supplier_name", "expected", "allowed", "given", "top reason", "why expected"):
            table.add_column(col, overflow="fold")
        for r in outside.iter_rows(named=True):
            table.add_row(
                r["ref_id"], r["supplier_name"], r["expected_tier"], r["allowed_tiers"], r["risk_tier"],
                (r["top_reason"] or "")[:160], r["reason"],
            )  # fmt: skip
        console.print(table)
    if result.baseline_rows:
        impact = Table(title="Impact against baseline.csv (tiers of the last accepted rules and policy)")
        for col in result.impact().columns:
            impact.add_column(col)
        for cells in result.impact().iter_rows():
            impact.add_row(*[str(v) for v in cells])
        console.print(impact)
        for m in result.moves:
            console.print(f"  {m.ref_id} {m.supplier_name!r}: {m.before} -> {m.after}", markup=False)


def calibrate_command(
    write: Annotated[
        bool,
        typer.Option("--write-baseline", help="Accept today's tiers as the baseline for impact reports."),
    ] = False,
    as_json: Annotated[bool, json_flag("Print the result as JSON.")] = False,
    rules_dir: Annotated[
        Path | None, typer.Option(help="Rules folder (default SCREENING_RULES_DIR).")
    ] = None,
) -> None:
    """Screen rules/calibration/reference.csv; print agreement, confusion matrix, misses and impact.

    Exit 1 when the agreement is below the committed minimum (rules/calibration/calibration.yml).
    """
    folder = _folder(rules_dir)
    result = calibrate(folder, rules_dir)
    if as_json:
        payload = {
            "rows": result.rows.height,
            "agreement": round(result.agreement, 4),
            "exact": round(result.exact, 4),
            "min_agreement": result.min_agreement,
            "passed": result.passed,
            "confusion": result.confusion().to_dicts(),
            "outside": result.outside()
            .select("ref_id", "supplier_name", "expected_tier", "allowed_tiers", "risk_tier")
            .to_dicts(),
            "impact": result.impact().to_dicts() if result.baseline_rows else [],
            "moves": [m.__dict__ for m in result.moves],
        }
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        _print(result, SafeConsole(highlight=False))
    if write:
        path = write_baseline(result, folder)
        typer.echo(f"baseline written: {path}", err=True)
    if not result.passed:
        raise typer.Exit(1)

"""The screen as a Prefect flow: ``screen_suppliers(inputs, out="out", ...)``.

The flow runs :func:`screening.pipeline.run`, the stage order ``screening run`` runs, with each stage
as a Prefect task, and builds its options the same way (``build_options``: ``SCREENING_STORE`` is
honoured), so the flow and the CLI write byte-identical outputs for the same inputs and settings.
Its command line takes the options of ``screening run``.

    python -m flows.screen examples/suppliers.csv --out out-flow
"""

from __future__ import annotations

import argparse
import inspect
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from prefect import flow

from flows.cli import add_screen_arguments, run_flow
from flows.ops import publish_screen, run_name, screen_step
from screening.errors import ValidationFailed
from screening.options import SCREEN_ARGUMENTS, options_from_arguments
from screening.pipeline import run


def screen_run_name() -> str:
    """``screen-<list name or first input>-<date>``."""
    from prefect.runtime import flow_run

    params = flow_run.parameters
    inputs = params.get("inputs") or []
    return run_name("screen", params.get("list_name") or (Path(str(inputs[0])).stem if inputs else None))


@flow(name="screen-suppliers", flow_run_name=screen_run_name, log_prints=True)
def screen_suppliers(
    inputs: list[str],
    out: str = "out",
    store: str | None = None,
    no_store: bool = False,
    list_name: str | None = None,
    mapping: str | None = None,
    sheet: str | None = None,
    watchlists: list[str] | None = None,
    skip_validation: bool = False,
    reports: bool = True,
    partition_rows: int | None = None,
    dask: str | None = None,
) -> dict[str, Any]:
    """Screen supplier lists; returns the run record (run.json).

    ``partition_rows``: screen in partitions of about that many rows, each a task; ``dask``: run those
    tasks on the Dask cluster at that address (``local:N``: N local workers) through prefect-dask.
    The table and link artifacts show the tiers, the strongest flags and report.html.
    """
    arguments = dict(locals())  # the flow's parameters, by name, before any other local
    options = options_from_arguments(out, arguments)
    try:
        result = run([Path(p) for p in inputs], options, step=screen_step(options.store_path(), options.dask))
    except ValidationFailed as exc:
        publish_screen(exc.result.run, exc.result.out_dir)
        raise
    publish_screen(result.run, result.out_dir)
    return result.run


def command_line() -> argparse.ArgumentParser:
    """The flow's command line: inputs, ``--out`` and each screen argument the flow takes."""
    parser = argparse.ArgumentParser(prog="python -m flows.screen", description=__doc__)
    parser.add_argument("inputs", nargs="+", help="supplier lists: CSV, XLSX, Parquet, JSON or NDJSON")
    parser.add_argument("--out", default="out", help="output folder (default: %(default)s)")
    parameters = inspect.signature(screen_suppliers.fn).parameters
    add_screen_arguments(parser, [name for name in SCREEN_ARGUMENTS if name in parameters])
    return parser


def main(argv: list[str] | None = None) -> int:
    args = command_line().parse_args(argv)
    return run_flow(lambda: screen_suppliers(**vars(args)), show=summary(args.out))


def summary(out: str) -> Callable[[dict[str, Any]], str]:
    def line(record: dict[str, Any]) -> str:
        screened, quarantined = record["rows_screened"], record["rows_quarantined"]
        return f"screen {record['run_id']}: {screened} screened, {quarantined} quarantined -> {out}"

    return line


if __name__ == "__main__":
    sys.exit(main())

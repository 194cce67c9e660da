"""What a screen is asked to do (:class:`RunOptions`) and what it gives back (:class:`Result`).

``build_options`` is the one way to make run options from the arguments and the environment
(``SCREENING_STORE``): ``screening run``, every flow and the re-screen all call it, so they record
into the same store for the same arguments. Nothing here imports the stages or the pipeline.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import polars as pl

    from screening.settings import Settings


@dataclass
class RunOptions:
    out: Path = Path("out")
    mapping: Path | None = None
    sheet: str | None = None
    store: Path | None = None
    no_store: bool = False
    list_name: str | None = None
    watchlists: tuple[Path, ...] = ()
    skip_validation: bool = False
    reports: bool = True
    rules_dir: Path | None = None
    data_dir: Path | None = None
    run_id: str | None = None
    #: How long a screen waits for another screen writing the same output folder.
    out_lock_wait_s: float = 10.0
    #: Screen in partitions of about this many rows (0: in one piece); see screening/partitions.py.
    partition_rows: int = 0
    #: Where partitions run: None (this process), "local:N" (a LocalCluster) or a scheduler address.
    dask: str | None = None
    #: report.xlsx with every supplier (True), the flagged ones (False), or by size (None).
    xlsx_all_rows: bool | None = None

    def store_path(self) -> Path | None:
        if self.no_store:
            return None
        return self.store if self.store is not None else self.out / "screening.duckdb"


@dataclass
class Result:
    out_dir: Path
    run: dict[str, Any]
    scores: pl.DataFrame
    findings: pl.DataFrame
    quarantine: pl.DataFrame
    files: dict[str, Path] = field(default_factory=dict)


def _path(value: str | Path | None) -> Path | None:
    return None if value is None or str(value) == "" else Path(value)


def build_options(
    out: str | Path = "out",
    *,
    mapping: str | Path | None = None,
    sheet: str | None = None,
    store: str | Path | None = None,
    no_store: bool = False,
    list_name: str | None = None,
    watchlists: Iterable[str | Path] = (),
    skip_validation: bool = False,
    reports: bool = True,
    run_id: str | None = None,
    partition_rows: int | None = None,
    dask: str | None = None,
    xlsx_all_rows: bool | None = None,
    settings: Settings | None = None,
) -> RunOptions:
    """Run options from arguments; the store is ``store``, else ``SCREENING_STORE``, else OUT's own.

    ``partition_rows`` and ``dask`` default to ``SCREENING_PARTITION_ROWS`` and ``SCREENING_DASK``;
    ``dask`` without a partition size screens in partitions of ``DEFAULT_DASK_PARTITION_ROWS``.
    """
    from screening.settings import get_settings

    settings = settings or get_settings()
    return RunOptions(
        out=Path(out),
        mapping=_path(mapping),
        sheet=sheet or None,
        store=_path(store) or settings.store,
        no_store=no_store,
        list_name=list_name or None,
        watchlists=tuple(Path(w) for w in watchlists),
        skip_validation=skip_validation,
        reports=reports,
        run_id=run_id,
        partition_rows=_partition_rows(partition_rows, dask or settings.dask, settings),
        dask=dask or settings.dask,
        xlsx_all_rows=xlsx_all_rows,
    )


@dataclass(frozen=True)
class ScreenArgument:
    """How a command line says one argument of a screen: ``screening run`` (typer) and
    ``python -m flows.screen`` (argparse) both declare it from here, with the same flag and help."""

    #: The flag, typer's way: a switch with an off flag names both ("--xlsx-all-rows/--xlsx-flagged-only").
    flag: str
    help: str
    #: What the flag takes: a value, a whole number, a value again each time it is given (``values``), or
    #: nothing: ``on`` sets the argument True, ``off`` False, ``on/off`` True or False (else None).
    kind: Literal["value", "number", "values", "on", "off", "on/off"] = "value"
    #: The environment variable the flag's default is read from (``build_options`` reads it), if one.
    envvar: str | None = None
    #: The least a number may be.
    minimum: int | None = None


#: The arguments of a screen that ``screening run`` and the ``screen-suppliers`` flow both take, under the
#: names of :func:`build_options` (``run --watchlist`` is ``watchlists``; ``reports``: ``--no-reports``),
#: each with its flag and help: the one definition both command lines declare them from.
SCREEN_ARGUMENTS: Mapping[str, ScreenArgument] = {
    "mapping": ScreenArgument("--mapping", "Column mapping YAML for a list's own quirks."),
    "sheet": ScreenArgument("--sheet", "XLSX sheet to read (default: the first)."),
    "store": ScreenArgument(
        "--store", "DuckDB store (default: OUT/screening.duckdb).", envvar="SCREENING_STORE"
    ),
    "no_store": ScreenArgument("--no-store", "Do not record the run in a store.", kind="on"),
    "list_name": ScreenArgument("--list-name", "Name of the list across screens (default: file name)."),
    "watchlists": ScreenArgument(
        "--watchlist",
        "Extra watch list (repeatable): a CSV of name, aliases, country, reason; an OpenSanctions "
        "targets.simple.csv; or FtM JSON lines. [env var: SCREENING_WATCHLISTS, ':'-separated, added]",
        kind="values",
    ),
    "skip_validation": ScreenArgument(
        "--skip-validation", "Debug only: skip GX validation (recorded).", kind="on"
    ),
    "reports": ScreenArgument("--no-reports", "Skip report.html and report.xlsx.", kind="off"),
    "partition_rows": ScreenArgument(
        "--partition-rows",
        "Screen in partitions of about N rows, in bounded memory; outputs are identical "
        "(default: SCREENING_PARTITION_ROWS, else one piece).",
        kind="number",
        minimum=0,
    ),
    "dask": ScreenArgument(
        "--dask",
        "Run the partitions on a Dask cluster: its scheduler address (tcp://host:8786) or "
        "local:N for N local workers (default: SCREENING_DASK).",
    ),
    "xlsx_all_rows": ScreenArgument(
        "--xlsx-all-rows/--xlsx-flagged-only",
        "report.xlsx with every supplier, or only the flagged ones (default: every supplier up "
        "to SCREENING_XLSX_ALL_ROWS suppliers).",
        kind="on/off",
    ),
}


def options_from_arguments(out: str | Path, arguments: Mapping[str, Any]) -> RunOptions:
    """Run options from a command's or a flow's arguments by name (its ``locals()``, say).

    The names of :data:`SCREEN_ARGUMENTS` that ``arguments`` holds are passed on to :func:`build_options`
    (``watchlists`` None is none); the others keep its defaults.
    """
    given = {name: arguments[name] for name in SCREEN_ARGUMENTS if name in arguments}
    given["watchlists"] = given.get("watchlists") or ()
    return build_options(out, **given)


#: Partition size when a Dask cluster is named but no size is.
DEFAULT_DASK_PARTITION_ROWS = 250_000


def _partition_rows(value: int | None, dask: str | None, settings: Settings) -> int:
    from screening.errors import InputError

    if dask:
        from screening.dask_runner import local_workers

        local_workers(dask)  # a bad local:N stops here, before any work
    rows = settings.partition_rows if value is None else value
    if rows < 0:
        raise InputError(f"--partition-rows {rows}: the size must be 0 (one piece) or more.")
    return rows or (DEFAULT_DASK_PARTITION_ROWS if dask else 0)

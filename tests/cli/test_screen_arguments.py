"""`screening run` and the screen flow build their run options from one table of argument names
(`screening.options.SCREEN_ARGUMENTS`), passed by name: a parameter renamed in one of them must not
silently fall back to a default."""

from __future__ import annotations

import inspect
from pathlib import Path

from flows.screen import screen_suppliers
from screening.cli.run import run_command
from screening.options import SCREEN_ARGUMENTS, options_from_arguments


def _parameters(fn: object) -> set[str]:
    target = getattr(fn, "fn", fn)  # a Prefect flow wraps the function
    return set(inspect.signature(target).parameters)  # type: ignore[arg-type]


def test_every_screen_argument_is_a_parameter_of_the_command_and_of_the_flow() -> None:
    command = _parameters(run_command)
    flow = _parameters(screen_suppliers)
    # The command says `--no-reports` (reports is its negation); the flow has no XLSX switch.
    assert set(SCREEN_ARGUMENTS) - command == {"reports"}
    assert "no_reports" in command
    assert set(SCREEN_ARGUMENTS) - flow == {"xlsx_all_rows"}


def test_arguments_by_name_reach_the_options(tmp_path: Path) -> None:
    options = options_from_arguments(
        tmp_path,
        {"no_store": True, "list_name": "group", "partition_rows": 500, "reports": False, "other": 1},
    )
    assert options.out == tmp_path
    assert options.store_path() is None
    assert options.list_name == "group"
    assert options.partition_rows == 500
    assert options.reports is False
    assert options.watchlists == ()

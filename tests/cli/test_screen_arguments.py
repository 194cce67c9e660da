"""`screening run` and the screen flow build their run options from one table of argument names
(`screening.options.SCREEN_ARGUMENTS`), passed by name: a parameter renamed in one of them must not
silently fall back to a default. Both command lines declare each argument's flag and help from that
table, so `python -m flows.screen --help` says what `screening run --help` says."""

from __future__ import annotations

import argparse
import inspect
from pathlib import Path

import pytest
import typer
from rich.markup import escape

from flows.cli import add_screen_arguments
from flows.screen import command_line, main, screen_suppliers
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


def _flow_arguments() -> list[str]:
    return [name for name in SCREEN_ARGUMENTS if name != "xlsx_all_rows"]  # the flow has no XLSX switch


def _parser_help(name: str) -> str:
    """What the argparse parser's help says for screen argument ``name`` (its env var included)."""
    action = next(a for a in command_line()._actions if a.dest == name)
    argument = SCREEN_ARGUMENTS[name]
    assert action.option_strings == argument.flag.split("/")
    return str(action.help)


def test_the_command_and_the_flow_take_each_flag_and_help_from_the_table() -> None:
    """One place: the typer option's and the argparse flag's help are the table's row."""
    one = typer.Typer()
    one.command("run")(run_command)
    command = typer.main.get_command(one)  # `screening run` as click builds it
    options = {param.name: param for param in command.params}
    for name, argument in SCREEN_ARGUMENTS.items():
        option = options["no_reports" if name == "reports" else name]
        assert "/".join([*option.opts, *option.secondary_opts]) == argument.flag, name
        assert option.help == escape(argument.help), name  # escaped: rich would read [..] as markup
        assert option.envvar == argument.envvar, name
    for name in _flow_arguments():
        argument = SCREEN_ARGUMENTS[name]
        envvar = f" [env var: {argument.envvar}]" if argument.envvar else ""
        assert _parser_help(name) == argument.help + envvar, name


def test_flow_help_says_what_each_flag_does(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    shown = " ".join(capsys.readouterr().out.split())
    for name in _flow_arguments():
        argument = SCREEN_ARGUMENTS[name]
        assert f"{argument.flag} " in shown, name
        assert " ".join(argument.help.split()) in shown, name
    assert "[env var: SCREENING_STORE]" in shown


def test_every_kind_of_screen_argument_parses_as_the_command_takes_it() -> None:
    parser = argparse.ArgumentParser()
    add_screen_arguments(parser, SCREEN_ARGUMENTS)
    defaults = vars(parser.parse_args([]))
    assert defaults == {
        "mapping": None,
        "sheet": None,
        "store": None,
        "no_store": False,
        "list_name": None,
        "watchlists": [],
        "skip_validation": False,
        "reports": True,
        "partition_rows": None,
        "dask": None,
        "xlsx_all_rows": None,
    }
    given = parser.parse_args(
        ["--no-store", "--no-reports", "--watchlist", "a", "--watchlist", "b", "--partition-rows", "7"]
    )
    assert (given.no_store, given.reports, given.watchlists, given.partition_rows) == (
        True,
        False,
        ["a", "b"],
        7,
    )
    assert parser.parse_args(["--xlsx-all-rows"]).xlsx_all_rows is True
    assert parser.parse_args(["--xlsx-flagged-only"]).xlsx_all_rows is False


def test_run_help_shows_every_help_text_whole() -> None:
    """A bracket in a help text (the watch list's env var) is shown, not swallowed as rich markup."""
    from typer.testing import CliRunner

    one = typer.Typer()
    one.command("run")(run_command)
    shown = " ".join(CliRunner().invoke(one, ["--help"], env={"COLUMNS": "400"}).output.split())
    assert "[env var: SCREENING_WATCHLISTS, ':'-separated, added]" in shown

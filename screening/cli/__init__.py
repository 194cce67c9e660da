"""The ``screening`` command line: a typer app whose commands live in one module per area.

Each area module exposes ``register(app)``. :func:`main` runs the app and turns a
:class:`~screening.errors.ScreeningError` into its one-paragraph message and exit code, so no Python
traceback reaches a user for an input error.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from screening.errors import ScreeningError

app = typer.Typer(
    name="screening",
    help="Supply-chain forced-labour risk screening with explainable scores.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish, PowerShell
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("fl-screening")
        except PackageNotFoundError:  # a source checkout that was never installed
            from screening import __version__ as found
        typer.echo(f"screening {found}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Supply-chain forced-labour risk screening with explainable scores."""

#: Area modules under screening.cli that add commands; a missing one is skipped.
AREAS = ("run", "match", "rules", "indicators", "review", "diff", "report", "settings")

_registered = False


def _register_all() -> None:
    global _registered
    if _registered:
        return
    for area in AREAS:
        try:
            module = importlib.import_module(f"screening.cli.{area}")
        except ModuleNotFoundError as exc:
            if exc.name == f"screening.cli.{area}":
                continue
            raise
        module.register(app)
    _registered = True


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    _register_all()
    if not sys.stdout.isatty() and "COLUMNS" not in os.environ:
        os.environ["COLUMNS"] = "160"  # piped or captured output: wide tables rather than 80-column wraps
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        code = app(args=argv, prog_name="screening", standalone_mode=False)
    except ScreeningError as exc:
        err.print(Text.assemble(("error: ", "bold red"), str(exc)))
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("aborted")
        sys.exit(130)
    except Exception as exc:  # click's errors come through here in non-standalone mode
        kinds = {cls.__name__ for cls in type(exc).__mro__}  # click's or the click typer vendors (0.29+)
        if "UsageError" in kinds:  # one line, exit 2
            ctx = getattr(exc, "ctx", None)
            where = ctx.command_path if ctx is not None else "screening"
            message = " ".join(str(exc.format_message()).split())  # type: ignore[attr-defined]
            err.print(Text.assemble(("error: ", "bold red"), f"{message} (see '{where} --help')"))
            sys.exit(2)
        if "ClickException" in kinds:
            exc.show()  # type: ignore[attr-defined]
            sys.exit(2)
        raise
    if isinstance(code, int) and code:  # typer.Exit(code) comes back as the return value here
        sys.exit(code)

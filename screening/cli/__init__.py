"""The ``screening`` command line: a typer app whose commands live in one module per area.

Each area module exposes ``register(app)``. :func:`main` runs the app and turns a
:class:`~screening.errors.ScreeningError` into its one-paragraph message and exit code, so no Python
traceback reaches a user for an input error.
"""

from __future__ import annotations

import importlib
import os
import sys

import typer
from rich.console import Console
from rich.text import Text

from screening.errors import ScreeningError

app = typer.Typer(
    name="screening",
    help="Supply-chain forced-labour risk screening with explainable scores.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

#: Area modules under screening.cli that add commands; a missing one is skipped.
AREAS = ("run", "match", "rules", "indicators", "review", "diff", "report", "settings", "app_cmd")

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
        code = app(args=argv, standalone_mode=False)
    except ScreeningError as exc:
        err.print(Text.assemble(("error: ", "bold red"), str(exc)))
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("aborted")
        sys.exit(130)
    except Exception as exc:  # click usage errors come through here in non-standalone mode
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(2)
        raise
    if isinstance(code, int) and code:  # typer.Exit(code) comes back as the return value here
        sys.exit(code)

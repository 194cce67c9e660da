"""Options that recur across commands with the same flag and meaning, declared once.

Each ``...Option`` is a parameter's annotation (``store: StoreOption = None``); the command keeps its
default. ``--json`` recurs in every command with a machine-readable output, its help saying what that
command prints: :func:`json_flag` declares it with that help. The arguments of a screen are declared
from their table (``screening.options.SCREEN_ARGUMENTS``): :func:`screen_option`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from screening.options import SCREEN_ARGUMENTS


def json_flag(help: str) -> Any:
    """The ``--json`` flag (off by default): print the command's result as JSON on stdout; ``help``
    says which result."""
    return typer.Option("--json", help=help)


def screen_option(name: str) -> Any:
    """The option of screen argument ``name`` (a key of ``SCREEN_ARGUMENTS``): its flag, help and env var
    from the table. Its help says the default, so typer does not."""
    from rich.markup import escape

    argument = SCREEN_ARGUMENTS[name]
    return typer.Option(
        argument.flag,
        help=escape(argument.help),  # rich reads "[env var: ...]" as markup and dropped it
        envvar=argument.envvar,
        show_envvar=argument.envvar is not None,
        min=argument.minimum,
        show_default=False,
    )


StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        help="The screening store (default: out/screening.duckdb).",
        envvar="SCREENING_STORE",
        show_envvar=True,
        dir_okay=False,
    ),
]
ListOption = Annotated[
    str | None, typer.Option("--list-name", help="The supplier list (default: every list / the only one).")
]
JsonOption = Annotated[bool, json_flag("Print JSON instead of a table.")]
LimitOption = Annotated[int, typer.Option("--limit", min=1, help="Rows shown in the table (JSON has all).")]

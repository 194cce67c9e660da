"""Options that recur across commands with the same flag and meaning, declared once.

Each ``...Option`` is a parameter's annotation (``store: StoreOption = None``); the command keeps its
default. ``--json`` recurs in every command with a machine-readable output, its help saying what that
command prints: :func:`json_flag` declares it with that help.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer


def json_flag(help: str) -> Any:
    """The ``--json`` flag (off by default): print the command's result as JSON on stdout; ``help``
    says which result."""
    return typer.Option("--json", help=help)


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

"""``screening settings``: every SCREENING_* variable, its default, meaning and current value."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from screening.cli.params import json_flag
from screening.cli.terminal import SafeConsole


def register(app: typer.Typer) -> None:
    app.command("settings")(settings_command)


def settings_command(
    as_json: Annotated[bool, json_flag("Print the variables and the settings in force as JSON.")] = False,
) -> None:
    """Show the settings in force (secrets shown as ***)."""
    from screening.settings import get_settings, settings_doc

    if as_json:
        variables = {name: {"default": d, "meaning": m} for name, (d, m) in settings_doc().items()}
        in_force = get_settings().redacted()
        typer.echo(json.dumps({"variables": variables, "in_force": in_force}, indent=2, ensure_ascii=False))
        return

    table = Table(title="Settings (environment variables)")
    for col in ("variable", "default", "meaning"):
        table.add_column(col, overflow="fold")
    for name, (default, meaning) in settings_doc().items():
        table.add_row(name, default, meaning)
    console = SafeConsole(highlight=False)
    console.print(table)
    current = Table(title="In force")
    current.add_column("setting")
    current.add_column("value", overflow="fold")
    for key, value in get_settings().redacted().items():
        current.add_row(key, value)
    console.print(current)

"""``screening indicators refresh [--source ID] [--url URL] [--dry-run]``: fetch new editions.

Joins the ``indicators`` sub-app through its ``EXTENSIONS`` hook (see screening/cli/indicators.py).
Prints, per source, what happened and what changed; exits 1 (with each failure's message) when any
source could not be refreshed, after the others were done.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from screening.cli.params import json_flag
from screening.cli.terminal import SafeConsole

if TYPE_CHECKING:
    from screening.indicators.refresh import RefreshResult

#: Changes listed per kind on screen (changes.json has them all).
SHOWN = 10


def _keys(item: dict[str, Any]) -> str:
    return ", ".join(str(v) for k, v in item.items() if k not in ("column", "from", "to") and v is not None)


def _print(console: Console, result: RefreshResult) -> None:
    if result.status == "failed":
        console.print(Text(f"{result.dataset}: failed", style="bold red"))
        return
    head = {
        "activated": Text(f"{result.dataset}: activated {result.version}", style="bold green"),
        "validated": Text(f"{result.dataset}: valid new edition (dry run: nothing staged)", style="bold"),
        "unchanged": Text(f"{result.dataset}: unchanged (the source holds the edition in use)"),
    }[result.status]
    console.print(head)
    console.print(f"  source {result.url} ({result.format}); edition {result.edition}; {result.rows} rows")
    for warning in result.warnings:
        console.print(Text.assemble("  ", ("warning:", "yellow"), f" {warning}"))
    changes = result.changes
    if not changes:
        return
    console.print(
        f"  changes from {changes['from']['edition']} ({changes['from']['version']}): {changes['summary']}"
    )
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("change")
    table.add_column(changes["unit"])
    table.add_column("detail")
    for kind in ("added", "removed"):
        for item in changes[kind][:SHOWN]:
            table.add_row(kind, _keys(item), "")
        if len(changes[kind]) > SHOWN:
            table.add_row(kind, f"... {changes['counts'][kind] - SHOWN} more", "")
    for item in changes["changed"][:SHOWN]:
        table.add_row(
            "changed", _keys(item), f"{item['column']}: {item['from'] or '-'} -> {item['to'] or '-'}"
        )
    if table.row_count:
        console.print(table)
    if result.changes_path:
        console.print(f"  report: {result.changes_path}")


def register(sub: typer.Typer) -> None:
    """Add ``refresh`` to the ``indicators`` sub-app."""

    @sub.command("refresh")
    def refresh_cmd(
        source: Annotated[
            list[str] | None,
            typer.Option(
                "--source", "-s", help="Dataset id to refresh (repeatable); default: every refreshable one."
            ),
        ] = None,
        url: Annotated[
            str | None,
            typer.Option(
                "--url", help="Fetch from this URL instead of SCREENING_SOURCE_<ID>_URL (one --source)."
            ),
        ] = None,
        dry_run: Annotated[
            bool, typer.Option("--dry-run", help="Download, check and report changes; stage nothing.")
        ] = False,
        sha256: Annotated[
            str | None,
            typer.Option("--sha256", help="Refuse the download unless its SHA-256 is this (one --source)."),
        ] = None,
        as_json: Annotated[bool, json_flag("Print the results as JSON.")] = False,
    ) -> None:
        """Fetch new editions from the publishers, validate them, and activate them beside the old ones."""
        from screening.errors import InputError, SourceError
        from screening.indicators.refresh import RefreshResult, refresh_dataset, refresh_many

        results: list[RefreshResult]
        if sha256:
            if not source or len(source) != 1:
                raise InputError("--sha256 checks one file: give it together with one --source ID.")
            try:
                results = [refresh_dataset(source[0], url=url, dry_run=dry_run, expected_sha256=sha256)]
            except SourceError as exc:
                results = [RefreshResult(dataset=source[0], status="failed", url="", error=str(exc))]
        else:
            results = refresh_many(source or None, url=url, dry_run=dry_run)
        if as_json:
            typer.echo(json.dumps([r.to_dict() for r in results], indent=2, ensure_ascii=False, default=str))
        else:
            console = SafeConsole(highlight=False)
            for result in results:
                _print(console, result)
        failed = [r for r in results if r.status == "failed"]
        if failed:
            ok = len(results) - len(failed)
            raise SourceError(
                " ".join(r.error or f"{r.dataset}: failed." for r in failed)
                + (f" ({ok} other source(s) were refreshed.)" if ok else "")
            )

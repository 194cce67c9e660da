"""``screening diff``: what changed between two screens of the same list."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from screening.cli.params import JsonOption, LimitOption, ListOption, StoreOption
from screening.cli.review import cell, print_json, store_path, two_lines
from screening.cli.terminal import SafeConsole
from screening.errors import InputError

_CHANGE_STYLE = {
    "new_finding": "bold red",
    "changed_finding": "yellow",
    "resolved_finding": "green",
    "tier_change": "bold",
    "supplier_added": "cyan",
    "supplier_removed": "dim",
}


def diff_command(
    run_a: Annotated[str | None, typer.Argument(help="The older screen (run id or a unique prefix).")] = None,
    run_b: Annotated[str | None, typer.Argument(help="The newer screen (run id or a unique prefix).")] = None,
    list_name: ListOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
    limit: LimitOption = 50,
) -> None:
    """New, changed and resolved findings, tier changes, suppliers added and removed between two screens.

    Without run ids: the last two successful screens of the list (--list-name, else the list screened last).
    """
    from screening.store import open_store

    if (run_a is None) != (run_b is None):
        raise InputError("Give two run ids (the older, then the newer) or none for the last two screens.")
    with open_store(store_path(store), create=False) as st:
        if run_a is None or run_b is None:
            _, run_a, run_b = st.last_two_runs(list_name)
        d = st.diff(run_a, run_b)
    if as_json:
        print_json(d.to_json())
        return
    console = SafeConsole(highlight=False)
    counts = d.counts()
    console.print(Text(f"list {d.list_name}: run {d.run_a} -> run {d.run_b}", style="bold"))
    summary = Table(show_header=True)
    summary.add_column("change")
    summary.add_column("count", justify="right")
    for change, n in counts.items():
        summary.add_row(cell(change, _CHANGE_STYLE[change]), cell(n))
    console.print(summary)
    frame = d.to_frame()
    if frame.is_empty():
        console.print("No changes.")
        return
    table = Table(show_lines=True)
    table.add_column("change", no_wrap=True)
    table.add_column("supplier", max_width=24, overflow="fold")
    table.add_column("finding", no_wrap=True)
    table.add_column("tier", no_wrap=True)
    table.add_column("evidence", ratio=3, overflow="fold")
    table.add_column("what changed", ratio=2, overflow="fold")
    for row in frame.head(limit).iter_rows(named=True):
        tiers = row["new_tier"] or ""
        if row["old_tier"] != row["new_tier"]:
            tiers = f"{row['old_tier'] or '-'} -> {row['new_tier'] or '-'}"
        table.add_row(
            cell(row["change"], _CHANGE_STYLE.get(row["change"], "")),
            two_lines(row["supplier_id"], row["supplier_name"]),
            two_lines(row["rule_id"], row["severity"]),
            cell(tiers),
            cell(row["evidence"], width=200),
            cell(row["detail"], width=200),
        )
    console.print(table)
    if frame.height > limit:
        console.print(Text(f"... {frame.height - limit} more (use --limit or --json)."))


def register(app: typer.Typer) -> None:
    app.command("diff")(diff_command)

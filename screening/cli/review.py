"""``screening review``: the auditors' queue (``list``), decisions (``decide``), the audit trail
(``log``) and the stored screens (``runs``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import polars as pl
import typer
from rich.table import Table
from rich.text import Text

from screening.cli.params import JsonOption, LimitOption, ListOption, StoreOption
from screening.cli.terminal import SafeConsole, safe_json
from screening.settings import get_settings

review_app = typer.Typer(
    help="Auditors' review queue, decisions and audit trail (kept in the screening store).",
    no_args_is_help=True,
)

_STATUS_STYLE = {"open": "bold yellow", "cleared": "green", "escalated": "bold red", "remediation": "magenta"}
_TIER_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "green"}


def store_path(store: Path | None) -> Path:
    """The ``--store`` given, else the default store path."""
    from screening.store import default_store_path

    return store if store is not None else default_store_path()


def print_json(value: Any) -> None:
    """Print ``value`` as JSON on stdout: a frame as an array of row objects (fast for 100k rows), a
    string as it is (already JSON), anything else through ``json.dumps``."""
    if isinstance(value, pl.DataFrame):
        text = value.write_json()
    elif isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write(safe_json(text) + "\n")  # not typer.echo: it scans the whole text for ANSI codes
    sys.stdout.flush()


def two_lines(first: object, second: object) -> Text:
    """``first`` in bold over ``second`` (e.g. a supplier id over its name), both shown literally."""
    text = cell(first, "bold")
    if second:
        text.append("\n")
        text.append_text(cell(second, width=60))
    return text


def cell(value: object, style: str = "", width: int | None = None) -> Text:
    """A table cell that shows supplier text literally (no rich markup from untrusted data)."""
    text = "" if value is None else str(value)
    if width is not None and len(text) > width:
        text = text[: width - 1] + "…"
    return Text(text, style=style)


@review_app.command("list")
def list_command(
    status: Annotated[
        Literal["open", "cleared", "escalated", "remediation"] | None,
        typer.Option("--status", help="Only findings in this review status."),
    ] = None,
    tier: Annotated[
        Literal["low", "medium", "high", "critical"] | None,
        typer.Option("--tier", help="Only suppliers of this risk tier."),
    ] = None,
    list_name: ListOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
    limit: LimitOption = 50,
) -> None:
    """The findings of the latest screen of each list, with their review status, highest risk first."""
    from screening.store import open_store

    with open_store(store_path(store), create=False) as st:
        queue = st.review_list(status=status, tier=tier, list_name=list_name)
    if as_json:
        print_json(queue)
        return
    console = SafeConsole(highlight=False)
    counts = dict(queue.group_by("review_status").len().sort("review_status").iter_rows())
    summary = ", ".join(f"{n} {s}" for s, n in counts.items()) or "none"
    console.print(Text(f"{queue.height} findings ({summary}); showing {min(limit, queue.height)}."))
    if queue.is_empty():
        return
    table = Table(show_lines=True)
    table.add_column("tier", no_wrap=True)
    table.add_column("supplier", max_width=24, overflow="fold")
    table.add_column("finding", no_wrap=True)
    table.add_column("evidence", ratio=3, overflow="fold")
    table.add_column("review", ratio=2, overflow="fold")
    table.add_column("fp", no_wrap=True)
    for row in queue.head(limit).iter_rows(named=True):
        review = cell(row["review_status"], _STATUS_STYLE.get(row["review_status"], ""))
        if row["review_note"]:
            review.append_text(Text("\n")).append_text(cell(row["review_note"], width=200))
        table.add_row(
            cell(row["risk_tier"], _TIER_STYLE.get(row["risk_tier"] or "", "")),
            two_lines(row["supplier_id"], row["supplier_name"]),
            two_lines(row["rule_id"], row["severity"]),
            cell(row["evidence"], width=200),
            review,
            cell(str(row["fingerprint"])[:8]),
        )
    console.print(table)


@review_app.command("decide")
def decide_command(
    supplier_id: Annotated[str, typer.Argument(help="The supplier id, as in scores.csv.")],
    rule_id: Annotated[str, typer.Argument(help="The rule id of the finding, as in findings.csv.")],
    decision: Annotated[
        Literal["cleared", "escalated", "remediation", "open"],
        typer.Option("--decision", help="The decision (open takes a decision back)."),
    ],
    note: Annotated[str, typer.Option("--note", help="Why: recorded in the audit trail.")],
    reviewer: Annotated[
        str | None,
        typer.Option(
            "--reviewer", help="Who decides (default: $USER).", envvar="SCREENING_REVIEWER", show_envvar=True
        ),
    ] = None,
    list_name: ListOption = None,
    fingerprint: Annotated[
        str | None,
        typer.Option(
            "--fingerprint",
            help="Which finding, when the supplier has several of this rule (a prefix, as in `review list`).",
        ),
    ] = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record a decision on a finding of the latest screen.

    It carries over to later screens while the evidence stays the same.
    """
    from screening.store import open_store

    who = reviewer if reviewer is not None else get_settings().reviewer
    with open_store(store_path(store), create=False, actor=who) as st:
        result = st.decide(supplier_id, rule_id, decision, who, note, list_name, fingerprint=fingerprint)
    if as_json:
        print_json(result)
        return
    SafeConsole(highlight=False).print(
        Text.assemble(
            (result["decision"], _STATUS_STYLE.get(result["decision"], "bold")),
            f": supplier {result['supplier_id']}, rule {result['rule_id']} in list {result['list_name']} "
            f"(run {result['run_id']}, fingerprint {result['fingerprint'][:12]}; "
            f"was {result['previous_status']}) "
            f"by {result['reviewer']}. It carries over to later screens while the evidence stays the same.",
        )
    )


@review_app.command("log")
def log_command(store: StoreOption = None, as_json: JsonOption = False) -> None:
    """The audit log (append-only, hash-chained): who did what, when, on what."""
    from screening.store import open_store

    with open_store(store_path(store), create=False) as st:
        log = st.audit_log()
        n = st.verify_audit_log()
    if as_json:
        print_json([{**row, "detail": json.loads(row["detail"])} for row in log.to_dicts()])
        return
    console = SafeConsole(highlight=False)
    table = Table()
    for name in ("#", "when (UTC)", "who", "action", "list", "on"):
        table.add_column(name, no_wrap=name in ("#", "when (UTC)", "action"), overflow="fold")
    table.add_column("detail", ratio=1, overflow="fold")
    for row in log.iter_rows(named=True):
        table.add_row(
            cell(row["seq"]),
            cell(str(row["logged_at"])[:19].replace("T", " ")),
            cell(row["actor"]),
            cell(row["action"]),
            cell(row["list_name"]),
            cell(row["target"]),
            cell(row["detail"], width=200),
        )
    console.print(table)
    console.print(Text(f"audit chain intact: {n} entries."))


@review_app.command("runs")
def runs_command(
    list_name: ListOption = None, store: StoreOption = None, as_json: JsonOption = False
) -> None:
    """The screens held in the store, oldest first."""
    from screening.store import open_store

    with open_store(store_path(store), create=False) as st:
        runs = st.runs(list_name)
    if as_json:
        print_json(runs)
        return
    show_frame(runs)


def show_frame(frame: pl.DataFrame) -> None:
    table = Table()
    for name in frame.columns:
        table.add_column(name, overflow="fold")
    for row in frame.iter_rows():
        table.add_row(*(cell(v) for v in row))
    SafeConsole(highlight=False).print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(review_app, name="review")

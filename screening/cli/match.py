"""`screening match NAME` and `screening compare A B` / `screening compare --pairs FILE.csv`."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Annotated

import polars as pl
import typer
from rich.table import Table

from screening.cli.params import JsonOption, json_flag
from screening.cli.terminal import SafeConsole, safe_json
from screening.errors import InputError
from screening.matching import Matcher, WatchList, build_watchlists
from screening.output.safe import neutralise
from screening.textfile import read_user_text


def _bundled_frames() -> dict[str, pl.DataFrame]:
    from screening.indicators import load_catalog
    from screening.settings import get_settings

    settings = get_settings()
    catalog = load_catalog(settings.rules_dir, settings.data_dir)
    return {"uflpa": catalog.frame("uflpa"), "cbp_wro": catalog.frame("cbp_wro")}


def _matcher(watchlists: list[Path] | None = None) -> Matcher:
    from screening.scoring.policy import load_policy
    from screening.settings import get_settings

    settings = get_settings()
    policy = load_policy(settings.rules_dir).matching
    lists: WatchList = build_watchlists(_bundled_frames(), [*settings.watchlists, *(watchlists or [])])
    return Matcher.for_policy(lists, policy)


def match_cmd(
    name: Annotated[str, typer.Argument(help="The supplier or company name to screen.")],
    country: Annotated[str | None, typer.Option("--country", help="ISO alpha-2 country of the name.")] = None,
    as_json: JsonOption = False,
    watchlist: Annotated[
        list[Path] | None, typer.Option("--watchlist", help="Extra watch-list CSV (repeatable).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Most candidates shown.")] = 10,
) -> None:
    """Screen one name against every loaded watch list: best candidates with scores and reasons."""
    matcher = _matcher(watchlist)
    cc = country.strip().upper() if country else None
    found = matcher.candidates(name, cc, limit=limit)
    if as_json:
        payload = {"name": name, "country": cc, "candidates": found.to_dicts()}
        typer.echo(safe_json(json.dumps(payload, ensure_ascii=False, indent=2)))
        return
    console = SafeConsole(highlight=False)
    if found.is_empty():
        console.print(f"No watch-list candidate for '{name}'.")
        return
    table = Table(title=f"Watch-list candidates for '{name}'")
    for col in ("score", "decision", "list", "listed entity", "matched name", "why"):
        table.add_column(col, overflow="fold")
    for row in found.iter_rows(named=True):
        table.add_row(
            f"{row['score']:.2f}",
            row["decision"],
            row["list_id"],
            row["matched_entity"],
            row["matched_name"],
            row["explanation"],
        )
    console.print(table)


def compare_cmd(
    name_a: Annotated[str | None, typer.Argument(help="First name.")] = None,
    name_b: Annotated[str | None, typer.Argument(help="Second name.")] = None,
    pairs: Annotated[
        Path | None, typer.Option("--pairs", help="CSV with columns left,right; writes CSV to stdout.")
    ] = None,
    as_json: Annotated[bool, json_flag("Print JSON.")] = False,
) -> None:
    """The similarity of two names in [0, 1] and the decision (match / review / no_match)."""
    if pairs is not None:
        _compare_pairs(pairs)
        return
    if not name_a or not name_b:
        raise InputError("compare needs two names (screening compare NAME_A NAME_B) or --pairs FILE.csv.")
    result = _matcher().compare(name_a, name_b)
    if as_json:
        payload = {"left": name_a, "right": name_b, "score": result.score, "decision": result.decision,
                   "explanation": result.explanation, "features": result.features}  # fmt: skip
        typer.echo(safe_json(json.dumps(payload, ensure_ascii=False, indent=2)))
        return
    SafeConsole(highlight=False).print(f"{result.score:.4f} {result.decision}\n{result.explanation}")


def _compare_pairs(path: Path) -> None:
    text = read_user_text(path, "Pairs file", "Give a CSV file with columns left,right.")
    reader = csv.DictReader(io.StringIO(text))
    fields = [f.strip().lower() for f in (reader.fieldnames or [])]
    if "left" not in fields or "right" not in fields:
        raise InputError(
            f"Pairs file {path} needs columns left and right (found: {', '.join(fields) or 'none'}). "
            "Add a header row 'left,right'."
        )
    rows = []
    for number, row in enumerate(reader, start=2):
        norm = {(k or "").strip().lower(): (v or "") for k, v in row.items()}
        left, right = norm.get("left", "").strip(), norm.get("right", "").strip()
        if not left or not right:
            col = "left" if not left else "right"
            raise InputError(
                f"Pairs file {path}, row {number}, column '{col}' is empty. Every row needs two names."
            )
        rows.append((left, right))
    matcher = _matcher()
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["left", "right", "score", "decision"])
    for left, right in rows:
        res = matcher.compare(left, right)
        writer.writerow([neutralise(left), neutralise(right), f"{res.score:.4f}", res.decision])


def register(app: typer.Typer) -> None:
    """Add `match` and `compare` to the screening app."""
    app.command("match")(match_cmd)
    app.command("compare")(compare_cmd)

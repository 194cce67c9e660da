"""DHS UFLPA Entity List: the HTML tables of https://www.dhs.gov/uflpa-entity-list -> the ``uflpa`` columns.

Publication format (looked up 2026-11): one HTML page, one ``<table class="usa-table">`` per list
of UFLPA section 2(d)(2)(B), each preceded by a paragraph naming the list and linking the section
(e.g. "Section 2(d)(2)(B)(i)"). Each table has a header row ``Name of Entity`` (or ``Entity Name``)
and ``Effective Date`` ("June 21, 2022"), and may have an ``Aliases`` column ("A; and B"). A name
cell carries the aliases and relations in words:

    NAME (and one alias: ALIAS)                      NAME (including two aliases: A; and B)
    NAME (formerly known as OLD)                     NAME and its subordinate and affiliated entities
    NAME (including one alias: A) and subsidiaries   NAME and its subsidiary OTHER
    NAME and its eight Xinjiang-based subsidiaries, which include A, B, ..., and H

An entity listed in several sections becomes one row whose ``legal_authority`` names every section,
whose ``effective_dates`` gives each section's effective date in the same order (a later date can be
a rename or a move between sections), and whose ``date_added`` is its earliest effective date. A
subsidiary named in the cell becomes its own row (noted as such) unless it is listed separately. The
same name twice in one table is a duplicated row and refuses the edition. The page also accepts a
plain CSV in this dataset's columns. The header names accepted for each column are ``refresh.columns``
in rules/indicators/uflpa.yml.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from screening.indicators.connectors.common import (
    Context,
    ParsedEdition,
    fail,
    header_index,
    max_iso_date,
    page_or_mirror,
    publisher_columns,
)
from screening.indicators.connectors.http import Download, redact_url
from screening.indicators.connectors.pages import Table, decode_text, read_page

SOURCE = "uflpa"
SECTIONS = ("i", "ii", "iii", "iv", "v", "vi")
_SECTION = re.compile(r"2\s*\(d\)\s*\(2\)\s*\(B\)\s*\((i{1,3}|iv|vi?)\)", re.I)
_ALIAS_PART = re.compile(
    r"\((?:(?:and|including)\s+(?P<count>one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+alias(?:es)?\s*:"
    r"|(?P<former>formerly)\s+known\s+as|also\s+known\s+as|a/k/a)\s*(?P<list>[^()]*(?:\([^()]*\)[^()]*)*)\)",
    re.I,
)
_SUBORDINATES = re.compile(
    r",?\s+(?:and\s+(?:its\s+)?(?:subsidiaries|subordinate and affiliated entities))\s*$", re.I
)
_SUBSIDIARIES = re.compile(
    r"\s+and\s+its\s+(?:(?P<one>subsidiary)|[a-z]+\s+[\w-]+\s+subsidiaries,\s+which\s+include)\s+(?P<list>.+)$",
    re.I,
)
# Between listed names: "; and", ";", ", and", or a comma before a capital that does not start a
# company-form suffix ("Co., Ltd." stays whole).
_SEMI = re.compile(r";\s*(?:and\s+)?")
_COMMA = re.compile(r",\s+and\s+|,\s+(?!(?:Ltd|Limited|Inc|LLC|Co|Corp|Company|S\.?A|GmbH)\b)(?=[A-Z0-9])")


def _names(text: str, count: str | None = None) -> list[str]:
    """Split a list of names as DHS writes it (semicolons when names hold commas)."""
    text = text.strip(" ,;")
    if ";" in text:
        parts = _SEMI.split(text)
    elif count and count.lower() in ("one", "1"):
        parts = [text]
    elif count and count.lower() in ("two", "2") and " and " in text:
        parts = text.rsplit(" and ", 1)
    else:
        parts = _COMMA.split(text)
    return [p.strip(" ,;") for p in parts if p.strip(" ,;")]


@dataclass
class _Entity:
    name: str
    aliases: list[str] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)  # section -> ISO date
    notes: list[str] = field(default_factory=list)


def _mirror_edition(rows: list[dict[str, str]]) -> str:
    latest = max_iso_date(r.get("date_added", "") for r in rows)
    return f"mirror copy, additions to {latest}" if latest else "mirror copy"


@page_or_mirror(
    SOURCE,
    "DHS's UFLPA Entity List page",
    "Point SCREENING_SOURCE_UFLPA_URL at https://www.dhs.gov/uflpa-entity-list or at a mirror "
    "CSV with the columns of rules/indicators/uflpa.csv.",
    _mirror_edition,
)
def parse(download: Download, ctx: Context) -> ParsedEdition:
    columns = publisher_columns(SOURCE, ctx, ("name",))
    page = read_page(decode_text(download.content))
    tables = [
        t for t in page.tables if "name" in header_index(t.header or (t.rows[0] if t.rows else []), columns)
    ]
    if not tables:
        raise fail(
            SOURCE,
            download,
            f"the page (title: {page.title or '(no title)'!r}) has no UFLPA entity table: it is an error, "
            "login or maintenance page, or DHS changed the page's layout",
            "Open the page in a browser; if the list moved, set SCREENING_SOURCE_UFLPA_URL.",
        )
    if not page.closed or any(not t.closed for t in tables):
        raise fail(
            SOURCE,
            download,
            "the page ends before its last entity table is closed: the download is truncated",
        )
    entities: dict[str, _Entity] = {}
    for number, table in enumerate(tables, start=1):
        _read_table(table, number, download, columns, entities)
    shown = redact_url(download.final_url)
    rows = [_row(e, shown) for e in entities.values()]
    latest = max_iso_date(r["date_added"] for r in rows)
    edition = f"as of {latest} (DHS UFLPA Entity List page)" if latest else "DHS UFLPA Entity List page"
    notes = [f"{len(tables)} section table(s), {len(rows)} entities"]
    return ParsedEdition(
        rows=rows, edition=edition, format=ctx.refresh.format, downloads=[download], notes=notes
    )


def _read_table(
    table: Table,
    number: int,
    download: Download,
    columns: Mapping[str, Sequence[str]],
    entities: dict[str, _Entity],
) -> None:
    header = table.header or table.rows[0]
    body = table.rows if table.header else table.rows[1:]
    idx = header_index(header, columns)
    found = _SECTION.findall(f"{table.caption} {table.before}")
    section = f"Section 2(d)(2)(B)({found[-1].lower()})" if found else ""
    seen: set[str] = set()
    for line, cells in enumerate(body, start=2):
        raw = cells[idx["name"]] if idx["name"] < len(cells) else ""
        if not raw:
            continue
        date_text = cells[idx["date"]] if "date" in idx and idx["date"] < len(cells) else ""
        date = _iso(date_text)
        if date_text and date is None:
            raise fail(
                SOURCE, download, f"table {number}, row {line}: effective date {date_text!r} is not a date"
            )
        main, aliases, subsidiaries, note = split_name(raw)
        if "aliases" in idx and idx["aliases"] < len(cells) and cells[idx["aliases"]].strip():
            aliases += [a for a in _names(cells[idx["aliases"]]) if a not in aliases]
        key = _fold(main)
        if key in seen:
            raise fail(
                SOURCE,
                download,
                f"table {number} ({section or 'unnamed section'}) lists {main!r} twice: duplicated rows "
                "(a page assembled twice, or an editing error)",
            )
        seen.add(key)
        entity = entities.setdefault(key, _Entity(main))
        entity.aliases += [a for a in aliases if a not in entity.aliases]
        if section:
            entity.sections.setdefault(section, date or "")
        elif date:
            entity.sections.setdefault("", date)
        if note and note not in entity.notes:
            entity.notes.append(note)
        for sub in subsidiaries:
            child = entities.setdefault(_fold(sub), _Entity(sub))
            if section:
                child.sections.setdefault(section, date or "")
            relation = f"listed as a subsidiary of {main}"
            if relation not in child.notes:
                child.notes.append(relation)


def split_name(cell: str) -> tuple[str, list[str], list[str], str]:
    """(primary name, aliases, named subsidiaries, note) of one name cell of the DHS table."""
    text = " ".join(cell.split())
    note = ""
    subsidiaries: list[str] = []
    sub = _SUBSIDIARIES.search(text)
    if sub:
        subsidiaries = _names(sub.group("list"), "one" if sub.group("one") else None)
        text = text[: sub.start()]
        note = "listed with its subsidiaries: " + ", ".join(subsidiaries)
    tail = _SUBORDINATES.search(text)
    if tail:
        note = "listing covers " + tail.group(0).strip(" ,").removeprefix("and ").strip()
        text = text[: tail.start()]
    aliases: list[str] = []
    for match in _ALIAS_PART.finditer(text):
        count = match.group("count") or (
            "one" if not match.group("count") and ";" not in match.group("list") else None
        )
        prefix = "formerly known as: " if match.group("former") else ""
        aliases += [prefix + a for a in _names(match.group("list"), count)]
    text = _ALIAS_PART.sub("", text)
    return " ".join(text.split()).strip(" ,;"), aliases, subsidiaries, note


def _row(entity: _Entity, shown: str) -> dict[str, str]:
    order = {f"Section 2(d)(2)(B)({s})": i for i, s in enumerate(SECTIONS)}
    sections = sorted((s for s in entity.sections if s), key=lambda s: order.get(s, 99))
    dates = sorted(d for d in entity.sections.values() if d)
    notes = list(entity.notes)
    if len({d for d in entity.sections.values() if d}) > 1:
        notes.append("; ".join(f"{s or 'listed'} effective {d}" for s, d in entity.sections.items() if d))
    effective = [entity.sections.get(s, "") for s in sections] or [entity.sections.get("", "")]
    return {
        "name": entity.name,
        "aliases": " | ".join(entity.aliases),
        "name_variants_in_sources": "",
        "location": "",
        "legal_authority": " | ".join(sections),
        "date_added": dates[0] if dates else "",
        "date_added_basis": "source: earliest effective date on DHS's UFLPA Entity List page"
        if dates
        else "",
        "effective_dates": " | ".join(effective) if all(effective) else "",
        "batch": f"{dates[0]} addition" if dates else "",
        "verified_in_sources": "1",
        "source_urls": shown,
        "notes": "; ".join(notes),
    }


def _fold(name: str) -> str:
    return " ".join(name.casefold().replace(",", " ").replace(".", " ").split())


def _iso(text: str) -> str | None:
    text = " ".join(text.replace(".", "").split())
    for fmt in ("%B %d, %Y", "%b %d, %Y", "%m/%d/%Y", "%Y-%m-%d", "%B %d %Y"):
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None

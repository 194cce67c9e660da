"""ILAB List of Goods Produced by Child Labor or Forced Labor -> the ``ilab_goods`` columns.

Publication format (looked up 2026-11): the page https://www.dol.gov/agencies/ilab/reports/child-labor/list-of-goods
links the list as a spreadsheet download (``.xlsx``; a CSV export where offered) with one row per
good and country: ``Good``, ``Country`` (or "Country/Area"), usually ``Sector`` and ``Region``, and
the listing as flag columns ``Child Labor`` / ``Forced Labor`` (``X``, ``Yes`` or the years listed,
e.g. "2009-" or "2010-2024" for a listing removed in 2024), or as one ``Exploitation Type`` column
("Child Labor, Forced Labor"); DOL's data tables use ``CL`` / ``FL`` / ``FCL``. Goods listed because
an input was made with child or forced labour carry a derived flag and the input's country. The
column names the refresh accepts for each are ``refresh.columns`` in rules/indicators/ilab_goods.yml.

The refresh accepts the page (the spreadsheet link is followed, or a table on the page is read),
the spreadsheet or CSV itself, or a plain CSV in this dataset's own columns. A listing whose every
flag has ended (a removal) is left out. ``sector`` and ``region``, when the file has none, are taken
from the edition in use (by good and by country), then from ``ilab_advancement`` (regions) and the
goods vocabulary (sectors); what is still unknown stays blank and the dataset's expectations refuse
the edition, naming the column.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from screening.errors import ScreeningError
from screening.indicators.connectors.common import (
    PLAIN_CSV,
    Context,
    ParsedEdition,
    fail,
    find_columns,
    header_index,
    plain_rows,
    publisher_columns,
    read_csv_strict,
)
from screening.indicators.connectors.http import Download
from screening.indicators.connectors.pages import decode_text, looks_like_html, read_page, squash

SOURCE = "ilab_goods"
#: The fields (of ``refresh.columns``) a List of Goods needs: good, country, and a listing (a child or
#: forced labour flag, or the exploitation type).
REQUIRED = ("good", "country", ("cl", "fl", "exploitation"))
DERIVED = "derived (produced with inputs made with child/forced labor)"
_YES = frozenset({"x", "yes", "y", "true", "1", "✓", "✔", "listed"})
_RANGE = re.compile(r"^(\d{4})\s*(?:-|–|to)\s*(\d{4}|present)?$", re.I)
_SHEET = re.compile(r"\.(xlsx|xlsm)(?:$|\?)", re.I)
_LINK = re.compile(r"\.(xlsx|xlsm|csv)(?:$|\?)", re.I)
_YEAR = re.compile(r"\b(20\d\d)\b")
#: A workbook is a zip archive: refuse one that would expand past this (a zip bomb), whatever its size.
MAX_EXPANDED_BYTES = 256 * 1024 * 1024


def parse(download: Download, ctx: Context) -> ParsedEdition:
    downloads = [download]
    label = download.final_url
    aliases = publisher_columns(SOURCE, ctx, ("good", "country"))  # a header row has these two
    if looks_like_html(download.content, download.content_type):
        page = read_page(decode_text(download.content))
        sheets = [(t, h) for t, h in page.links if _LINK.search(h)]
        links = [
            (t, h) for t, h in sheets if "good" in (t + h).lower()
        ] or sheets  # the List's own file first
        if links:
            links.sort(
                key=lambda link: (
                    not _SHEET.search(link[1]),
                    -max(map(int, _YEAR.findall(link[0] + link[1])), default=0),
                )
            )
            text, href = links[0]
            label = f"{text} {href} {page.title}"
            download = ctx.fetch(download.join(href))
            downloads.append(download)
            if looks_like_html(download.content, download.content_type):
                raise fail(
                    SOURCE, download, "the List of Goods link returned an HTML page instead of the file"
                )
        else:
            tables = [t for t in page.tables if {"good", "country"} <= set(header_index(t.header, aliases))]
            if not tables:
                raise fail(
                    SOURCE,
                    download,
                    f"the page (title: {page.title or '(no title)'!r}) has no List of Goods download link "
                    "and no table of goods: it is an error or maintenance page, or DOL moved the list",
                    "Set SCREENING_SOURCE_ILAB_GOODS_URL to the list's spreadsheet.",
                )
            if not page.closed or not all(t.closed for t in tables):
                raise fail(
                    SOURCE, download, "the page ends inside the table of goods: the download is truncated"
                )
            table = max(tables, key=lambda t: len(t.rows))
            return _from_table(table.header, table.rows, download, downloads, ctx, f"{page.title} {label}")
    if download.content[:4] == b"PK\x03\x04" or _SHEET.search(download.final_url):
        header, rows = _read_workbook(download, aliases)
        return _from_table(header, rows, download, downloads, ctx, label)
    plain = plain_rows(SOURCE, download, ctx.meta)
    if plain is not None:
        return ParsedEdition(rows=plain, edition="mirror copy", format=PLAIN_CSV, downloads=downloads)
    header, rows = read_csv_strict(SOURCE, download)
    return _from_table(header, rows, download, downloads, ctx, label)


def _read_workbook(
    download: Download, aliases: Mapping[str, Sequence[str]]
) -> tuple[list[str], list[list[str]]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        expanded = 0  # openpyxl below reports the unreadable file
    if expanded > MAX_EXPANDED_BYTES:
        raise fail(
            SOURCE,
            download,
            f"the workbook expands to {expanded:,} bytes (limit {MAX_EXPANDED_BYTES:,}): refused",
        )
    try:
        book = load_workbook(io.BytesIO(download.content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise fail(
            SOURCE,
            download,
            f"is not a readable spreadsheet ({type(exc).__name__}): the file is truncated or corrupted",
        ) from None
    try:
        for sheet in book.worksheets:
            rows = [
                ["" if v is None else squash(str(v)) for v in row]
                for row in sheet.iter_rows(values_only=True)
            ]
            for i, row in enumerate(rows[:20]):
                if {"good", "country"} <= set(header_index(row, aliases)):
                    return row, rows[i + 1 :]
    finally:
        book.close()
    raise fail(
        SOURCE,
        download,
        f"no sheet of the workbook has a header row with {aliases['good'][0]} and {aliases['country'][0]} "
        "columns: the file changed layout",
        "Check the workbook; if DOL renamed the columns, add the new names under `refresh.columns` in "
        "rules/indicators/ilab_goods.yml.",
    )


def _flag(value: str) -> bool | None:
    """True (listed), False (not, or the listing ended), None (blank)."""
    v = value.strip().lower()
    if not v or v in ("-", "no", "n", "false", "0"):
        return None if not v else False
    if v in _YES:
        return True
    match = _RANGE.match(v)
    if match:
        return match.group(2) is None or match.group(2).lower() == "present"
    if v.isdigit() and len(v) == 4:
        return True  # the year it was added
    return None


def _from_table(
    header: Sequence[str],
    records: Sequence[Sequence[str]],
    download: Download,
    downloads: list[Download],
    ctx: Context,
    label: str,
) -> ParsedEdition:
    idx = find_columns(SOURCE, ctx, download, "List of Goods", header, REQUIRED)
    sectors, regions = _fallbacks(ctx)
    rows: list[dict[str, str]] = []
    ended = 0
    for rec in records:

        def get(name: str, rec: Sequence[str] = rec) -> str:
            i = idx.get(name)
            return squash(str(rec[i])) if i is not None and i < len(rec) else ""

        good, country = get("good"), get("country")
        if not good or not country:
            continue
        text = get("exploitation").lower()
        fcl = _flag(get("fcl")) or "forced child" in text
        rest = text.replace("forced child labor", "").replace("forced child labour", "")
        cl = _flag(get("cl")) or "child lab" in rest or bool(re.search(r"\bcl\b", rest))
        fl = _flag(get("fl")) or "forced lab" in rest or bool(re.search(r"\bfl\b", rest))
        derived = bool(_flag(get("derived"))) or "derived" in text or "input" in text
        if fcl:  # forced child labour is both (as every such listing of the bundled list is)
            cl = fl = True
        if not (cl or fl or fcl or derived):
            ended += 1
            continue
        if derived and not (cl or fl):
            listing = DERIVED
        elif cl and fl:
            listing = "both"
        else:
            listing = "child_labor" if cl or (fcl and not fl) else "forced_labor"
        rows.append(
            {
                "good": good,
                "sector": get("sector") or sectors.get(good.casefold(), ""),
                "country": country,
                "region": get("region") or regions.get(country.casefold(), ""),
                "child_labor": "Yes" if cl and listing != DERIVED else "No",
                "forced_labor": "Yes" if fl and listing != DERIVED else "No",
                "forced_child_labor": "Yes" if fcl else "No",
                "derived_labor_exploitation": "Yes" if listing == DERIVED else "No",
                "derived_input_country": (get("input_country") or "not given")
                if listing == DERIVED
                else "No",
                "listing_type": listing,
            }
        )
    years = [int(y) for y in _YEAR.findall(label)]
    edition = f"{max(years)} (DOL List of Goods download)" if years else "DOL List of Goods download"
    notes = [f"{len(rows)} good x country listings"] + ([f"{ended} ended listings left out"] if ended else [])
    return ParsedEdition(
        rows=rows, edition=edition, format=ctx.refresh.format, downloads=downloads, notes=notes
    )


def _fallbacks(ctx: Context) -> tuple[dict[str, str], dict[str, str]]:
    """good -> ILAB sector and country -> ILAB region, from the edition in use and related data."""
    sectors: dict[str, str] = {}
    regions: dict[str, str] = {}
    try:
        adv = ctx.lookup("ilab_advancement")
    except ScreeningError:
        adv = None  # an optional fallback: the expectations still check that every region is given
    if adv is not None and {"country", "region"} <= set(adv.columns):
        regions.update(
            {str(c).casefold(): str(r) for c, r in adv.select("country", "region").iter_rows() if c and r}
        )
    sectors.update(_vocabulary_sectors(ctx.rules_dir))
    active = ctx.active
    if {"good", "sector", "country", "region"} <= set(active.columns):
        for good, sector, country, region in active.select("good", "sector", "country", "region").iter_rows():
            if good and sector:
                sectors[str(good).casefold()] = str(sector)
            if country and region:
                regions[str(country).casefold()] = str(region)
    return sectors, regions


def _vocabulary_sectors(rules_dir: Path) -> dict[str, str]:
    import yaml

    path = rules_dir / "goods" / "goods.yml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}
    out: dict[str, str] = {}
    for item in data.get("goods", []) if isinstance(data, dict) else []:
        if isinstance(item, dict) and item.get("ilab_sector") and item.get("name"):
            out[str(item["name"]).casefold()] = str(item["ilab_sector"])
    return out

"""CBP Withhold Release Orders and Findings: CBP's dataset CSV -> the ``cbp_wro`` columns.

Publication format (looked up 2026-11): the page https://www.cbp.gov/document/stats/withhold-release-orders-findings
links one CSV whose file name carries its date (e.g. ``withhold-release-orders-findings-fy26-dec.csv``),
re-published under a new name at each update. The CSV starts with a UTF-8 byte-order mark or is
Windows-1252, uses CRLF, and quotes fields that hold commas and line breaks. Its columns:

    Effective Date, Calendar Year, Country Code, Country, Merchandise, WRO/Finding, Industry,
    Status, Press Release, Entity, Remarks

(dates as MM/DD/YYYY; some editions also carry ``Modified Date``); the names the refresh accepts for
each are ``refresh.columns`` in rules/indicators/cbp_wro.yml. The refresh accepts the page (the CSV
link is followed), the CSV itself, or a plain CSV in this dataset's own columns.

Mapping: Entity -> entity_or_scope, Country -> country, Merchandise -> product_as_described_in_pages,
Effective Date -> date_issued (ISO), WRO/Finding -> type (WRO | Finding; type_basis "stated"),
Status -> status, normalised to CBP's meanings: active, partially modified (the unmodified part stays
in force), modified, revoked, inactive, inactive pending litigation; Modified Date -> status_date;
scope: vessel (a "Fishing Vessel" entity or country code FV), region (an autonomous region or a
region-wide order), country (a good from a whole country, e.g. "All Turkmenistan Cotton ..."), else
entity; history: the order's one-sentence history (:func:`history`); verified_in_sources = 1,
source_urls = the CSV's URL and the press release, notes = Remarks and the Status as CBP writes it.

CBP's CSV lists only orders it still lists, so an order modified or revoked long ago is absent from
it: the rows of the active edition whose order is no longer in force and that the new CSV does not
hold are carried over unchanged (the history of a supplier must not vanish with a refresh).
"""

from __future__ import annotations

import datetime as dt
import re

from screening.indicators.connectors.common import (
    PLAIN_CSV,
    Context,
    ParsedEdition,
    fail,
    find_columns,
    max_iso_date,
    plain_rows,
    read_csv_strict,
)
from screening.indicators.connectors.http import Download, redact_url
from screening.indicators.connectors.pages import decode_text, looks_like_html, read_page
from screening.matching.watchlist import CBP_IN_FORCE, is_scope

SOURCE = "cbp_wro"
#: The fields (of ``refresh.columns``) without which a CSV is not CBP's dataset.
REQUIRED = ("entity", "country", "date", "type", "status")
_LINK = re.compile(r"withhold[-_ ]?release[-_ ]?orders?.*\.csv|\.csv$", re.I)


def parse(download: Download, ctx: Context) -> ParsedEdition:
    downloads = [download]
    if looks_like_html(download.content, download.content_type):
        page = read_page(decode_text(download.content))
        links = [(t, h) for t, h in page.links if _LINK.search(h.split("?")[0])]
        links.sort(key=lambda link: ("withhold" not in link[1].lower(), "dataset" not in link[0].lower()))
        if not links:
            raise fail(
                SOURCE,
                download,
                f"received an HTML page (title: {page.title or '(no title)'!r}) with no link to the WRO and "
                "Findings CSV: it is an error or maintenance page, or CBP moved the dataset",
                "Open the page in a browser; if the CSV moved, set SCREENING_SOURCE_CBP_WRO_URL to it.",
            )
        download = ctx.fetch(download.join(links[0][1]))
        downloads.append(download)
        if looks_like_html(download.content, download.content_type):
            raise fail(SOURCE, download, "the CSV link returned an HTML page instead of the CSV")
    plain = plain_rows(SOURCE, download, ctx.meta)
    if plain is not None:
        latest = max_iso_date(r.get("date_issued", "") for r in plain)
        return ParsedEdition(
            rows=plain,
            edition=f"mirror copy, entries to {latest}" if latest else "mirror copy",
            format=PLAIN_CSV,
            downloads=downloads,
        )
    return _parse_cbp(download, downloads, ctx)


#: CBP's status wording -> the dataset's status vocabulary.
STATUSES = {
    "active": "active",
    "partially modified": "partially modified",
    "partially active": "partially modified",
    "modified": "modified",
    "revoked": "revoked",
    "inactive": "inactive",
    "inactive pending litigation": "inactive pending litigation",
}
_REGION = re.compile(r"\bautonomous region\b|^\s*region-wide\b", re.I)


def history(
    kind: str, issued: str, status: str, status_date: str, detail: str = "", earlier: str = ""
) -> str:
    """The order's history in one sentence, quoted by findings.

    ``earlier`` names a WRO that became this Finding ("WRO 2020-07-15"); ``detail`` what the status
    change allowed ("imports permitted"). E.g. "CBP WRO from 2021-10-21 until 2023-09-18 (modified:
    imports permitted)" or "CBP WRO from 2025-09-24, active".
    """
    if earlier:
        first_kind, first_date = earlier.split(" ", 1)
        what = f"CBP {first_kind} from {first_date} and {kind} from {issued}"
    else:
        what = f"CBP {kind} from {issued}" if issued else f"CBP {kind}"
    if status == "active":
        return f"{what}, active"
    if status == "partially modified":
        return f"{what}, in force except where CBP modified it (partially modified)"
    until = f" until {status_date}" if status_date else ""
    return f"{what}{until} ({status}" + (f": {detail})" if detail else ")")


def scope_of(entity: str, country_code: str = "") -> str:
    """entity, vessel, region or country (a good from a whole country), from CBP's Entity text."""
    if country_code.upper() == "FV" or entity.lower().startswith("fishing vessel"):
        return "vessel"
    if _REGION.search(entity):
        return "region"
    return "country" if is_scope(entity) else "entity"


def _parse_cbp(download: Download, downloads: list[Download], ctx: Context) -> ParsedEdition:
    header, records = read_csv_strict(SOURCE, download)
    idx = find_columns(SOURCE, ctx, download, "CBP WRO/Findings CSV", header, REQUIRED)
    csv_url = redact_url(download.final_url)
    rows: list[dict[str, str]] = []
    for line, rec in enumerate(records, start=2):

        def get(name: str, rec: list[str] = rec) -> str:
            i = idx.get(name)
            return " ".join(rec[i].split()) if i is not None else ""

        entity = get("entity")
        if not entity:
            continue  # CBP's file has a few formatting rows with no entity; they are not orders
        kind = _kind(get("type"))
        if kind is None:
            raise fail(
                SOURCE,
                download,
                f"line {line}: WRO/Finding is {get('type')!r}, expected WRO or Finding: the column "
                "changed meaning",
            )
        date = _iso(get("date"))
        if date is None:
            raise fail(
                SOURCE, download, f"line {line}: Effective Date {get('date')!r} is not a date (MM/DD/YYYY)"
            )
        status = STATUSES.get(re.sub(r"[^a-z]+", " ", get("status").lower()).strip())
        if status is None:
            raise fail(
                SOURCE,
                download,
                f"line {line}: Status is {get('status')!r}, expected one of CBP's statuses "
                f"({', '.join(sorted({k.title() for k in STATUSES}))}): the column changed meaning",
            )
        press = get("press")
        if press.startswith("/"):
            press = "https://www.cbp.gov" + press
        sources = [csv_url] + ([press] if press.startswith("http") else [])
        modified = (_iso(get("modified")) or "") if get("modified") else ""
        notes = "; ".join(n for n in (get("remarks"), f"CBP status: {get('status')}") if n)
        rows.append(
            {
                "entity_or_scope": entity,
                "country": get("country"),
                "scope": scope_of(entity, get("country_code")),
                "product_as_described_in_pages": get("merchandise"),
                "date_issued": date,
                "type": kind,
                "type_basis": "stated",
                "status": status,
                "status_date": modified,
                "history": history(kind, date, status, modified),
                "verified_in_sources": "1",
                "source_urls": " | ".join(sources),
                "notes": notes,
            }
        )
    rows += _past_orders(ctx, rows)
    name = download.final_url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    latest = max_iso_date(r["date_issued"] for r in rows)
    edition = f"CBP dataset {name}" + (f", entries to {latest}" if latest else "")
    return ParsedEdition(rows=rows, edition=edition, format=ctx.refresh.format, downloads=downloads)


def _past_orders(ctx: Context, rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Orders of the active edition no longer in force that the new CSV does not list: kept as history."""
    columns = [c for c in ctx.meta.columns if c != "country_code"]
    if "status" not in ctx.active.columns or not set(columns) <= set(ctx.active.columns):
        return []
    listed = {(r["entity_or_scope"], r["type"], r["date_issued"]) for r in rows}
    kept: list[dict[str, str]] = []
    for row in ctx.active.select(columns).iter_rows(named=True):
        key = (row["entity_or_scope"], row["type"], row["date_issued"])
        if str(row["status"] or "") not in CBP_IN_FORCE and key not in listed:
            kept.append({c: "" if row[c] is None else str(row[c]) for c in columns})
    return kept


def _kind(text: str) -> str | None:
    t = text.strip().lower()
    if t in ("wro", "withhold release order"):
        return "WRO"
    if t == "finding":
        return "Finding"
    return None


def _iso(text: str) -> str | None:
    text = text.strip()
    for fmt in ("%m/%d/%Y", "%Y-%m-%d", "%m/%d/%y"):
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None

"""TIP report tier placements: the State Department's report page -> the ``tip_tiers`` columns.

Publication format (looked up 2026-11): each year's report lives at
``https://www.state.gov/reports/<YEAR>-trafficking-in-persons-report/``; its "Tier Placements" part
names each tier in a heading (TIER 1, TIER 2, TIER 2 WATCH LIST, TIER 3, SPECIAL CASES), usually
followed by the tier's definition, then the countries placed on it (in a table of several columns or
a list, one country per cell or item). The URL changes with each report, so it is a setting
(``SCREENING_SOURCE_TIP_TIERS_URL``). A plain CSV in this dataset's columns is accepted too.

Each country under a tier heading becomes one row: tier, report_year (from the page), source = the
page URL, verified_in_sources = 1. ``earlier_placements`` carries the history forward from the
edition in use: the previous tier becomes "<year>: <tier>" ahead of what was known before.
"""

from __future__ import annotations

import re

from screening.indicators.connectors.common import Context, ParsedEdition, fail, page_or_mirror
from screening.indicators.connectors.http import Download, redact_url
from screening.indicators.connectors.pages import Page, decode_text, read_page

SOURCE = "tip_tiers"
_TIERS = {
    "tier 1": "Tier 1",
    "tier 2": "Tier 2",
    "tier 2 watch list": "Tier 2 Watch List",
    "tier 3": "Tier 3",
    "special case": "Special Case",
    "special cases": "Special Case",
}
_HEADING_TAGS = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "strong", "caption", "th", "td", "li"}
)
_YEAR = re.compile(r"\b(20\d\d)[ -]trafficking[ -]in[ -]persons[ -]report", re.I)
_LIST_TAGS = frozenset({"td", "li", "p", "div"})


def _tier_heading(text: str) -> str | None:
    key = " ".join(text.lower().replace(":", " ").split())
    return _TIERS.get(key)


def _mirror_edition(rows: list[dict[str, str]]) -> str:
    years = sorted({r.get("report_year", "") for r in rows} - {""})
    return f"{years[-1]} (mirror copy)" if years else "mirror copy"


@page_or_mirror(
    SOURCE,
    "a TIP report page",
    "Point SCREENING_SOURCE_TIP_TIERS_URL at the report's page on state.gov or at a mirror CSV "
    "with the columns of rules/indicators/tip_tiers.csv.",
    _mirror_edition,
)
def parse(download: Download, ctx: Context) -> ParsedEdition:
    downloads = [download]
    page = read_page(decode_text(download.content))
    placed, unmapped, seen_tiers = _placements(page, download)
    link = next(
        (h for t, h in page.links if "tier placement" in t.lower() or "tier-placements" in h.lower()), None
    )
    if not placed and link is not None:  # the report's landing page: follow its "Tier Placements" link
        download = ctx.fetch(download.join(link))
        downloads.append(download)
        page = read_page(decode_text(download.content))
        placed, unmapped, seen_tiers = _placements(page, download)
    year_match = _YEAR.search(
        " ".join([*(f"{page.title} {d.final_url}" for d in downloads), page.text()[:5000]])
    )
    if not year_match:
        raise fail(
            SOURCE,
            download,
            f"the page (title: {page.title or '(no title)'!r}) does not say which Trafficking in Persons "
            "Report it is: it is not a TIP report page, or an error page",
        )
    year = year_match.group(1)
    if not placed:
        raise fail(
            SOURCE,
            download,
            f"found no tier placements on the page (title: {page.title or '(no title)'!r}, tiers seen: "
            f"{sorted(set(seen_tiers)) or 'none'}): it is an error page or not the tier placements part of "
            "the report",
            "Set SCREENING_SOURCE_TIP_TIERS_URL to the page of the report that lists the tier placements.",
        )
    if not page.closed:
        raise fail(SOURCE, download, "the page ends before </html>: the download is truncated")
    missing = [t for t in ("Tier 1", "Tier 2", "Tier 3") if t not in seen_tiers]
    if missing:
        raise fail(
            SOURCE,
            download,
            f"found no tier placements under {', '.join(missing)} (headings found: "
            f"{sorted(set(seen_tiers))}): the page's layout changed, or it is not the whole list",
            "Check the page; update the heading names in screening/indicators/connectors/tip_tiers.py if "
            "the State Department renamed them.",
        )
    history = _history(ctx)
    shown = redact_url(download.final_url)
    rows = [
        {
            "country": name,
            "tier": t,
            "report_year": year,
            "source": shown,
            "verified_in_sources": "1",
            "notes": f"tier placements of the {year} report, read from state.gov",
            "earlier_placements": _earlier(history.get(code), year),
        }
        for code, (name, t) in sorted(placed.items(), key=lambda item: item[1][0])
    ]
    rows += [
        {
            "country": name,
            "tier": t,
            "report_year": year,
            "source": shown,
            "verified_in_sources": "1",
            "notes": f"tier placements of the {year} report, read from state.gov (name not recognised)",
            "earlier_placements": "",
        }
        for name, t in unmapped
    ]
    notes = [f"{len(placed)} countries on {len(set(seen_tiers))} tier headings"]
    return ParsedEdition(
        rows=rows,
        edition=f"{year} (state.gov tier placements)",
        format=ctx.refresh.format,
        downloads=downloads,
        notes=notes,
    )


def _placements(
    page: Page, download: Download
) -> tuple[dict[str, tuple[str, str]], list[tuple[str, str]], list[str]]:
    """(alpha-2 -> (name as written, tier), unrecognised names with their tier, tier headings seen)."""
    from screening.normalize.countries import to_alpha2

    placed: dict[str, tuple[str, str]] = {}
    unmapped: list[tuple[str, str]] = []
    tier: str | None = None
    seen_tiers: list[str] = []
    for block in page.blocks:
        heading = _tier_heading(block.text) if block.tag in _HEADING_TAGS else None
        if heading is not None:
            tier = heading
            seen_tiers.append(heading)
            continue
        if tier is None:
            continue
        if block.tag in ("h1", "h2", "h3") and seen_tiers:
            tier = None  # the next part of the report (e.g. the country narratives) starts
            continue
        if block.tag not in _LIST_TAGS or len(block.text) > 60 or len(block.text.split()) > 8:
            continue  # a tier's definition or other prose, not a country
        name = block.text.strip(" *†")
        code = to_alpha2(name)
        if code is None:
            if block.tag in ("td", "li"):
                unmapped.append((name, tier))
            continue
        if code in placed:
            problem = (
                f"{name!r} is listed twice under {tier}: duplicated rows (a page assembled twice?)"
                if placed[code][1] == tier
                else f"{name!r} is placed on both {placed[code][1]} and {tier}: the page is inconsistent"
            )
            raise fail(SOURCE, download, problem)
        placed[code] = (name, tier)
    return placed, unmapped, seen_tiers


def _history(ctx: Context) -> dict[str, tuple[str, str, str]]:
    """alpha-2 -> (report_year, tier, earlier_placements) of the edition in use."""
    out: dict[str, tuple[str, str, str]] = {}
    frame = ctx.active
    if frame.height == 0 or "country_code" not in frame.columns:
        return out
    for row in frame.select("country_code", "report_year", "tier", "earlier_placements").iter_rows():
        if row[0]:
            out[str(row[0])] = (str(row[1] or ""), str(row[2] or ""), str(row[3] or ""))
    return out


def _earlier(previous: tuple[str, str, str] | None, year: str) -> str:
    if previous is None:
        return ""
    old_year, old_tier, old_earlier = previous
    if not old_year or old_year >= year:
        return old_earlier  # the same report again (or an older one): keep what was known before
    return "; ".join(p for p in (f"{old_year}: {old_tier}", old_earlier) if p)

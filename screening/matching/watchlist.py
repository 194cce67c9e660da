"""Watch lists: the UFLPA Entity List, CBP WRO/Finding entities, and a user's own lists (their own CSV
form here; OpenSanctions exports in :mod:`screening.matching.opensanctions`).

Every entity becomes one :class:`WatchEntry` with its primary name exactly as the list gives it and
every name it may be written under (aliases, former names, spellings seen in sources), each tagged.

CBP rows are not all entities. A row is a *scope* - goods from a country, region or fleet, covered
by the rules, not by name matching - when its text starts with "All " or "Region-wide", or says
"produced in/with/by", "harvested by" or "products from" (:func:`is_scope`). Inside an entity row,
"a/k/a" separates aliases, ";" separates entities, and " and " separates two entities only when the
text before it ends with a company legal form and the text after it has one too (:func:`split_cbp`).
A CBP row's ``scope`` column, when present, says which rows are entities (``entity``, ``vessel``); the
others (a good from a country or region, an unnamed entity) are scopes. An order in force (status
"active", or "partially modified": the unmodified part stays in force) has ``active=True``; any other
(modified, revoked, inactive pending litigation) is history, kept with ``active=False`` so the rules
give it a past red flag, never a critical finding. The entry's ``status`` detail is the order's
``history`` sentence when the row has one ("CBP WRO from 2021-10-21 until 2023-09-18 (modified: ...)").
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

import polars as pl

from screening.errors import InputError
from screening.textfile import read_user_text

NameTag = Literal["primary", "alias", "former", "variant"]

_SCOPE: Final = re.compile(
    r"^\s*(all|region-wide)\b|\bproduced (in|with|by)\b|\bharvested by\b|\bproducts from\b", re.IGNORECASE
)
_AKA: Final = re.compile(r",?\s*\ba/k/a\b\s*", re.IGNORECASE)
_LEGAL_END: Final = re.compile(
    r"\b(co\.?,?\s*ltd\.?|ltd\.?|limited|inc\.?|corp\.?|corporation|company|bhd\.?|berhad|gmbh|s\.?a\.?)\s*$",
    re.IGNORECASE,
)
_HAS_LEGAL: Final = re.compile(r"\b(co\.|ltd|limited|inc\b|corp|company|bhd|berhad|gmbh)", re.IGNORECASE)
_SUBSIDIARIES: Final = re.compile(r"\s+and its subsidiaries.*$", re.IGNORECASE)
_PRODUCT_SUFFIX: Final = re.compile(r"\s+-\s+[a-z][\w\s]*products?\s*$", re.IGNORECASE)
_VESSEL_PREFIX: Final = re.compile(r"^\s*fishing vessel:\s*", re.IGNORECASE)
_TRAILING_PAREN: Final = re.compile(r"\s*\(([^()]*)\)\s*$")
_SLUG: Final = re.compile(r"[^a-z0-9]+")
#: CBP statuses of an order in force (a partially modified order stays in force except the modified part).
CBP_IN_FORCE: Final = ("active", "partially modified")
_SOURCE_COMMENT: Final = re.compile(r"\s*\((typo|per|sic)\b[^()]*\)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class ListedName:
    """One name an entity is listed under, tagged primary / alias / former / variant."""

    text: str
    tag: NameTag


@dataclass(frozen=True)
class WatchEntry:
    """One listed entity."""

    list_id: str  # "uflpa" | "cbp_wro" | "user:<file stem>"
    entity_id: str  # stable: list id + slug of the primary name (+ order type/date for CBP)
    name: str  # the primary name exactly as the list gives it
    names: tuple[ListedName, ...]
    country_code: str | None
    active: bool
    details: Mapping[str, str] = field(default_factory=dict)
    reason: str = ""
    identifiers: tuple[tuple[str, str], ...] = ()  # (scheme, value): LEI, DUNS, registration numbers, ...


@dataclass(frozen=True)
class WatchList:
    """All watch-list entries screened together."""

    entries: tuple[WatchEntry, ...]
    scopes: tuple[str, ...] = ()  # CBP rows recognised as scopes (covered by rules, not names)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[WatchEntry]:
        return iter(self.entries)

    @property
    def list_ids(self) -> tuple[str, ...]:
        return tuple(sorted({e.list_id for e in self.entries}))

    def name_count(self) -> int:
        return sum(len(e.names) for e in self.entries)


def slug(text: str) -> str:
    """A stable id fragment: accents folded, lower case, non-alphanumerics as "-"."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _SLUG.sub("-", folded.lower()).strip("-")[:80]


def dedupe_names(names: Sequence[ListedName]) -> tuple[ListedName, ...]:
    seen: set[str] = set()
    out: list[ListedName] = []
    for n in names:
        key = " ".join(n.text.lower().split())
        if n.text.strip() and key not in seen:
            seen.add(key)
            out.append(ListedName(" ".join(n.text.split()), n.tag))
    return tuple(out)


def _cell(row: Mapping[str, str | None], key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value).strip()


def uflpa_entries(frame: pl.DataFrame) -> list[WatchEntry]:
    """UFLPA Entity List rows -> entries (country CN unless the row says Hong Kong)."""
    out: list[WatchEntry] = []
    for row in frame.iter_rows(named=True):
        name = _cell(row, "name")
        if not name:
            continue
        names = [ListedName(name, "primary")]
        for alias in _cell(row, "aliases").split(" | "):
            alias = alias.strip()
            if alias.lower().startswith("formerly known as:"):
                names.append(ListedName(alias.split(":", 1)[1].strip(), "former"))
            elif alias:
                names.append(ListedName(alias, "alias"))
        for variant in _cell(row, "name_variants_in_sources").split(" | "):
            if variant.strip():
                names.append(ListedName(_SOURCE_COMMENT.sub("", variant).strip(), "variant"))
        location = _cell(row, "location")
        country = _cell(row, "country_code") or ("HK" if "hong kong" in location.lower() else "CN")
        details = {
            "legal_authority": _cell(row, "legal_authority"),
            "date_added": _cell(row, "date_added"),
            "location": location,
        }
        out.append(
            WatchEntry(
                list_id="uflpa",
                entity_id=f"uflpa:{slug(name)}",
                name=name,
                names=dedupe_names(names),
                country_code=country,
                active=True,
                details=details,
                reason=f"UFLPA Entity List ({details['legal_authority'] or 'section not stated'}), "
                f"added {details['date_added'] or 'date not stated'}",
            )
        )
    return out


def is_scope(text: str) -> bool:
    """A CBP row that names goods from a country, region or fleet rather than an entity."""
    return bool(_SCOPE.search(text))


def split_cbp(text: str) -> list[list[str]]:
    """One CBP ``entity_or_scope`` text -> entities, each a list of names (first is primary)."""
    text = _PRODUCT_SUFFIX.sub("", _SUBSIDIARIES.sub("", " ".join(text.split())))
    entities: list[list[str]] = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        pieces = [part]
        if " and " in part and "a/k/a" not in part.lower():
            left, _, right = part.partition(" and ")
            if _LEGAL_END.search(left) and _HAS_LEGAL.search(right):
                pieces = [left.strip(), right.strip()]
        for piece in pieces:
            names = [n.strip(" ,") for n in _AKA.split(piece) if n.strip(" ,")]
            if names:
                entities.append(names)
    return entities


def _expand_cbp_name(name: str) -> list[ListedName]:
    """A CBP name plus derived forms: vessel name without "Fishing Vessel:", an acronym alias."""
    out: list[ListedName] = []
    if _VESSEL_PREFIX.match(name):
        out.append(ListedName(_VESSEL_PREFIX.sub("", name), "variant"))
    paren = _TRAILING_PAREN.search(name)
    if paren:
        inner = paren.group(1).strip()
        base = name[: paren.start()].strip()
        if inner.lower() in ("fishing vessel", "vessel"):
            out.append(ListedName(base, "variant"))
        elif inner and inner[0].isupper() and len(inner.split()) <= 3 and not inner.lower().startswith("or "):
            out.append(ListedName(inner, "alias"))
            out.append(ListedName(base, "variant"))
    return out


def cbp_entries(frame: pl.DataFrame) -> tuple[list[WatchEntry], list[str]]:
    """CBP WRO/Finding rows -> entity entries, and the scope rows left to the rules."""
    out: list[WatchEntry] = []
    scopes: list[str] = []
    seen: set[str] = set()
    for row in frame.iter_rows(named=True):
        text = _cell(row, "entity_or_scope")
        if not text:
            continue
        scope = _cell(row, "scope")
        if scope not in ("", "entity", "vessel") or (not scope and is_scope(text)):
            scopes.append(text)
            continue
        status = _cell(row, "status")
        active = status.lower().startswith(CBP_IN_FORCE)
        kind = _cell(row, "type")
        issued = _cell(row, "date_issued")
        details = {
            "type": kind,
            "date_issued": issued,
            "status": _cell(row, "history") or status,
            "status_date": _cell(row, "status_date"),
            "industry": _cell(row, "cbp_industry_category"),
            "product": _cell(row, "product_as_described_in_pages"),
            "listed_as": text,
        }
        for names in split_cbp(text):
            listed = [ListedName(names[0], "primary")]
            listed.extend(ListedName(n, "alias") for n in names[1:])
            for n in names:
                listed.extend(_expand_cbp_name(n))
            entity_id = f"cbp_wro:{slug(names[0])}:{kind.lower() or 'order'}:{issued or 'undated'}"
            if entity_id in seen:
                continue
            seen.add(entity_id)
            out.append(
                WatchEntry(
                    list_id="cbp_wro",
                    entity_id=entity_id,
                    name=names[0],
                    names=dedupe_names(listed),
                    country_code=_cell(row, "country_code") or None,
                    active=active,
                    details=details,
                    reason=f"CBP {kind or 'order'} issued {issued or 'date not stated'}"
                    + (f" on {details['product']}" if details["product"] else "")
                    + ("" if active else f" (status: {status})"),
                )
            )
    return out, scopes


def _split_aliases(value: str) -> list[str]:
    return [a.strip() for a in re.split(r"[|;]", value) if a.strip()]


def user_entries(path: Path) -> list[WatchEntry]:
    """A user's watch-list CSV (columns name, aliases, country, reason) -> entries."""
    from screening.normalize.countries import to_alpha2

    stem = path.stem
    text = read_user_text(path, "Watch list", "Give the path of a CSV file with a 'name' column.")
    reader = csv.DictReader(text.splitlines())
    headers = {h.strip().lower(): h for h in (reader.fieldnames or []) if h}
    if "name" not in headers:
        raise InputError(
            f"Watch list {path} has no 'name' column (columns found: {', '.join(headers) or 'none'}). "
            "Add a header row with name, and optionally aliases, country, reason."
        )
    unknown = set(headers) - {"name", "aliases", "country", "reason"}
    if unknown:
        raise InputError(
            f"Watch list {path} has unknown columns {', '.join(sorted(unknown))}. "
            "Use only name, aliases, country, reason."
        )
    out: list[WatchEntry] = []
    ids: set[str] = set()
    for number, row in enumerate(reader, start=2):

        def get(col: str, row: dict[str, str | None] = row) -> str:
            return (row.get(headers[col]) or "").strip() if col in headers else ""

        name = get("name")
        if not name:
            raise InputError(
                f"Watch list {path}, row {number}, column 'name' is empty. Every row needs a name."
            )
        country_raw = get("country")
        country = to_alpha2(country_raw) if country_raw else None
        if country_raw and country is None:
            raise InputError(
                f"Watch list {path}, row {number}, column 'country': {country_raw!r} is not a country. "
                "Write a country name or ISO code (e.g. China, CN), or leave it empty."
            )
        entity_id = f"user:{stem}:{slug(name)}"
        if entity_id in ids:
            entity_id = f"{entity_id}:{number}"
        ids.add(entity_id)
        names = [ListedName(name, "primary")] + [
            ListedName(a, "alias") for a in _split_aliases(get("aliases"))
        ]
        reason = get("reason")
        out.append(
            WatchEntry(
                list_id=f"user:{stem}",
                entity_id=entity_id,
                name=name,
                names=dedupe_names(names),
                country_code=country,
                active=True,
                details={"file": str(path), "row": str(number)},
                reason=reason or f"on the user watch list {path.name}",
            )
        )
    return out


def build_watchlists(frames: Mapping[str, pl.DataFrame], user_csvs: Sequence[Path] = ()) -> WatchList:
    """Entries from the bundled frames ("uflpa", "cbp_wro"; either may be absent) and user CSVs."""
    entries: list[WatchEntry] = []
    scopes: list[str] = []
    if "uflpa" in frames:
        entries.extend(uflpa_entries(frames["uflpa"]))
    if "cbp_wro" in frames:
        cbp, scopes = cbp_entries(frames["cbp_wro"])
        entries.extend(cbp)
    from screening.matching.opensanctions import watchlist_entries

    for path in user_csvs:
        entries.extend(watchlist_entries(Path(path)))  # a user's CSV, OpenSanctions simple CSV or FtM
    return WatchList(entries=tuple(entries), scopes=tuple(scopes))

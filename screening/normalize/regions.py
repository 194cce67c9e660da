"""Sub-national regions (ISO 3166-2) from a supplier row's region, city and address fields.

A region is only ever assigned inside the country the row names: no country, no region, so "Aksu"
in Turkey or "Altay" in Kazakhstan never becomes Xinjiang. World-region values ("AMERICAS",
"SE ASIA") are never read as regions.

China (country CN) is read with our gazetteer ``data/cn_places.csv``: every province-level division
and the main cities by English, pinyin, older romanisations and Chinese names, and for Xinjiang
(``CN-XJ``) its names, "XUAR", its prefectures, cities and counties. Names match as whole words in
any of the three fields; a name followed by road or building words ("Urumqi Road", 新疆路) is a
street, not a place. Within one field a province-level name outranks a city name, a city name a
weak one (a name also used elsewhere, such as Shanshan); when several provinces are named the most
named wins. Xinjiang is the exception, on purpose for a forced-labour screen: a Xinjiang province or
city name in any field gives ``CN-XJ`` even when another province is named too ("Zhejiang Industrial
Park, Aksu" is one of the paired-assistance parks in Xinjiang); names that are also common elsewhere
(the Yili dairy group, Ningbo Shanshan, Minfeng paper) are weak and never outrank another place.

Other countries are read from the region field (then a trailing "(province)" in the address, or an
address that is only a province) against pycountry's ISO 3166-2 names, accents and case ignored,
plus ``data/subdivision_aliases.csv``; truncated names (a unique prefix) and names whose diacritic
letters were dropped ("Bc Ninh" for Bắc Ninh) are matched when only one subdivision fits.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

import polars as pl
import pycountry

from screening.normalize.cities import city_region, contains
from screening.normalize.countries import data_rows, fold, to_alpha2

__all__ = [
    "RegionHit",
    "add_region_codes",
    "detect_region",
    "find_region",
    "locate_place",
    "region_name",
    "xinjiang_mention",
]

XINJIANG: Final = "CN-XJ"
FIELDS: Final[tuple[str, ...]] = ("region_raw", "city", "address")
_SUBDIVISIONS: Final[Any] = pycountry.subdivisions  # untyped in pycountry


@dataclass(frozen=True)
class RegionHit:
    """A region found: its code, the field it came from and the name that matched."""

    code: str
    field: str
    matched: str
    kind: str = "subdivision"  # province, city or weak for China (see cn_places.csv)


def _scan_form(text: str) -> str:
    """Folded text with punctuation as single spaces (Xi'an -> "xi an"); CJK characters kept.

    A word broken by a line-end hyphen ("Guang- dong") is joined first.
    """
    text = _BROKEN_WORD.sub("", text)
    return " ".join(_NON_WORD.sub(" ", fold(text)).split())


_BROKEN_WORD: Final = re.compile(r"(?<=[A-Za-z])- (?=[a-z])")
_NON_WORD: Final = re.compile(r"[\W_]+")
_CAMEL_JOIN: Final = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _is_cjk(text: str) -> bool:
    return any(ord(ch) >= 0x2E80 for ch in text)


# ---------------------------------------------------------------- China gazetteer
def _load_cn() -> tuple[dict[str, tuple[str, str, str]], dict[str, str]]:
    names: dict[str, tuple[str, str, str]] = {}
    display: dict[str, str] = {}
    for code, kind, name, *_ in data_rows("cn_places.csv"):
        if kind == "display":
            display[code] = name
            continue
        key = name if _is_cjk(name) else _scan_form(name)
        if key in names and names[key][0] != code:
            raise ValueError(f"cn_places.csv: {name!r} is listed for {names[key][0]} and {code}")
        names[key] = (code, kind, name)
    return names, display


_CN_NAMES, _CN_DISPLAY = _load_cn()


def _alternation(names: Iterable[str]) -> str:
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


_CN_PATTERN: Final = re.compile(
    r"(?<![a-z0-9])(?:" + _alternation(n for n in _CN_NAMES if not _is_cjk(n)) + r")(?![a-z0-9])"
    r"|" + _alternation(n for n in _CN_NAMES if _is_cjk(n))
)
_DIRECTION: Final = (
    r"(?:(?:north|south|east|west|middle|central|zhong|bei|nan|dong|xi|[nsew]|\d+(?:st|nd|rd|th)?) ){0,2}"
)
_STREET: Final = re.compile(
    r" " + _DIRECTION + r"(?:road|rd|lu|street|st|avenue|ave|av|dadao|dajie|jie|lane|ln|alley|hutong"
    r"|building|bldg|plaza|mansion|tower|hotel)(?![a-z0-9])"
    r"|[东西南北中]?(?:路|街|大道|大街|大厦|大廈|广场|廣場|巷|道)"
)
_TOWN: Final = re.compile(r" (?:town|township|zhen|village|cun)(?![a-z0-9])|镇|鎮|乡|鄉|村")
_DISTRICT: Final = re.compile(r" (?:district|qu)(?![a-z0-9])|区|區")
_UPGRADE: Final = re.compile(r" (?:county|xian|city|shi|prefecture)(?![a-z0-9])|县|縣|市|州|地区")


@dataclass(frozen=True)
class _Mention:
    code: str
    kind: str
    name: str
    cjk: bool


def _cn_mentions(text: str) -> list[_Mention]:
    found = _cn_scan(_scan_form(text))
    if not found and _CAMEL_JOIN.search(text):  # "ShenzhenGuangdongChina": words run together
        found = _cn_scan(_scan_form(_CAMEL_JOIN.sub(" ", text)))
    return found


def _cn_scan(scan: str) -> list[_Mention]:
    found: list[_Mention] = []
    for match in _CN_PATTERN.finditer(scan):
        code, kind, name = _CN_NAMES[match.group()]
        end = match.end()
        if _STREET.match(scan, end):
            continue
        if kind != "province" and _TOWN.match(scan, end):
            continue
        if kind == "weak":
            if _DISTRICT.match(scan, end):
                continue
            if _UPGRADE.match(scan, end):
                kind = "city"
        found.append(_Mention(code, kind, name, _is_cjk(name)))
    return found


def _resolve(mentions: list[_Mention]) -> _Mention | None:
    for mention in mentions:  # "Zhejiang Industrial Park, Aksu": paired-assistance parks are in Xinjiang
        if mention.code == XINJIANG and mention.kind != "weak":
            return mention
    for kind in ("province", "city", "weak"):
        tier = [m for m in mentions if m.kind == kind]
        if not tier:
            continue
        counts = Counter(m.code for m in tier)
        top = max(counts.values())
        leaders = [m for m in tier if counts[m.code] == top]
        # English addresses run small to large (the province last), Chinese ones large to small.
        return leaders[0] if leaders[0].cjk else leaders[-1]
    return None


def _china(fields: dict[str, str | None]) -> RegionHit | None:
    hits: list[RegionHit] = []
    for field in FIELDS:
        value = fields.get(field)
        mention = _resolve(_cn_mentions(value)) if value else None
        if mention is not None:
            hits.append(RegionHit(mention.code, field, mention.name, mention.kind))
    for hit in hits:
        if hit.code == XINJIANG and hit.kind != "weak":
            return hit
    strong = [hit for hit in hits if hit.kind != "weak"]  # region field first, then city, then address
    if strong:
        return strong[0]
    return hits[0] if hits else None


# ---------------------------------------------------------------- other countries (pycountry)
_WORLD_REGIONS: Final = frozenset(
    "africa|america|americas|apac|asia|asia pacific|central america|east asia|emea|europe|global|latam|"
    "latin america|middle east|n asia|north america|north asia|oceania|s asia|se asia|south america|"
    "south asia|southeast asia|worldwide".split("|")
)
_ADMIN_WORDS: Final = frozenset(
    "province provincia prefecture state region district county governorate municipality city oblast "
    "oblys okrug kraj apskritis zupanija department departement do si gwangyeoksi teukbyeolsi "
    "teukbyeoljachido teukbyeoljachisi metropolitan special capital territory autonomous".split()
)
_BRACKETED: Final = re.compile(r"\[([^\]]*)\]")
_PARENS: Final = re.compile(r"\([^)]*\)")
_ADDRESS_TAIL: Final = re.compile(r"\(([^()]*)\)\s*$")


def _strip_admin(key: str) -> str:
    words = key.split()
    while len(words) > 1 and words[-1] in _ADMIN_WORDS:
        words.pop()
    return " ".join(words)


def _name_variants(name: str) -> list[tuple[int, str]]:
    """(rank, key) pairs for one ISO name: 0 = the name itself, 1 = a derived short form."""
    plain = _PARENS.sub(" ", _BRACKETED.sub(" ", name))
    variants = [(0, _scan_form(plain))]
    variants += [(0, _scan_form(alt)) for alt in _BRACKETED.findall(name)]
    if "," in plain:
        head, _, tail = plain.partition(",")
        variants += [(1, _scan_form(head)), (1, _scan_form(f"{tail} {head}"))]
    variants += [(1, _strip_admin(key)) for _, key in list(variants)]
    return [(rank, key) for rank, key in variants if key]


@dataclass(frozen=True)
class _Index:
    exact: dict[str, str]  # ISO names and our aliases (also without spaces) -> code
    derived: dict[str, str]  # short forms of ISO names ("London" for "London, City of") -> code
    names: dict[str, str]  # ISO names only, for prefix and dropped-letter matching


def _preference(sub: Any) -> tuple[bool, bool, str]:
    """Which subdivision a shared name means: a real one over a "geographical unit", top level first."""
    return (sub.type == "Geographical unit", bool(getattr(sub, "parent_code", None)), sub.code)


@lru_cache(maxsize=300)
def _index(country: str) -> _Index:
    exact: dict[str, str] = {}
    derived: dict[str, str] = {}
    names: dict[str, str] = {}
    for sub in sorted(_SUBDIVISIONS.get(country_code=country) or [], key=_preference):
        for rank, key in _name_variants(sub.name):
            target = exact if rank == 0 else derived
            target.setdefault(key, sub.code)
            target.setdefault(key.replace(" ", ""), sub.code)
            if rank == 0:
                names.setdefault(key, sub.code)
    for alias_country, alias, code, *_ in data_rows("subdivision_aliases.csv"):
        if alias_country == country:
            key = _scan_form(alias)
            exact[key] = names[key] = code
            exact[key.replace(" ", "")] = code
    return _Index(exact, derived, names)


def _dropped_letters(short: str, full: str) -> bool:
    """True when ``short`` is ``full`` with up to three letters dropped ("bc" from "bac")."""
    if short == full:
        return True
    if not short or short[0] != full[0] or not 0 < len(full) - len(short) <= 3:
        return False
    letters = iter(full)
    return all(ch in letters for ch in short)


def _match_subdivision(country: str, text: str, *, strict: bool = False) -> str | None:
    key = _scan_form(text)
    if not key or key in _WORLD_REGIONS:
        return None
    index = _index(country)
    for candidate in (key, key.replace(" ", ""), _strip_admin(key)):
        if candidate in index.exact:
            return index.exact[candidate]
        if candidate in index.derived:
            return index.derived[candidate]
    if strict:
        return None
    if len(key) >= 6:  # truncated, as Nike's export cuts State at 18 characters
        codes = {code for name, code in index.names.items() if name.startswith(key)}
        if len(codes) == 1:
            return codes.pop()
    words = key.split()
    codes = {
        code
        for name, code in index.names.items()
        if len(name.split()) == len(words) and all(map(_dropped_letters, words, name.split()))
    }
    return codes.pop() if len(codes) == 1 else None


def _elsewhere(country: str, fields: dict[str, str | None]) -> RegionHit | None:
    """The region fields' subdivision, refined or completed by a listed city (screening.normalize.cities)."""
    hit = _named_region(country, fields)
    city = city_region(country, fields.get("city"), fields.get("address"))
    if city is None or (hit is not None and not contains(hit.code, city[0])):
        return hit
    return RegionHit(*city)


def _named_region(country: str, fields: dict[str, str | None]) -> RegionHit | None:
    candidates: list[tuple[str, str]] = []
    region = fields.get("region_raw")
    if region:
        candidates.append(("region_raw", region))
        parts = [p.strip() for p in re.split(r"[,;/]", region) if p.strip()]
        if len(parts) > 1:
            candidates += [("region_raw", p) for p in reversed(parts)]
    address = fields.get("address")
    if address:
        tail = _ADDRESS_TAIL.search(address)
        if tail:
            candidates.append(("address", tail.group(1)))
        if len(address) <= 40:
            candidates.append(("address", address))
    for field, text in candidates:
        code = _match_subdivision(country, text)
        if code is not None:
            return RegionHit(code, field, text.strip())
    return _address_ending(country, address) if address else None


def _address_ending(country: str, address: str) -> RegionHit | None:
    """A region named just before the country at the end of an address ("... Nomi Ishikawa Japan")."""
    words = _scan_form(address).split()[-12:]
    stripped = True
    while words and stripped:
        stripped = False
        if words[-1].isdigit():  # a postcode
            words.pop()
            stripped = True
            continue
        for size in (3, 2, 1):
            if len(words) > size and to_alpha2(" ".join(words[-size:])) == country:
                del words[-size:]
                stripped = True
                break
    for size in (4, 3, 2, 1):
        if len(words) >= size:
            tail = " ".join(words[-size:])
            code = _match_subdivision(country, tail, strict=True)
            if code is not None:
                return RegionHit(code, "address", tail)
    return None


# ---------------------------------------------------------------- public API
@lru_cache(maxsize=65536)
def _find(country: str, region_raw: str | None, city: str | None, address: str | None) -> RegionHit | None:
    fields = {"region_raw": region_raw, "city": city, "address": address}
    if country == "CN":
        return _china(fields)
    return _elsewhere(country, fields)


def find_region(
    country_code: str | None, region_raw: str | None, city: str | None, address: str | None
) -> RegionHit | None:
    """The ISO 3166-2 region a row names, with the field and name that gave it (None if none)."""
    if not country_code or not (region_raw or city or address):
        return None
    return _find(country_code.strip().upper(), region_raw, city, address)


def detect_region(
    country_code: str | None, region_raw: str | None, city: str | None, address: str | None
) -> str | None:
    """ISO 3166-2 code ("CN-XJ", "VN-57", "IN-TN") for a row, or None; see the module docstring."""
    hit = find_region(country_code, region_raw, city, address)
    return hit.code if hit else None


def xinjiang_mention(*texts: str | None) -> str | None:
    """The first Xinjiang province or city name in any text, whatever the country (for notes only).

    A row without a country gets no region, but a Xinjiang name in it is worth telling a reviewer.
    """
    for text in texts:
        for mention in _cn_mentions(text) if text else ():
            if mention.code == XINJIANG and mention.kind != "weak":
                return mention.name
    return None


def locate_place(text: str | None) -> tuple[str | None, str | None]:
    """(country, region) for a free-text location such as the UFLPA list's ``location`` column.

    A country name gives the country alone; otherwise a Chinese province-level name ("Guangdong
    Province", "XUAR", "Tianjin") gives ``("CN", "CN-xx")``. Bare city names give nothing: without a
    country they are ambiguous ("Aksu" is also in Turkey).
    """
    if not text:
        return None, None
    country = to_alpha2(text)
    if country is not None:
        return country, None
    provinces = [m for m in _cn_mentions(text) if m.kind == "province"]
    mention = _resolve(provinces)
    return ("CN", mention.code) if mention else (None, None)


def region_name(code: str | None) -> str | None:
    """English name of an ISO 3166-2 code: "CN-XJ" -> "Xinjiang Uyghur Autonomous Region"."""
    if not code:
        return None
    code = code.strip().upper()
    if code in _CN_DISPLAY:
        return _CN_DISPLAY[code]
    sub = _SUBDIVISIONS.get(code=code)
    return str(sub.name) if sub is not None else None


def add_region_codes(df: pl.DataFrame) -> pl.DataFrame:
    """Add ``region_code`` (String, null if none) from country_code, region_raw, city and address.

    Detection runs once per distinct (country_code, region_raw, city, address) tuple and is joined
    back, so a million rows cost what their distinct locations cost.
    """
    columns = ["country_code", *FIELDS]
    work = df.select(
        (pl.col(c).cast(pl.String) if c in df.columns else pl.lit(None, dtype=pl.String)).alias(c)
        for c in columns
    )
    keys = work.unique().filter(pl.col("country_code").is_not_null())
    codes = [detect_region(*row) for row in keys.iter_rows()]
    keys = keys.with_columns(pl.Series("region_code", codes, dtype=pl.String))
    found = work.join(keys, on=columns, how="left", nulls_equal=True, maintain_order="left")
    return df.with_columns(found.get_column("region_code"))

"""Country names as supplier lists and indicator datasets write them -> ISO 3166-1 alpha-2.

The lookup is exact after normalisation, never fuzzy (``pycountry.countries.search_fuzzy`` reads
"UK" as Uganda and "Kosovo" as Serbia). A raw value is normalised by :func:`country_key`: case,
accents, punctuation, the word "the", "&" vs "and" and a leading "St"/"St." are ignored, and the
order around one comma is tried both ways ("Korea, Republic of" = "Republic of Korea"). Keys come
from pycountry's names, common names and official names plus our alias table
(``data/country_aliases.csv``, each line with its source), then the CLDR names in the major
languages (babel, :mod:`screening.normalize.cldr`: "Tailandia", "Marruecos", "Bangladés"). Codes are
read only when written in capitals ("CN", "CHN", "GB"), so "No" in a yes/no column is not Norway,
and "NA" is read as a missing value, never as Namibia.

Documented choices: a bare "Korea" is South Korea (Apple's list writes it so); "Kosovo" gets the
user-assigned code ``XK`` (EU, IMF and World Bank usage; not in ISO 3166-1); "Congo (Kinshasa)",
"DRC" and "Congo, Democratic Republic of the" are ``CD`` while "Congo", "Congo (Brazzaville)" and
"Republic of the Congo" are ``CG``.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator, Mapping
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Final

import polars as pl
import pycountry

from screening.normalize.cldr import cldr_names

__all__ = [
    "ALIASES",
    "add_country_codes",
    "country_key",
    "country_name",
    "data_rows",
    "fold",
    "to_alpha2",
]

_LETTERS: Final = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "ß": "ss",
        "ı": "i",
        "ł": "l",
        "Ł": "L",
        "þ": "th",
        "Þ": "TH",
    }
)
_APOSTROPHES_AND_DOTS: Final = re.compile(r"[’'‘`´ʼ.]")
_NON_WORD: Final = re.compile(r"[\W_]+")
_PARENTHESISED: Final = re.compile(r"^(?P<outer>[^()]+?)\s*\((?P<inner>[^()]*)\)\s*$")
_SPLIT_PARTS: Final = re.compile(r"\s+[-–—/|]\s+|\s*/\s*")
_CODE: Final = re.compile(r"^[A-Z]{2,3}$")
#: Written in capitals these are still not codes: "NA" means "not available" far more often than Namibia.
_NOT_CODES: Final = frozenset({"NA", "NAN", "NIL", "TBD", "TBC", "UNK", "N/A"})
#: A parenthesis after these says which country is meant; the bare word alone would guess.
_AMBIGUOUS_OUTER: Final = frozenset({"congo", "korea", "guinea", "virgin islands", "china"})


def fold(text: str) -> str:
    """Lower-case, accents stripped, special letters spelled in ASCII (ø->o, Đ->d, ß->ss); CJK kept."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def country_key(text: str) -> str:
    """The normalised form both sides of the lookup are compared in (see the module docstring)."""
    folded = _APOSTROPHES_AND_DOTS.sub("", fold(text)).replace("&", " and ")
    words = [word for word in _NON_WORD.sub(" ", folded).split() if word != "the"]
    if words and words[0] == "st":
        words[0] = "saint"
    return " ".join(words)


def _variants(text: str) -> Iterator[str]:
    """Keys to try for one spelling: as written, inverted around its last comma, parenthesis as comma."""
    yield country_key(text)
    if "," in text:
        head, _, tail = text.rpartition(",")
        yield country_key(f"{tail} {head}")
    paren = _PARENTHESISED.match(text)
    if paren:
        yield country_key(f"{paren['inner']} {paren['outer']}")


def data_rows(name: str) -> Iterator[list[str]]:
    """Rows of a CSV under ``screening/normalize/data`` (header and ``#`` note lines skipped)."""
    text = resources.files("screening.normalize").joinpath("data", name).read_text(encoding="utf-8")
    rows = csv.reader(text.splitlines())
    next(rows)  # header
    for row in rows:
        if row and row[0].strip() and not row[0].lstrip().startswith("#"):
            yield row


def _load_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for alias, alpha2, *_ in data_rows("country_aliases.csv"):
        for key in _variants(alias):
            if aliases.setdefault(key, alpha2) != alpha2:
                raise ValueError(f"country alias {alias!r} maps to both {aliases[key]} and {alpha2}")
    return aliases


def _load_pycountry_keys() -> tuple[dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    for country in pycountry.countries:
        codes[country.alpha_2] = country.alpha_2
        codes[country.alpha_3] = country.alpha_2
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if not value:
                continue
            for key in _variants(value):
                names.setdefault(key, country.alpha_2)
            paren = _PARENTHESISED.match(value)
            if paren:  # "Falkland Islands (Malvinas)" is also "Falkland Islands"
                names.setdefault(country_key(paren["outer"]), country.alpha_2)
    codes["XK"] = "XK"
    return names, codes


#: Our alias table: normalised key -> alpha-2 (see ``data/country_aliases.csv`` for sources).
ALIASES: Final[Mapping[str, str]] = MappingProxyType(_load_aliases())
_PYCOUNTRY_NAMES, _CODES = _load_pycountry_keys()
_NAMES: Final[dict[str, str]] = {**_PYCOUNTRY_NAMES, **ALIASES}


def _from_names(text: str) -> str | None:
    for key in _variants(text):
        if key in _NAMES:
            return _NAMES[key]
    cldr = cldr_names(country_key)  # names in other languages, after ours (screening.normalize.cldr)
    for key in _variants(text):
        if key in cldr:
            return cldr[key]
    return None


@lru_cache(maxsize=65536)
def _lookup(text: str) -> str | None:
    if _CODE.match(text):
        if text in _NOT_CODES:
            return None
        if text in _CODES:
            return _CODES[text]
    found = _from_names(text)
    if found is not None:
        return found
    paren = _PARENTHESISED.match(text)
    if paren:  # "Turkey (Türkiye)", "Hong Kong (per COM_AUG)": the name outside, else inside
        outer, inner = paren["outer"].strip(), paren["inner"].strip()
        inside = _lookup(inner) if inner else None
        if country_key(outer) not in _AMBIGUOUS_OUTER:
            found = _lookup(outer)
        if found is not None and inside is not None and inside != found:
            return None  # "Georgia (US)": two different countries named
        return found if found is not None else inside
    parts = [part.strip() for part in _SPLIT_PARTS.split(text) if part.strip()]
    if len(parts) > 1:  # "United Kingdom - UK": every part must name the same country
        codes = {_lookup(part) for part in parts}
        if len(codes) == 1:
            return codes.pop()
    return None


def to_alpha2(value: str | None) -> str | None:
    """ISO 3166-1 alpha-2 for a country as written, or None when it names no single country.

    >>> to_alpha2("P.R. China"), to_alpha2("Côte d'Ivoire"), to_alpha2("Korea, Rep."), to_alpha2("Asia")
    ('CN', 'CI', 'KR', None)
    """
    if value is None:
        return None
    text = " ".join(str(value).split())
    if not text or len(text) > 120:
        return None
    return _lookup(text)


def country_name(code: str | None) -> str | None:
    """The everyday English short name for an alpha-2 code ("VN" -> "Vietnam"), None if unknown."""
    if not code:
        return None
    return _DISPLAY_NAMES.get(code.strip().upper())


def _load_display_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        names[country.alpha_2] = getattr(country, "common_name", None) or country.name
    for alpha2, name, *_ in data_rows("country_names.csv"):
        names[alpha2] = name
    return names


_DISPLAY_NAMES: Final[dict[str, str]] = _load_display_names()


def add_country_codes(df: pl.DataFrame, source: str = "country_raw") -> pl.DataFrame:
    """Add ``country_code`` (String, null when unknown) from the ``source`` column.

    Works over the column's distinct values and maps them back, so the cost follows the number of
    distinct spellings, not rows.
    """
    raw = df.get_column(source).cast(pl.String)
    mapping = {value: to_alpha2(value) for value in raw.drop_nulls().unique().to_list()}
    code = raw.replace_strict(mapping, default=None, return_dtype=pl.String)
    return df.with_columns(code.alias("country_code"))

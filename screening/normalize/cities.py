"""Cities and towns -> ISO 3166-2 subdivisions, for rows outside China (``data/subdivision_cities.csv``).

A row's city field is looked up whole (accents, case and punctuation ignored; "Tirupur" -> IN-TN);
failing that, the address is scanned for a listed name as whole words, the last one written winning
(addresses run from street to city), skipping a name that is part of a street ("Via Prato", "Leicester
Road"). Only names listed for the row's own country count, so "Prato" matters in Italy alone.
:mod:`screening.normalize.regions` uses the answer when the region fields give nothing, or give a
larger subdivision that contains the city's (the region Toscana, the city Prato -> the province
IT-PO).
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from typing import Any, Final

import pycountry

from screening.normalize.countries import data_rows, fold

_NON_WORD: Final = re.compile(r"[\W_]+")
_SUBDIVISIONS: Final[Any] = pycountry.subdivisions  # untyped in pycountry
_STREET_BEFORE: Final = frozenset(
    "via viale piazza piazzale corso strada vicolo rua avenida av calle carrer rue avenue jalan jln".split()
)
_STREET_AFTER: Final = frozenset("road rd street st lane ln avenue ave way drive dr close crescent".split())


def _form(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", fold(text)).split())


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, dict[str, str]]:
    """country -> {folded city name -> subdivision code}."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for country, city, code, *_ in data_rows("subdivision_cities.csv"):
        key = _form(city)
        if out[country].setdefault(key, code) != code:
            raise ValueError(f"subdivision_cities.csv: {city!r} ({country}) is listed for two subdivisions")
    return dict(out)


@lru_cache(maxsize=300)
def _pattern(country: str) -> re.Pattern[str] | None:
    names = _gazetteer().get(country)
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(r"(?<![a-z0-9])(?:" + alternatives + r")(?![a-z0-9])")


def city_region(country: str, city: str | None, address: str | None) -> tuple[str, str, str] | None:
    """(code, field, name) of the subdivision a listed city in ``city`` or ``address`` is in, or None."""
    names = _gazetteer().get(country)
    if not names:
        return None
    if city:
        key = _form(city)
        if key in names:
            return names[key], "city", city.strip()
    pattern = _pattern(country)
    if address and pattern is not None:
        scan = _form(address)
        for match in reversed(list(pattern.finditer(scan))):
            before = scan[: match.start()].split()[-1:]
            after = scan[match.end() :].split()[:1]
            if (before and before[0] in _STREET_BEFORE) or (after and after[0] in _STREET_AFTER):
                continue
            return names[match.group()], "address", match.group()
    return None


def contains(outer: str, inner: str) -> bool:
    """True when the subdivision ``inner`` is ``outer`` or lies inside it (ISO 3166-2 parents)."""
    seen = 0
    code: str | None = inner
    while code is not None and seen < 5:
        if code == outer:
            return True
        sub = _SUBDIVISIONS.get(code=code)
        parent = getattr(sub, "parent_code", None) if sub is not None else None
        code = parent if parent is None or "-" in parent else f"{code.split('-')[0]}-{parent}"
        seen += 1
    return False

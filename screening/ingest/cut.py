"""A file cut mid-row (a failed download, a full disk) ends without a line break, its last value cut
short: "Banglad". The reader marks a last row with too few cells or an open quote; this module
catches the cut that leaves every cell in place, when the last cell is the country and its text is
the start of a country's name but no country itself."""

from __future__ import annotations

from functools import lru_cache

import pycountry

from screening.normalize.countries import country_key, to_alpha2

_MIN_CHARS = 3


@lru_cache(maxsize=1)
def _country_keys() -> tuple[tuple[str, str], ...]:
    keys: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                keys.setdefault(country_key(value), str(value))
    return tuple(sorted(keys.items()))


def cut_country(value: str) -> str | None:
    """The country whose name ``value`` is a cut-off start of ('Banglad' -> 'Bangladesh'), else None."""
    key = country_key(value)
    if len(key) < _MIN_CHARS or to_alpha2(value) is not None:
        return None
    for name_key, name in _country_keys():
        if name_key.startswith(key) and name_key != key:
            return name
    return None

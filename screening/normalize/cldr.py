"""Country names in the major languages from the Unicode CLDR (through babel), for the country lookup.

"Tailandia" (Spanish), "Maroc" (French), "Bangladés" (Spanish), "Tayland"
(Turkish), "Alemanha" (Portuguese) and so on. The table is consulted after pycountry's names and the
project's own alias table (``data/country_aliases.csv``), which keep precedence. A name that two
languages give to two different countries is left out rather than guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Final

import pycountry

#: CLDR locales read: the languages supplier lists are most often written in.
LANGUAGES: Final = (
    "en", "es", "fr", "pt", "de", "it", "nl", "tr", "pl", "ru", "uk", "ar", "zh", "zh_Hant", "ja", "ko",
    "id", "ms", "vi", "th", "hi", "bn", "sv", "cs", "ro", "hu", "el", "he",
)  # fmt: skip


@lru_cache(maxsize=4)
def cldr_names(key: Callable[[str], str]) -> dict[str, str]:
    """Normalised CLDR name (by ``key``) -> alpha-2, for every locale of :data:`LANGUAGES`."""
    from babel import Locale

    known = {c.alpha_2 for c in pycountry.countries} | {"XK"}
    found: dict[str, str] = {}
    clashes: set[str] = set()
    for language in LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            if code not in known:
                continue  # continents, "EU", "ZZ" and the like are not countries
            k = key(name)
            if not k:
                continue
            if found.setdefault(k, code) != code:
                clashes.add(k)
    for k in clashes:
        del found[k]
    return found

"""Place names that appear inside company names: weak tokens, never ignored.

Chinese company names start with where they were registered ("Xinjiang", "Hetian", "Shihezi"), and
international groups add a country to a subsidiary's name ("Bank of China (Hong Kong)"). Such words
agree or differ at low weight. Sources: the PRC administrative divisions (provinces, prefecture-level
cities, and the counties and cities of the Xinjiang Uyghur Autonomous Region, since the UFLPA Entity
List concentrates there), written in Chinese characters and read to pinyin with pypinyin; common
English spellings of the same places (Hotan, Kashgar, Urumqi, Canton...); and country and region
names frequent in supplier lists. The names themselves are data, in ``places.yml`` beside this module.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Final

from pydantic import BaseModel, ConfigDict, Field

from screening.yaml_model import load_model

PLACES_FILE: Final = Path(__file__).with_name("places.yml")


class PlaceNames(BaseModel):
    """``places.yml``: each list of names as words separated by spaces or line breaks."""

    model_config = ConfigDict(extra="forbid")
    cn_provinces: str = Field(min_length=1)
    cn_cities: str = Field(min_length=1)
    cn_xinjiang: str = Field(min_length=1)
    variants: dict[str, str]
    phrases: dict[str, str]
    world: str = Field(min_length=1)


_PLACES: Final = load_model(
    PLACES_FILE, PlaceNames, what="place-name list", fix="see the comments at the top of places.yml"
)
#: PRC provinces and province-level divisions (short forms, no 省/市/自治区 suffix).
CN_PROVINCES: Final[str] = _PLACES.cn_provinces
#: Prefecture-level and other cities common in supplier names.
CN_CITIES: Final[str] = _PLACES.cn_cities
#: Xinjiang prefectures, cities and counties.
CN_XINJIANG: Final[str] = _PLACES.cn_xinjiang
#: English or older spellings -> the pinyin form used as the canonical token.
PLACE_VARIANTS: Final[dict[str, str]] = _PLACES.variants
#: Multi-word place names joined to one token before comparison.
PLACE_PHRASES: Final[dict[tuple[str, ...], str]] = {
    tuple(words.split()): token for words, token in _PLACES.phrases.items()
}
#: Countries, regions and adjectives often seen in supplier names.
WORLD_PLACES: Final[str] = _PLACES.world


@lru_cache(maxsize=1)
def chinese_places() -> dict[str, str]:
    """Chinese place names in characters -> their pinyin token (``新疆`` -> ``xinjiang``)."""
    from pypinyin import lazy_pinyin

    out: dict[str, str] = {}
    for block in (CN_PROVINCES, CN_CITIES, CN_XINJIANG):
        for name in block.split():
            out[name] = "".join(lazy_pinyin(name, v_to_u=True)).replace("ü", "u")
    out["内蒙古"] = "neimenggu"
    out["香港"] = "xianggang"
    out["澳门"] = "aomen"
    return out


@lru_cache(maxsize=1)
def world_places() -> frozenset[str]:
    """Countries and world regions (not Chinese provinces or cities): a national qualifier."""
    tokens = set(WORLD_PLACES.split())
    tokens.update(v for k, v in PLACE_PHRASES.items() if v not in ("xianggang", "neimenggu"))
    tokens.update({"unitedstates", "unitedkingdom", "china"})
    return frozenset(tokens)


@lru_cache(maxsize=1)
def place_tokens() -> frozenset[str]:
    """Every single token treated as a place (pinyin forms, English variants, countries)."""
    tokens = set(chinese_places().values())
    tokens.update(PLACE_VARIANTS)
    tokens.update(PLACE_VARIANTS.values())
    tokens.update(PLACE_PHRASES.values())
    tokens.update(WORLD_PLACES.split())
    return frozenset(tokens)

"""Country spellings from real lists and indicator datasets -> ISO 3166-1 alpha-2.

``country_spellings.csv`` holds every distinct country spelling found (2026-11-28) in the bundled
indicator sources (ILAB List of Goods 2022 and its 2024 / earlier change notes, ILAB advancement and
ILO ratification tables 2022, TIP tier tables 2023-2025, Walk Free GSI 2023, CBP WRO) and in the
three published supplier lists (Nike manufacturing map Dec 2025, Benetton, Apple 2012-2022), with
where each was seen; the expected codes were checked by hand.
"""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pycountry
import pytest

from screening.normalize.countries import ALIASES, add_country_codes, country_key, country_name, to_alpha2

SPELLINGS = list(csv.DictReader((Path(__file__).parent / "country_spellings.csv").open(encoding="utf-8")))

# Spellings met in supplier lists and ERP exports beyond the datasets above.
EVERYDAY = [
    ("PRC", "CN"),
    ("P.R. China", "CN"),
    ("P.R.C.", "CN"),
    ("PR China", "CN"),
    ("China PR", "CN"),
    ("Mainland China", "CN"),
    ("China (Mainland)", "CN"),
    ("China, People's Republic of", "CN"),
    ("中国", "CN"),
    ("中華人民共和國", "CN"),
    ("CHN", "CN"),
    ("CN", "CN"),
    ("  china  ", "CN"),
    ("cHiNa", "CN"),
    ("Viet-Nam", "VN"),
    ("VNM", "VN"),
    ("Socialist Republic of Vietnam", "VN"),
    ("Myanmar (Burma)", "MM"),
    ("Turkiye", "TR"),
    ("Republic of Türkiye", "TR"),
    ("TÜRKİYE", "TR"),
    ("Ivory Coast", "CI"),
    ("Cote d'Ivoire", "CI"),
    ("Côte d`Ivoire", "CI"),
    ("COTE D'IVOIRE", "CI"),
    ("DR Congo", "CD"),
    ("D.R. Congo", "CD"),
    ("DRC", "CD"),
    ("Congo (Kinshasa)", "CD"),
    ("Congo-Kinshasa", "CD"),
    ("Congo, Dem. Rep.", "CD"),
    ("Congo, The Democratic Republic of the", "CD"),
    ("Zaire", "CD"),
    ("Congo (Brazzaville)", "CG"),
    ("Congo, Rep.", "CG"),
    ("Congo", "CG"),
    ("Korea, Rep.", "KR"),
    ("Republic of Korea", "KR"),
    ("Korea (South)", "KR"),
    ("S. Korea", "KR"),
    ("ROK", "KR"),
    ("DPRK", "KP"),
    ("Korea, Dem. People's Rep.", "KP"),
    ("Korea, North", "KP"),
    ("UAE", "AE"),
    ("U.A.E.", "AE"),
    ("UK", "GB"),
    ("U.K.", "GB"),
    ("Great Britain", "GB"),
    ("England", "GB"),
    ("Scotland", "GB"),
    ("United Kingdom of Great Britain and Northern Ireland", "GB"),
    ("GB", "GB"),
    ("USA", "US"),
    ("U.S.A.", "US"),
    ("U.S.", "US"),
    ("US", "US"),
    ("United States of America", "US"),
    ("Holland", "NL"),
    ("The Netherlands", "NL"),
    ("Netherlands (Kingdom of the)", "NL"),
    ("Lao PDR", "LA"),
    ("Lao People's Democratic Republic", "LA"),
    ("Swaziland", "SZ"),
    ("Hong Kong SAR", "HK"),
    ("Hong Kong SAR, China", "HK"),
    ("China, Hong Kong SAR", "HK"),
    ("Hongkong", "HK"),
    ("香港", "HK"),
    ("Macao", "MO"),
    ("Macao SAR, China", "MO"),
    ("Taiwan, Province of China", "TW"),
    ("Chinese Taipei", "TW"),
    ("Taiwan (ROC)", "TW"),
    ("台湾", "TW"),
    ("Russian Federation", "RU"),
    ("Bolivia (Plurinational State of)", "BO"),
    ("Bolivia, Plurinational State of", "BO"),
    ("Venezuela (Bolivarian Republic of)", "VE"),
    ("Venezuela, RB", "VE"),
    ("Iran (Islamic Republic of)", "IR"),
    ("Iran, Islamic Rep.", "IR"),
    ("Tanzania, United Republic of", "TZ"),
    ("United Republic of Tanzania", "TZ"),
    ("Moldova, Republic of", "MD"),
    ("Republic of Moldova", "MD"),
    ("Micronesia (Federated States of)", "FM"),
    ("Micronesia, Fed. Sts.", "FM"),
    ("XK", "XK"),
    ("Republic of Kosovo", "XK"),
    ("Macedonia", "MK"),
    ("FYROM", "MK"),
    ("East Timor", "TL"),
    ("Palestine", "PS"),
    ("West Bank and Gaza", "PS"),
    ("State of Palestine", "PS"),
    ("Sao Tome & Principe", "ST"),
    ("Egypt, Arab Rep.", "EG"),
    ("Yemen, Rep.", "YE"),
    ("St. Lucia", "LC"),
    ("St. Kitts and Nevis", "KN"),
    ("St. Vincent and the Grenadines", "VC"),
    ("Virgin Islands (U.S.)", "VI"),
    ("Virgin Islands, British", "VG"),
    ("Sint Maarten (Dutch part)", "SX"),
    ("Réunion", "RE"),
    ("Reunion", "RE"),
    ("Åland Islands", "AX"),
    ("Czech Rep.", "CZ"),
    ("KSA", "SA"),
    ("Trinidad & Tobago", "TT"),
    ("Guinea Bissau", "GW"),
    ("Deutschland", "DE"),
    ("Allemagne", "DE"),
    ("España", "ES"),
    ("Italia", "IT"),
    ("États-Unis", "US"),
    ("Royaume-Uni", "GB"),
    ("Großbritannien", "GB"),
    ("Corée du Sud", "KR"),
    ("NO", "NO"),
]

NOT_A_COUNTRY = [
    None,
    "",
    "   ",
    "N/A",
    "n/a",
    "NA",
    "na",
    "-",
    "Unknown",
    "unknown",
    "TBD",
    "Various",
    "Other",
    "Asia",
    "Europe",
    "Africa",
    "Global",
    "Worldwide",
    "Middle East",
    "Latin America",
    "EMEA",
    "AMERICAS",
    "SE ASIA",
    "Republic",
    "Islands",
    "Virgin Islands",  # US or British: not guessed
    "Republic of China",  # Taiwan's formal name, but often a slip for the PRC: not guessed
    "Georgia (US)",  # two different countries named
    "East Turkestan",  # a region (Xinjiang), not a country
    "x" * 500,
]

# Values found in those datasets' country columns that are not countries.
DATASET_NON_COUNTRIES = [
    "No",  # ILAB goods 2022, derived_input_country is a yes/no flag
    "中港澳",  # Apple area label: China / Hong Kong / Macau
    "東南亞",  # Apple area label: Southeast Asia
    "東北亞（不含中港澳台）",  # Apple area label: Northeast Asia excluding China/HK/Macau/Taiwan
    "歐洲",  # Apple area label: Europe
    "Guangdong Province",  # UFLPA location: a Chinese province (see regions.locate_place)
    "XUAR",  # UFLPA location: Xinjiang
    "Urumqi, XUAR",  # UFLPA location
]



@pytest.mark.parametrize("row", SPELLINGS, ids=[row["spelling"] for row in SPELLINGS])
def test_dataset_and_supplier_list_spellings_map_to_their_code(row: dict[str, str]) -> None:
    assert to_alpha2(row["spelling"]) == row["alpha2"], row["seen_in"]


@pytest.mark.parametrize(("spelling", "code"), EVERYDAY)
def test_everyday_spellings_map_to_their_code(spelling: str, code: str) -> None:
    assert to_alpha2(spelling) == code


@pytest.mark.parametrize("value", NOT_A_COUNTRY)
def test_values_that_name_no_single_country_give_none(value: str | None) -> None:
    assert to_alpha2(value) is None


@pytest.mark.parametrize("value", DATASET_NON_COUNTRIES)
def test_non_country_values_in_dataset_country_columns_give_none(value: str) -> None:
    assert to_alpha2(value) is None


def test_uk_and_kosovo_are_not_fuzzy_matched_to_uganda_and_serbia() -> None:
    assert to_alpha2("UK") == "GB"
    assert to_alpha2("Kosovo") == "XK"
    assert to_alpha2("Uganda") == "UG"
    assert to_alpha2("Serbia") == "RS"


def test_codes_are_read_only_in_capitals_so_yes_no_words_are_not_countries() -> None:
    assert to_alpha2("NO") == "NO"
    assert to_alpha2("No") is None
    assert to_alpha2("IN") == "IN"
    assert to_alpha2("In") is None
    assert to_alpha2("NA") is None  # "not available", not Namibia
    assert to_alpha2("Namibia") == "NA"


def test_bare_korea_is_south_korea_and_the_two_congos_stay_apart() -> None:
    assert to_alpha2("Korea") == "KR"
    assert to_alpha2("Congo, Democratic Republic of the") == "CD"
    assert to_alpha2("Congo, Republic of the") == "CG"
    assert to_alpha2("Democratic Republic of the Congo") != to_alpha2("Republic of the Congo")


def test_key_ignores_case_accents_punctuation_the_and_ampersand() -> None:
    assert country_key("Côte d’Ivoire") == country_key("COTE D'IVOIRE") == "cote divoire"
    assert country_key("The Gambia") == country_key("Gambia") == "gambia"
    assert country_key("St Vincent & Gren") == "saint vincent and gren"


def test_every_alias_names_a_real_code_and_never_contradicts_pycountry() -> None:
    assert len(ALIASES) >= 300
    for key, code in ALIASES.items():
        assert code == "XK" or pycountry.countries.get(alpha_2=code) is not None, key
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value and country_key(value) in ALIASES:
                assert ALIASES[country_key(value)] == country.alpha_2, value


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("TM", "Turkmenistan"),
        ("VN", "Vietnam"),
        ("TR", "Turkey"),
        ("CD", "Democratic Republic of the Congo"),
        ("CG", "Republic of the Congo"),
        ("KR", "South Korea"),
        ("KP", "North Korea"),
        ("TW", "Taiwan"),
        ("RU", "Russia"),
        ("IR", "Iran"),
        ("LA", "Laos"),
        ("BO", "Bolivia"),
        ("VE", "Venezuela"),
        ("TZ", "Tanzania"),
        ("SY", "Syria"),
        ("MD", "Moldova"),
        ("CI", "Côte d'Ivoire"),
        ("XK", "Kosovo"),
        ("GB", "United Kingdom"),
        ("US", "United States"),
        ("CN", "China"),
        ("cn", "China"),
    ],
)
def test_country_name_is_the_everyday_english_name(code: str, name: str) -> None:
    assert country_name(code) == name


def test_country_name_of_unknown_or_missing_code_is_none() -> None:
    assert country_name("ZZ") is None
    assert country_name(None) is None
    assert country_name("") is None


def test_every_code_has_a_name_that_maps_back_to_it() -> None:
    for country in pycountry.countries:
        name = country_name(country.alpha_2)
        assert name is not None
        assert to_alpha2(name) == country.alpha_2, name


def test_add_country_codes_maps_each_row_and_keeps_order_and_nulls() -> None:
    df = pl.DataFrame(
        {
            "_key": [0, 1, 2, 3, 4, 5],
            "country_raw": ["TURKEY", "Viet Nam", None, "Asia", "TURKEY", "Korea, Rep."],
        },
        schema={"_key": pl.Int64, "country_raw": pl.String},
    )
    out = add_country_codes(df)
    assert out.columns == ["_key", "country_raw", "country_code"]
    assert out.schema["country_code"] == pl.String
    assert out["_key"].to_list() == [0, 1, 2, 3, 4, 5]
    assert out["country_code"].to_list() == ["TR", "VN", None, None, "TR", "KR"]


def test_add_country_codes_on_an_all_null_column_gives_null_strings() -> None:
    df = pl.DataFrame({"country_raw": [None, None]}, schema={"country_raw": pl.String})
    out = add_country_codes(df)
    assert out.schema["country_code"] == pl.String
    assert out["country_code"].to_list() == [None, None]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Tailandia", "TH"),  # Spanish
        ("Marruecos", "MA"),  # Spanish
        ("Bangladés", "BD"),  # Spanish
        ("Maroc", "MA"),  # French
        ("Tayland", "TH"),  # Turkish
        ("Coreia do Sul", "KR"),  # Portuguese
        ("Vietnã", "VN"),  # Portuguese
        ("泰国", "TH"),  # Chinese
    ],
)
def test_country_names_in_other_languages_come_from_cldr(written, code):
    assert to_alpha2(written) == code


def test_cldr_names_never_override_our_own_choices():
    assert to_alpha2("Korea") == "KR"  # our alias table, documented
    assert to_alpha2("Congo") == "CG"
    assert to_alpha2("Asia") is None

"""Cities -> ISO 3166-2 subdivisions outside China (screening/normalize/cities.py), through find_region."""

from __future__ import annotations

import pytest

from screening.normalize.regions import detect_region, find_region


@pytest.mark.parametrize(
    ("country", "region", "city", "address", "expected"),
    [
        ("IN", None, "Tirupur", None, "IN-TN"),
        ("IN", None, "TIRUPPUR", None, "IN-TN"),
        ("IN", None, "Coimbatore", None, "IN-TN"),
        ("IN", None, "Erode", None, "IN-TN"),
        ("IN", None, "Karur", None, "IN-TN"),
        ("IN", None, "Dindigul", None, "IN-TN"),
        ("IN", None, "Noida", None, "IN-UP"),
        ("IN", None, "Ludhiana", None, "IN-PB"),
        ("IN", None, None, "Plot 7, Koderma, India", "IN-JH"),
        ("IN", None, "Gaya", None, "IN-BR"),
        ("MY", None, None, "Lot 1, Jalan Kuching, Kuching, Sarawak", "MY-13"),
        ("MY", None, "Sandakan", None, "MY-12"),
        ("TH", None, None, "99 Moo 3 Mahachai Samut Sakhon Thailand", "TH-74"),
        ("CD", None, "Kolwezi", None, "CD-LU"),
        ("CD", None, "Lubumbashi", None, "CD-HK"),
        ("BR", None, "Marabá", None, "BR-PA"),
        ("BR", None, "Açailândia", None, "BR-MA"),
        ("IT", None, "Prato", None, "IT-PO"),
        ("GB", None, None, "12 Belgrave Gate Leicester LE1 3GQ", "GB-LCE"),
        ("BR", None, None, "Avenida dos Oitis 4145 Distrito Industrial Manaus Brazil", "BR-AM"),  # Apple list
        ("MY", None, None, "No 4 Jalan Gemilang 3 Ulu Tiram Johor Bahru Malaysia", "MY-01"),  # Apple list
    ],
)
def test_a_listed_city_gives_its_subdivision(
    country: str, region: str | None, city: str | None, address: str | None, expected: str
) -> None:
    assert detect_region(country, region, city, address) == expected


def test_a_city_refines_a_region_that_contains_it_and_never_overrides_another() -> None:
    hit = find_region("IT", "Toscana", "Prato", None)  # region IT-52 contains the province IT-PO
    assert hit is not None and (hit.code, hit.field) == ("IT-PO", "city")
    assert detect_region("IN", "Tamil Nadu", "Tirupur", None) == "IN-TN"
    assert detect_region("IN", "Karnataka", "Tirupur", None) == "IN-KA"  # the region field wins a conflict


def test_a_city_counts_only_in_its_own_country_and_not_inside_a_street_name() -> None:
    assert detect_region("US", None, "Prato", None) is None
    assert detect_region("IT", None, None, "Via Prato 12, 50100 Firenze") == "IT-FI"
    assert detect_region("GB", None, None, "Leicester Road, Hinckley") == "GB-LEC"

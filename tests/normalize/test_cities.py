"""Cities -> ISO 3166-2 subdivisions outside China (screening/normalize/cities.py), through find_region."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from screening.normalize.regions import detect_region, find_region

#: Cities named in a city column or an address, with the subdivision each must give (and where seen).
CASES = list(csv.DictReader((Path(__file__).parent / "city_cases.csv").open(encoding="utf-8")))


@pytest.mark.parametrize("case", CASES, ids=[c["city"] or c["address"] for c in CASES])
def test_a_listed_city_gives_its_subdivision(case: dict[str, str]) -> None:
    city, address = case["city"] or None, case["address"] or None
    assert detect_region(case["country"], None, city, address) == case["expected"]


def test_a_city_refines_a_region_that_contains_it_and_never_overrides_another() -> None:
    hit = find_region("IT", "Toscana", "Prato", None)  # region IT-52 contains the province IT-PO
    assert hit is not None and (hit.code, hit.field) == ("IT-PO", "city")
    assert detect_region("IN", "Tamil Nadu", "Tirupur", None) == "IN-TN"
    assert detect_region("IN", "Karnataka", "Tirupur", None) == "IN-KA"  # the region field wins a conflict


def test_a_city_counts_only_in_its_own_country_and_not_inside_a_street_name() -> None:
    assert detect_region("US", None, "Prato", None) is None
    assert detect_region("IT", None, None, "Via Prato 12, 50100 Firenze") == "IT-FI"
    assert detect_region("GB", None, None, "Leicester Road, Hinckley") == "GB-LEC"

"""Header recognition: aliases, guesses, the most specific column, world regions, header rows."""

from __future__ import annotations

import pytest

from screening.ingest.aliases import normalise_header
from screening.ingest.headers import find_header_row, is_world_region_column, recognise
from screening.ingest.mapping import MappingOptions


def _plan(headers, values=None, options=None):
    samples = values or {}
    return recognise(headers, lambda i: samples.get(i, []), options or MappingOptions())


def test_matching_ignores_case_spaces_and_punctuation():
    assert (
        normalise_header("Supplier_Name")
        == normalise_header("supplier name")
        == normalise_header("SUPPLIER-NAME")
    )
    assert normalise_header("Country / Region") == "country/region"
    plan = _plan(["Supplier_Name", "Country.", "Supplier-ID", "HTS Code", "Annual Spend (USD)"])
    assert plan.fields == {"supplier_name": 0, "country": 1, "supplier_id": 2, "hs_code": 3, "spend": 4}
    assert plan.guesses == []


def test_number_signs_carry_meaning_vendor_hash_is_the_id_and_vendor_the_name():
    # the reproducer: '#' was dropped, so "Vendor #" was the name and ids were invented
    assert normalise_header("Vendor #") == normalise_header("Vendor No.") == "vendorno"
    assert normalise_header("N° fournisseur") == "nofournisseur"
    plan = _plan(["Vendor #", "Vendor", "Country"])
    assert plan.fields == {"supplier_id": 0, "supplier_name": 1, "country": 2}


@pytest.mark.parametrize(
    "headers",
    [
        ["Lieferantennr", "Lieferant", "Land"],
        ["N° fournisseur", "Fournisseur", "Pays"],
        ["Código proveedor", "Proveedor", "País"],
        ["Codice fornitore", "Fornitore", "Paese"],
        ["Tedarikçi Kodu", "Tedarikçi", "Ülke"],
    ],
)
def test_multilingual_headers_are_recognised(headers):
    assert _plan(headers).fields == {"supplier_id": 0, "supplier_name": 1, "country": 2}


def test_extra_fields_production_phase_facility_type_and_workers():
    plan = _plan(["Name", "Country", "Processes", "Site Type", "Headcount"])
    assert plan.fields["production_phase"] == 2
    assert plan.fields["facility_type"] == 3
    assert plan.fields["workers"] == 4


def test_a_header_containing_an_alias_as_whole_words_is_a_recorded_guess():
    plan = _plan(["Factory Name", "Country", "Product Type Type"])
    assert plan.fields["goods"] == 2
    assert plan.guesses == [{"header": "Product Type Type", "field": "goods", "alias": "product type"}]


def test_a_site_name_beats_a_vendor_and_the_vendor_becomes_the_parent():
    plan = _plan(["COUNTRY", "VENDOR", "COMPANY NAME"])
    assert plan.fields["supplier_name"] == 2
    assert plan.fields["parent_name"] == 1
    assert any(c["field"] == "parent_name" and c["chosen"] == "VENDOR" for c in plan.choices)
    name_choice = next(c for c in plan.choices if c["field"] == "supplier_name")
    assert (
        name_choice["over"] == "VENDOR"
        and name_choice["reason"] == "the more specific alias ('company name')"
    )


def test_an_exact_alias_beats_a_guess_and_the_choice_is_recorded():
    plan = _plan(["Name", "Country", "Line Workers", "Total Workers"], {2: ["5"], 3: ["9"]})
    assert plan.fields["workers"] == 3
    assert plan.choices == [
        {
            "field": "workers",
            "chosen": "Total Workers",
            "over": "Line Workers",
            "reason": "an exact alias beats a guess",
        }
    ]


def test_a_world_region_column_is_not_a_sub_national_region():
    values = {2: ["AMERICAS", "SE ASIA", "EMEA", "N ASIA"], 3: ["Oregon", "Binh Duong"]}
    plan = _plan(["Name", "Country", "Region", "State"], values)
    assert plan.fields["region"] == 3
    assert any("'Region' holds world regions" in n for n in plan.notes)
    assert is_world_region_column(["中港澳", "東南亞", "北美", "歐洲", "南亞"])
    assert not is_world_region_column(["Guangdong", "Xinjiang", "Asia"])


def test_a_guess_whose_values_do_not_fit_the_field_is_dropped():
    values = {2: ["l", "n/a", "l"], 3: ["1-500", "501-1500"]}
    plan = _plan(["COMPANY NAME", "COUNTRY", "WORKERS' REPRESENTATIVES", "EMPLOYEES RANGE"], values)
    assert plan.fields["workers"] == 3
    assert any("WORKERS' REPRESENTATIVES" in n and "values do not fit" in n for n in plan.notes)


def test_generic_words_inside_other_headers_are_not_guessed():
    plan = _plan(["Company Name", "Country", "Name of the trade union", "Postal Code"])
    assert set(plan.fields) == {"supplier_name", "country"}


def test_mapping_columns_come_first_and_keep_stops_recognition():
    options = MappingOptions(columns={"Lieferant": "supplier_name", "Region": "keep", "Land": "country"})
    plan = _plan(["Lieferant", "Land", "Region", "Name"], options=options)
    assert plan.fields["supplier_name"] == 0 and plan.fields["country"] == 1
    assert "region" not in plan.fields


def test_header_row_is_found_below_title_rows():
    rows = [
        ["Data Export - Filters applied:    (none) Data As Of DEC 2025", "", ""],
        ["Factory Name", "Country / Region", "State"],
        ["Fjord, Ltd.", "USA", "Oregon"],
    ]
    assert find_header_row(rows, frozenset()) == 1
    assert (
        find_header_row([["Lieferantenliste"], ["Lieferant", "Land"]], frozenset({"lieferant", "land"})) == 1
    )
    assert find_header_row([["a", "b"], ["c", "d"]], frozenset()) == 0

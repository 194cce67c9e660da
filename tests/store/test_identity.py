from __future__ import annotations

import polars as pl
import pytest

from screening.store.identity import change_reason, fingerprint, fingerprints, normalise_goods

FACTS = {
    "evidence": 'Cotton from China is on the ILAB List of Goods (2024) "forced labor".',
    "source_dataset": "ilab_goods",
    "source_edition": "2024",
    "matched_entity": None,
    "country_code": "CN",
    "region_code": "CN-XJ",
    "goods": "Garments; Cotton",
}


def test_fingerprint_in_duckdb_equals_the_documented_python_recipe() -> None:
    rows = [
        {"supplier_id": "S1", "rule_id": "ilab_goods", **FACTS},
        {
            "supplier_id": "供应商-7",
            "rule_id": "entity_list",
            **FACTS,
            "matched_entity": "Xinjiang Zhongtai\t(Group)",
        },
        {"supplier_id": 'a"b\\c', "rule_id": "r\n1", **FACTS, "goods": None, "country_code": None},
    ]
    frame = pl.DataFrame(rows, schema={k: pl.String for k in rows[0]}).with_row_index("_key")
    findings = frame.select(
        "_key", "supplier_id", "rule_id", "evidence", "source_dataset", "source_edition", "matched_entity"
    )
    suppliers = frame.select("_key", "country_code", "region_code", "goods").reverse()
    got = fingerprints("acme.csv", findings, suppliers).to_list()
    expected = [fingerprint("acme.csv", r.pop("supplier_id"), r.pop("rule_id"), **r) for r in rows]
    assert got == expected
    assert all(len(fp) == 32 and int(fp, 16) >= 0 for fp in got)


def test_goods_order_and_spacing_do_not_change_the_fingerprint() -> None:
    a = fingerprint("l", "S1", "r", **FACTS)
    b = fingerprint("l", "S1", "r", **{**FACTS, "goods": "Cotton;Garments;Cotton"})
    assert a == b
    assert normalise_goods(" Garments ;;Cotton ") == "Cotton;Garments"


@pytest.mark.parametrize(
    "field,value",
    [
        ("evidence", "Cotton from China is on the ILAB List of Goods (2025)."),
        ("source_edition", "2025"),
        ("source_dataset", "cbp_wro"),
        ("matched_entity", "Hoshine Silicon Industry Co"),
        ("country_code", "VN"),
        ("region_code", None),
        ("goods", "Cotton"),
    ],
)
def test_each_fact_the_finding_rests_on_changes_the_fingerprint(field: str, value: str | None) -> None:
    assert fingerprint("l", "S1", "r", **FACTS) != fingerprint("l", "S1", "r", **{**FACTS, field: value})


def test_list_supplier_and_rule_are_part_of_the_identity() -> None:
    base = fingerprint("l", "S1", "r", **FACTS)
    assert base != fingerprint("other.csv", "S1", "r", **FACTS)
    assert base != fingerprint("l", "S2", "r", **FACTS)
    assert base != fingerprint("l", "S1", "r2", **FACTS)
    # a missing value and an empty one are the same fact
    assert fingerprint("l", "S1", "r", **{**FACTS, "region_code": ""}) == fingerprint(
        "l", "S1", "r", **{**FACTS, "region_code": None}
    )


def test_change_reason_names_each_changed_fact_and_falls_back_to_the_sentences() -> None:
    frame = pl.DataFrame(
        {
            **{f"old_{k}": [v, v] for k, v in FACTS.items()},
            **{f"new_{k}": [v, v] for k, v in FACTS.items()},
        },
        schema={f"{p}_{k}": pl.String for p in ("old", "new") for k in FACTS},
    ).with_columns(
        pl.Series("new_source_edition", ["2025", "2024"]),
        pl.Series("new_country_code", ["VN", "CN"]),
        pl.Series("new_evidence", [FACTS["evidence"], "Reworded."]),
    )
    reasons = frame.select(change_reason().alias("r"))["r"].to_list()
    assert reasons[0] == "source_edition 2024 -> 2025; country_code CN -> VN"
    assert reasons[1] == f"evidence '{FACTS['evidence']}' -> 'Reworded.'"


def test_without_key_columns_suppliers_are_matched_by_id() -> None:
    findings = pl.DataFrame({"supplier_id": ["S1", "S2"], "rule_id": ["r", "r"], "evidence": ["e1", "e2"]})
    suppliers = pl.DataFrame(
        {
            "supplier_id": ["S2", "S1", "S1"],
            "country_code": ["VN", "CN", "IN"],
            "goods": ["Fish", "Cotton", "Tea"],
        }
    )
    got = fingerprints("l", findings, suppliers, key="supplier_id").to_list()
    none = {"source_dataset": None, "source_edition": None, "matched_entity": None, "region_code": None}
    assert got == [
        fingerprint(
            "l", "S1", "r", evidence="e1", country_code="CN", goods="Cotton", **none
        ),  # first row wins
        fingerprint("l", "S2", "r", evidence="e2", country_code="VN", goods="Fish", **none),
    ]


def test_reviews_remember_exactly_the_facts_a_fingerprint_rests_on() -> None:
    from screening.store.identity import FACTS
    from screening.store.schema import REVIEW_FACT_COLUMNS  # frozen in migration 2

    assert REVIEW_FACT_COLUMNS == FACTS

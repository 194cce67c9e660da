"""The input suite moves failing supplier rows to quarantine, with row number, column and reason."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from screening.contract import INGEST_SCHEMA
from screening.validation import QUARANTINE_SCHEMA, ValidationReport, validate_input

pytestmark = pytest.mark.usefixtures("gx")
RULES = Path(__file__).resolve().parents[2] / "rules"


def suppliers(rows: list[dict]) -> pl.DataFrame:
    """A normalised frame with every ingest column (null where a row does not say)."""
    base = {name: [r.get(name) for r in rows] for name in INGEST_SCHEMA if not name.startswith("_")}
    frame = pl.DataFrame(base, schema={k: v for k, v in INGEST_SCHEMA.items() if not k.startswith("_")})
    return frame.with_columns(
        pl.int_range(0, len(rows), dtype=pl.Int64).alias("_key"),
        pl.lit("suppliers.csv").alias("_source"),
        pl.int_range(2, len(rows) + 2, dtype=pl.Int64).alias("_row"),
        pl.Series("country_code", [r.get("country_code") for r in rows], dtype=pl.String),
    )


GOOD = [
    {
        "supplier_id": "V1",
        "supplier_name": "Dhaka Knit Ltd",
        "country_code": "BD",
        "spend": 120000.0,
        "workers": 850.0,
        "migrant_worker_share": 0.1,
    },
    {"supplier_id": "V2", "supplier_name": "Prishtina Metals", "country_code": "XK"},
    {"supplier_id": "V3", "supplier_name": "Unknown Origin Trading", "country_code": None, "spend": 0.0},
]


def test_clean_suppliers_pass_every_input_expectation():
    frame = suppliers(GOOD)
    kept, quarantined, res = validate_input(frame, RULES)
    assert kept.equals(frame)
    assert quarantined.height == 0 and quarantined.schema == pl.Schema(QUARANTINE_SCHEMA)
    assert res.evaluated == 7 and res.success and not res.failures
    assert res.quarantined_rows == 0


def test_failing_rows_are_quarantined_with_row_number_column_and_reason():
    frame = suppliers(
        [
            *GOOD,
            {"supplier_id": None, "supplier_name": "No Id Apparel", "country_code": "VN"},  # row 5
            {
                "supplier_id": "V5",
                "supplier_name": "Negative Spend Co",
                "country_code": "IN",
                "spend": -250.0,
            },
            {"supplier_id": "V6", "supplier_name": "   ", "country_code": "ZZ", "migrant_worker_share": 1.7},
            {"supplier_id": "V7", "supplier_name": "Fine Foods", "country_code": "TH", "workers": -3.0},
        ]
    )
    kept, quarantined, res = validate_input(frame, RULES)

    assert kept.get_column("supplier_id").to_list() == ["V1", "V2", "V3"]
    assert kept.columns == frame.columns
    rows = {r["row_number"]: r for r in quarantined.to_dicts()}
    assert sorted(rows) == [5, 6, 7, 8]
    assert rows[5]["source_file"] == "suppliers.csv"
    assert rows[5]["column"] == "supplier_id"
    assert rows[5]["reason"].startswith("supplier_id is empty")
    assert rows[6]["column"] == "spend" and "the row has spend = '-250.0'" in rows[6]["reason"]
    assert rows[7]["column"] == "supplier_name, country_code, migrant_worker_share"
    assert "white space" in rows[7]["reason"] and "'ZZ'" in rows[7]["reason"] and "'1.7'" in rows[7]["reason"]
    assert rows[8]["column"] == "workers"
    raw = json.loads(rows[6]["raw_values"])
    assert raw["supplier_name"] == "Negative Spend Co" and raw["spend"] == -250.0
    assert res.quarantined_rows == 4

    failed = {o.expectation: o for o in res.failures}
    assert set(failed) == {
        "supplier_id_present", "supplier_name_not_blank", "country_code_iso", "spend_not_negative",
        "migrant_worker_share_is_share", "workers_not_negative",
    }  # fmt: skip
    assert not any(o.blocking for o in res.outcomes)
    assert failed["country_code_iso"].observed["examples"] == ["ZZ"]
    assert failed["country_code_iso"].observed["at"] == [7]
    assert "moved to quarantine" in failed["spend_not_negative"].message
    report = ValidationReport.from_results([res])
    assert report.success and len(report.warning_messages()) == 6


def test_a_missing_column_is_a_blocking_failure_not_a_quarantine():
    frame = suppliers(GOOD).drop("workers")
    kept, quarantined, res = validate_input(frame, RULES)
    assert kept.height == 3 and quarantined.height == 0
    (bad,) = res.blocking_failures
    assert bad.expectation == "workers_not_negative"
    assert "no column workers" in bad.message

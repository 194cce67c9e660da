"""End-to-end: the bundled example list through the whole library pipeline, checked as a user would."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from screening.contract import CATEGORIES, SCORE_CATEGORY_COLUMNS
from screening.pipeline import RunOptions, run

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "suppliers.csv"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    result = run([EXAMPLE], RunOptions(out=out, no_store=True))
    return out, result


def _score(scores: pl.DataFrame, supplier_id: str) -> dict:
    rows = scores.filter(pl.col("supplier_id") == supplier_id).to_dicts()
    assert rows, supplier_id
    return rows[0]


def test_every_row_is_screened_or_quarantined(demo):
    out, result = demo
    run_json = json.loads((out / "run.json").read_text())
    data_rows = sum(1 for _ in EXAMPLE.open(encoding="utf-8")) - 1
    assert run_json["rows_in"] == data_rows == 201
    assert run_json["rows_in"] == run_json["rows_screened"] + run_json["rows_quarantined"]
    quarantine = pl.read_csv(out / "quarantine.csv", infer_schema=False)
    assert quarantine.height == run_json["rows_quarantined"] == 3  # 202 repeats V10041 of row 42
    assert sorted(quarantine.get_column("row_number").to_list()) == ["200", "201", "202"]
    assert run_json["inputs"][0]["sha256"] and run_json["inputs"][0]["rows"] == 201
    assert "V10041" in run_json["inputs"][0]["duplicate_ids"]


def test_scores_have_the_contract_columns_in_input_order(demo):
    out, _ = demo
    scores = pl.read_csv(out / "scores.csv", infer_schema=False)
    for col in (
        "supplier_id",
        "supplier_name",
        "country_code",
        "region_code",
        "goods",
        "risk_score",
        "risk_tier",
        *SCORE_CATEGORY_COLUMNS,
        "n_findings",
        "top_reason",
    ):
        assert col in scores.columns
    assert scores.get_column("supplier_id").head(3).to_list() == ["V10001", "V10002", "V10003"]
    assert set(scores.get_column("risk_tier").unique()) <= {"low", "medium", "high", "critical"}


def test_demo_shows_findings_of_every_category_with_evidence(demo):
    out, _ = demo
    findings = pl.read_csv(out / "findings.csv", infer_schema=False)
    assert set(findings.get_column("category").unique()) == set(CATEGORIES)
    assert findings.filter(pl.col("evidence").is_null() | (pl.col("evidence") == "")).height == 0
    assert (
        findings.filter(pl.col("source_dataset").is_null() | pl.col("source_edition").is_null()).height == 0
    )


def test_default_policy_on_real_rows(demo):
    _, result = demo
    s = result.scores
    hoshine = _score(s, "V10001")  # UFLPA entity spelled as a supplier master would, in Xinjiang
    assert hoshine["risk_tier"] == "critical" and hoshine["region_code"] == "CN-XJ"
    assert _score(s, "V10010")["risk_tier"] == "critical"  # Turkmen cotton: active CBP WRO
    assert _score(s, "V10008")["risk_tier"] == "critical"  # Top Glove: active CBP WRO entity
    ghana = _score(s, "V10013")  # cocoa from Ghana: child labour alone
    assert ghana["risk_tier"] in ("medium", "high") and ghana["score_child_labor"] > 0
    assert _score(s, "V10016")["risk_tier"] in ("high", "critical")  # Pakistani bricks: forced labour listed
    germany = _score(s, "V10029")  # logistics in Germany (Tier 1), no goods, no flags
    assert germany["risk_tier"] == "low"


def test_watch_list_hit_names_the_primary_entity_and_score(demo):
    _, result = demo
    f = result.findings.filter(
        (pl.col("supplier_id") == "V10001") & (pl.col("rule_id") == "uflpa-entity-match")
    )
    assert f.height == 1
    assert f.item(0, "matched_entity") == "Hoshine Silicon Industry (Shanshan) Co., Ltd."
    assert 0.9 <= f.item(0, "match_score") <= 1.0


def test_same_inputs_give_byte_identical_scores(demo, tmp_path):
    out, _ = demo
    run([EXAMPLE], RunOptions(out=tmp_path, no_store=True, reports=False))
    for name in ("scores.csv", "findings.csv", "quarantine.csv", "scores.parquet", "findings.parquet"):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name

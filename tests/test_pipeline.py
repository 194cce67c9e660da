"""End-to-end: the bundled example list through the whole library pipeline, checked as a user would."""

from __future__ import annotations

import json
import os
from pathlib import Path

import polars as pl
import pytest

from screening.contract import CATEGORIES, SCORE_BASE_COLUMNS, SCORE_CATEGORY_COLUMNS, SCORE_TAIL_COLUMNS
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
    out, _ = demo
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
    for col in (*SCORE_BASE_COLUMNS, *SCORE_CATEGORY_COLUMNS, *SCORE_TAIL_COLUMNS):
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
    # Top Glove: CBP's Finding was modified on 2021-09-09, so a past red flag (high), never critical
    assert _score(s, "V10008")["risk_tier"] == "high"
    ghana = _score(s, "V10013")  # cocoa from Ghana: child labour alone
    assert ghana["risk_tier"] in ("medium", "high") and ghana["score_child_labor"] > 0
    bricks = _score(s, "V10016")  # Pakistani bricks: listed for forced labour, but only a country x good fact
    assert bricks["risk_tier"] == "medium" and bricks["top_basis"] == "country"
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


def _store_runs(path: Path) -> list[tuple[str, str]]:
    import duckdb

    with duckdb.connect(str(path), read_only=True) as con:
        return [
            (str(r), str(s))
            for r, s in con.execute("SELECT run_id, status FROM runs ORDER BY seq").fetchall()
        ]


SMALL = (
    "supplier_id,supplier_name,country,goods\n"
    "S1,Acme Cotton Mill,Turkmenistan,cotton\nS2,Beta Logistics,Germany,\n"
)


@pytest.mark.slow  # a screen with validation, reports and a store (CI: make test-slow)
def test_the_output_folder_is_complete_before_the_store_records_the_run(tmp_path, monkeypatch):
    from screening.store.store import Store

    src = tmp_path / "list.csv"
    src.write_text(SMALL, encoding="utf-8")
    out, seen = tmp_path / "out", []
    original = Store.persist_run

    def persist_run(self, run_record, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.extend(sorted(p.name for p in out.iterdir()))
        return original(self, run_record, *args, **kwargs)

    monkeypatch.setattr(Store, "persist_run", persist_run)
    run([src], RunOptions(out=out, store=tmp_path / "s.duckdb"))
    for name in ("scores.csv", "findings.csv", "run.json", "validation.json", "report.html", "report.xlsx"):
        assert name in seen, name


@pytest.mark.slow  # a screen with validation, reports and a store (CI: make test-slow)
def test_a_failure_after_the_store_write_is_recorded_as_a_failure(tmp_path, monkeypatch):
    from screening.store.store import Store

    src, store = tmp_path / "list.csv", tmp_path / "s.duckdb"
    src.write_text(SMALL, encoding="utf-8")
    first = run([src], RunOptions(out=tmp_path / "a", store=store, reports=False))

    def broken_diff(self, a, b):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr(Store, "diff", broken_diff)
    with pytest.raises(OSError, match="disk full"):
        run([src], RunOptions(out=tmp_path / "b", store=store, reports=False))
    record = json.loads((tmp_path / "b" / "run.json").read_text())
    assert record["status"] == "failed" and "disk full" in record["error"]
    assert _store_runs(store) == [(first.run["run_id"], "success"), (record["run_id"], "failed")]


@pytest.mark.slow  # two screens racing for one folder (CI: make test-slow)
def test_a_second_screen_of_the_same_output_folder_waits_then_stops(tmp_path):
    from screening.errors import InputError
    from screening.stages import OUT_LOCK_FILE
    from screening.store.lock import hold_lock

    src, out = tmp_path / "list.csv", tmp_path / "out"
    src.write_text(SMALL, encoding="utf-8")
    out.mkdir()
    with hold_lock(out / OUT_LOCK_FILE, 1, lambda holder: InputError(holder)):
        with pytest.raises(InputError, match="Another screen is writing the output folder") as err:
            run([src], RunOptions(out=out, no_store=True, out_lock_wait_s=0.3))
    assert err.value.exit_code == 2 and f"pid {os.getpid()}" in str(err.value)
    assert not (out / "scores.csv").exists()
    run([src], RunOptions(out=out, no_store=True, reports=False))  # free again once the first is done
    assert (out / "scores.csv").exists()

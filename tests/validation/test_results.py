"""Each result invariant, broken on purpose, fails its own expectation and blocks the screen."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from screening.contract import FINDINGS_SCHEMA
from screening.scoring.policy import load_policy
from screening.validation import ValidationReport, validate_results

pytestmark = pytest.mark.usefixtures("gx")
RULES = Path(__file__).resolve().parents[2] / "rules"
RULE_IDS = {"ilab-forced-labor-good", "uflpa-entity-match", "data-gap-unknown-country", "watchlist-review"}
DATASET_IDS = {"ilab_goods", "uflpa", "cbp_wro", "supplier_list", "user:my_blocklist"}
COUNTS = {"rows_in": 6, "rows_screened": 5, "rows_quarantined": 1}

# _key, rule_id, category, severity, points, source_dataset, match_score, basis
FINDINGS = [
    (1, "ilab-forced-labor-good", "forced_labor", "high", 30.0, "ilab_goods", None, "country"),
    (2, "uflpa-entity-match", "entity_list", "critical", 100.0, "uflpa", 0.97, "supplier"),
    (3, "data-gap-unknown-country", "data_gap", "low", 5.0, "supplier_list", None, "supplier"),
    (4, "watchlist-review", "entity_list", "review", 0.0, "user:my_blocklist", 0.81, "supplier"),
]


def good_result() -> tuple[pl.DataFrame, pl.DataFrame]:
    """Five suppliers scored as the default policy says (tier = max(score tier, severity floor))."""
    policy = load_policy(RULES)
    columns = ("_key", "rule_id", "category", "severity", "points", "source_dataset", "match_score", "basis")
    findings = (
        pl.DataFrame([dict(zip(columns, f, strict=True)) for f in FINDINGS])
        .with_columns(
            pl.format("V{}", "_key").alias("supplier_id"),
            pl.lit(1).alias("rule_version"),
            pl.lit("evidence sentence").alias("evidence"),
            pl.lit("2024").alias("source_edition"),
            pl.lit(None).alias("matched_entity"),
            pl.lit(None).alias("matched_field"),
            pl.lit(None).alias("_count_once"),
        )
        .select([pl.col(c).cast(t) for c, t in FINDINGS_SCHEMA.items()])
    )
    rows = []
    for key in range(5):
        mine = [f for f in FINDINGS if f[0] == key]
        score = min(sum(f[4] for f in mine), 100.0)
        tiers = [policy.tier_for(score, f[3], f[7]) for f in mine] or [policy.tier_for(score, None)]
        tier = max(tiers, key=["low", "medium", "high", "critical"].index)
        rows.append({"_key": key, "supplier_id": f"V{key}", "risk_score": score,
                     "risk_tier": tier, "n_findings": len(mine)})  # fmt: skip
    return pl.DataFrame(rows), findings


def run(scores: pl.DataFrame, findings: pl.DataFrame, counts=COUNTS, rule_ids=RULE_IDS):
    return validate_results(scores, findings, counts, rule_ids, DATASET_IDS, RULES)


def failed(result) -> dict[str, object]:
    return {o.expectation: o for o in result.failures}


def set_value(frame: pl.DataFrame, key: int, column: str, value) -> pl.DataFrame:
    return frame.with_columns(
        pl.when(pl.col("_key") == key).then(pl.lit(value)).otherwise(pl.col(column)).alias(column)
    )


def test_consistent_result_passes_every_expectation():
    scores, findings = good_result()
    # Supplier 1's ILAB listing rests on its country (capped at medium); supplier 4's possible match is high.
    assert scores.get_column("risk_tier").to_list() == ["low", "medium", "critical", "low", "high"]
    result = run(scores, findings)
    assert result.success and not result.failures, [o.message for o in result.failures]
    assert result.evaluated == 19
    assert {o.batch for o in result.outcomes} == {"scores", "findings", "counts"}


def test_score_above_100_fails():
    scores, findings = good_result()
    result = run(set_value(scores, 2, "risk_score", 101.0), findings)
    bad = failed(result)
    assert "risk_score_range" in bad
    assert bad["risk_score_range"].observed["examples"] == [101.0]
    assert bad["risk_score_range"].observed["at"] == ["V2"]
    assert bad["risk_score_range"].blocking and not result.success


def test_tier_below_the_score_tier_fails():
    scores, findings = good_result()
    result = run(set_value(scores, 0, "risk_score", 60.0), findings)  # 60 reaches "medium" (points cap)
    assert set(failed(result)) == {"tier_reaches_score_tier", "tier_is_score_tier_without_floor"}
    message = failed(result)["tier_is_score_tier_without_floor"].message
    assert "results (scores)" in message and "['low', 'medium']" in message and "V0" in message


def test_tier_above_what_score_and_floors_allow_fails():
    scores, findings = good_result()
    result = run(set_value(scores, 3, "risk_tier", "high"), findings)  # a low finding sets no floor
    assert set(failed(result)) == {"tier_within_score_and_floors", "tier_is_score_tier_without_floor"}


def test_floor_lifts_the_tier_above_the_score_tier_without_failing():
    scores, findings = good_result()
    row = scores.filter(pl.col("_key") == 4).to_dicts()[0]
    assert (row["risk_score"], row["risk_tier"]) == (0.0, "high")  # score tier low, floor high (review)
    result = run(set_value(scores, 4, "risk_tier", "critical"), findings)
    assert set(failed(result)) == {"tier_within_score_and_floors"}


def test_country_facts_lifting_a_supplier_to_high_fail():
    scores, findings = good_result()  # supplier 1: only an ILAB country x good finding of severity high
    result = run(set_value(scores, 1, "risk_tier", "high"), findings)
    assert set(failed(result)) == {"tier_within_score_and_floors"}


def test_unknown_rule_id_fails():
    scores, findings = good_result()
    result = run(scores, set_value(findings, 1, "rule_id", "retired-rule"))
    assert set(failed(result)) == {"rule_id_known"}
    assert failed(result)["rule_id_known"].observed["examples"] == ["retired-rule"]


def test_unknown_dataset_fails_but_a_loaded_user_watch_list_passes():
    scores, findings = good_result()
    assert run(scores, findings).success  # user:my_blocklist is among the dataset ids
    result = run(scores, set_value(findings, 4, "source_dataset", "user:someone_elses_list"))
    assert set(failed(result)) == {"source_dataset_known"}


def test_category_and_severity_outside_the_contract_fail():
    scores, findings = good_result()
    broken = set_value(set_value(findings, 1, "category", "slavery"), 3, "severity", "severe")
    assert set(failed(run(scores, broken))) == {"category_known", "severity_known"}


def test_rows_in_mismatch_fails():
    scores, findings = good_result()
    result = run(scores, findings, counts={"rows_in": 7, "rows_screened": 5, "rows_quarantined": 1})
    (bad,) = result.failures
    assert bad.expectation == "rows_accounted" and bad.observed["examples"] == [[7, 6]]
    assert bad.threshold == "rows_in == rows_screened + rows_quarantined"


def test_missing_or_duplicated_supplier_rows_fail():
    scores, findings = good_result()
    result = run(scores.filter(pl.col("_key") != 0), findings)
    assert set(failed(result)) == {"one_row_per_screened_supplier"}
    assert failed(result)["one_row_per_screened_supplier"].observed == 4
    doubled = pl.concat([scores, scores.filter(pl.col("_key") == 0)])
    assert set(failed(run(doubled, findings))) == {"one_row_per_screened_supplier", "key_unique"}


def test_finding_of_an_unscreened_supplier_and_wrong_n_findings_fail():
    scores, findings = good_result()
    result = run(scores, set_value(findings, 3, "_key", 99))
    assert set(failed(result)) == {"finding_names_screened_supplier", "n_findings_matches_findings"}
    assert failed(result)["finding_names_screened_supplier"].observed["examples"] == ["99"]


def test_every_result_failure_blocks_and_is_reported():
    scores, findings = good_result()
    result = run(
        set_value(scores, 2, "risk_score", 101.0), findings, rule_ids=RULE_IDS - {"watchlist-review"}
    )
    report = ValidationReport.from_results([result])
    assert not report.success
    assert {f["expectation"] for f in report.to_dict()["failures"]} == {"risk_score_range", "rule_id_known"}
    assert all(f["blocking"] for f in report.to_dict()["failures"])


def test_counts_must_be_complete():
    scores, findings = good_result()
    with pytest.raises(ValueError, match="rows_quarantined"):
        run(scores, findings, counts={"rows_in": 6, "rows_screened": 5})


def test_sparse_keys_give_the_same_verdicts_as_dense_ones():
    from screening.validation.results import derive_scores

    scores, findings = good_result()
    shift = pl.col("_key") + 10**12  # not a dense ordinal: the polars path instead of numpy's bincount
    sparse_scores, sparse_findings = scores.with_columns(shift), findings.with_columns(shift)
    policy = load_policy(RULES)
    dense = derive_scores(scores, findings, policy).drop("_key")
    assert derive_scores(sparse_scores, sparse_findings, policy).drop("_key").equals(dense)
    assert dense.get_column("_n_findings").to_list() == [0, 1, 1, 1, 1]
    assert dense.get_column("_expected_tier").to_list() == ["low", None, None, "low", None]
    assert run(sparse_scores, sparse_findings).success
    broken = sparse_scores.with_columns(pl.col("risk_tier").replace({"critical": "low"}))
    assert set(failed(run(broken, sparse_findings))) == {"tier_reaches_score_tier"}


def test_score_tier_follows_the_policy_itself():
    # Points alone reach at most points_tier_cap (medium in the default policy), never "high".
    policy = load_policy(RULES)
    scores, findings = good_result()
    result = run(set_value(scores, 1, "risk_score", 85.0), findings)  # supplier 1 keeps tier "medium"
    assert result.success == (policy.tier_for(85.0, "high", "country") == "medium")
    lifted = set_value(set_value(scores, 1, "risk_score", 85.0), 1, "risk_tier", policy.score_tier(85.0))
    assert run(lifted, findings).success

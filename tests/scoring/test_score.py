"""Scoring: caps, totals, tier floors, cleared findings, determinism (hand-made findings)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from screening.contract import FINDINGS_SCHEMA
from screening.scoring.policy import load_policy
from screening.scoring.score import NO_FINDING, score_suppliers

RULES = Path(__file__).resolve().parents[2] / "rules"


@pytest.fixture(scope="module")
def policy():
    return load_policy(RULES)


def _findings(rows: list[dict]) -> pl.DataFrame:
    base = {c: None for c in FINDINGS_SCHEMA}
    return pl.DataFrame(
        [base | {"supplier_id": f"s{r['_key']}", "rule_version": 1} | r for r in rows], schema=FINDINGS_SCHEMA
    )


def _frame(n: int) -> pl.DataFrame:
    return pl.DataFrame({"_key": list(range(n))}, schema={"_key": pl.Int64})


def test_supplier_without_findings_is_low_with_zero_score(policy):
    out = score_suppliers(_frame(1), _findings([]), policy)
    row = out.row(0, named=True)
    assert row["risk_score"] == 0.0
    assert row["risk_tier"] == "low"
    assert row["n_findings"] == 0
    assert row["top_reason"] == NO_FINDING


def test_points_within_a_category_are_capped(policy):
    rows = [
        {
            "_key": 0,
            "rule_id": f"r{i}",
            "category": "country_governance",
            "severity": "low",
            "points": 10.0,
            "evidence": f"e{i}",
        }
        for i in range(5)
    ]
    out = score_suppliers(_frame(1), _findings(rows), policy).row(0, named=True)
    assert out["score_country_governance"] == policy.cap("country_governance") == 20
    assert out["risk_score"] == 20
    assert out["risk_tier"] == "low"


def test_high_severity_floor_lifts_a_low_score_to_high(policy):
    rows = [
        {
            "_key": 0,
            "rule_id": "ilab-forced-labor-good",
            "category": "forced_labor",
            "severity": "high",
            "points": 20.0,
            "evidence": "Cotton from X",
        }
    ]
    out = score_suppliers(_frame(1), _findings(rows), policy).row(0, named=True)
    assert out["risk_score"] == 20
    assert out["risk_tier"] == "high"
    assert out["top_reason"] == "Cotton from X"


def test_review_severity_never_raises_the_tier(policy):
    rows = [
        {
            "_key": 0,
            "rule_id": "uflpa-entity-possible-match",
            "category": "entity_list",
            "severity": "review",
            "points": 0.0,
            "evidence": "possible",
        }
    ]
    out = score_suppliers(_frame(1), _findings(rows), policy).row(0, named=True)
    assert out["risk_tier"] == "low"
    assert out["n_findings"] == 1


def test_top_reason_is_the_strongest_finding(policy):
    rows = [
        {
            "_key": 0,
            "rule_id": "a",
            "category": "country_governance",
            "severity": "low",
            "points": 10.0,
            "evidence": "weak",
        },
        {
            "_key": 0,
            "rule_id": "b",
            "category": "region",
            "severity": "critical",
            "points": 100.0,
            "evidence": "Xinjiang",
        },
        {
            "_key": 0,
            "rule_id": "c",
            "category": "child_labor",
            "severity": "medium",
            "points": 25.0,
            "evidence": "child",
        },
    ]
    out = score_suppliers(_frame(1), _findings(rows), policy).row(0, named=True)
    assert out["top_reason"] == "Xinjiang"
    assert out["risk_tier"] == "critical"
    assert out["risk_score"] == 100


def test_cleared_findings_do_not_count_unless_policy_says_so(policy):
    rows = [
        {
            "_key": 0,
            "rule_id": "b",
            "category": "region",
            "severity": "critical",
            "points": 100.0,
            "evidence": "Xinjiang",
        }
    ]
    findings = _findings(rows).with_columns(review_status=pl.lit("cleared"))
    out = score_suppliers(_frame(1), findings, policy).row(0, named=True)
    assert out["risk_tier"] == "low"
    assert out["n_findings"] == 1  # reported, not counted
    strict = policy.model_copy(
        update={"review": policy.review.model_copy(update={"cleared_raises_tier": True})}
    )
    assert score_suppliers(_frame(1), findings, strict).row(0, named=True)["risk_tier"] == "critical"


def test_scores_keep_input_order_and_are_deterministic(policy):
    rows = [
        {
            "_key": k,
            "rule_id": "r",
            "category": "child_labor",
            "severity": "medium",
            "points": 25.0,
            "evidence": f"e{k}",
        }
        for k in (3, 1)
    ]
    a = score_suppliers(_frame(5), _findings(rows), policy)
    b = score_suppliers(_frame(5), _findings(list(reversed(rows))), policy)
    assert a.get_column("_key").to_list() == [0, 1, 2, 3, 4]
    assert a.equals(b)

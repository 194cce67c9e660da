"""Scoring engine: caps, totals, the two axes, tier floors capped by basis, cleared findings, determinism.

Against a fixture policy written here (not the live rules/policy.yml, which tests/scoring/test_policy.py
pins), so tuning the live policy never breaks these engine tests.
"""

from __future__ import annotations

import polars as pl
import pytest

from screening.contract import FINDINGS_SCHEMA
from screening.scoring.policy import Policy
from screening.scoring.score import NO_FINDING, no_finding_reason, score_suppliers

MEANING = {"meaning": "what the tier means", "action": "what to do about it"}
FIXTURE_POLICY = {
    "version": 99,
    "tiers": {t: MEANING for t in ("low", "medium", "high", "critical")},
    "tier_thresholds": {"medium": 20, "high": 40, "critical": 90},
    "points_tier_cap": "medium",
    "severity_floor": {
        "critical": "critical",
        "high": "high",
        "medium": "medium",
        "low": None,
        "review": "high",
    },
    "basis_tier_cap": {"country": "medium"},
    "category_caps": {"country_governance": 12, "region": 100, "child_labor": 30, "entity_list": 100},
}


@pytest.fixture(scope="module")
def policy() -> Policy:
    return Policy.model_validate(FIXTURE_POLICY)


def finding(key: int, rule: str, category: str, severity: str, points: float, basis: str, ev: str) -> dict:
    return {"_key": key, "rule_id": rule, "category": category, "severity": severity, "points": points,
            "basis": basis, "evidence": ev}  # fmt: skip


def _findings(rows: list[dict]) -> pl.DataFrame:
    base = {c: None for c in FINDINGS_SCHEMA}
    return pl.DataFrame(
        [base | {"supplier_id": f"s{r['_key']}", "rule_version": 1} | r for r in rows], schema=FINDINGS_SCHEMA
    )


def _frame(n: int) -> pl.DataFrame:
    return pl.DataFrame({"_key": list(range(n))}, schema={"_key": pl.Int64})


def score_one(rows: list[dict], policy: Policy) -> dict:
    return score_suppliers(_frame(1), _findings(rows), policy).row(0, named=True)


def test_supplier_without_findings_is_low_with_zero_score_and_says_what_was_checked(policy):
    row = score_one([], policy)
    assert (row["risk_score"], row["risk_tier"], row["n_findings"]) == (0.0, "low", 0)
    assert row["top_reason"] == NO_FINDING
    dated = score_suppliers(_frame(1), _findings([]), policy, as_of="2026-07-01").row(0, named=True)
    assert dated["top_reason"] == no_finding_reason("2026-07-01")
    assert "as of 2026-07-01" in dated["top_reason"] and "not evidence" in dated["top_reason"]


FORCED_COTTON = finding(0, "ilab-forced-labor-good", "forced_labor", "high", 35.0, "country", "Cotton from X")
PASSPORTS = finding(
    0, "practice-passport-retention", "supplier_practice", "high", 10.0, "supplier", "passports"
)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            [finding(0, f"r{i}", "country_governance", "low", 10.0, "country", f"e{i}") for i in range(5)],
            {"score_country_governance": 12, "risk_score": 12, "risk_tier": "low"},
            id="points-within-a-category-are-capped",
        ),
        pytest.param(
            [
                FORCED_COTTON,
                finding(0, "tip-tier-3", "country_governance", "medium", 20.0, "country", "Tier 3"),
                finding(0, "ilab-child-labor-good", "child_labor", "medium", 30.0, "country", "child"),
            ],
            # 35 + 12 (capped) + 30
            {"risk_score": 77, "risk_tier": "medium", "exposure_score": 85.0, "red_flag_score": 0.0,
             "top_basis": "country"},
            id="country-findings-alone-stay-medium-however-many-add-up",
        ),
        pytest.param(
            [
                FORCED_COTTON,
                PASSPORTS,
            ],
            # the finding that sets the tier is the top reason, not the one with most points
            {"risk_tier": "high", "top_reason": "passports", "red_flag_score": 10.0, "exposure_score": 35.0},
            id="a-red-flag-about-the-supplier-makes-it-high-and-is-the-top-reason",
        ),
        pytest.param(
            [
                finding(0, "a", "country_governance", "low", 10.0, "country", "weak"),
                finding(0, "b", "region", "critical", 100.0, "site", "Xinjiang"),
                finding(0, "c", "child_labor", "medium", 25.0, "country", "child"),
            ],
            {"top_reason": "Xinjiang", "risk_tier": "critical", "risk_score": 100, "top_basis": "site"},
            id="top-reason-is-the-strongest-finding",
        ),
    ],
)  # fmt: skip
def test_score_tier_and_top_reason_of_one_supplier(policy, rows, expected):
    out = score_one(rows, policy)
    assert {k: out[k] for k in expected} == expected


def test_a_possible_watch_list_match_is_high_until_cleared(policy):
    rows = [finding(0, "uflpa-entity-possible-match", "entity_list", "review", 0.0, "supplier", "possible")]
    out = score_one(rows, policy)
    assert (out["risk_tier"], out["n_findings"]) == ("high", 1)
    cleared = _findings(rows).with_columns(review_status=pl.lit("cleared"))
    assert score_suppliers(_frame(1), cleared, policy).row(0, named=True)["risk_tier"] == "low"


def test_cleared_findings_do_not_count_unless_policy_says_so(policy):
    findings = _findings([finding(0, "b", "region", "critical", 100.0, "site", "Xinjiang")]).with_columns(
        review_status=pl.lit("cleared")
    )
    out = score_suppliers(_frame(1), findings, policy).row(0, named=True)
    assert (out["risk_tier"], out["n_findings"]) == ("low", 1)  # reported, not counted
    strict = policy.model_copy(
        update={"review": policy.review.model_copy(update={"cleared_raises_tier": True})}
    )
    assert score_suppliers(_frame(1), findings, strict).row(0, named=True)["risk_tier"] == "critical"


def test_points_reach_above_the_cap_only_when_the_policy_lets_them(policy):
    rows = [finding(0, "x", "entity_list", "low", 95.0, "supplier", "many points, low severity")]
    assert score_one(rows, policy)["risk_tier"] == "medium"
    loose = policy.model_copy(update={"points_tier_cap": "critical"})
    assert score_one(rows, loose)["risk_tier"] == "critical"


def test_scores_keep_input_order_and_are_deterministic(policy):
    rows = [finding(k, "r", "child_labor", "medium", 25.0, "country", f"e{k}") for k in (3, 1)]
    a = score_suppliers(_frame(5), _findings(rows), policy)
    b = score_suppliers(_frame(5), _findings(list(reversed(rows))), policy)
    assert a.get_column("_key").to_list() == [0, 1, 2, 3, 4]
    assert a.equals(b)


def test_scoring_by_key_ranges_gives_the_same_scores(policy, monkeypatch):
    import screening.scoring.score as score_module

    rows = [
        finding(k, r, cat, sev, pts, basis, f"{r} {k}")
        for k in range(0, 9, 2)
        for r, cat, sev, pts, basis in (
            ("a", "child_labor", "medium", 20.0, "country"),
            ("b", "supplier_practice", "high", 10.0, "supplier"),
        )
    ]
    whole = score_suppliers(_frame(10), _findings(rows), policy)
    monkeypatch.setattr(score_module, "KEYS_PER_CHUNK", 3)
    assert len(score_module._key_chunks(score_module.coded_findings(_findings(rows), policy))) == 3
    assert score_suppliers(_frame(10), _findings(rows), policy).equals(whole)
    assert whole.get_column("risk_tier").to_list()[:3] == ["high", "low", "high"]

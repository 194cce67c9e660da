"""The default policy in rules/policy.yml, pinned: changing it must be a deliberate, reviewed change."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from screening.errors import ConfigError
from screening.scoring.policy import load_policy

RULES = Path(__file__).resolve().parents[2] / "rules"


def test_default_thresholds_and_floors_are_pinned():
    p = load_policy(RULES)
    assert p.tier_thresholds == {"medium": 25, "high": 50, "critical": 80}
    assert p.severity_floor == {
        "critical": "critical",
        "high": "high",
        "medium": "medium",
        "low": None,
        "review": "high",
    }
    assert p.basis_tier_cap == {"country": "medium"}
    assert p.points_tier_cap == "medium"
    assert (p.matching.match_threshold, p.matching.review_threshold) == (0.9, 0.75)
    assert p.review.cleared_raises_tier is False


@pytest.mark.parametrize(
    ("score", "severity", "basis", "tier"),
    [
        # the score's tier, raised to the floor of the strongest finding's severity
        (0, None, None, "low"),
        (24.9, None, None, "low"),
        (25, None, None, "medium"),
        (50, None, None, "medium"),
        (100, None, None, "medium"),
        (5, "critical", None, "critical"),
        (5, "high", None, "high"),
        (5, "medium", None, "medium"),
        (5, "low", None, "low"),
        (60, "medium", None, "medium"),
        (5, "review", None, "high"),
        # country facts alone never reach high, whatever the score and severity
        (100, "critical", "supplier", "critical"),
        (100, "critical", "site", "critical"),
        (100, "critical", "input", "critical"),
        (100, "critical", "country", "medium"),
        (100, "high", "country", "medium"),
        (100, "high", "input", "high"),
        (100, "medium", "country", "medium"),
        (100, "review", "supplier", "high"),
    ],
)
def test_tier_is_the_higher_of_score_and_floor_and_country_facts_never_reach_high(
    score, severity, basis, tier
):
    assert load_policy(RULES).tier_for(score, severity, basis) == tier


def test_a_policy_letting_country_facts_reach_high_is_refused(tmp_path):
    raw = yaml.safe_load((RULES / "policy.yml").read_text())
    raw["basis_tier_cap"] = {"country": "high"}
    (tmp_path / "policy.yml").write_text(yaml.safe_dump(raw))
    with pytest.raises(ConfigError, match="country facts alone never"):
        load_policy(tmp_path)


def test_every_tier_has_a_meaning_and_an_action():
    p = load_policy(RULES)
    assert set(p.tiers) == {"low", "medium", "high", "critical"}
    assert "legal review" in p.tiers["critical"].action
    assert "Inherent exposure" in p.tiers["medium"].meaning


def test_bad_policy_names_the_field(tmp_path):
    raw = yaml.safe_load((RULES / "policy.yml").read_text())
    raw["tier_thresholds"]["high"] = 10
    (tmp_path / "policy.yml").write_text(yaml.safe_dump(raw))
    with pytest.raises(ConfigError, match="tier_thresholds must rise"):
        load_policy(tmp_path)
    raw["category_caps"]["slavery"] = 5
    raw["tier_thresholds"]["high"] = 50
    (tmp_path / "policy.yml").write_text(yaml.safe_dump(raw))
    with pytest.raises(ConfigError, match="unknown categories"):
        load_policy(tmp_path)


def test_points_alone_reach_at_most_the_points_tier_cap():
    p = load_policy(RULES)
    assert p.tier_for(100, None) == "medium"
    assert p.tier_for(100, "critical") == "critical"
    assert p.model_copy(update={"points_tier_cap": "critical"}).tier_for(80, None) == "critical"


def test_inferred_goods_weaken_severity_by_one_step():
    p = load_policy(RULES)
    assert p.inferred_good_weight == 0.5
    assert [p.inferred_severity(s) for s in ("critical", "high", "medium", "low", "review")] == [
        "high",
        "medium",
        "low",
        "low",
        "review",
    ]

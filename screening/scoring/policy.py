"""The scoring policy: weights, caps, tier thresholds and severity floors, from ``rules/policy.yml``.

One YAML file holds every number that turns findings into a score, so a rule maintainer can change
the policy in a reviewed diff and CI pins the defaults.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from screening.contract import CATEGORIES, SEVERITIES, TIER_RANK, TIERS
from screening.yaml_model import load_model

Tier = Literal["low", "medium", "high", "critical"]


class MatchingPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid")
    match_threshold: float = Field(0.9, ge=0, le=1, description="score >= this is a confirmed match")
    review_threshold: float = Field(0.75, ge=0, le=1, description="score >= this awaits an auditor")
    algorithm: str = Field("supplier-name-v1", description="the declared matching algorithm by NAME")

    @model_validator(mode="after")
    def _ordered(self) -> MatchingPolicy:
        if self.review_threshold > self.match_threshold:
            raise ValueError("matching.review_threshold must not exceed matching.match_threshold")
        return self


class ReviewPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cleared_raises_tier: bool = Field(
        False, description="whether a finding an auditor cleared still counts towards score and tier"
    )


class Policy(BaseModel):
    """The validated policy. ``tier_for`` is the one place a score becomes a tier."""

    model_config = ConfigDict(extra="forbid")
    version: int
    tier_thresholds: dict[Tier, float]
    severity_floor: dict[str, Tier | None]
    category_caps: dict[str, float]
    max_score: float = 100.0
    critical_by_score: bool = Field(
        False,
        description="whether points alone can reach `critical`; by default critical is kept for findings of "
        "critical severity (a legal import ban or presumption)",
    )
    inferred_severity_step: int = Field(
        1, ge=0, le=3, description="severity levels a finding loses when its good was inferred, not stated"
    )
    inferred_good_weight: float = Field(
        0.5, ge=0, le=1, description="share of a rule's points kept when the good was inferred, not stated"
    )
    matching: MatchingPolicy = Field(default_factory=MatchingPolicy)
    review: ReviewPolicy = Field(default_factory=ReviewPolicy)

    @model_validator(mode="after")
    def _check(self) -> Policy:
        if set(self.tier_thresholds) != {"medium", "high", "critical"}:
            raise ValueError("tier_thresholds needs exactly medium, high and critical")
        t = self.tier_thresholds
        if not 0 < t["medium"] < t["high"] < t["critical"] <= self.max_score:
            raise ValueError("tier_thresholds must rise: 0 < medium < high < critical <= max_score")
        unknown = set(self.severity_floor) - set(SEVERITIES)
        if unknown:
            raise ValueError(f"severity_floor has unknown severities {sorted(unknown)}")
        unknown = set(self.category_caps) - set(CATEGORIES)
        if unknown:
            raise ValueError(f"category_caps has unknown categories {sorted(unknown)}")
        return self

    def score_tier(self, score: float) -> Tier:
        """The tier a score alone reaches."""
        t = self.tier_thresholds
        if score >= t["critical"]:
            return "critical" if self.critical_by_score else "high"
        if score >= t["high"]:
            return "high"
        if score >= t["medium"]:
            return "medium"
        return "low"

    def tier_for(self, score: float, max_severity: str | None) -> Tier:
        """The tier of a supplier: the higher of its score's tier and its strongest finding's floor."""
        tier = self.score_tier(score)
        floor = self.severity_floor.get(max_severity) if max_severity else None
        if floor is not None and TIER_RANK[floor] > TIER_RANK[tier]:
            return floor
        return tier

    def inferred_severity(self, severity: str) -> str:
        """The severity of a finding that rests on an inferred good (never below low; review stays)."""
        order = ("low", "medium", "high", "critical")
        if severity not in order:
            return severity
        return order[max(0, order.index(severity) - self.inferred_severity_step)]

    def cap(self, category: str) -> float:
        return self.category_caps.get(category, self.max_score)


def load_policy(rules_dir: Path) -> Policy:
    """Load and validate ``rules_dir/policy.yml``; a bad file is a ConfigError naming the field."""
    fix = "See the comments in the project's rules/policy.yml; SCREENING_RULES_DIR names the rules folder."
    return load_model(rules_dir / "policy.yml", Policy, what="scoring policy", fix=fix)


__all__ = ["TIERS", "MatchingPolicy", "Policy", "ReviewPolicy", "load_policy"]

"""The scoring policy: weights, caps, tier thresholds and severity floors, from ``rules/policy.yml``.

One YAML file holds every number that turns findings into a score, so a rule maintainer can change
the policy in a reviewed diff and CI pins the defaults.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, model_validator

from screening.contract import BASES, CATEGORIES, SEVERITIES, TIER_RANK, TIERS
from screening.yaml_model import load_model

Tier = Literal["low", "medium", "high", "critical"]
Basis = Literal["supplier", "site", "input", "country"]


def _country_cap() -> dict[Basis, Tier]:
    return {"country": "medium"}


class TierMeaning(BaseModel):
    """What a tier means and what a compliance team is expected to do about a supplier in it."""

    model_config = ConfigDict(extra="forbid")
    meaning: str = Field(min_length=10)
    action: str = Field(min_length=10)


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
    tiers: dict[Tier, TierMeaning] = Field(description="each tier's meaning and expected action")
    points_tier_cap: Tier = Field(
        "medium",
        description="the highest tier points alone can reach; above it, a tier needs a finding whose "
        "severity and basis carry it (a red flag about the supplier or its inputs, or legal exposure)",
    )
    basis_tier_cap: dict[Basis, Tier] = Field(
        default_factory=_country_cap,
        description="the highest tier a finding of this basis can set: country-level facts alone never "
        "make a supplier high or critical",
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
        if set(self.tiers) != set(TIERS):
            raise ValueError(f"tiers needs a meaning and an action for each of {', '.join(TIERS)}")
        if TIER_RANK[self.basis_tier_cap.get("country", "medium")] > TIER_RANK["medium"]:
            raise ValueError(
                "basis_tier_cap.country must be medium or lower: country facts alone never make "
                "a supplier high or critical"
            )
        return self

    def score_tier(self, score: float) -> Tier:
        """The tier a score alone reaches (never above ``points_tier_cap``)."""
        t = self.tier_thresholds
        tier: Tier = "low"
        names: tuple[Tier, ...] = ("medium", "high", "critical")
        for name in names:
            if score >= t[name]:
                tier = name
        return tier if TIER_RANK[tier] <= TIER_RANK[self.points_tier_cap] else self.points_tier_cap

    def finding_floor(self, severity: str, basis: str | None) -> Tier | None:
        """The tier one finding lifts its supplier to: its severity's floor, capped by its basis."""
        floor = self.severity_floor.get(severity)
        cap = next((t for b, t in self.basis_tier_cap.items() if b == basis), None)
        if floor is not None and cap is not None and TIER_RANK[cap] < TIER_RANK[floor]:
            return cap if TIER_RANK[cap] > 1 else None
        return floor

    def floor_rank_expr(self, severity: str = "severity", basis: str = "basis") -> pl.Expr:
        """Per finding, the rank (1-4) of :meth:`finding_floor`; 1 (low) where it sets no floor."""
        pairs = {
            f"{sev}|{b}": TIER_RANK[t] if (t := self.finding_floor(sev, b)) else 1
            for sev in SEVERITIES
            for b in (*BASES, "")
        }
        key = pl.concat_str(pl.col(severity), pl.lit("|"), pl.col(basis).fill_null(""))
        return key.replace_strict(pairs, default=1, return_dtype=pl.Int64)

    def tier_for(self, score: float, max_severity: str | None, basis: str | None = None) -> Tier:
        """The tier of a supplier: the higher of its score's tier and its strongest finding's floor."""
        tier = self.score_tier(score)
        floor = self.finding_floor(max_severity, basis) if max_severity else None
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


__all__ = ["TIERS", "MatchingPolicy", "Policy", "ReviewPolicy", "TierMeaning", "load_policy"]

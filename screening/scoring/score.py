"""Turn findings into one score row per supplier: sub-scores, total, tier and the top reason.

Points add up within a category up to the policy's cap for it; the total is the sum of the
sub-scores up to ``max_score``; the tier is the higher of the score's tier and the floor set by the
strongest finding's severity. Findings an auditor cleared are reported but do not count unless the
policy says they do.
"""

from __future__ import annotations

import polars as pl

from screening.contract import CATEGORIES, SEVERITY_RANK, TIER_RANK
from screening.scoring.policy import Policy

NO_FINDING = "No risk indicator matched this supplier."
_TIER_BY_RANK = {rank: tier for tier, rank in TIER_RANK.items()}


def counting_findings(findings: pl.DataFrame, policy: Policy) -> pl.DataFrame:
    """The findings that count towards score and tier (cleared ones are excluded by default)."""
    if "review_status" in findings.columns and not policy.review.cleared_raises_tier:
        return findings.filter(pl.col("review_status").fill_null("open") != "cleared")
    return findings


def _score_tier_expr(score: pl.Expr, policy: Policy) -> pl.Expr:
    t = policy.tier_thresholds
    return (
        pl.when(score >= t["critical"])
        .then(4 if policy.critical_by_score else 3)
        .when(score >= t["high"])
        .then(3)
        .when(score >= t["medium"])
        .then(2)
        .otherwise(1)
    )


def score_suppliers(frame: pl.DataFrame, findings: pl.DataFrame, policy: Policy) -> pl.DataFrame:
    """One row per row of ``frame`` (input order) with risk_score, risk_tier, score_<category>, ..."""
    counting = counting_findings(findings, policy)
    caps = {c: policy.cap(c) for c in CATEGORIES}
    sub = (
        counting.group_by("_key", "category")
        .agg(pl.col("points").sum())
        .with_columns(
            pl.min_horizontal(
                pl.col("points"),
                pl.col("category").replace_strict(caps, default=policy.max_score, return_dtype=pl.Float64),
            ).alias("points")
        )
    )
    wide = sub.pivot(on="category", index="_key", values="points")
    for cat in CATEGORIES:
        if cat not in wide.columns:
            wide = wide.with_columns(pl.lit(0.0).alias(cat))
    wide = wide.select("_key", *[pl.col(c).fill_null(0.0).alias(f"score_{c}") for c in CATEGORIES])

    floors = {sev: (TIER_RANK[tier] if tier else 1) for sev, tier in policy.severity_floor.items()}
    strongest = (
        counting.with_columns(
            pl.col("severity").replace_strict(SEVERITY_RANK, return_dtype=pl.Int64).alias("_sev"),
            pl.col("severity").replace_strict(floors, default=1, return_dtype=pl.Int64).alias("_floor"),
        )
        .sort(["_key", "_sev", "points", "rule_id", "evidence"], descending=[False, True, True, False, False])
        .group_by("_key", maintain_order=True)
        .agg(pl.col("_floor").max(), pl.col("evidence").first().alias("top_reason"))
    )
    counts = findings.group_by("_key").agg(pl.len().cast(pl.Int64).alias("n_findings"))

    base = frame.select("_key")
    out = (
        base.join(wide, on="_key", how="left")
        .join(strongest, on="_key", how="left")
        .join(counts, on="_key", how="left")
    )
    score_cols = [f"score_{c}" for c in CATEGORIES]
    total = pl.min_horizontal(pl.sum_horizontal(score_cols), pl.lit(policy.max_score)).round(2)
    out = out.with_columns(
        [pl.col(c).fill_null(0.0).round(2) for c in score_cols]
        + [pl.col("n_findings").fill_null(0), pl.col("top_reason").fill_null(NO_FINDING)]
    ).with_columns(total.alias("risk_score"))
    rank = pl.max_horizontal(_score_tier_expr(pl.col("risk_score"), policy), pl.col("_floor").fill_null(1))
    out = out.with_columns(
        rank.replace_strict(_TIER_BY_RANK, return_dtype=pl.String).alias("risk_tier")
    ).drop("_floor")
    return out.select("_key", "risk_score", "risk_tier", *score_cols, "n_findings", "top_reason")

"""Turn findings into one score row per supplier: sub-scores, total, the two axes, tier and top reason.

Points add up within a category up to the policy's cap for it; the total is the sum of the
sub-scores up to ``max_score``. The tier is the higher of the score's tier (never above the policy's
``points_tier_cap``) and the floor set by the strongest finding, whose severity sets the floor and whose
basis caps it (country-level facts alone never make a supplier high or critical). Two axes sit beside
the total: ``red_flag_score`` (findings about the supplier or its inputs) and ``exposure_score`` (its
site and country). Findings an auditor cleared are reported but do not count unless the policy says so.
"""

from __future__ import annotations

import polars as pl

from screening.contract import (
    CATEGORIES,
    EXPOSURE_BASES,
    RED_FLAG_BASES,
    SCORE_COMPUTED_COLUMNS,
    SEVERITY_RANK,
    TIER_RANK,
)
from screening.scoring.policy import Policy

NO_FINDING = "No risk indicator matched this supplier in the bundled datasets."
_TIER_BY_RANK = {rank: tier for tier, rank in TIER_RANK.items()}


def no_finding_reason(as_of: str | None) -> str:
    """The top reason of a supplier no indicator matched: what the datasets cover, not a clean bill."""
    if not as_of:
        return NO_FINDING
    return (
        f"No indicator matched in the datasets as of {as_of}; this is not evidence that the supplier is free "
        "of forced labour."
    )


def counting_findings(findings: pl.DataFrame, policy: Policy) -> pl.DataFrame:
    """The findings that count towards score and tier (cleared ones are excluded by default)."""
    if "review_status" in findings.columns and not policy.review.cleared_raises_tier:
        return findings.filter(pl.col("review_status").fill_null("open") != "cleared")
    return findings


def _score_tier_expr(score: pl.Expr, policy: Policy) -> pl.Expr:
    t = policy.tier_thresholds
    cap = TIER_RANK[policy.points_tier_cap]
    rank = (
        pl.when(score >= t["critical"])
        .then(4)
        .when(score >= t["high"])
        .then(3)
        .when(score >= t["medium"])
        .then(2)
        .otherwise(1)
    )
    return pl.min_horizontal(rank, pl.lit(cap))


def _axis(counting: pl.DataFrame, bases: tuple[str, ...], name: str, policy: Policy) -> pl.DataFrame:
    return (
        counting.select("_key", "basis", "points")
        .filter(pl.col("basis").is_in(list(bases)))
        .group_by("_key")
        .agg(pl.col("points").sum().clip(upper_bound=policy.max_score).round(2).alias(name))
    )


def _top_reasons(findings: pl.DataFrame, rows: pl.Series, none: str) -> pl.Series:
    """The evidence of the finding at each of ``rows`` (``none`` where null), gathered, not rebuilt: the
    sentences stay shared with the findings instead of being copied once per step."""
    evidence = findings.get_column("evidence").clone()
    evidence.append(pl.Series([none], dtype=pl.String))  # one more chunk, no copy of the sentences
    index = rows.cast(pl.Int64).fill_null(evidence.len() - 1)
    return evidence.gather(index).alias("top_reason")


def score_suppliers(
    frame: pl.DataFrame, findings: pl.DataFrame, policy: Policy, as_of: str | None = None
) -> pl.DataFrame:
    """One row per row of ``frame`` (input order) with risk_score, risk_tier, score_<category>, ..."""
    # Scoring reads a few small columns: a slim frame, so no step copies millions of evidence sentences.
    wanted = ("_key", "category", "points", "rule_id", "basis", "severity", "review_status")
    slim = findings.select([c for c in wanted if c in findings.columns]).with_row_index("_i")
    counting = counting_findings(slim, policy)
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

    # The finding that sets the tier, per supplier: highest floor, then severity, points, rule and (as
    # findings arrive by supplier, rule and evidence) row order. A slim frame is sorted, and only the
    # chosen rows' sentences are gathered (sorting the findings themselves would copy every sentence).
    ranked = counting.select(
        "_key",
        "points",
        "rule_id",
        "basis",
        pl.col("severity").replace_strict(SEVERITY_RANK, return_dtype=pl.Int64).alias("_sev"),
        policy.floor_rank_expr().alias("_floor"),
        "_i",
    )
    best = (
        ranked.sort(
            ["_key", "_floor", "_sev", "points", "rule_id", "_i"],
            descending=[False, True, True, True, False, False],
        )
        .group_by("_key", maintain_order=True)
        .agg(pl.col("_floor").max(), pl.col("_i").first(), pl.col("basis").first().alias("top_basis"))
    )
    strongest = best
    counts = findings.group_by("_key").agg(pl.len().cast(pl.Int64).alias("n_findings"))

    base = frame.select("_key")
    out = (
        base.join(wide, on="_key", how="left", maintain_order="left")
        .join(strongest, on="_key", how="left", maintain_order="left")
        .join(counts, on="_key", how="left", maintain_order="left")
        .join(
            _axis(counting, RED_FLAG_BASES, "red_flag_score", policy),
            on="_key",
            how="left",
            maintain_order="left",
        )
        .join(
            _axis(counting, EXPOSURE_BASES, "exposure_score", policy),
            on="_key",
            how="left",
            maintain_order="left",
        )
    )
    score_cols = [f"score_{c}" for c in CATEGORIES]
    total = pl.min_horizontal(pl.sum_horizontal(score_cols), pl.lit(policy.max_score)).round(2)
    out = out.with_columns(
        [pl.col(c).fill_null(0.0).round(2) for c in (*score_cols, "red_flag_score", "exposure_score")]
        + [
            pl.col("n_findings").fill_null(0),
            pl.col("top_basis").fill_null(""),
        ]
    ).with_columns(total.alias("risk_score"))
    out = out.with_columns(_top_reasons(findings, out.get_column("_i"), no_finding_reason(as_of))).drop("_i")
    rank = pl.max_horizontal(_score_tier_expr(pl.col("risk_score"), policy), pl.col("_floor").fill_null(1))
    out = out.with_columns(
        rank.replace_strict(_TIER_BY_RANK, return_dtype=pl.String).alias("risk_tier")
    ).drop("_floor")
    return out.select("_key", *SCORE_COMPUTED_COLUMNS)

"""Turn findings into one score row per supplier: sub-scores, total, the two axes, tier and top reason.

Points add up within a category up to the policy's cap for it; the total is the sum of the
sub-scores up to ``max_score``. The tier is the higher of the score's tier (never above the policy's
``points_tier_cap``) and the floor set by the strongest finding, whose severity sets the floor and whose
basis caps it (country-level facts alone never make a supplier high or critical). Two axes sit beside
the total: ``red_flag_score`` (findings about the supplier or its inputs) and ``exposure_score`` (its
site and country). Findings an auditor cleared are reported but do not count unless the policy says so.
"""

from __future__ import annotations

import itertools

import numpy as np
import polars as pl

from screening.contract import (
    BASES,
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


_CATEGORY_CODE = {c: i for i, c in enumerate(CATEGORIES)}
_BASIS_CODE = {b: i for i, b in enumerate(BASES)}


def coded_findings(findings: pl.DataFrame, policy: Policy) -> pl.DataFrame:
    """The findings that count (cleared ones left out unless the policy says otherwise), as integers:
    ``_i`` (row in ``findings``), ``_key``, ``_cat``, ``points``, ``_rule`` (rank of the rule id), ``_basis``,
    ``_sev`` and ``_floor`` (the tier rank the finding sets). Scoring reads only these: a few bytes a row,
    where the findings' text columns would cost hundreds (the memory bound of a large screen)."""
    rule_ids = sorted(findings.get_column("rule_id").unique().drop_nulls().to_list())
    columns = [
        pl.col("_key"),
        pl.col("category").replace_strict(_CATEGORY_CODE, return_dtype=pl.UInt8).alias("_cat"),
        pl.col("points"),
        pl.col("rule_id")
        .replace_strict({r: i for i, r in enumerate(rule_ids)}, return_dtype=pl.UInt32)
        .alias("_rule"),
        pl.col("basis").replace_strict(_BASIS_CODE, default=None, return_dtype=pl.UInt8).alias("_basis"),
        pl.col("severity").replace_strict(SEVERITY_RANK, return_dtype=pl.Int8).alias("_sev"),
        policy.floor_rank_expr().cast(pl.Int8).alias("_floor"),
    ]
    cleared = "review_status" in findings.columns and not policy.review.cleared_raises_tier
    if cleared:
        columns.append((pl.col("review_status").fill_null("open") == "cleared").alias("_cleared"))
    coded = findings.select(columns).with_row_index("_i")
    return coded.filter(~pl.col("_cleared")).drop("_cleared") if cleared else coded


def _top_reasons(findings: pl.DataFrame, rows: pl.Series, none: str) -> pl.Series:
    """The evidence of the finding at each of ``rows`` (``none`` where null), gathered, not rebuilt: the
    sentences stay shared with the findings instead of being copied once per step."""
    evidence = findings.get_column("evidence").clone()
    evidence.append(pl.Series([none], dtype=pl.String))  # one more chunk, no copy of the sentences
    index = rows.cast(pl.Int64).fill_null(evidence.len() - 1)
    return evidence.gather(index).alias("top_reason")


#: Suppliers scored at a time: the group-bys and the sort of a million suppliers' findings at once would
#: hold their hash tables and buffers together (the memory bound); by key ranges they never do.
KEYS_PER_CHUNK = 200_000


def _key_chunks(coded: pl.DataFrame) -> list[pl.DataFrame]:
    """``coded`` in slices of at most :data:`KEYS_PER_CHUNK` distinct suppliers (it is sorted by ``_key``)."""
    if coded.height == 0:
        return []
    keys = coded.get_column("_key")
    low, high = int(str(keys.min())), int(str(keys.max()))
    bounds = [*range(low, high + 1, KEYS_PER_CHUNK), high + 1]
    starts = keys.search_sorted(pl.Series(bounds, dtype=keys.dtype), side="left").to_list()
    return [coded.slice(lo, hi - lo) for lo, hi in itertools.pairwise(starts) if hi > lo]


def _score_keys(coded: pl.DataFrame, policy: Policy) -> pl.DataFrame:
    """Per supplier of ``coded``: the capped category sub-scores, the floor, the row of its strongest
    finding (``_i``), ``top_basis`` and the two axes."""
    # Sums by (supplier, category) and by (supplier, axis) as weighted counts over integer codes: one pass
    # each, where hash group-bys and a pivot cost seconds for a million suppliers.
    keys, group = np.unique(coded.get_column("_key").to_numpy(), return_inverse=True)
    points = coded.get_column("points").to_numpy()
    basis = coded.get_column("_basis").fill_null(len(BASES)).to_numpy()
    n_cat = len(CATEGORIES)
    sums = np.bincount(
        group * n_cat + coded.get_column("_cat").to_numpy(), weights=points, minlength=len(keys) * n_cat
    ).reshape(len(keys), n_cat)
    caps = np.array([policy.cap(c) for c in CATEGORIES])
    columns: dict[str, object] = {"_key": keys}
    columns.update({f"score_{c}": np.minimum(sums[:, i], caps[i]) for i, c in enumerate(CATEGORIES)})
    for name, bases in (("red_flag_score", RED_FLAG_BASES), ("exposure_score", EXPOSURE_BASES)):
        on_axis = np.isin(basis, [_BASIS_CODE[b] for b in bases])
        columns[name] = np.bincount(group, weights=np.where(on_axis, points, 0.0), minlength=len(keys))
    wide = pl.DataFrame(columns, schema_overrides={"_key": pl.Int64}).with_columns(
        pl.col("red_flag_score", "exposure_score").clip(upper_bound=policy.max_score).round(2)
    )
    # The finding that sets the tier: highest floor, then severity, points, rule and (as findings arrive
    # by supplier, rule and evidence) row order; its sentence is gathered by the caller.
    strongest = (
        coded.sort(
            ["_key", "_floor", "_sev", "points", "_rule", "_i"],
            descending=[False, True, True, True, False, False],
        )
        .group_by("_key", maintain_order=True)
        .agg(pl.col("_floor").max(), pl.col("_i").first(), pl.col("_basis").first())
        .with_columns(
            pl.col("_floor").cast(pl.Int64),
            pl.col("_basis")
            .replace_strict(dict(enumerate(BASES)), default=None, return_dtype=pl.String)
            .alias("top_basis"),
        )
        .drop("_basis")
    )
    return wide.join(strongest, on="_key", how="left", maintain_order="left")


def score_suppliers(
    frame: pl.DataFrame, findings: pl.DataFrame, policy: Policy, as_of: str | None = None
) -> pl.DataFrame:
    """One row per row of ``frame`` (input order) with risk_score, risk_tier, score_<category>, ..."""
    coded = coded_findings(findings, policy)
    per_key = pl.concat(
        [_score_keys(part, policy) for part in _key_chunks(coded)] or [_score_keys(coded, policy)],
        how="vertical",
    )
    keys, n = np.unique(findings.get_column("_key").to_numpy(), return_counts=True)
    counts = pl.DataFrame({"_key": keys, "n_findings": n}, schema={"_key": pl.Int64, "n_findings": pl.Int64})

    base = frame.select("_key")
    out = base.join(per_key, on="_key", how="left", maintain_order="left").join(
        counts, on="_key", how="left", maintain_order="left"
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

"""The portfolio baseline: suppliers, findings and spend by tier, category, country and severity.

Computed once with polars group-bys (a million suppliers cost well under a second) and shared by the
workbook's Summary sheet and the HTML report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from screening.contract import CATEGORIES
from screening.report.formatting import TIERS_DESC, has_spend, join_keys

#: Severities from the most to the least severe; `review` (awaiting an auditor) last.
SEVERITY_ORDER = ("critical", "high", "medium", "low", "review")


@dataclass(frozen=True)
class TierRow:
    tier: str
    suppliers: int
    spend: float


@dataclass(frozen=True)
class CategoryRow:
    category: str
    suppliers: int  # suppliers with at least one finding in the category
    findings: int
    spend: float  # spend of those suppliers


@dataclass(frozen=True)
class CountryRow:
    country_code: str  # "" when unknown
    suppliers: int
    medium: int
    high: int
    critical: int
    spend: float
    spend_high_critical: float


@dataclass(frozen=True)
class Portfolio:
    suppliers: int
    findings: int
    has_spend: bool
    total_spend: float
    by_tier: list[TierRow]  # critical first
    by_category: list[CategoryRow]  # in contract order
    by_country: list[CountryRow]  # most high + critical suppliers first
    by_severity: list[tuple[str, int]]  # findings per severity, most severe first
    review_status: list[tuple[str, int]]  # suppliers per review status (empty when not tracked)
    #: Distinct supplier-sites (supplier_key) and, per tier, how many sites reach it at their highest row.
    sites: int = 0
    sites_by_tier: dict[str, int] = field(default_factory=dict)
    #: Per tier, rows by what their strongest finding rests on (top_basis: supplier, site, input, country).
    basis_by_tier: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def high_critical(self) -> int:
        return sum(r.suppliers for r in self.by_tier if r.tier in ("high", "critical"))

    @property
    def spend_high_critical(self) -> float:
        return sum(r.spend for r in self.by_tier if r.tier in ("high", "critical"))

    def tier(self, tier: str) -> TierRow:
        return next(r for r in self.by_tier if r.tier == tier)


def _spend_expr(with_spend: bool) -> pl.Expr:
    return pl.col("spend").fill_null(0.0).sum() if with_spend else pl.lit(0.0)


def _by_tier(scores: pl.DataFrame, with_spend: bool) -> list[TierRow]:
    grouped = scores.group_by("risk_tier").agg(pl.len().alias("n"), _spend_expr(with_spend).alias("spend"))
    found = {r["risk_tier"]: r for r in grouped.iter_rows(named=True)}
    return [
        TierRow(t, int(found[t]["n"]) if t in found else 0, float(found[t]["spend"]) if t in found else 0.0)
        for t in TIERS_DESC
    ]


def _supplier_codes(scores: pl.DataFrame, findings: pl.DataFrame) -> tuple[pl.Series, pl.Series]:
    """One integer per supplier, for each finding and each score row. Inside a run it is ``_key``; the
    published tables name a supplier by id, source file and row, numbered here in order of appearance
    (a finding whose supplier has no score row gets a number of its own)."""
    keys = join_keys(scores, findings)
    if keys == ["_key"]:
        return findings.get_column("_key"), scores.get_column("_key")
    numbered = (
        pl.concat([scores.select(keys), findings.select(keys)])
        .unique(maintain_order=True)
        .with_row_index("_n")
    )

    def number(frame: pl.DataFrame) -> pl.Series:
        joined = frame.select(keys).join(
            numbered, on=keys, how="left", nulls_equal=True, maintain_order="left"
        )
        return joined.get_column("_n").cast(pl.Int64)

    return number(findings), number(scores)


def _by_category(scores: pl.DataFrame, findings: pl.DataFrame, with_spend: bool) -> list[CategoryRow]:
    """Per category: suppliers, findings and the suppliers' spend. Each (supplier, category) is one integer,
    so the distinct pairs of three million findings are found among integers, and counted and summed by
    numpy (a fifth of the time of pairs of a key and a text); the spend is summed in supplier order, the
    same total on every run."""
    width = len(CATEGORIES) + 1  # the last place: any category outside the contract's
    of_finding, of_score = _supplier_codes(scores, findings)
    category = findings.get_column("category").replace_strict(
        {c: i for i, c in enumerate(CATEGORIES)}, default=len(CATEGORIES), return_dtype=pl.Int64
    )
    codes = of_finding * width + category
    per_finding = np.bincount((codes % width).to_numpy(), minlength=width)
    distinct = codes.unique().sort().to_numpy()
    keys, cats = distinct // width, distinct % width
    per_supplier = np.bincount(cats, minlength=width)
    sums: Any = np.zeros(width)
    if with_spend and distinct.size:
        spend = scores.get_column("spend").fill_null(0.0)
        own = pl.DataFrame({"code": of_score, "spend": spend}).unique(subset="code", keep="first")
        at = own.get_column("code").to_numpy()
        by_code = np.zeros(int(max(at.max(initial=0), keys.max())) + 1)
        by_code[at] = own.get_column("spend").to_numpy()
        sums = np.bincount(cats, weights=by_code[keys], minlength=width)
    return [
        CategoryRow(c, int(per_supplier[i]), int(per_finding[i]), float(sums[i]))
        for i, c in enumerate(CATEGORIES)
    ]


def _by_country(scores: pl.DataFrame, with_spend: bool) -> list[CountryRow]:
    tier = pl.col("risk_tier")
    hc = tier.is_in(["high", "critical"])
    grouped = (
        scores.with_columns(pl.col("country_code").fill_null(""))
        .group_by("country_code")
        .agg(
            pl.len().alias("suppliers"),
            (tier == "medium").sum().alias("medium"),
            (tier == "high").sum().alias("high"),
            (tier == "critical").sum().alias("critical"),
            _spend_expr(with_spend).alias("spend"),
            (
                pl.when(hc).then(pl.col("spend")).otherwise(0.0).fill_null(0.0).sum()
                if with_spend
                else pl.lit(0.0)
            ).alias("spend_hc"),
        )
        .with_columns((pl.col("high") + pl.col("critical")).alias("_hc"))
        .sort(["_hc", "critical", "suppliers", "country_code"], descending=[True, True, True, False])
    )
    return [
        CountryRow(
            str(r["country_code"]),
            int(r["suppliers"]),
            int(r["medium"]),
            int(r["high"]),
            int(r["critical"]),
            float(r["spend"]),
            float(r["spend_hc"]),
        )
        for r in grouped.iter_rows(named=True)
    ]


def summarise(
    scores: pl.DataFrame, findings: pl.DataFrame, *, tiers: Mapping[str, Any] | None = None
) -> Portfolio:
    """Aggregate a screen's scores and findings into the portfolio baseline (``tiers``: the tier counts of
    ``scores`` when already made, :func:`screening.scoring.tier_counts.tier_counts`)."""
    with_spend = has_spend(scores)
    severities = dict(findings.group_by("severity").agg(pl.len()).iter_rows()) if findings.height else {}
    review: list[tuple[str, int]] = []
    if "review_status" in scores.columns:
        counts = scores.group_by(pl.col("review_status").fill_null("")).agg(pl.len()).sort("review_status")
        review = [(str(s), int(n)) for s, n in counts.iter_rows()]
    from screening.scoring.tier_counts import tier_counts

    counts_by = tiers if tiers is not None else tier_counts(scores)
    basis: dict[str, dict[str, int]] = {}
    if "top_basis" in scores.columns:
        for tier, b, n in scores.group_by("risk_tier", "top_basis").len().iter_rows():
            basis.setdefault(str(tier), {})[str(b or "none")] = int(n)
    return Portfolio(
        sites=int(counts_by["suppliers"]),
        sites_by_tier=dict(counts_by["by_supplier"]),
        basis_by_tier=basis,
        suppliers=scores.height,
        findings=findings.height,
        has_spend=with_spend,
        total_spend=float(scores["spend"].fill_null(0.0).sum()) if with_spend else 0.0,
        by_tier=_by_tier(scores, with_spend),
        by_category=_by_category(scores, findings, with_spend),
        by_country=_by_country(scores, with_spend),
        by_severity=[(s, int(severities.get(s, 0))) for s in SEVERITY_ORDER],
        review_status=review,
    )

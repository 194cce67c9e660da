"""Tier counts by row and by distinct supplier-site (``supplier_key``), for run.json, the CLI and reports.

A list that repeats suppliers (Apple's ten stacked yearly editions; purchase-order lines) has more rows
than supplier-sites. Every row is screened and counted; a supplier-site counts once, in the highest tier
any of its rows reached.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from screening.contract import TIER_RANK, TIERS


def tier_counts(scores: pl.DataFrame) -> dict[str, Any]:
    """``{"rows": n, "suppliers": n, "by_row": {tier: n}, "by_supplier": {tier: n}}`` (every tier present)."""
    by_row = dict(scores.group_by("risk_tier").len().iter_rows()) if scores.height else {}
    if "supplier_key" in scores.columns and scores.height:
        ranked = scores.select(
            "supplier_key", pl.col("risk_tier").replace_strict(TIER_RANK, return_dtype=pl.Int64).alias("_r")
        )
        best = ranked.group_by("supplier_key").agg(pl.col("_r").max())
        by_rank = dict(best.group_by("_r").len().iter_rows())
        by_supplier = {t: int(by_rank.get(TIER_RANK[t], 0)) for t in TIERS}
        suppliers = best.height
    else:
        by_supplier = {t: int(by_row.get(t, 0)) for t in TIERS}
        suppliers = scores.height
    return {
        "rows": scores.height,
        "suppliers": suppliers,
        "by_row": {t: int(by_row.get(t, 0)) for t in TIERS},
        "by_supplier": by_supplier,
    }

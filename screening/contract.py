"""The vocabulary users and scripts rely on (see the README's contract section).

Categories, tiers, severities, the output columns of ``scores.csv`` / ``findings.csv`` /
``quarantine.csv``, and the internal frame schema passed between pipeline stages. Internal columns
start with ``_`` and never reach a user's file.
"""

from __future__ import annotations

from typing import Final

import polars as pl

CATEGORIES: Final[tuple[str, ...]] = (
    "child_labor",
    "forced_labor",
    "forced_child_labor",
    "state_imposed_forced_labor",
    "migrant_labor",
    "bonded_labor",
    "entity_list",
    "region",
    "sector",
    "country_governance",
    "supplier_practice",
    "data_gap",
)

TIERS: Final[tuple[str, ...]] = ("low", "medium", "high", "critical")

#: What a finding rests on (``basis``): a fact about this supplier (its name on a list, its reported
#: practices, its workforce), its site (location or region), its inputs (what it buys or processes), or
#: only its country (country x good or sector, governance). Country-level findings alone never make a
#: supplier high or critical (``basis_tier_cap`` in rules/policy.yml).
BASES: Final[tuple[str, ...]] = ("supplier", "site", "input", "country")
#: The two axes of a score: red flags about this supplier or its inputs, and inherent exposure (where it is).
RED_FLAG_BASES: Final[tuple[str, ...]] = ("supplier", "input")
EXPOSURE_BASES: Final[tuple[str, ...]] = ("site", "country")
SEVERITIES: Final[tuple[str, ...]] = ("low", "medium", "high", "critical", "review")
SEVERITY_RANK: Final[dict[str, int]] = {"review": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}
TIER_RANK: Final[dict[str, int]] = {"low": 1, "medium": 2, "high": 3, "critical": 4}

#: Canonical input fields an ingested frame may carry (after header recognition or a mapping).
WORKFORCE_BOOL_FIELDS: Final[tuple[str, ...]] = (
    "uses_labor_agents",
    "recruitment_fees_paid_by_workers",
    "passport_retention",
    "wage_withholding",
    "excessive_overtime",
    "restricted_movement",
    "housing_provided",
)
WORKFORCE_SHARE_FIELDS: Final[tuple[str, ...]] = ("migrant_worker_share",)

#: Ingest output: canonical field -> polars dtype. Raw text fields keep what the file said.
INGEST_SCHEMA: Final[dict[str, pl.DataType]] = {
    "_key": pl.Int64(),  # 0-based ordinal over all rows of all inputs of a run: the join key
    "_source": pl.String(),  # the input file as given
    "_row": pl.Int64(),  # 1-based row number as a spreadsheet shows it
    "supplier_id": pl.String(),
    "supplier_name": pl.String(),
    "parent_name": pl.String(),
    "country_raw": pl.String(),
    "region_raw": pl.String(),
    "city": pl.String(),
    "address": pl.String(),
    "goods_raw": pl.String(),
    "hs_code": pl.String(),
    "sector_raw": pl.String(),
    "production_phase": pl.String(),  # e.g. "SPINNING; WEAVING" (textile production phases)
    "facility_type": pl.String(),  # e.g. "FINISHED GOODS", "MATERIALS"
    "workers": pl.Float64(),
    "spend": pl.Float64(),
    "tier": pl.String(),
    "migrant_worker_share": pl.Float64(),
    **{name: pl.Boolean() for name in WORKFORCE_BOOL_FIELDS},
}

#: Added by normalisation.
NORMALIZED_SCHEMA: Final[dict[str, pl.DataType]] = {
    "country_code": pl.String(),  # ISO 3166-1 alpha-2, null if unknown
    "region_code": pl.String(),  # ISO 3166-2, null if none
    "goods": pl.String(),  # canonical goods joined by ';' ("" if none)
    # The sector vocabulary of rules/goods/sectors.yml: garments, textiles, footwear, electronics, solar,
    # seafood_processing, ..., agriculture, fishing, mining, construction, labour_agencies,
    # cleaning_facility, security, hospitality, laundry, logistics, domestic_work, ... (null if unknown)
    "sector": pl.String(),
    # Its coarse group: agriculture, fishing, forestry, mining, manufacturing, construction,
    # domestic_work, hospitality, services, logistics (the sector vocabulary before 2026-12).
    "sector_group": pl.String(),
    # Where the sector came from: code, description (sector column), facility_type, phase, goods,
    # name (words in the supplier name), inferred_goods (null when no sector).
    "sector_source": pl.String(),
    "supplier_key": pl.String(),  # one supplier-site across rows and editions (normalize/supplier_key.py)
    "_goods": pl.List(pl.String()),  # canonical goods (stated + inferred)
    "_goods_inferred": pl.List(pl.String()),  # the subset of _goods inferred, not stated
    "_goods_unmapped": pl.List(pl.String()),  # raw goods terms that map to no canonical good
    # The inferred goods that are near-certain (an input of a stated good: palm oil -> palm fruit; or
    # phases and name that make it so: an integrated denim or cotton spinning plant); the others are
    # likely ("to confirm"). rules/goods/inference.yml `inferred_goods`.
    "_goods_inferred_certain": pl.List(pl.String()),
    # What would confirm each inferred good, one text per entry of _goods_inferred, in the same order
    # (the same texts by good: screening.normalize.goods.inferred_goods_table()).
    "_goods_inferred_confirm": pl.List(pl.String()),
}

FINDINGS_COLUMNS: Final[tuple[str, ...]] = (
    "supplier_id",
    "rule_id",
    "category",
    "severity",
    "points",
    "evidence",
    "source_dataset",
    "source_edition",
    "matched_entity",
    "match_score",
    "basis",
    "counted_with",
)

FINDINGS_SCHEMA: Final[dict[str, pl.DataType]] = {
    "_key": pl.Int64(),
    "supplier_id": pl.String(),
    "rule_id": pl.String(),
    "rule_version": pl.Int64(),
    "category": pl.String(),
    "severity": pl.String(),
    "points": pl.Float64(),
    "evidence": pl.String(),
    "source_dataset": pl.String(),
    "source_edition": pl.String(),
    "matched_entity": pl.String(),
    "match_score": pl.Float64(),
    "matched_field": pl.String(),  # which supplier field matched (supplier_name / parent_name)
    "basis": pl.String(),  # supplier | site | input | country (BASES)
    # The rule whose finding carries the points of a listing counted once (this one then has 0 points).
    "counted_with": pl.String(),
    "_count_once": pl.String(),  # findings sharing this key on one supplier count once (the strongest)
}

SCORE_BASE_COLUMNS: Final[tuple[str, ...]] = (
    "supplier_id",
    "supplier_name",
    "country_code",
    "region_code",
    "goods",
    "risk_score",
    "risk_tier",
)
SCORE_CATEGORY_COLUMNS: Final[tuple[str, ...]] = tuple(f"score_{c}" for c in CATEGORIES)
SCORE_TAIL_COLUMNS: Final[tuple[str, ...]] = ("n_findings", "top_reason")
#: The columns scoring computes for each supplier, in the order scores.csv writes them.
SCORE_COMPUTED_COLUMNS: Final[tuple[str, ...]] = (
    "risk_score",
    "risk_tier",
    "red_flag_score",
    "exposure_score",
    *SCORE_CATEGORY_COLUMNS,
    *SCORE_TAIL_COLUMNS,
    "top_basis",
)

QUARANTINE_COLUMNS: Final[tuple[str, ...]] = ("source_file", "row_number", "column", "reason", "raw_values")


def empty_findings() -> pl.DataFrame:
    """An empty findings frame with the internal schema."""
    return pl.DataFrame(schema=FINDINGS_SCHEMA)

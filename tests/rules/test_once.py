"""One ILAB listing counts once: the strongest of its child, forced and forced-child findings keeps its
points."""

from __future__ import annotations

import polars as pl

from screening.contract import FINDINGS_SCHEMA
from screening.rules.once import apply_count_once


def _findings(rows: list[tuple]) -> pl.DataFrame:
    base = {c: None for c in FINDINGS_SCHEMA}
    keys = ("_key", "rule_id", "category", "points", "evidence", "_count_once")
    return pl.DataFrame([base | dict(zip(keys, r, strict=True)) for r in rows], schema=FINDINGS_SCHEMA)


def test_a_listing_flagged_three_ways_adds_the_points_of_its_strongest_flag_once():
    rows = [
        (0, "ilab-child-labor-good", "child_labor", 20.0, "child", "ilab-listing:Cotton"),
        (
            0,
            "ilab-forced-child-labor-good",
            "forced_child_labor",
            15.0,
            "forced child",
            "ilab-listing:Cotton",
        ),
        (0, "ilab-forced-labor-good", "forced_labor", 35.0, "forced", "ilab-listing:Cotton"),
        (0, "ilab-child-labor-good", "child_labor", 20.0, "child bricks", "ilab-listing:Bricks"),
        (1, "ilab-child-labor-good", "child_labor", 20.0, "child", "ilab-listing:Cotton"),
        (1, "tip-tier-3", "country_governance", 20.0, "tier 3", None),
    ]
    out = apply_count_once(_findings(rows))
    assert out.get_column("points").to_list() == [0.0, 0.0, 35.0, 20.0, 20.0, 20.0]
    assert out.get_column("counted_with").to_list() == [
        "ilab-forced-labor-good", "ilab-forced-labor-good", None, None, None, None
    ]  # fmt: skip
    assert out.get_column("evidence").to_list() == [r[4] for r in rows]  # sentences untouched
    assert out.columns == list(FINDINGS_SCHEMA)

"""Findings that count once: rules sharing a ``count_once`` group add points once per supplier (and good).

One ILAB listing of a good and country can flag child labour, forced labour and forced child labour;
three rules report it, in their own categories, but only the strongest (most points, then rule id) keeps
its points. The others stay in findings.csv with 0 points and ``counted_with`` naming the rule whose
finding carries them.
"""

from __future__ import annotations

import polars as pl


def apply_count_once(findings: pl.DataFrame) -> pl.DataFrame:
    """Zero the points of all but the strongest finding of each (supplier, ``_count_once``) group."""
    if findings.height == 0 or findings.get_column("_count_once").null_count() == findings.height:
        return findings
    # Sorted by group, strongest first: a row is secondary when its group is the row above's; the
    # carrier is the group's first rule (runs, not a window per group: millions of small groups).
    ranked = (
        findings.select("_key", "_count_once", "points", "rule_id", "evidence")
        .with_row_index("_i")
        .filter(pl.col("_count_once").is_not_null())
        .sort(
            ["_key", "_count_once", "points", "rule_id", "evidence"],
            descending=[False, False, True, False, False],
        )
    )
    same_group = (pl.col("_key") == pl.col("_key").shift(1)) & (
        pl.col("_count_once") == pl.col("_count_once").shift(1)
    )
    secondary = (
        ranked.with_columns(same_group.fill_null(False).alias("_secondary"))
        .with_columns(pl.when(~pl.col("_secondary")).then(pl.col("rule_id")).forward_fill().alias("_carrier"))
        .filter("_secondary")
    )
    if secondary.height == 0:
        return findings
    # One column the length of the findings: the carrier's rule id on the rows that count once with it.
    # The evidence is left as it is (rewriting millions of sentences would copy them all).
    carrier = (
        pl.repeat(None, findings.height, dtype=pl.String, eager=True)
        .alias("counted_with")
        .scatter(secondary.get_column("_i"), secondary.get_column("_carrier"))
    )
    return findings.with_columns(
        pl.when(carrier.is_not_null()).then(0.0).otherwise(pl.col("points")).alias("points"), carrier
    )

"""Findings that count once: rules sharing a ``count_once`` group add points once per supplier (and good).

One ILAB listing of a good and country can flag child labour, forced labour and forced child labour;
three rules report it, in their own categories, but only the strongest (most points, then rule id) keeps
its points. The others stay in findings.csv with 0 points and say which finding carries the points.
"""

from __future__ import annotations

import polars as pl


def apply_count_once(findings: pl.DataFrame) -> pl.DataFrame:
    """Zero the points of all but the strongest finding of each (supplier, ``_count_once``) group."""
    if findings.height == 0 or findings.get_column("_count_once").null_count() == findings.height:
        return findings
    indexed = findings.with_row_index("_i")
    ordered = (
        indexed.filter(pl.col("_count_once").is_not_null())
        .sort(
            ["_key", "_count_once", "points", "rule_id", "evidence"],
            descending=[False, False, True, False, False],
        )
        .with_columns(
            (pl.int_range(pl.len()).over("_key", "_count_once") > 0).alias("_secondary"),
            pl.col("rule_id").first().over("_key", "_count_once").alias("_carrier"),
        )
        .select("_i", "_secondary", "_carrier")
    )
    out = indexed.join(ordered, on="_i", how="left", maintain_order="left")
    secondary = pl.col("_secondary").fill_null(False)
    note = pl.concat_str(
        pl.col("evidence"),
        pl.lit(" Counted once: the points of this listing are carried by the "),
        pl.col("_carrier"),
        pl.lit(" finding."),
    )
    return out.with_columns(
        pl.when(secondary).then(0.0).otherwise(pl.col("points")).alias("points"),
        pl.when(secondary).then(note).otherwise(pl.col("evidence")).alias("evidence"),
    ).select(findings.columns)

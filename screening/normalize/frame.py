"""Normalise a frame of ingested suppliers: countries, regions, goods and sectors, and the display
names evidence sentences use (``country_name``, ``region_name``, ``migrant_share_pct``)."""

from __future__ import annotations

from typing import Any

import polars as pl


def normalize_suppliers(frame: pl.DataFrame, goods_vocab: Any) -> pl.DataFrame:
    """The ingested ``frame`` with the normalised columns the rules read."""
    from screening.normalize.countries import add_country_codes, country_name
    from screening.normalize.goods import add_goods
    from screening.normalize.regions import add_region_codes, region_name
    from screening.normalize.supplier_key import add_supplier_key

    out = add_supplier_key(add_goods(add_region_codes(add_country_codes(frame)), goods_vocab))
    codes = out.get_column("country_code").drop_nulls().unique().to_list()
    regions = out.get_column("region_code").drop_nulls().unique().to_list()
    names = {c: country_name(c) for c in codes}
    rnames = {r: region_name(r) for r in regions}
    return out.with_columns(
        pl.col("country_code")
        .replace_strict(names, default=None, return_dtype=pl.String)
        .alias("country_name"),
        pl.col("region_code")
        .replace_strict(rnames, default=None, return_dtype=pl.String)
        .alias("region_name"),
        (pl.col("migrant_worker_share") * 100).round(0).cast(pl.Int64).alias("migrant_share_pct"),
    )

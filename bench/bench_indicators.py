"""Indicator loading benchmark: what a screen pays to get the bundled datasets into DuckDB.

Times, in one fresh process:
1. ``import screening.indicators`` (what the CLI pays before the first dataset);
2. ``load_catalog`` cold (every CSV read once, SHA-256 checked, parsed, country codes mapped);
3. ``load_catalog`` again and ``frame()`` of every dataset (cache hits on path + mtime);
4. ``Catalog.register`` into an in-memory DuckDB (one ``ind_<id>`` table per dataset);
5. a join of 1,000,000 synthetic (country_code, good) pairs against ``ind_ilab_goods`` in DuckDB.

Prints seconds and peak RSS (``resource.getrusage``). Run: ``.venv/bin/python bench/bench_indicators.py``.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    t0 = time.perf_counter()
    from screening.indicators import load_catalog

    t_import = time.perf_counter() - t0

    t0 = time.perf_counter()
    cat = load_catalog(ROOT / "rules")
    t_cold = time.perf_counter() - t0
    total_rows = sum(m.rows for m in cat.datasets.values())

    t0 = time.perf_counter()
    warm = load_catalog(ROOT / "rules")
    for dataset_id in warm.datasets:
        warm.frame(dataset_id)
    t_warm = time.perf_counter() - t0

    import duckdb
    import numpy as np
    import polars as pl

    con = duckdb.connect()
    t0 = time.perf_counter()
    cat.register(con)
    t_register = time.perf_counter() - t0

    goods = cat.frame("ilab_goods")
    pairs = goods.select("country_code", "good").unique().sort("country_code", "good")
    rng = np.random.default_rng(7)
    n = 1_000_000
    idx = rng.integers(0, pairs.height * 4, n)  # about 3 in 4 pairs miss on purpose
    sup = pl.DataFrame({"_key": np.arange(n), "i": idx}).with_columns(
        pl.col("i").mod(pairs.height).alias("j"), (pl.col("i") < pairs.height).alias("hit")
    )
    sup = sup.join(pairs.with_row_index("j").with_columns(pl.col("j").cast(pl.Int64)), on="j").with_columns(
        pl.when(pl.col("hit")).then(pl.col("good")).otherwise(pl.lit("Widgets")).alias("good")
    )
    con.register("sup", sup.select("_key", "country_code", "good"))
    t0 = time.perf_counter()
    joined = con.sql(
        "SELECT s._key, g.listing_type FROM sup s JOIN ind_ilab_goods g "
        "ON s.country_code = g.country_code AND s.good = g.good"
    ).pl()
    t_join = time.perf_counter() - t0

    print(f"datasets: {len(cat.datasets)}, rows in all: {total_rows}")
    print(f"import screening.indicators: {t_import:.3f} s")
    print(f"load_catalog cold (read, sha256, parse, country codes): {t_cold:.3f} s")
    print(f"load_catalog + frame() x{len(warm.datasets)} warm (cache): {t_warm * 1000:.1f} ms")
    print(f"register into DuckDB: {t_register:.3f} s")
    print(f"join 1,000,000 (country, good) pairs with ind_ilab_goods: {t_join:.3f} s, {joined.height} hits")
    print(f"peak RSS: {_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()

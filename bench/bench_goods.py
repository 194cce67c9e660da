"""Goods and sector normalisation benchmark: ``add_goods`` on 1,000,000 rows.

The rows draw on a few thousand distinct (goods_raw, hs_code, sector_raw, production_phase,
facility_type) combinations written the ways real supplier lists write them, so the figure shows
the cost of the unique-value design: Python work per distinct combination, one join for the rows.
When ``../shared/real-lists`` is present, the Nike and Benetton lists' product types, factory types,
product flags and production phases are normalised too and the share of rows with goods reported.

Run: ``.venv/bin/python bench/bench_goods.py``. Target (brief): 1M rows in well under 3 s.
"""

from __future__ import annotations

import csv
import resource
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from screening.normalize.goods import add_goods, load_vocabulary  # noqa: E402

REAL = ROOT.parent / "shared" / "real-lists"
N = 1_000_000

GOODS = [
    "Garments",
    "Ready-made garments",
    "RMG",
    "knitwear; T-shirts",
    "100% cotton T-shirts",
    "Apparel",
    "Footwear",
    "leather shoes",
    "Electronics",
    "PCBA, connectors",
    "cotton yarn",
    "Cotton",
    "raw cotton",
    "cocoa beans",
    "Cocoa & chocolate",
    "crude palm oil",
    "CPO / PKO",
    "FFB",
    "Palm oil",
    "solar modules",
    "PV modules; solar cells",
    "polysilicon",
    "tomato paste",
    "canned tomatoes",
    "frozen shrimp",
    "prawns",
    "seafood",
    "tuna",
    "nitrile gloves",
    "rubber gloves",
    "gloves",
    "clay bricks",
    "bricks",
    "hand-knotted rugs",
    "tea",
    "coffee beans",
    "rice",
    "sugar",
    "sugarcane",
    "hazelnuts",
    "cashew nuts",
    "gold",
    "3TG",
    "coltan",
    "mica powder",
    "timber",
    "plywood",
    "charcoal",
    "wigs",
    "hair extensions",
    "toys",
    "Christmas decorations",
    "lithium-ion batteries",
    "packaging",
    "cartons",
    "machinery",
    "chemicals; dyes",
    "polyester",
    "flux capacitors",
    "office supplies",
    "various",
    "n/a",
    None,
    None,
    None,
]
HS = [
    None,
    None,
    None,
    None,
    "6109.10",
    "5205 12 00",
    "HS 1801",
    "151110",
    "8541.43",
    "0306.17",
    "4015.19",
    "6904",
    "9999.99",
    "2002.90",
    "61",
    "8507.60",
]
SECTORS = [
    None,
    None,
    None,
    "Manufacturing",
    "Apparel manufacturing",
    "NAICS 315210",
    "ISIC C1410",
    "11",
    "Agriculture",
    "Seafood processing",
    "Construction",
    "Hospitality",
    "Logistics services",
]
PHASES = [
    None,
    None,
    None,
    "SPINNING",
    "WEAVING; WET PROCESS",
    "SPINNING; WEAVING",
    "MANUFACTURING",
    "PRINTING",
    "OTHER PROCESSING",
    "CUT & SEW",
]
FACILITIES = [
    None,
    None,
    None,
    "FINISHED GOODS",
    "MATERIALS",
    "FINISHED GOODS - COMPONENTS",
    "Factory",
    "Farm",
    "Spinning mill",
]


COLUMNS = ("goods_raw", "hs_code", "sector_raw", "production_phase", "facility_type")


def synthetic(n: int, pool: int | None = None, seed: int = 7) -> pl.DataFrame:
    """n rows; each column drawn independently (worst case), or rows drawn from ``pool`` combinations."""
    rng = np.random.default_rng(seed)
    size = n if pool is None else pool

    def pick(values: list[str | None]) -> list[str | None]:
        return [values[i] for i in rng.integers(0, len(values), size)]

    frame = pl.DataFrame(
        {
            "goods_raw": pick(GOODS),
            "hs_code": pick(HS),
            "sector_raw": pick(SECTORS),
            "production_phase": pick(PHASES),
            "facility_type": pick(FACILITIES),
        },
        schema={c: pl.String for c in COLUMNS},
    )
    if pool is not None:
        frame = frame[rng.integers(0, pool, n)]
    return frame.with_columns(pl.Series("_key", np.arange(n, dtype=np.int64)))


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def real_lists(vocab: object) -> None:
    nike_path, benetton_path = REAL / "imap_export.csv", REAL / "BenettonSuppliers.csv"
    lines = nike_path.read_text(encoding="utf-8").splitlines()[1:]
    nike = list(csv.DictReader(lines))
    frame = pl.DataFrame(
        {
            "goods_raw": [r["Product Type Type"] for r in nike],
            "facility_type": [r["Factory Type"] for r in nike],
        }
    )
    _report("Nike (Product Type Type, Factory Type)", add_goods(frame, vocab))  # type: ignore[arg-type]
    with benetton_path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    flags = {"APPAREL": "Apparel", "ACCESSORIES": "Accessories", "SHOES": "Shoes"}
    goods = ["; ".join(v for k, v in flags.items() if r[k].strip() == "l") or None for r in rows]
    frame = pl.DataFrame({"goods_raw": goods, "production_phase": [r["PRODUCTION PHASE"] for r in rows]})
    _report("Benetton (product flags, PRODUCTION PHASE)", add_goods(frame, vocab))  # type: ignore[arg-type]


def _report(label: str, out: pl.DataFrame) -> None:
    with_goods = out.filter(pl.col("goods") != "").height
    inferred = out.filter(pl.col("_goods_inferred").list.len() > 0).height
    unmapped = out.filter(pl.col("_goods_unmapped").list.len() > 0).height
    print(
        f"{label}: {out.height} rows, {with_goods} with goods, {inferred} with inferred goods, "
        f"{unmapped} with unmapped terms"
    )
    print(out.group_by("goods", "sector").len().sort("len", descending=True).head(8))


def main() -> None:
    print(f"python {sys.version.split()[0]}, polars {pl.__version__}")
    t0 = time.perf_counter()
    vocab = load_vocabulary(ROOT / "rules")
    print(
        f"load_vocabulary: {time.perf_counter() - t0:.3f} s ({len(vocab.goods)} goods, "
        f"{len(vocab.phrases)} phrases, {len(vocab.hs)} HS prefixes)"
    )
    for label, pool in (
        ("realistic: rows drawn from 3,000 combinations", 3000),
        ("worst case: every column drawn independently", None),
    ):
        frame = synthetic(N, pool)
        uniques = frame.select(COLUMNS).n_unique()
        print(f"{label}: {N:,} rows, {uniques:,} distinct combinations")
        for attempt in range(3):
            t0 = time.perf_counter()
            out = add_goods(frame, vocab)
            took = time.perf_counter() - t0
            print(f"  add_goods run {attempt + 1}: {took:.2f} s ({N / took:,.0f} rows/s)")
        assert out.height == N and out["_key"].to_list() == list(range(N))
        print(f"  rows with goods: {out.filter(pl.col('goods') != '').height:,}")
    if REAL.is_dir():
        real_lists(vocab)
    else:
        print(f"({REAL} absent: real lists skipped)")
    print(f"peak RSS {_peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()

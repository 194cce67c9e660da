"""Ingest (issue 2) benchmark: 1,000,000 supplier rows read, parsed and (when present) normalised.

Generates realistic rows (countries spelled many ways, free-text goods, spend written with currency
signs and thousands separators, workforce columns, quoted cells with commas) into
``bench/data/`` (gitignored), then times:

1. ``read_inputs`` on one 1M-row UTF-8 CSV;
2. ``read_inputs`` on the same 1M rows as three files of different header styles, delimiters and
   encodings (comma UTF-8, semicolon Windows-1252, tab UTF-16);
3. when the modules exist, ``add_country_codes``, ``add_region_codes`` and ``add_goods`` on the
   ingested frame (imported guarded: ingest alone is reported when they are absent);
4. the three real published lists in ``../shared/real-lists`` when that folder is present.

Prints rows/s and peak RSS (``resource.getrusage``). Run: ``.venv/bin/python bench/bench_ingest.py``.
Target (issue 2): ingest + normalise 1M rows <= 15 s, peak RSS <= 2 GiB on 2 cores.
"""

from __future__ import annotations

import importlib
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from screening.ingest import read_inputs  # noqa: E402

DATA = ROOT / "bench" / "data"
REAL = ROOT.parent / "shared" / "real-lists"
N = 1_000_000
REPEAT = 3

COUNTRIES = [
    "China", "CN", "CHN", "PRC", "P.R. China", "People's Republic of China", "Viet Nam", "Vietnam",
    "VN", "Bangladesh", "BD", "India", "IND", "Turkey", "Türkiye", "TURKEY", "Cambodia", "Indonesia",
    "Malaysia", "Burma", "Myanmar", "Pakistan", "Sri Lanka", "Thailand", "USA", "United States",
    "U.S.A.", "Mexico", "Brazil", "Ivory Coast", "Côte d'Ivoire", "Ghana", "DR Congo",
    "Congo (Kinshasa)", "Korea, Rep.", "South Korea", "Taiwan", "Hong Kong SAR", "UK", "Italy",
    "Tunisia", "Egypt", "Morocco", "Uzbekistan", "Turkmenistan", "Lao PDR", "Philippines", "Peru",
]  # fmt: skip
REGIONS = [
    "Guangdong", "Jiangsu", "Zhejiang", "Xinjiang", "XUAR", "新疆", "Shandong", "Fujian", "Dhaka",
    "Tamil Nadu", "Gujarat", "Istanbul", "Bursa", "Binh Duong", "Dong Nai", "Jawa Barat", "Punjab",
    "Sindh", "California", "", "", "",
]  # fmt: skip
CITIES = [
    "Dongguan", "Shenzhen", "Urumqi", "Kashgar", "Aksu", "Hotan", "Korla", "Ningbo", "Suzhou",
    "Gazipur", "Narayanganj", "Tirupur", "Ludhiana", "Ho Chi Minh City", "Phnom Penh", "Bandung",
    "Lahore", "Karachi", "Izmir", "Los Angeles", "Tashkent", "",
]  # fmt: skip
GOODS = [
    "cotton", "Cotton yarn", "ready-made garments", "T-shirts; jeans", "footwear", "PV modules",
    "polysilicon", "tomato paste", "cocoa beans", "crude palm oil", "prawns", "frozen shrimp",
    "bricks", "hand-knotted carpets", "gloves", "electronics", "cobalt ore", "sugarcane", "coffee",
    "fish", "rubber gloves", "tea", "Apparel", "Footwear; Accessories", "packaging", "",
]  # fmt: skip
NAMES_A = ["Golden", "Sun", "Pacific", "Hua", "Asia", "Delta", "Star", "Green", "Royal", "United", "Orient"]
NAMES_B = [
    "Textile",
    "Garment",
    "Apparel",
    "Solar",
    "Foods",
    "Knitting",
    "Electronics",
    "Fisheries",
    "Trading",
]
NAMES_C = ["Co., Ltd.", "Ltd", "Limited", "Pvt Ltd", "S.A.", "Industries", "Group", "Corp."]
BOOLS = ["yes", "no", "Y", "N", "TRUE", "false", "1", "0", "x", "", "n/a"]


def _spend(rng: np.random.Generator, n: int) -> list[str]:
    amounts = rng.lognormal(11, 1.5, n).round(2)
    style = rng.integers(0, 4, n)
    out: list[str] = []
    for a, s in zip(amounts.tolist(), style.tolist(), strict=True):
        if s == 0:
            out.append(f"{a:.2f}")
        elif s == 1:
            out.append(f"${a:,.2f}")
        elif s == 2:
            out.append(f"{a:,.0f}")
        else:
            out.append(str(int(a)))
    return out


def generate(n: int, seed: int = 7) -> pl.DataFrame:
    rng = np.random.default_rng(seed)

    def pick(values: list[str]) -> pl.Series:
        return pl.Series(
            np.array(values, dtype=object)[rng.integers(0, len(values), n)].tolist(), dtype=pl.String
        )

    name = pl.select(
        pl.concat_str(
            [
                pick(NAMES_A),
                pick(NAMES_B),
                pick(NAMES_C),
                pl.Series(rng.integers(1, 50_000, n)).cast(pl.String),
            ],
            separator=" ",
        )
    ).to_series()
    workers = rng.integers(5, 8000, n).astype(str).tolist()
    bands = rng.random(n) < 0.05
    workers = ["501-1500" if b else w for w, b in zip(workers, bands.tolist(), strict=True)]
    return pl.DataFrame(
        {
            "Supplier ID": [f"S{i:07d}" for i in range(n)],
            "Supplier Name": name,
            "Parent Company": pick(["", "", "Global Sourcing Ltd", "Hua Group", "Delta Holdings"]),
            "Country": pick(COUNTRIES),
            "Province": pick(REGIONS),
            "City": pick(CITIES),
            "Address": pick(["No. 1, Industrial Road", "Lot 5, EPZ", "88 Huanghe Rd, Zone B", ""]),
            "Products": pick(GOODS),
            "HS Code": pick(["5201", "6109.10", "8541.43", "2002.90", "1801", "", ""]),
            "Annual Spend (USD)": _spend(rng, n),
            "Total Workers": workers,
            "% Migrant Workers": rng.integers(0, 101, n).astype(str).tolist(),
            "Uses Labor Agents": pick(BOOLS),
            "Passport Retention": pick(BOOLS),
            "Notes": pick(["", "audited 2024", "new supplier", "see contract, clause 4"]),
        }
    )


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(label: str, fn: Callable[[], Any]) -> tuple[Any, float]:
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    took, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"{label:<58} {took:7.2f} s wall {cpu:7.2f} s cpu   peak RSS {_peak_rss_mib():6.0f} MiB")
    return result, took


def make_files() -> tuple[Path, list[Path]]:
    DATA.mkdir(parents=True, exist_ok=True)
    one = DATA / "suppliers_1m.csv"
    parts = [DATA / "suppliers_a.csv", DATA / "suppliers_b.csv", DATA / "suppliers_c.tsv"]
    if one.exists() and all(p.exists() for p in parts):
        return one, parts
    frame, _ = _timed("generate 1,000,000 rows", lambda: generate(N))
    frame.write_csv(one)
    a, b, c = frame.slice(0, 500_000), frame.slice(500_000, 300_000), frame.slice(800_000, 200_000)
    a.write_csv(parts[0])
    b = b.rename({"Supplier Name": "Vendor Name", "Country": "Country of Origin", "Products": "Commodity"})
    parts[1].write_bytes(b.write_csv(separator=";").encode("cp1252", errors="replace"))
    c = c.rename({"Supplier Name": "Factory Name", "Country": "Country / Region", "Province": "State"})
    parts[2].write_bytes(b"\xff\xfe" + c.write_csv(separator="\t").encode("utf-16-le"))
    return one, parts


def _normalisers() -> list[tuple[str, Callable[[pl.DataFrame], pl.DataFrame]]]:
    found: list[tuple[str, Callable[[pl.DataFrame], pl.DataFrame]]] = []
    for module, name in (
        ("screening.normalize.countries", "add_country_codes"),
        ("screening.normalize.regions", "add_region_codes"),
        ("screening.normalize.goods", "add_goods"),
    ):
        try:
            fn = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError) as exc:
            print(f"  ({module}.{name} not available: {exc.__class__.__name__}; ingest alone reported)")
            continue
        found.append((name, fn))
    return found


def main() -> None:
    load = os.getloadavg()[0]
    print(
        f"python {sys.version.split()[0]}, polars {pl.__version__}, "
        f"load average {load:.1f} on {os.cpu_count()} cores"
    )
    one, parts = make_files()
    size = one.stat().st_size / 2**20
    walls: list[float] = []
    for attempt in range(1, REPEAT + 1):
        label = f"read_inputs: 1 CSV, {N:,} rows ({size:.0f} MiB), run {attempt}"
        res, took = _timed(label, lambda: read_inputs([one]))
        walls.append(took)
        if attempt < REPEAT:
            del res
    t_ingest = min(walls)
    print(
        f"  rows screened {res.frame.height:,}, quarantined {res.quarantine.height:,}; best of {REPEAT}: "
        f"{t_ingest:.2f} s, {N / t_ingest:,.0f} rows/s"
    )
    frame = res.frame
    t_norm = 0.0
    for name, fn in _normalisers():
        frame, took = _timed(f"  {name}", lambda fn=fn, frame=frame: fn(frame))
        t_norm += took
    print(f"ingest (best run) + normalise 1M rows: {t_ingest + t_norm:.2f} s (target <= 15 s)")
    del res, frame
    mixed, t_mixed = _timed(
        "read_inputs: 3 files, mixed styles/encodings, 1M rows", lambda: read_inputs(parts)
    )
    print(
        f"  rows screened {mixed.frame.height:,}, quarantined {mixed.quarantine.height:,}, "
        f"{N / t_mixed:,.0f} rows/s"
    )
    for info in mixed.inputs:
        print(f"  {Path(info['path']).name}: {info['encoding']} {info['delimiter']!r} rows {info['rows']:,}")
    del mixed
    if REAL.is_dir():
        for name in ("imap_export.csv", "BenettonSuppliers.csv", "apple-supplier-list.csv"):
            real, _ = _timed(f"read_inputs: {name}", lambda name=name: read_inputs([REAL / name]))
            info = real.inputs[0]
            print(
                f"  rows {info['rows']:,} screened {info['rows_screened']:,} quarantined "
                f"{info['rows_quarantined']:,} preset {info['preset']}"
            )
    else:
        print(f"({REAL} absent: real lists skipped)")
    print(f"peak RSS {_peak_rss_mib():.0f} MiB (target <= 2048 MiB)")


if __name__ == "__main__":
    main()

"""Screen the three real published supplier lists (Nike, Benetton, Apple) and time each (issue 9).

Reads ../shared/real-lists when present (benchmarks may; the project's code and tests never do) and
prints rows, seconds, counts by tier and the five strongest findings of each list.

    python bench/bench_real_lists.py [--lists-dir ../shared/real-lists]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from screening.pipeline import RunOptions, run  # noqa: E402

LISTS = ("imap_export.csv", "BenettonSuppliers.csv", "apple-supplier-list.csv")
SEVERITY = {"critical": 4, "high": 3, "medium": 2, "low": 1, "review": 0}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lists-dir", type=Path, default=ROOT.parent / "shared" / "real-lists")
    ap.add_argument("--reports", action="store_true", help="also write report.html/xlsx (timed too)")
    args = ap.parse_args()
    if not args.lists_dir.exists():
        print(f"skipped: {args.lists_dir} not found")
        return
    for name in LISTS:
        out = Path(tempfile.mkdtemp(prefix="real-list-"))
        t0 = time.perf_counter()
        run([args.lists_dir / name], RunOptions(out=out, no_store=True, reports=args.reports))
        secs = time.perf_counter() - t0
        meta = json.loads((out / "run.json").read_text())
        scores = pl.read_parquet(out / "scores.parquet")
        findings = pl.read_parquet(out / "findings.parquet")
        tiers = dict(scores.group_by("risk_tier").len().iter_rows())
        print(f"\n{name}: {meta['rows_in']} rows ({meta['rows_screened']} screened, "
              f"{meta['rows_quarantined']} quarantined) in {secs:.1f} s; preset {meta['inputs'][0]['preset']}")
        print("  tiers: " + ", ".join(f"{t} {tiers.get(t, 0)}" for t in ("critical", "high", "medium", "low")))
        strongest = (
            findings.with_columns(pl.col("severity").replace_strict(SEVERITY, return_dtype=pl.Int64).alias("_s"))
            .sort(["_s", "points"], descending=True, maintain_order=True)
            .unique(subset=["rule_id", "evidence"], keep="first", maintain_order=True)
            .head(5)
        )
        for r in strongest.iter_rows(named=True):
            print(f"  [{r['severity']}] {r['supplier_id']} {r['supplier_name']}: {r['evidence'][:220]}")
    print(f"\npeak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")


if __name__ == "__main__":
    main()

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


DIMENSIONS = ("score_sector", "score_region", "score_child_labor", "score_migrant_labor")


def describe(meta: dict, scores: pl.DataFrame, findings: pl.DataFrame) -> None:
    """Tiers by row and by distinct supplier-site, what high and critical rest on, the four dimensions, the
    sectors, and the top reasons (rules) of each tier."""
    t = meta["tiers"]
    n = t["rows"]
    hc = t["by_row"]["high"] + t["by_row"]["critical"]
    tiers = ("critical", "high", "medium", "low")
    print("  tiers by row: " + ", ".join(f"{k} {t['by_row'][k]}" for k in tiers)
          + f"; high+critical {hc} ({100 * hc / n:.1f}%)")
    print(f"  tiers by distinct supplier-site ({t['suppliers']} sites): "
          + ", ".join(f"{k} {t['by_supplier'][k]}" for k in ("critical", "high", "medium", "low")))
    basis = scores.filter(pl.col("risk_tier").is_in(["high", "critical"])).group_by("top_basis").len()
    print("  high+critical rest on: " + ", ".join(f"{b} {c}" for b, c in basis.sort("top_basis").iter_rows()))
    print("  dimensions firing (rows): " + ", ".join(
        f"{d} {scores.filter(pl.col(d) > 0).height}" for d in DIMENSIONS))
    sectors = scores.group_by("sector").len().sort("len", descending=True)
    print("  sectors: " + ", ".join(f"{s} {c}" for s, c in sectors.iter_rows()))
    top = findings.join(
        scores.select("_key", "risk_tier", "top_reason"), on="_key"
    ).filter(pl.col("evidence") == pl.col("top_reason"))
    for tier in ("critical", "high", "medium"):
        rules = top.filter(pl.col("risk_tier") == tier).group_by("rule_id").len().sort("len", descending=True)
        if rules.height:
            print(f"  top reasons, {tier}: " + ", ".join(f"{r} {c}" for r, c in rules.head(5).iter_rows()))


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
        scores = scores.with_row_index("_key").with_columns(pl.col("_key").cast(pl.Int64))
        findings = findings.join(
            scores.select("_key", "supplier_id", "source_row"), on=["supplier_id", "source_row"], how="left"
        )
        preset = meta["inputs"][0]["preset"]
        print(f"\n{name}: {meta['rows_in']} rows ({meta['rows_screened']} screened, "
              f"{meta['rows_quarantined']} quarantined) in {secs:.1f} s; preset {preset}")
        describe(meta, scores, findings)
    print(f"\npeak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")


if __name__ == "__main__":
    main()

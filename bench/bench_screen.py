"""Benchmark the whole screen (issue 3): N generated suppliers through every stage, timed per stage.

    python bench/bench_screen.py [N] [--with-validation] [--with-store] [--with-reports]

Prints rows/s per stage, wall time and peak RSS. Validation, store and reports are measured by their
own benchmarks (bench_validation.py, bench_store.py, bench_report.py) and are off here unless asked.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.gen_suppliers import ensure
from screening.pipeline import RunOptions, run


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int, nargs="?", default=1_000_000)
    ap.add_argument("--with-validation", action="store_true")
    ap.add_argument("--with-store", action="store_true")
    ap.add_argument("--with-reports", action="store_true")
    args = ap.parse_args()
    path = ensure(args.n, Path(f"bench/data/suppliers_{args.n}.csv"))
    out = Path(tempfile.mkdtemp(prefix="bench-screen-"))
    opts = RunOptions(out=out, no_store=not args.with_store, reports=args.with_reports,
                      skip_validation=not args.with_validation)
    timings: dict[str, float] = {}
    cpus: dict[str, float] = {}
    peaks: dict[str, float] = {}

    def timed(name, fn):  # type: ignore[no-untyped-def]
        def call(*a):  # type: ignore[no-untyped-def]
            t, c = time.perf_counter(), cpu_s()
            res = fn(*a)
            timings[name] = time.perf_counter() - t
            cpus[name] = cpu_s() - c
            peaks[name] = rss_mib()
            return res

        return call

    t0, c0 = time.perf_counter(), cpu_s()
    result = run([path], opts, step=timed)
    wall, cpu = time.perf_counter() - t0, cpu_s() - c0
    n = result.run["rows_in"]
    print(
        f"screen of {n:,} suppliers: {wall:.1f} s wall, {cpu:.1f} s CPU, {n / wall:,.0f} rows/s, "
        f"peak RSS {rss_mib():,.0f} MiB"
    )
    for name, secs in timings.items():
        print(f"  {name:<18} {secs:7.2f} s  CPU {cpus[name]:6.2f} s  peak RSS so far {peaks[name]:7,.0f} MiB")
    tiers = dict(result.scores.group_by("risk_tier").len().iter_rows())
    print(f"  findings: {result.findings.height:,}; tiers: {tiers}")
    shutil.rmtree(out, ignore_errors=True)  # 1.7 GB of CSV and Parquet at 1M: runs must not fill the disk

if __name__ == "__main__":
    main()

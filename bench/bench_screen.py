"""Benchmark the whole screen (issue 3): N generated suppliers through every stage, timed per stage.

    python bench/bench_screen.py [N] [--with-validation] [--with-store] [--with-reports]

Prints rows/s per stage, wall time and peak RSS. Validation, store and reports are measured by their
own benchmarks (bench_validation.py, bench_store.py, bench_report.py) and are off here unless asked.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.gen_suppliers import ensure  # noqa: E402
from screening import stages  # noqa: E402


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int, nargs="?", default=1_000_000)
    ap.add_argument("--with-validation", action="store_true")
    ap.add_argument("--with-store", action="store_true")
    ap.add_argument("--with-reports", action="store_true")
    args = ap.parse_args()
    path = ensure(args.n, Path(f"bench/data/suppliers_{args.n}.csv"))
    out = Path(tempfile.mkdtemp(prefix="bench-screen-"))
    opts = stages.RunOptions(out=out, no_store=not args.with_store, reports=args.with_reports,
                             skip_validation=not args.with_validation)
    timings: dict[str, float] = {}

    peaks: dict[str, float] = {}

    def timed(name: str, fn, *a):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        res = fn(*a)
        timings[name] = time.perf_counter() - t
        peaks[name] = rss_mib()
        return res

    t0 = time.perf_counter()
    ctx = timed("load context", stages.load_context, opts)
    run = stages.start_run([path], opts, ctx)
    ingested = timed("ingest", stages.ingest, [path], opts)
    frame = timed("normalise", stages.normalize, ingested.frame, ctx)
    frame, quarantine, checks = timed("validate input", stages.validate_input, frame, ingested.quarantine, ctx, opts)
    checks.append(timed("validate datasets", stages.validate_datasets, ctx, opts))
    findings = timed("match + rules", stages.screen, frame, ctx)
    findings = timed("reviews", stages.attach_reviews, frame, findings, opts, ingested)
    scores = timed("score", stages.score, frame, findings, ctx)
    counts = stages.counts(ingested, frame, quarantine)
    checks.append(timed("validate results", stages.validate_results, scores, findings, counts, ctx, opts))
    report = stages.finish_validation(checks, opts)
    run = stages.finish_run(run, ingested, counts, report, ctx, opts)
    result = timed("write outputs", stages.write_outputs, scores, findings, quarantine, run, report, opts)
    timed("persist", stages.persist, result, ingested, opts)
    timed("reports", stages.write_reports, result, ctx, opts)
    wall = time.perf_counter() - t0
    n = counts["rows_in"]
    print(f"screen of {n:,} suppliers: {wall:.1f} s wall, {n / wall:,.0f} rows/s, peak RSS {rss_mib():,.0f} MiB")
    for name, secs in timings.items():
        print(f"  {name:<18} {secs:7.2f} s   peak RSS so far {peaks[name]:7,.0f} MiB")
    print(f"  findings: {findings.height:,}; tiers: {dict(scores.group_by('risk_tier').len().iter_rows())}")


if __name__ == "__main__":
    main()

"""Benchmark the screening store (issue 6): persisting a large screen, and queries on a year of history.

1. Persist a 1,000,000-supplier screen (about 1.5 findings each) into a new store: the store's whole
   cost in a run is ``attach_reviews`` (fingerprints + carried decisions) and ``persist_run`` (one
   transaction). Then a second month of the same list on top of it, and its diff (diff.csv).
2. A store holding 12 monthly screens of 100,000 suppliers (churn, tier changes, a new ILAB edition in
   month 7, 500 decisions): time ``review list`` and ``diff`` through the API and the real CLI.

    .venv/bin/python bench/bench_store.py [--big N] [--monthly N] [--keep DIR]

Frames are generated with the contract's columns (vectorised, deterministic); prints wall times and
the peak RSS (resource.getrusage).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from screening.contract import CATEGORIES, FINDINGS_SCHEMA  # noqa: E402
from screening.store import open_store  # noqa: E402

LIST = "global-suppliers.xlsx"
COUNTRIES = np.array(["CN", "VN", "IN", "BD", "TR", "ID", "PK", "MY", "TH", "MX", "BR", "US", "DE", "IT"])
COUNTRY_NAMES = dict(
    zip(
        COUNTRIES.tolist(),
        [
            "China",
            "Viet Nam",
            "India",
            "Bangladesh",
            "Türkiye",
            "Indonesia",
            "Pakistan",
            "Malaysia",
            "Thailand",
            "Mexico",
            "Brazil",
            "United States",
            "Germany",
            "Italy",
        ],
        strict=True,
    )
)
GOODS = np.array(
    ["Garments", "Cotton", "Electronics", "Footwear", "Gloves", "Fish", "Shrimp", "Bricks", "Polysilicon"]
)
TIERS = np.array(["low", "medium", "high", "critical"])
TIP = {"CN": "Tier 3", "MY": "Tier 2 Watch List", "TH": "Tier 2", "VN": "Tier 2 Watch List", "IN": "Tier 2"}


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _findings(
    scores: pl.DataFrame, rule: tuple[str, str, str, float, str, str], evidence: pl.Expr
) -> pl.DataFrame:
    """One finding per supplier of ``scores``: rule (id, category, severity, points, dataset, edition)."""
    rule_id, category, severity, points, dataset, edition = rule
    return scores.select(
        "_key",
        "supplier_id",
        pl.lit(rule_id).alias("rule_id"),
        pl.lit(category).alias("category"),
        pl.lit(severity).alias("severity"),
        pl.lit(points).alias("points"),
        evidence.alias("evidence"),
        pl.lit(dataset).alias("source_dataset"),
        pl.lit(edition).alias("source_edition"),
    )


def screen(
    n: int, month: int, *, churn: float = 0.0, edition_of_goods: str = "2024", seed: int = 7
) -> tuple[dict[str, Any], pl.DataFrame, pl.DataFrame]:
    """Month ``month`` of the list: ``n`` suppliers, a ``churn`` share replaced since month 1."""
    rng = np.random.default_rng(seed + month)
    base = np.arange(n)
    replaced = int(n * churn * (month - 1))
    ids = base + replaced  # the oldest `replaced` suppliers left, as many new ones joined
    country = COUNTRIES[ids % len(COUNTRIES)]
    good = GOODS[(ids // 3) % len(GOODS)]
    score = (ids * 37 % 100).astype(np.float64)
    moved = rng.random(n) < 0.02  # 2% of suppliers change score (and maybe tier) each month
    score = np.where(moved, (score + 30 * month) % 100, score)
    tier = TIERS[np.minimum((score // 25).astype(np.int64), 3)]
    sid = pl.Series("supplier_id", ids).cast(pl.String).str.zfill(8)
    scores = pl.DataFrame(
        {
            "_key": base,
            "supplier_id": "V" + sid,
            "supplier_name": "Supplier " + sid + " Co., Ltd.",
            "country_code": country,
            "region_code": pl.Series(np.where((ids % 997 == 0) & (country == "CN"), "CN-XJ", "")).replace(
                "", None
            ),
            "goods": good,
            "risk_score": score,
            "risk_tier": tier,
            **{f"score_{c}": np.zeros(n) for c in CATEGORIES},
            "n_findings": np.where(ids % 2 == 0, 2, 1),
            "top_reason": np.full(n, "Listed good from a high-risk country."),
            "_source": LIST,
            "_row": base + 2,
        }
    )
    goods_rows = _findings(
        scores,
        ("ilab_goods", "forced_labor", "high", 40.0, "ilab_goods", edition_of_goods),
        pl.format(
            "{} from {} is on the ILAB List of Goods ({}) for forced labor.",
            "goods",
            pl.col("country_code").replace_strict(COUNTRY_NAMES),
            pl.lit(edition_of_goods),
        ),
    )
    tip_rows = _findings(
        scores.filter(pl.col("_key") % 2 == 0),
        ("tip_tier", "country_governance", "medium", 20.0, "tip_tiers", "2024"),
        pl.format(
            "{} is {} in the 2024 TIP Report.",
            pl.col("country_code").replace_strict(COUNTRY_NAMES),
            pl.col("country_code").replace_strict(TIP, default="Tier 1"),
        ),
    )
    findings = (
        pl.concat([goods_rows, tip_rows])
        .with_columns(
            *(
                pl.lit(None, dtype).alias(c)
                for c, dtype in FINDINGS_SCHEMA.items()
                if c not in goods_rows.columns
            )
        )
        .select(list(FINDINGS_SCHEMA))
        .with_columns(pl.lit(1, pl.Int64).alias("rule_version"))
    )
    run = {
        "run_id": f"2026-{month:02d}-01T06-00-00Z-{seed:04x}",
        "started_at": f"2026-{month:02d}-01T06:00:00Z",
        "finished_at": f"2026-{month:02d}-01T06:04:00Z",
        "status": "success",
        "inputs": [{"path": LIST, "sha256": "0" * 64, "rows": n}],
        "rows_in": n,
        "rows_screened": n,
        "rows_quarantined": 0,
    }
    return run, scores, findings


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(label: str, fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    """Run ``fn``; print wall time, CPU time of the process (all threads) and the peak RSS so far."""
    t0, c0 = time.perf_counter(), cpu_s()
    out = fn(*args, **kwargs)
    dt, dc = time.perf_counter() - t0, cpu_s() - c0
    print(f"  {label:<58} {dt:6.2f} s wall {dc:6.2f} s cpu  (peak RSS {peak_rss_mib():,.0f} MiB)", flush=True)
    return out, dt


def bench_big(folder: Path, n: int) -> None:
    print(f"\n1. persisting a screen of {n:,} suppliers")
    path = folder / "big.duckdb"
    (run1, sc1, fd1), _ = timed("generate month 1 (not the store's cost)", screen, n, 1)
    (run2, sc2, fd2), _ = timed("generate month 2 (not the store's cost)", screen, n, 2, churn=0.01)
    print(f"  frames: {sc1.height:,} suppliers, {fd1.height:,} findings")
    with open_store(path) as store:
        att1, t_att1 = timed("month 1: attach_reviews (empty store)", store.attach_reviews, LIST, fd1, sc1)
        _, t_per1 = timed("month 1: persist_run (one transaction)", store.persist_run, run1, LIST, sc1, att1)
        print(f"  => month 1 store cost: {t_att1 + t_per1:.2f} s")
        with store._session():  # 200 decisions in one session (setup for month 2)
            for i in range(20_000, 20_400, 2):  # suppliers still listed in month 2
                store.decide(f"V{i:08d}", "ilab_goods", "cleared", "bench", "Origin verified by audit.")
        att2, t_att2 = timed("month 2: attach_reviews (200 decisions)", store.attach_reviews, LIST, fd2, sc2)
        carried = int((att2["review_status"] == "cleared").sum())
        _, t_per2 = timed(
            "month 2: persist_run (store already holds month 1)", store.persist_run, run2, LIST, sc2, att2
        )
        prev = store.previous_run_id(LIST, run2["run_id"])
        d, t_diff = timed("month 2: diff against month 1 (-> diff.csv)", store.diff, prev, run2["run_id"])
        print(
            f"  => month 2 store cost: {t_att2 + t_per2:.2f} s (+ diff {t_diff:.2f} s); "
            f"carried decisions: {carried}"
        )
        print(f"  diff counts: {d.counts()}")
    print(f"  store file: {path.stat().st_size / 2**20:,.0f} MiB for 2 screens")


def bench_monthly(folder: Path, n: int) -> None:
    print(f"\n2. a store of 12 monthly screens of {n:,} suppliers")
    path = folder / "monthly.duckdb"
    t0 = time.perf_counter()
    with open_store(path) as store:
        for month in range(1, 13):
            run, sc, fd = screen(n, month, churn=0.005, edition_of_goods="2024" if month < 7 else "2025")
            store.persist_run(run, LIST, sc, store.attach_reviews(LIST, fd, sc))
            if month in (3, 9):  # decisions on suppliers listed all year (ids >= the year's churn)
                with store._session():
                    first = n // 2 + 1000 * month
                    for i in range(first, first + 500, 2):
                        store.decide(f"V{i:08d}", "ilab_goods", "cleared", "bench", "Origin verified.")
                        store.decide(f"V{i:08d}", "tip_tier", "escalated", "bench", "Ask for policy.")
    print(f"  built in {time.perf_counter() - t0:.1f} s; file {path.stat().st_size / 2**20:,.0f} MiB")
    with open_store(path) as store:
        q, _ = timed("API review_list() (every finding of the latest screen)", store.review_list)
        print(f"    {q.height:,} findings; statuses {dict(q.group_by('review_status').len().iter_rows())}")
        timed(
            "API review_list(status='open', tier='critical')",
            store.review_list,
            status="open",
            tier="critical",
        )
        (_, a, b), _ = timed("API last_two_runs()", store.last_two_runs)
        d, _ = timed("API diff(month 11, month 12)", store.diff, a, b)
        print(f"    counts {d.counts()}")
        d7, _ = timed(
            "API diff(month 6, month 7) (new ILAB edition)", store.diff, *store.runs()["run_id"][5:7]
        )
        print(f"    counts {d7.counts()}")
    env = {**os.environ, "SCREENING_STORE": str(path), "COLUMNS": "200", "PYTHONPATH": str(ROOT)}
    for args in (
        ["review", "list"],
        ["review", "list", "--status", "open", "--tier", "critical"],
        ["review", "list", "--json"],
        ["diff"],
        ["diff", "--json"],
        [
            "review",
            "decide",
            "V00050000",
            "ilab_goods",
            "--decision",
            "cleared",
            "--reviewer",
            "bench",
            "--note",
            "ok",
        ],
    ):
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "screening", *args], env=env, capture_output=True, text=True, check=False
        )
        dt = time.perf_counter() - t0
        size = len(proc.stdout.encode())
        print(
            f"  CLI screening {' '.join(args):<56} {dt:6.2f} s  "
            f"exit {proc.returncode}, {size / 1024:,.0f} KiB out"
        )
        if proc.returncode != 0:
            print(proc.stderr[-2000:])
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import screening.cli"], env=env, check=True)
    print(f"  (python start + `import screening.cli` alone: {time.perf_counter() - t0:.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", type=int, default=1_000_000)
    parser.add_argument("--monthly", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, default=None, help="keep the stores in this folder")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-store-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()}; stores in {folder}")
    try:
        if args.big:
            bench_big(folder, args.big)
        if args.monthly:
            bench_monthly(folder, args.monthly)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"\npeak RSS of the whole benchmark: {peak_rss_mib():,.0f} MiB; load average {os.getloadavg()}")


if __name__ == "__main__":
    main()

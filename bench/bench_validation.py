"""Benchmark validation (issue 5): every suite on a realistic 1,000,000-supplier screen.

    .venv/bin/python bench/bench_validation.py [N] [--repeat 3]

Builds, without the rest of the pipeline, frames shaped like a real screen's:

* suppliers: the normalised input frame (every ingest column, ``country_code`` weighted like a large
  importer's supplier master, spend, workers, a migrant-worker share on 20% of rows, and about 0.01%
  of rows broken on purpose so the quarantine path runs);
* findings: about 1.6 per supplier, drawn from the real rules in ``rules/risk`` (their ids,
  categories, severities, points and datasets), watch-list review hits with match scores;
* scores: computed from those findings by the real scorer (``screening.scoring.score``) and policy.

Prints the Great Expectations import (plus context) once, then each suite's time per run, the
number of expectations evaluated and peak RSS (resource.getrusage).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from screening.contract import INGEST_SCHEMA  # noqa: E402

RULES = ROOT / "rules"
COUNTRIES = {"CN": 22, "VN": 12, "IN": 12, "BD": 8, "TR": 7, "ID": 5, "PK": 4, "MY": 4, "TH": 3, "MX": 4,
             "BR": 3, "US": 5, "DE": 3, "IT": 2, "GH": 1, "CI": 1, "QA": 1, "TM": 0.2}  # fmt: skip


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def suppliers(n: int, rng: np.random.Generator) -> pl.DataFrame:
    codes = np.array(list(COUNTRIES))
    weights = np.array(list(COUNTRIES.values()), dtype=float)
    country = codes[rng.choice(codes.size, size=n, p=weights / weights.sum())].astype(object)
    country[rng.random(n) < 0.002] = None  # unknown country: data gap, not an input failure
    spend = np.round(rng.lognormal(11, 1.5, n), 2)
    share = np.where(rng.random(n) < 0.2, np.round(rng.random(n), 2), np.nan)
    bad = rng.random(n) < 0.0001
    spend[bad] = -spend[bad]
    frame = pl.DataFrame(
        {
            "_key": np.arange(n, dtype=np.int64),
            "_source": "bench/suppliers.csv",
            "_row": np.arange(2, n + 2, dtype=np.int64),
            "supplier_id": [f"S{i:07d}" for i in range(n)],
            "supplier_name": [f"Supplier {i} Co., Ltd." for i in range(n)],
            "spend": spend,
            "workers": rng.integers(5, 5000, n).astype(float),
            "migrant_worker_share": share,
            "country_code": country,
        },
        nan_to_null=True,
    )
    missing = {k: v for k, v in INGEST_SCHEMA.items() if k not in frame.columns}
    return frame.with_columns([pl.lit(None, dtype=t).alias(k) for k, t in missing.items()])


def findings_for(frame: pl.DataFrame, rng: np.random.Generator) -> tuple[pl.DataFrame, set[str], set[str]]:
    from screening.rules.loader import load_rules

    rules = load_rules(RULES).rules
    n = frame.height
    per = rng.poisson(1.6, n)
    keys = np.repeat(np.arange(n, dtype=np.int64), per)
    which = rng.integers(0, len(rules), keys.size)
    table = pl.DataFrame(
        {
            "_r": np.arange(len(rules)),
            "rule_id": [r.id for r in rules],
            "rule_version": [r.version for r in rules],
            "category": [r.category for r in rules],
            "severity": [r.severity for r in rules],
            "points": [float(r.points) for r in rules],
            "source_dataset": [r.datasets[0] for r in rules],
        }
    )
    findings = (
        pl.DataFrame({"_key": keys, "_r": which})
        .join(table, on="_r", how="left")
        .drop("_r")
        .unique(["_key", "rule_id"], keep="first", maintain_order=True)
    )
    review = rng.random(findings.height) < 0.001
    findings = findings.with_columns(
        pl.format("S{}", pl.col("_key").cast(pl.String).str.zfill(7)).alias("supplier_id"),
        pl.lit("evidence sentence naming the fact, dataset and edition").alias("evidence"),
        pl.lit("2024").alias("source_edition"),
        pl.when(pl.Series(review)).then(pl.lit("Listed Entity Co")).alias("matched_entity"),
        pl.when(pl.Series(review)).then(pl.lit(0.82)).alias("match_score"),
        pl.lit(None, pl.String).alias("matched_field"),
    )
    return findings, {r.id for r in rules}, {d for r in rules for d in r.datasets}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int, nargs="?", default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    rng = np.random.default_rng(5)

    t = time.perf_counter()
    import screening.validation as validation

    print(f"import screening.validation (no GX): {time.perf_counter() - t:.2f} s")
    from screening.indicators import load_catalog
    from screening.scoring.policy import load_policy
    from screening.scoring.score import score_suppliers

    frame = suppliers(args.n, rng)
    findings, rule_ids, dataset_ids = findings_for(frame, rng)
    policy = load_policy(RULES)
    scored = score_suppliers(frame.select("_key"), findings, policy)
    scores = frame.select("_key", "supplier_id", "supplier_name", "country_code").join(
        scored, on="_key", how="left", maintain_order="left"
    )
    catalog = load_catalog(RULES)
    print(f"frames: {frame.height:,} suppliers, {findings.height:,} findings; RSS {rss_mib():.0f} MiB")

    from screening.validation.engine import batch_definition

    t = time.perf_counter()
    batch_definition()
    print(f"import great_expectations + ephemeral context: {time.perf_counter() - t:.2f} s")

    print(f"load average before the runs: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for i in range(args.repeat):
        c0, t0 = cpu_s(), time.perf_counter()
        kept, quarantined, input_res = validation.validate_input(frame, RULES)
        c1, t1 = cpu_s(), time.perf_counter()
        datasets_res = validation.validate_datasets(catalog, RULES)
        c2, t2 = cpu_s(), time.perf_counter()
        counts = {"rows_in": frame.height, "rows_screened": kept.height}
        counts["rows_quarantined"] = quarantined.height
        kept_keys = kept.select("_key")
        kept_scores = scores.join(kept_keys, on="_key", how="semi")
        kept_findings = findings.join(kept_keys, on="_key", how="semi")
        c2b, t2b = cpu_s(), time.perf_counter()
        results_res = validation.validate_results(
            kept_scores, kept_findings, counts, rule_ids, dataset_ids, RULES
        )
        c3, t3 = cpu_s(), time.perf_counter()
        report = validation.ValidationReport.from_results([input_res, datasets_res, results_res])
        wall = (t1 - t0) + (t2 - t1) + (t3 - t2b)
        cpu = (c1 - c0) + (c2 - c1) + (c3 - c2b)
        print(
            f"run {i + 1}: input {t1 - t0:.2f} s wall / {c1 - c0:.2f} s CPU ({input_res.evaluated} exp, "
            f"{quarantined.height} quarantined) | datasets {t2 - t1:.2f} / {c2 - c1:.2f} "
            f"({datasets_res.evaluated} exp) | results {t3 - t2b:.2f} / {c3 - c2b:.2f} "
            f"({results_res.evaluated} exp) | total {wall:.2f} s wall / {cpu:.2f} s CPU | "
            f"evaluated {report.evaluated}, success {report.success}"
        )
        if not report.success:
            for o in report.blocking_failures:
                print("  FAIL", o.message)
    print(f"peak RSS {rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()

"""Benchmark the reports (issue 8): report.xlsx and report.html of a 1,000,000-supplier screen.

Frames are generated with the shapes the pipeline hands to ``write_reports`` (scores with the 11
sub-scores, review status, spend and source row; findings with evidence sentences, datasets and
editions), deterministic for a seed: about 3% of suppliers high or critical, 5% medium, and about one
finding per supplier (country-governance findings on most suppliers, several on each flagged one).

    .venv/bin/python bench/bench_report.py [--rows N] [--keep DIR]

Prints the time of each report, the HTML's size (must stay under 20 MB) and the peak RSS.
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from screening.contract import CATEGORIES, FINDINGS_SCHEMA
from screening.errors import InputError
from screening.report import write_evidence_pack
from screening.report.contents import ReportInput
from screening.report.html import render_html
from screening.report.portfolio import summarise
from screening.report.xlsx import write_xlsx
from screening.scoring.policy import load_policy
from screening.settings import get_settings

COUNTRIES = np.array(
    ["CN", "VN", "IN", "BD", "TR", "ID", "PK", "MY", "TH", "MX", "BR", "US", "DE", "IT", "GH", "QA"]
)
WEIGHTS = np.array([22, 12, 12, 8, 7, 5, 4, 4, 3, 4, 3, 5, 3, 2, 1, 1], dtype=float)
GOODS = np.array(
    [
        "Garments",
        "Electronics",
        "Footwear",
        "Cotton",
        "Toys",
        "Textiles",
        "Bricks",
        "Rubber Gloves",
        "Shrimp",
        "Polysilicon",
        "Packaging",
        "Machinery",
    ]
)
# rule id, category, severity, points, dataset, edition, basis (the evidence templates are in EVIDENCE)
ILAB = ("ilab_goods", "2022 (2024 removals applied)")
GSI = ("gsi_2023", "2023 (estimates for 2021)")
RULES = [
    ("uflpa-entity-match", "entity_list", "critical", 100.0, "uflpa", "as of 2025-01-15", "supplier"),
    ("region-xinjiang", "region", "critical", 100.0, "uflpa", "as of 2025-01-15", "site"),
    ("ilab-forced-labor-good", "forced_labor", "high", 40.0, *ILAB, "input"),
    ("ilab-child-labor-good", "child_labor", "medium", 25.0, *ILAB, "input"),
    ("practice-recruitment-fees", "bonded_labor", "high", 40.0, "ilo_fl_indicators", "2012", "supplier"),
    ("tip-tier-2-watch-list", "country_governance", "low", 10.0, "tip_tiers", "2025", "country"),
    ("gsi-prevalence-elevated", "country_governance", "low", 5.0, *GSI, "country"),
]
# {c} = country, {g} = good, {n} = supplier name
EVIDENCE = [
    'The supplier name "{n}" matches "{n}" on the UFLPA Entity List (edition as of 2025-01-15), score 0.95.',
    "The supplier is located in Xinjiang (CN-XJ): goods made there fall under the UFLPA presumption.",
    "{g} from {c} is on the US DOL List of Goods for forced labour (2022 (2024 removals applied) edition).",
    "{g} from {c} is on the US DOL List of Goods for child labour (2022 (2024 removals applied) edition).",
    "The supplier reports that workers pay recruitment fees, the route into debt bondage (ILO, 2012).",
    "{c} is on the Tier 2 Watch List of the US State Department's Trafficking in Persons Report (2025).",
    "Walk Free's Global Slavery Index (2023) estimates 6.3 people in modern slavery per 1,000 in {c}.",
]
DATASETS = [
    {
        "id": d,
        "title": f"Dataset {d}",
        "publisher": "publisher",
        "edition": e,
        "retrieved": "2026-11-28",
        "licence": "US Government work",
        "coverage": "Coverage note " * 20,
        "source_url": "https://example.org",
        "rows": 100,
    }
    for d, e in {r[4]: r[5] for r in RULES}.items()
]


def _evidence(template: str) -> pl.Expr:
    """A rule's evidence sentence as a polars expression ({c} country, {g} good, {n} supplier name)."""
    fields = {"c": pl.col("country_code"), "g": pl.col("goods"), "n": pl.col("supplier_name")}
    used = re.findall(r"\{(\w)\}", template)
    return (
        pl.format(re.sub(r"\{\w\}", "{}", template), *(fields[f] for f in used)) if used else pl.lit(template)
    )


def frames(n: int, seed: int = 8) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    country = rng.choice(COUNTRIES, n, p=WEIGHTS / WEIGHTS.sum())
    u = rng.random(n)
    tier = np.where(u < 0.015, "critical", np.where(u < 0.03, "high", np.where(u < 0.08, "medium", "low")))
    # Findings per supplier: flagged ones 3-5, medium 1-2, most low ones a country-governance finding.
    counts = np.where(
        tier == "critical",
        rng.integers(3, 6, n),
        np.where(
            tier == "high",
            rng.integers(2, 5, n),
            np.where(tier == "medium", rng.integers(1, 3, n), (rng.random(n) < 0.8).astype(np.int64)),
        ),
    )
    base = np.select([tier == "critical", tier == "high", tier == "medium"], [80.0, 50.0, 25.0], 0.0)
    key = pl.int_range(n, dtype=pl.Int64)
    xinjiang = (pl.col("risk_tier") == "critical") & (pl.col("country_code") == "CN")
    scores = pl.DataFrame(
        {"country_code": country, "risk_tier": tier, "n_findings": counts.astype(np.int64),
         "goods": rng.choice(GOODS, n), "risk_score": np.minimum(base + rng.random(n) * 20, 100.0),
         "spend": np.round(rng.lognormal(11, 1.5, n), 2)}
    ).with_columns(
        _key=key,
        supplier_id=pl.format("B{}", key.cast(pl.String).str.zfill(7)),
        supplier_name=pl.format("Supplier {} Co., Ltd.", key),
        parent_name=pl.lit(None, pl.String),
        region_code=pl.when(xinjiang).then(pl.lit("CN-XJ")),
        sector=pl.lit("manufacturing"),
        review_status=pl.when(pl.col("n_findings") > 0).then(pl.lit("open")).otherwise(pl.lit("")),
        goods_inferred=pl.lit(""),
        goods_unmapped=pl.lit(""),
        source_file=pl.lit("suppliers_1m.csv"),
        source_row=key + 2,
        _source=pl.lit("suppliers_1m.csv"),
        _row=key + 2,
        **{f"score_{c}": pl.lit(0.0) for c in CATEGORIES},
    )  # fmt: skip
    keys = np.repeat(np.arange(n), counts)
    pos = np.arange(keys.size) - np.repeat(np.cumsum(counts) - counts, counts)  # 0: the strongest finding
    ftier = tier[keys]
    rule = np.where(
        ftier == "critical",
        np.minimum(pos, 3),
        np.where(
            ftier == "high",
            2 + np.minimum(pos, 3),
            np.where(ftier == "medium", 3 + np.minimum(pos, 3), 5 + rng.integers(0, 2, keys.size)),
        ),
    )
    r = pl.col("rule")
    pick = [pl.when(r == i).then(_evidence(t)) for i, t in enumerate(EVIDENCE)]
    evidence = pl.coalesce(pick)
    cols = list(zip(*RULES, strict=True))
    hit = r == 0
    findings = (
        pl.DataFrame({"_key": keys, "rule": rule, "pos": pos})
        .join(scores.select("_key", "supplier_id", "supplier_name", "country_code", "goods"), on="_key")
        .with_columns(
            rule_id=pl.Series(np.array(cols[0])[rule]),
            rule_version=pl.lit(1, pl.Int64),
            category=pl.Series(np.array(cols[1])[rule]),
            severity=pl.Series(np.array(cols[2])[rule]),
            points=pl.Series(np.array(cols[3], dtype=float)[rule]),
            evidence=evidence,
            source_dataset=pl.Series(np.array(cols[4])[rule]),
            source_edition=pl.Series(np.array(cols[5])[rule]),
            matched_entity=pl.when(hit).then(pl.col("supplier_name")),
            match_score=pl.when(hit).then(pl.lit(0.95)),
            matched_field=pl.when(hit).then(pl.lit("supplier_name")),
            basis=pl.Series(np.array(cols[6])[rule]),
            counted_with=pl.lit(None, pl.String),
            _count_once=pl.lit(None, pl.String),
        )
    )
    top = findings.filter(pl.col("pos") == 0).select("_key", top_reason=pl.col("evidence"), top_basis="basis")
    scores = scores.join(top, on="_key", how="left", maintain_order="left").with_columns(
        pl.col("top_reason").fill_null("No finding: no indicator applies.")
    )
    findings = findings.select(
        *(pl.col(k).cast(v) for k, v in FINDINGS_SCHEMA.items()),
        review_status=pl.lit("open"),
        review_note=pl.lit(None, pl.String),
    )
    return scores, findings


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="write the reports here and keep them")
    parser.add_argument(
        "--xlsx-all-rows",
        action="store_true",
        default=None,
        help="every row in report.xlsx (default: by its size)",
    )
    args = parser.parse_args()
    t = time.perf_counter()
    scores, findings = frames(args.rows)
    quarantine = pl.DataFrame(
        {
            "source_file": ["suppliers_1m.csv"] * 120,
            "row_number": list(range(120)),
            "reason": ["No country given."] * 120,
            "raw_values": ["{}"] * 120,
        }
    )
    run: dict[str, Any] = {
        "run_id": "bench",
        "status": "succeeded",
        "rows_in": args.rows + 120,
        "inputs": [{"path": "suppliers_1m.csv", "rows": args.rows + 120, "sha256": "0" * 64}],
        "validation": {"success": True, "evaluated": 40, "failures": []},
    }
    flagged = scores.filter(pl.col("risk_tier").is_in(["high", "critical"])).height
    print(
        f"frames: {scores.height:,} suppliers ({flagged:,} high/critical = {flagged / scores.height:.1%}), "
        f"{findings.height:,} findings in {time.perf_counter() - t:.1f} s; peak RSS {rss_mib():,.0f} MiB"
    )
    out = args.keep or Path(tempfile.mkdtemp(prefix="bench-report-"))
    out.mkdir(parents=True, exist_ok=True)
    policy = load_policy(get_settings().rules_dir)
    try:
        t = time.perf_counter()
        portfolio = summarise(scores, findings)
        t_sum = time.perf_counter() - t
        t = time.perf_counter()
        report = ReportInput(scores, findings, quarantine, run, DATASETS, policy, portfolio)
        page = render_html(report)
        (out / "report.html").write_text(page, encoding="utf-8")
        t_html = time.perf_counter() - t
        size = (out / "report.html").stat().st_size
        rss_html = rss_mib()
        print(
            f"summary {t_sum:.2f} s; report.html {t_html:.2f} s, {size / 1e6:.2f} MB "
            f"({'under' if size < 20e6 else 'OVER'} 20 MB); peak RSS {rss_html:,.0f} MiB"
        )
        t = time.perf_counter()
        write_xlsx(out / "report.xlsx", report, all_rows=args.xlsx_all_rows)
        t_xlsx = time.perf_counter() - t
        every = args.xlsx_all_rows or scores.height <= get_settings().xlsx_all_rows
        cells = scores.height * 28 + findings.height * 17 if every else 0
        print(
            f"report.xlsx ({'every row' if every else 'flagged suppliers and their findings'}) {t_xlsx:.1f} s"
            + (f" ({cells / t_xlsx / 1e6:.2f} M cells/s), " if cells else ", ")
            + f"{(out / 'report.xlsx').stat().st_size / 1e6:.1f} MB; peak RSS {rss_mib():,.0f} MiB"
        )
        t = time.perf_counter()
        flagged_id = str(scores.filter(pl.col("risk_tier") == "critical")["supplier_id"][0])
        write_evidence_pack(out, flagged_id, scores=scores, findings=findings, run=run, datasets=DATASETS,
                            policy=policy)  # fmt: skip
        t_pack = time.perf_counter() - t
        t = time.perf_counter()
        try:
            write_evidence_pack(out, "B00000x1", scores=scores, findings=findings, run=run, datasets=DATASETS,
                                policy=policy)  # fmt: skip
        except InputError as exc:
            print(f"unknown id: {str(exc)[:90]}...")
        t_miss = time.perf_counter() - t
        print(
            f"evidence pack {t_pack:.2f} s; unknown id with suggestions {t_miss:.2f} s; "
            f"peak RSS {rss_mib():,.0f} MiB"
        )
    finally:
        if args.keep is None:
            shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()

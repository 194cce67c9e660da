"""Name-matching quality: precision, recall and F1 of the default matcher.

Sets:
* name-pairs (../shared/bench-data/name-pairs/pairs.csv, OpenSanctions nomenklatura benchmark and
  company_name_matcher data): Company and Organization pairs; label 1 = a screen should raise the
  pair; a pair counts as raised when the decision is match or review (score >= review threshold).
  Reported as A (nomenklatura pairs in the frozen logic-v2 run: the peer's own subset), B (all
  nomenklatura Company+Organization), C (company_name_matcher), D (all = B + C), each also split
  into even and odd rows (a held-out check: rules were developed looking at error lists, so the two
  halves show whether the figure is stable).
* supplier set (tests/fixtures/matching/supplier_pairs.csv): supplier-style variants of real
  UFLPA/CBP entries and hard near-misses; label 1 = same entity.

Usage: ``.venv/bin/python bench/name_quality.py [--errors]``. Skips the name-pairs set when
../shared is absent.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from screening.indicators import load_catalog  # noqa: E402
from screening.matching import Matcher, build_watchlists  # noqa: E402

PAIRS = ROOT.parent / "shared" / "bench-data" / "name-pairs" / "pairs.csv"
SUPPLIER = ROOT / "tests" / "fixtures" / "matching" / "supplier_pairs.csv"


def prf(rows: Iterable[tuple[int, bool]]) -> dict[str, float]:
    tp = fp = fn = tn = 0
    for label, raised in rows:
        tp += label == 1 and raised
        fp += label == 0 and raised
        fn += label == 1 and not raised
        tn += label == 0 and not raised
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "n": tp + fp + fn + tn,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": p,
        "recall": r,
        "f1": f,
    }


def line(name: str, m: dict[str, float]) -> str:
    return (
        f"{name:<34} {m['n']:>4} {m['tp']:>4} {m['fp']:>4} {m['fn']:>4} {m['tn']:>4} "
        f"{m['precision']:.3f}  {m['recall']:.3f}  {m['f1']:.3f}"
    )


def scored(matcher: Matcher, frame: pl.DataFrame) -> pl.DataFrame:
    res = [matcher.compare(a, b) for a, b in zip(frame["left"], frame["right"], strict=True)]
    return frame.with_columns(
        pl.Series("score", [r.score for r in res]),
        pl.Series("decision", [r.decision for r in res]),
        pl.Series("raised", [r.decision != "no_match" for r in res]),
        pl.int_range(pl.len()).alias("row"),
    )


def report(title: str, frame: pl.DataFrame) -> list[str]:
    out = [line(title, prf(zip(frame["label"], frame["raised"], strict=True)))]
    for half, rem in (("even rows", 0), ("odd rows", 1)):
        part = frame.filter(pl.col("row") % 2 == rem)
        out.append(line(f"  {half}", prf(zip(part["label"], part["raised"], strict=True))))
    return out


def main() -> None:
    catalog = load_catalog(ROOT / "rules")
    lists = build_watchlists({"uflpa": catalog.frame("uflpa"), "cbp_wro": catalog.frame("cbp_wro")})
    matcher = Matcher(lists)
    header = f"{'set':<34} {'n':>4} {'tp':>4} {'fp':>4} {'fn':>4} {'tn':>4} prec.  recall  F1"
    lines = [header]
    errors: list[str] = []
    if PAIRS.exists():
        pairs = pl.read_csv(PAIRS, infer_schema_length=0).filter(
            pl.col("schema").is_in(["Company", "Organization"])
        )
        pairs = scored(matcher, pairs.with_columns(pl.col("label").cast(pl.Int64)))
        nk = pairs.filter(pl.col("source").str.starts_with("nomenklatura"))
        frozen = nk.filter(pl.col("logicv2_score").is_not_null())
        cnm = pairs.filter(~pl.col("source").str.starts_with("nomenklatura"))
        for title, part in (
            ("A nomenklatura, frozen logic-v2 run", frozen),
            ("B nomenklatura Company+Org, all", nk),
            ("C company_name_matcher", cnm),
            ("D all Company+Organization", pairs),
        ):
            lines.extend(report(title, part.drop("row").with_row_index("row")))
        wrong = pairs.filter((pl.col("label") == 1) != pl.col("raised"))
        errors += [
            f"name-pairs {'FN' if r['label'] else 'FP'} {r['score']:.3f} {r['left']} | {r['right']}"
            for r in wrong.iter_rows(named=True)
        ]
    else:
        lines.append(f"(name-pairs skipped: {PAIRS} not found)")
    sup = scored(
        matcher, pl.read_csv(SUPPLIER, infer_schema_length=0).with_columns(pl.col("label").cast(pl.Int64))
    )
    lines.extend(report("S supplier set (tests/fixtures)", sup))
    counts = sup.group_by("label", "decision").len().sort("label", "decision")
    lines.append(
        "supplier set decisions: " + ", ".join(f"label {a}/{b}: {c}" for a, b, c in counts.iter_rows())
    )
    wrong = sup.filter((pl.col("label") == 1) != pl.col("raised"))
    errors += [
        f"supplier {'FN' if r['label'] else 'FP'} {r['score']:.3f} [{r['kind']}] {r['left']} | {r['right']}"
        for r in wrong.iter_rows(named=True)
    ]
    print("\n".join(lines))
    if "--errors" in sys.argv:
        print("\n".join(errors))


if __name__ == "__main__":
    main()

"""Rebuild rules/indicators/sector_risk.csv's ILAB rows and refresh the checksums of the risk-context datasets.

Usage (from the project root, with the project's venv)::

    python rules/indicators/scripts/build_risk_contexts.py [--check]

sector_risk.csv holds two kinds of rows (see PROVENANCE-risk-contexts.md):
- DERIVED rows (source_title starts with ``ILAB_TITLE``): one per (sector, country) of the bundled
  ILAB list (ilab_goods.csv), each good mapped to its sector with the project's own vocabulary
  (rules/goods/sectors.yml). level = high when any good of the pair is listed for forced labour (or
  forced child labour), elevated when only for child labour. The 10 derived-input rows of the list
  (exploitation in an input, not in the good) are skipped.
- CURATED rows (any other source): written by hand and kept as they are.
region_contexts.csv and migrant_corridors.csv are curated only. For all three, ``sha256:`` and
``rows:`` of the YAML are set from the CSV. With ``--check`` nothing is written and the exit code is 1
when a file would change.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUNDLE = HERE.parent
PROJECT = BUNDLE.parent.parent
sys.path.insert(0, str(PROJECT))

from build_bundled import read_rows, write_rows  # noqa: E402  (this folder)

from screening.normalize.goods_vocab import load_vocabulary  # noqa: E402

ILAB_TITLE = "List of Goods Produced by Child Labor or Forced Labor (US DOL ILAB)"
ILAB_URL = "https://www.dol.gov/agencies/ilab/reports/child-labor/list-of-goods"
ILAB_YEAR = "2022"
SECTOR_RISK_HEADER = ["sector", "country", "level", "summary", "source_title", "source_url", "source_year"]
DATASETS = ("sector_risk", "region_contexts", "migrant_corridors")


def derived_rows() -> list[dict[str, str]]:
    from screening.normalize.countries import to_alpha2

    vocab = load_vocabulary(PROJECT / "rules")
    _, ilab = read_rows(BUNDLE / "ilab_goods.csv")
    pairs: dict[tuple[str, str], list[tuple[str, bool]]] = defaultdict(list)
    for row in ilab:
        forced = "Yes" in (row["forced_labor"], row["forced_child_labor"])
        if row["child_labor"] != "Yes" and not forced:
            continue  # a derived-input row: the exploitation is in an input, not in this good
        sector, code = vocab.sector_of(row["good"]), to_alpha2(row["country"])
        if sector is None or code is None:
            raise SystemExit(f"ilab_goods.csv: no sector or country code for {row['good']!r} / {row['country']!r}")
        pairs[(sector, code)].append((row["good"], forced))
    rows = []
    for (sector, code), goods in sorted(pairs.items()):
        forced = [g for g, f in goods if f]
        child = [g for g, f in goods if not f]
        parts = [f"forced labour: {', '.join(forced)}"] if forced else []
        parts += [f"child labour: {', '.join(child)}"] if child else []
        rows.append(
            {
                "sector": sector,
                "country": code,
                "level": "high" if forced else "elevated",
                "summary": f"ILAB lists goods of this sector from this country ({'; '.join(parts)})",
                "source_title": ILAB_TITLE,
                "source_url": ILAB_URL,
                "source_year": ILAB_YEAR,
            }
        )
    return rows


def set_checksum(meta_path: Path, data: bytes, rows: int, check: bool) -> bool:
    text = meta_path.read_text(encoding="utf-8")
    new = re.sub(r"(?m)^sha256: .*$", f"sha256: {hashlib.sha256(data).hexdigest()}", text)
    new = re.sub(r"(?m)^rows: .*$", f"rows: {rows}", new)
    if new != text and not check:
        meta_path.write_text(new, encoding="utf-8")
    return new != text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file would change")
    args = parser.parse_args(argv)
    changed = []
    path = BUNDLE / "sector_risk.csv"
    _, rows = read_rows(path)
    curated = [r for r in rows if not r["source_title"].startswith(ILAB_TITLE)]
    data = write_rows(SECTOR_RISK_HEADER, derived_rows() + curated)
    if data != path.read_bytes():
        changed.append(path.name)
        if not args.check:
            path.write_bytes(data)
    for dataset in DATASETS:
        csv_path = BUNDLE / f"{dataset}.csv"
        body = csv_path.read_bytes()
        n = len(read_rows(csv_path)[1])
        if set_checksum(BUNDLE / f"{dataset}.yml", body, n, args.check):
            changed.append(f"{dataset}.yml")
    print("changed: " + ", ".join(changed) if changed else "up to date")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Rebuild the bundled indicator CSVs from the gathered source files, and refresh their checksums.

Usage (from the project root, with the project's venv)::

    python rules/indicators/scripts/build_bundled.py --source PATH/TO/shared/data [--check]

``--source`` is the folder of gathered public data described in rules/indicators/PROVENANCE.md
(with ``01_ilab_tvpra_goods/``, ``02_state_tip_tiers/``, ... and ``more/``). The script is the
record of every change made to the source rows; it is not used at run time. With ``--check`` it
writes nothing and exits 1 if a bundled file differs from what it would write.

What it does per dataset:
- ilab_goods: the 2022 List of Goods rows, with the 2024 removals applied (see ``apply_removals``).
- ilab_advancement, gsi_2023, ilo_ratifications, uflpa_missing_notes: the source rows unchanged
  (line endings normalised to LF).
- uflpa, cbp_wro: copied verbatim (byte-identical to the source files).
- tip_tiers: one row per country from the latest report year in which its tier is known
  (see ``build_tip_tiers``); contradictory sources within that year stop the build.
- every ``<id>.yml``: ``sha256:`` and ``rows:`` lines are set from the written CSV.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUNDLE = HERE.parent
PROJECT = BUNDLE.parent.parent

ILAB_GOODS = "01_ilab_tvpra_goods/ilab_tvpra_list_2022_goods_by_country.csv"
ILAB_ADVANCEMENT = "01_ilab_tvpra_goods/ilab_findings_2022_country_advancement.csv"
ILAB_CHANGES_2024 = "more/ilab_2024_list_of_goods_changes.csv"
GSI = "03_walkfree_gsi_2023/gsi_2023_prevalence_victims_cleaned.csv"
ILO = "06_ilo_ratifications/ilab_findings_2022_convention_ratification_C138_C182.csv"
UFLPA = "more/uflpa_entity_list.csv"
UFLPA_NOTES = "more/uflpa_partial_or_missing_notes.csv"
CBP = "more/cbp_wro_findings.csv"
TIP_PLACEMENTS = "more/tip_tier_placements.csv"
TIP_2025_TRANSCRIBED = "02_state_tip_tiers/tip_2025_tier_placements_TRANSCRIBED.csv"

TIP_2025_TRANSCRIPTION_SOURCE = (
    "https://www.state.gov/reports/2025-trafficking-in-persons-report/ as transcribed in "
    "github.com/trex0092/HAWKEYE-STERLING-RA data/country-indicators.json "
    "@ cf2050cbbbd7901e20d4c6b2b2533228b5ce6e79 (second-hand)"
)
TIERS = ("Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3", "Special Case")


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def write_rows(header: list[str], rows: list[dict[str, str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def lf(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n")


# --------------------------------------------------------------------------------------- ILAB goods
def _good_matches(listed: str, named: str) -> bool:
    # The list writes "Fluorspar (mineral)" where the 2024 announcements say "fluorspar".
    return listed == named or listed.startswith(named + " (")


def apply_removals(
    rows: list[dict[str, str]], changes: list[dict[str, str]]
) -> tuple[list[dict[str, str]], list[str]]:
    """Apply each ``removed`` change of the 2024 edition to the 2022 rows; return rows and a log.

    The sources word all four removals as child-labour removals ("child labor in these sectors ...
    reduced to no more than isolated incidents"). A row listed for child labour only is dropped.
    A row also listed for forced labour (only Shrimp from Thailand) keeps its forced-labour listing:
    its child-labour and forced-child-labour flags become "No" and ``listing_type`` "forced_labor",
    because no source says the forced-labour listing was removed.
    """
    log: list[str] = []
    out = list(rows)
    for change in changes:
        if change["change"] != "removed":
            continue
        hits = [
            r for r in out if r["country"] == change["country"] and _good_matches(r["good"], change["good"])
        ]
        if len(hits) != 1:
            raise SystemExit(f"removal {change['good']} / {change['country']}: {len(hits)} matching rows")
        row = hits[0]
        if not change["exploitation_type"].startswith("child labor"):
            raise SystemExit(f"unexpected removal type {change['exploitation_type']!r}")
        if row["forced_labor"] == "Yes":
            row.update(child_labor="No", forced_child_labor="No", listing_type="forced_labor")
            log.append(f"{row['good']} / {row['country']}: child-labour listing removed, forced labour kept")
        else:
            out.remove(row)
            log.append(f"{row['good']} / {row['country']}: row removed (child labour only)")
    return out, log


# ---------------------------------------------------------------------------------------- TIP tiers
@dataclass(frozen=True)
class Placement:
    code: str
    country: str
    tier: str
    year: int
    inferred: bool
    source: str


def _placements(source: Path, to_alpha2: Callable[[str | None], str | None]) -> list[Placement]:
    out: list[Placement] = []
    _, rows = read_rows(source / TIP_PLACEMENTS)
    for r in rows:
        year = r["report_year"]
        out.append(
            Placement(
                "",
                r["country"],
                r["tier"],
                int(year[:4]),
                "inferred" in year,
                r["source"],
            )
        )
    _, rows = read_rows(source / TIP_2025_TRANSCRIBED)
    for r in rows:
        out.append(
            Placement(
                "", r["country_as_published"], r["tier_2025"], 2025, False, TIP_2025_TRANSCRIPTION_SOURCE
            )
        )
    mapped, unmapped = [], []
    for p in out:
        if p.tier not in TIERS:
            raise SystemExit(f"unknown tier {p.tier!r} for {p.country!r}")
        code = to_alpha2(p.country)
        if code is None:
            unmapped.append(p.country)
        else:
            mapped.append(Placement(code, p.country, p.tier, p.year, p.inferred, p.source))
    if unmapped:
        raise SystemExit(f"TIP country names with no ISO code: {sorted(set(unmapped))}")
    return mapped


def _describe(p: Placement) -> str:
    if "factbook" in p.source:
        return f"CIA World Factbook ({p.year})"
    if "gvnet" in p.source:
        return "gvnet.com adaptation"
    if "knowyourcountry" in p.source:
        return "knowyourcountry.com (year inferred)"
    return "second-hand transcription"


def build_tip_tiers(source: Path, to_alpha2: Callable[[str | None], str | None]) -> list[dict[str, str]]:
    """One row per country: the latest report year with a known tier (precedence in tip_tiers.yml).

    Within that year every source must agree (else the build stops); an "(inferred)" year counts
    only when no source of the same year states a tier. Earlier placements are kept as context.
    """
    by_code: dict[str, list[Placement]] = defaultdict(list)
    for p in _placements(source, to_alpha2):
        by_code[p.code].append(p)
    out: list[dict[str, str]] = []
    for code, ps in by_code.items():
        latest = max(p.year for p in ps)
        current = [p for p in ps if p.year == latest]
        stated = [p for p in current if not p.inferred] or current
        tiers = {p.tier for p in stated}
        if len(tiers) != 1:
            raise SystemExit(
                f"{code}: sources disagree for {latest}: {[(p.country, p.tier) for p in stated]}"
            )
        tier = tiers.pop()
        transcribed = [p for p in stated if p.source == TIP_2025_TRANSCRIPTION_SOURCE]
        name = (transcribed or stated)[0].country
        if len(stated) > 1:
            note = "sources agree: " + ", ".join(sorted({_describe(p) for p in stated}))
        elif transcribed:
            note = "second-hand transcription only; not checked against state.gov"
        else:
            note = f"from {_describe(stated[0])} only"
        if tier == "Special Case" and not transcribed:
            note += "; the 2025 transcription leaves Special Cases out"
        earlier: dict[int, set[str]] = defaultdict(set)
        for p in ps:
            if p.year < latest:
                earlier[p.year].add(p.tier + (" (inferred year)" if p.inferred else ""))
        history = "; ".join(
            f"{y}: {' | '.join(sorted(t))}" + (" (sources disagree)" if len(t) > 1 else "")
            for y, t in sorted(earlier.items(), reverse=True)
        )
        out.append(
            {
                "country": name,
                "tier": tier,
                "report_year": str(latest),
                "source": " | ".join(sorted({p.source for p in stated})),
                "verified_in_sources": str(len({p.source for p in stated})),
                "notes": note,
                "earlier_placements": history,
            }
        )
    out.sort(key=lambda r: r["country"].casefold())
    return out


# ---------------------------------------------------------------------------------------- main
def set_checksum(meta_path: Path, data: bytes) -> str:
    rows = len(list(csv.reader(io.StringIO(data.decode("utf-8"))))) - 1
    text = meta_path.read_text(encoding="utf-8")
    new = re.sub(r"(?m)^sha256: .*$", f"sha256: {hashlib.sha256(data).hexdigest()}", text)
    new = re.sub(r"(?m)^rows: .*$", f"rows: {rows}", new)
    return new


def build(source: Path) -> dict[str, bytes]:
    sys.path.insert(0, str(PROJECT))
    from screening.normalize.countries import to_alpha2

    files: dict[str, bytes] = {}
    header, rows = read_rows(source / ILAB_GOODS)
    _, changes = read_rows(source / ILAB_CHANGES_2024)
    rows, log = apply_removals(rows, changes)
    for line in log:
        print("ilab_goods:", line)
    files["ilab_goods.csv"] = write_rows(header, rows)
    files["ilab_advancement.csv"] = lf((source / ILAB_ADVANCEMENT).read_bytes())
    files["gsi_2023.csv"] = lf((source / GSI).read_bytes())
    files["ilo_ratifications.csv"] = lf((source / ILO).read_bytes())
    files["uflpa_missing_notes.csv"] = lf((source / UFLPA_NOTES).read_bytes())
    files["uflpa.csv"] = (source / UFLPA).read_bytes()
    files["cbp_wro.csv"] = (source / CBP).read_bytes()
    tip = build_tip_tiers(source, to_alpha2)
    files["tip_tiers.csv"] = write_rows(list(tip[0]), tip)
    for name in list(files):
        meta = BUNDLE / name.replace(".csv", ".yml")
        if meta.is_file():
            files[meta.name] = set_checksum(meta, files[name]).encode("utf-8")
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True, help="folder of gathered source data")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 on any difference")
    args = parser.parse_args()
    files = build(args.source)
    differ = [
        n for n, data in files.items() if not (BUNDLE / n).is_file() or (BUNDLE / n).read_bytes() != data
    ]
    if args.check:
        print("differ:", ", ".join(differ) or "none")
        return 1 if differ else 0
    for name in differ:
        (BUNDLE / name).write_bytes(files[name])
        print("wrote", BUNDLE / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

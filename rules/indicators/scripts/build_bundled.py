"""Rebuild the bundled indicator CSVs from the gathered source files, and refresh their checksums.

Usage (from the project root, with the project's venv)::

    python rules/indicators/scripts/build_bundled.py --source PATH/TO/shared/data [--check]

``--source`` is the folder of gathered public data described in rules/indicators/PROVENANCE.md
(with ``01_ilab_tvpra_goods/``, ``02_state_tip_tiers/``, ... and ``more/``). The script is the
record of every change made to the source rows; it is not used at run time. With ``--check`` it
writes nothing and exits 1 if a bundled file differs from what it would write.

What it does per dataset:
- ilab_goods: the 2022 List of Goods rows, with the 2024 removals applied (see ``apply_removals``)
  and the 2024 additions that could be itemised (see ``apply_additions_2024``).
- ilab_advancement, gsi_2023, ilo_ratifications: the source rows unchanged (line endings LF).
- uflpa: the whole DHS table of 2026 enriched with the earlier transcription (``build_uflpa``).
- cbp_wro: CBP's orders with their status and status date (``build_cbp``).
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


# ------------------------------------------------------------------------------------ 2026 updates
# The folder ``updates-2026/`` of the gathered data (its PROVENANCE.md): the whole UFLPA list as the
# DHS table stood in mid-2026, CBP orders with CBP's own status column, the itemised ILAB 2024
# additions and the 2025 TIP tiers confirmed. Each function below is the record of what was changed.
UPDATES = "updates-2026"
UFLPA_DHS = f"{UPDATES}/uflpa_entity_list_dhs_scrape_2026.csv"
UFLPA_ADDITIONS = f"{UPDATES}/uflpa_additions.csv"
UFLPA_CORRECTIONS = f"{UPDATES}/uflpa_staged_corrections.csv"
CBP_STATUS = f"{UPDATES}/cbp_wro_status.csv"
ILAB_ADDITIONS_2024 = f"{UPDATES}/ilab_2024_additions.csv"
DHS_SCRAPE_SOURCE = (
    "https://www.dhs.gov/uflpa-entity-list as scraped in github.com/aronrosenfield-hash/TruNorth "
    "public/data/cbp-forced-labor.json @ 47d9719e59f5a44e7bc67ba2292510ac80d47e06 (fetched 2026-07-09)"
)
UFLPA_HEADER = [
    "name", "aliases", "name_variants_in_sources", "location", "legal_authority", "date_added",
    "date_added_basis", "effective_dates", "batch", "verified_in_sources", "source_urls", "notes",
]
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold())


def _join(*parts: str, sep: str = " | ") -> str:
    out: list[str] = []
    for part in parts:
        for item in (p.strip() for p in re.split(r"\s*[|;]\s*", part) if p.strip()):
            if item.casefold() not in {o.casefold() for o in out}:
                out.append(item)
    return sep.join(out)


def _new_aliases(known: str, scraped: str) -> list[str]:
    """Aliases of the DHS table not already known (also not as "formerly known as: NAME")."""
    have = {a.strip().removeprefix("formerly known as:").strip().casefold() for a in known.split("|")}
    return [a for a in re.split(r"\s*[|;]\s*", scraped) if a.strip() and a.strip().casefold() not in have]


def build_uflpa(source: Path) -> list[dict[str, str]]:
    """All entities of the DHS table (144), enriched with what the 128 earlier rows knew.

    The DHS table gives names, aliases, the section tables an entity sits in and each listing's
    effective date. ``date_added`` is the original listing date: the corrections file's
    ``suggested_original_listing_date`` (a DHS "effective date" can be a later rename or section
    move), else the earliest DHS effective date. Earlier rows keep their name variants, location,
    batch and sources; the DHS table is added as one more source.
    """
    _, dhs = read_rows(source / UFLPA_DHS)
    _, old_rows = read_rows(source / UFLPA)
    _, additions = read_rows(source / UFLPA_ADDITIONS)
    _, corrections = read_rows(source / UFLPA_CORRECTIONS)
    old = {_key(r["name"]): r for r in old_rows}
    fixes = {_key(r["staged_name"]): r for r in corrections}
    added = {_key(r["name"]): r for r in additions}
    out: list[dict[str, str]] = []
    used: set[str] = set()
    for row in dhs:
        key = _key(row["name"])
        match = old.get(key) or next((o for k, o in old.items() if key.startswith(k) and k not in used), None)
        if match is not None:
            used.add(_key(match["name"]))
        prev = match or {}
        fix = fixes.get(_key(prev.get("name", ""))) or {}
        new = added.get(key)
        sections = " | ".join(f"Section {s.strip()}" for s in row["sections_by_table_position"].split("|"))
        if fix.get("suggested_original_listing_date"):
            date, basis = fix["suggested_original_listing_date"], "correction of 2026 (DHS table and dated sources)"
        elif prev.get("date_added"):
            date, basis = prev["date_added"], prev["date_added_basis"]
        elif new is not None:
            date, basis = new["date_added"], "DHS table effective date (scrape of 2026-07-09)"
        else:
            date, basis = row["earliest_effective_date"], "earliest DHS table effective date (scrape of 2026-07-09)"
        notes = [prev.get("notes", ""), fix.get("note", ""), new["notes"] if new else ""]
        if fix.get("date_issue"):
            notes.append(f"date: {fix['date_issue']} (was {fix['staged_date_added'] or 'blank'})")
        out.append(
            {
                "name": row["name"] if match is None else prev["name"],
                "aliases": _join(prev.get("aliases", ""), *_new_aliases(prev.get("aliases", ""), row["aliases"])),
                "name_variants_in_sources": _join(
                    prev.get("name_variants_in_sources", ""), row["name"] if match and prev["name"] != row["name"] else ""
                ),
                "location": prev.get("location", ""),
                "legal_authority": sections,
                "date_added": date,
                "date_added_basis": basis,
                "effective_dates": row["effective_dates_by_section"],
                "batch": prev.get("batch")
                or (f"listed {new['date_added']}; missing from the earlier transcription" if new else ""),
                "verified_in_sources": str(int(prev.get("verified_in_sources") or 0) + 1),
                "source_urls": _join(prev.get("source_urls", ""), DHS_SCRAPE_SOURCE),
                "notes": "; ".join(n for n in notes if n),
            }
        )
    missing = [o["name"] for k, o in old.items() if k not in used]
    if missing or len(out) != len(dhs):
        raise SystemExit(f"uflpa: earlier rows not found in the DHS table: {missing}")
    out.sort(key=lambda r: r["name"].casefold())
    return out


CBP_HEADER = [
    "entity_or_scope", "country", "scope", "product_as_described_in_pages", "date_issued", "type",
    "type_basis", "status", "status_date", "history", "verified_in_sources", "source_urls", "notes",
]
#: Names as CBP lists the entity, where the gathered row carries a comment inside the name, and the
#: group orders read from announcements rewritten in CBP's own convention (";" between entities,
#: "a/k/a" before an alias) so that each company is matched by its own name.
CBP_NAMES = {
    "Supermax Corporation Bhd. and wholly owned subsidiaries (Supermax Glove Manufacturing, Maxter Glove "
    "Manufacturing Sdn. Bhd., Maxwell Glove Manufacturing Bhd.)": "Supermax Corporation Bhd.; Supermax Glove "
    "Manufacturing; Maxter Glove Manufacturing Sdn. Bhd.; Maxwell Glove Manufacturing Bhd.",
    "Smart Glove Corporation Sdn Bhd, GX Corporation Sdn Bhd, GX3 Specialty Plant, Sigma Glove Industries, "
    "Platinum Glove Industries Sdn Bhd (Smart Glove group)": "Smart Glove Corporation Sdn Bhd; GX Corporation "
    "Sdn Bhd; GX3 Specialty Plant; Sigma Glove Industries; Platinum Glove Industries Sdn Bhd",
    "YTY Industry Holdings Sdn Bhd (YTY Group), incl. YTY Industry Sdn Bhd, Green Prospect Sdn Bhd, GP Lumut":
    "YTY Industry Holdings Sdn Bhd, a/k/a YTY Group; YTY Industry Sdn Bhd; Green Prospect Sdn Bhd; GP Lumut",
    "Brightway Holdings Sdn Bhd, Laglove (M) Sdn Bhd, Biopro (M) Sdn Bhd (Brightway Group)":
    "Brightway Holdings Sdn Bhd, a/k/a Brightway Group; Laglove (M) Sdn Bhd; Biopro (M) Sdn Bhd",
    "Sime Darby Plantation Berhad, subsidiaries, joint ventures (and affiliated entities)":
    "Sime Darby Plantation Berhad",
    "Top Glove Corporation Bhd (Malaysian facilities)": "Top Glove Corporation Bhd",
    "Serbia Zijin Copper D.O.O. (per ankpost; not in CSV scrape)": "Serbia Zijin Copper D.O.O.",
    "Tunago No. 61 (fishing vessel)": "Fishing Vessel: Tunago No. 61",
    "Fishing Vessels owned by Dalian Ocean Fishing Co. Ltd.": "Dalian Ocean Fishing Co., Ltd.",
    "(entity not captured; Jordan garments)": "Garment manufacturer in Jordan (name not captured)",
}
#: Rows that name a good from a whole country or region, not an entity (matched by rules, not names).
CBP_SCOPES = {
    "All Turkmenistan Cotton": "country",
    "Artisanal Small Mines": "country",
    "Tobacco produced in Malawi": "country",
    "Xinjiang Uyghur Autonomous Region (XUAR)": "region",
    "(entity not captured; Jordan garments)": "unnamed",
}


def _cbp_status(status: str) -> str:
    low = status.casefold()
    for word, norm in (("inactive-pending", "inactive pending litigation"), ("partially", "partially modified"),
                       ("revoked", "revoked"), ("modified", "modified"), ("active", "active")):
        if low.startswith(word):
            return norm
    raise SystemExit(f"cbp_wro: unknown status {status!r}")


def _cbp_type(kind: str) -> tuple[str, str, str, str]:
    """(type, type_basis, the earlier WRO of a Finding, the Finding's date) from the gathered type text."""
    elevated = re.match(r"WRO \((\d{4}-\d{2}-\d{2})\), elevated to Finding \((\d{4}-\d{2}-\d{2})\)", kind)
    if elevated:
        return "Finding", "stated", f"WRO {elevated.group(1)}", elevated.group(2)
    if kind.startswith("(not captured)"):
        return "WRO", "not captured (taken as a WRO: 55 of CBP's 64 orders are WROs)", "", ""
    base = "Finding" if kind.startswith("Finding") else "WRO"
    return base, "inferred from CBP's published counts" if "inferred" in kind else "stated", "", ""


def build_cbp(source: Path) -> list[dict[str, str]]:
    """CBP orders from CBP's own CSV (status column) plus modified and revoked orders from pages.

    Rows of the earlier bundled file that CBP's CSV does not hold and no page confirms are dropped
    (listed in PROVENANCE.md); the wrong dates and statuses are replaced by CBP's.
    """
    from screening.indicators.connectors.cbp_wro import history

    _, rows = read_rows(source / CBP_STATUS)
    out: list[dict[str, str]] = []
    for row in rows:
        text = row["entity_or_scope"]
        scope = next((v for k, v in CBP_SCOPES.items() if text.startswith(k)), "")
        if not scope:
            scope = "vessel" if row["country"].startswith("(fishing vessel") or "Vessel" in text else "entity"
        kind, basis, earlier, finding_date = _cbp_type(row["type"])
        status = _cbp_status(row["status"])
        dates = _DATE.findall(row["status_date"])
        status_date = dates[0] if dates and not row["status_date"].startswith("listed in") else ""
        if status_date:
            listed = f"status date {status_date}"
        else:
            listed = re.sub(r"\s+", " ", row["status_date"])
        country = "" if row["country"].startswith("(fishing vessel") else row["country"]
        paren = re.search(r"\(([^()]*)\)", row["status"])
        detail = paren.group(1) if paren and status not in ("active", "partially modified") else ""
        urls = [u for u in row["source_url"].split(" | ") if u]
        notes = "; ".join(n for n in (row["notes"], f"status: {row['status']} ({listed})",
                                      f"change from the earlier bundled file: {row['compare_to_staged']}") if n)
        if text in CBP_NAMES:
            notes = f"listed as: {text}; {notes}"
        out.append(
            {
                "entity_or_scope": CBP_NAMES.get(text, text),
                "country": country,
                "scope": scope,
                "product_as_described_in_pages": row["product"],
                "date_issued": row["date_issued"],
                "type": kind,
                "type_basis": basis,
                "status": status,
                "status_date": status_date,
                "history": history(
                    kind, finding_date or row["date_issued"], status, status_date, detail, earlier
                ),
                "verified_in_sources": str(len(urls)),
                "source_urls": " | ".join(urls),
                "notes": notes,
            }
        )
    # The two Jordan rows are one row each in CBP's CSV; number them so each order stays distinct.
    unnamed = [r for r in out if r["scope"] == "unnamed"]
    for n, r in enumerate(unnamed, start=1):
        r["entity_or_scope"] = f"{r['entity_or_scope']} ({n} of {len(unnamed)})"
    return out


#: ILAB 2024 additions: the list's own spelling of the country and good (goods vocabulary names).
ILAB_2024_NAMES = {
    "Burma (Myanmar)": "Burma",
    "Democratic Republic of the Congo": "Congo, Democratic Republic of the",
    "Jujubes (red dates)": "Jujubes",
    "Caustic soda": "Caustic Soda",
    "Metallurgical-grade silicon": "Metallurgical-Grade Silicon",
}
ILAB_2024_SECTORS = {
    "Gold": "Mining", "Cobalt ore (heterogenite)": "Mining", "Nickel": "Mining", "Shrimp": "Agriculture",
    "Fish": "Agriculture", "Squid": "Agriculture", "Jujubes": "Agriculture", "Garments": "Manufacturing",
    "Caustic Soda": "Manufacturing", "Metallurgical-Grade Silicon": "Manufacturing",
    "Polyvinyl chloride (PVC)": "Manufacturing", "Aluminum": "Manufacturing",
}
ILAB_REGIONS = {"Chad": "Sub-Saharan Africa", "Indonesia": "Indo-Pacific", "India": "Indo-Pacific",
                "Burma": "Indo-Pacific", "China": "Indo-Pacific", "Mauritius": "Sub-Saharan Africa",
                "Congo, Democratic Republic of the": "Sub-Saharan Africa"}


def apply_additions_2024(
    rows: list[dict[str, str]], additions: list[dict[str, str]]
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Add the itemised 2024 forced-labour additions; return rows and what was not applied.

    A forced-labour listing added to an existing child-labour row sets ``forced_labor`` to Yes and
    ``listing_type`` to both; a new pair is a new row listed for forced labour (child labour "No":
    no source itemises a child-labour listing for it). Downstream (input-based) listings and goods
    without a country cannot be rows of a good-by-country table; they are returned to be recorded
    (the downstream ones are screened by rules, see ``ilab-2024-downstream-*``).
    """
    out = [dict(r) for r in rows]
    skipped: list[dict[str, str]] = []
    for add in additions:
        good = ILAB_2024_NAMES.get(add["good"], add["good"])
        country = ILAB_2024_NAMES.get(add["country"], add["country"])
        if add["forced_labor"] != "Yes" or country not in ILAB_REGIONS:
            skipped.append(add)
            continue
        hit = [r for r in out if r["good"] == good and r["country"] == country]
        if hit:
            row = hit[0]
            if row["forced_labor"] == "Yes":
                raise SystemExit(f"ilab addition {good} / {country}: already listed for forced labour")
            row.update(forced_labor="Yes", listing_type="both" if row["child_labor"] == "Yes" else "forced_labor")
            continue
        out.append(
            {
                "good": good, "sector": ILAB_2024_SECTORS[good], "country": country,
                "region": ILAB_REGIONS[country], "child_labor": "No", "forced_labor": "Yes",
                "forced_child_labor": "No", "derived_labor_exploitation": "No",
                "derived_input_country": "No", "listing_type": "forced_labor",
            }
        )
    out.sort(key=lambda r: (r["country"].casefold(), r["good"].casefold()))
    return out, skipped


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
    _, additions = read_rows(source / ILAB_ADDITIONS_2024)
    rows, skipped = apply_additions_2024(rows, additions)
    for add in skipped:
        print("ilab_goods: not a good-by-country row:", add["good"], "/", add["country"])
    files["ilab_goods.csv"] = write_rows(header, rows)
    files["ilab_advancement.csv"] = lf((source / ILAB_ADVANCEMENT).read_bytes())
    files["gsi_2023.csv"] = lf((source / GSI).read_bytes())
    files["ilo_ratifications.csv"] = lf((source / ILO).read_bytes())
    files["uflpa.csv"] = write_rows(UFLPA_HEADER, build_uflpa(source))
    files["cbp_wro.csv"] = write_rows(CBP_HEADER, build_cbp(source))
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

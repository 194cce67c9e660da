"""The official lists as they stood in 2026, screened as a compliance analyst would (issue 13).

Suppliers named on the lists: the 16 UFLPA entities missing from the earlier edition, the entities and
the vessel of every CBP order of 2024-2026 in force, the Malaysian glove and palm-oil companies whose
orders CBP modified, and goods added to the ILAB list in 2024. Each is checked through the whole
pipeline: scores.csv, findings.csv and run.json.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from screening.pipeline import RunOptions, run

RULES = Path(__file__).resolve().parents[2] / "rules"
TODAY = "2026-12-02"

#: The 16 entities of the DHS table that the earlier (128-row) edition lacked, as the table names them.
UFLPA_ADDED = [
    "Xinjiang Production and Construction Corps (XPCC) and its subordinate and affiliated entities",
    "No. 4 Vocation Skills Education Training Center (VSETC)",
    "Yili Zhuowan Garment Manufacturing Co., Ltd.",
    "Zhuhai Ninestar Information Technology Co. Ltd.",
    "Hubei Jingtian Cotton Industry Group Co., Ltd.",
    "Hubei Qirun Investment Development Co., Ltd.",
    "Hubei Yinfeng Warehousing and Logistics Co., Ltd.",
    "Jiangsu Yinlong Warehousing and Logistics Co., Ltd.",
    "Juye Cotton and Linen Station of the Heze Cotton and Linen Corporation",
    "Linxi County Fangpei Cotton Buying and Selling Co., Ltd.",
    "Xinjiang Yinlong Agricultural International Cooperation Co.",
    "Kingherbs Limited",
    "Qingdao Vital Nutraceutical Ingredients BioScience Co., Ltd.",
    "Taiyuan Weishan International Economic Business Co., Ltd.",
    "The TNN Development Limited",
    "Zhangzhou Hang Fat Import & Export Co., Ltd.",
]

#: One supplier per named CBP order of 2024-2026 in force (the two Jordan orders of 2026-06-23 have no
#: captured entity name), written as a supplier list would write it.
CBP_ACTIVE_2024_2026 = [
    ("Shanghai Select Safety Products Company, Limited", "China", "work gloves"),
    ("Asli Maydi", "Somalia", "frankincense"),
    ("Taepyung Salt Farm", "South Korea", "sea salt"),
    ("Zhen Fa 7", "China", "squid"),
    ("Giant Manufacturing Co., Ltd.", "Taiwan", "bicycles"),
    ("Firemount Group Ltd.", "Mauritius", "garments"),
    ("Linglong International Europe D.O.O. Zrenjanin", "Serbia", "tyres"),
    ("Finca Monte Grande", "Mexico", "coffee"),
    ("Serbia Zijin Copper D.O.O.", "Serbia", "copper"),
]

#: Orders CBP modified: (supplier, the order's history sentence the finding must quote).
CBP_MODIFIED = {
    "Top Glove Corporation Bhd": (
        "CBP WRO from 2020-07-15 and Finding from 2021-03-29 until 2021-09-09 (modified"
    ),
    "Supermax Corporation Bhd": "CBP WRO from 2021-10-21 until 2023-09-18 (modified",
    "Sime Darby Plantation Berhad": (
        "CBP WRO from 2020-12-30 and Finding from 2022-01-28 until 2023-02-03 (modified"
    ),
}


@pytest.fixture(scope="module")
def suppliers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("current")
    rows: list[dict[str, str]] = []
    for n, name in enumerate(UFLPA_ADDED, start=1):
        rows.append({"supplier_id": f"U{n:02d}", "supplier_name": name, "country": "China", "goods": ""})
    for n, (name, country, goods) in enumerate(CBP_ACTIVE_2024_2026, start=1):
        rows.append({"supplier_id": f"C{n:02d}", "supplier_name": name, "country": country, "goods": goods})
    for n, name in enumerate(CBP_MODIFIED, start=1):
        rows.append(
            {"supplier_id": f"M{n:02d}", "supplier_name": name, "country": "Malaysia", "goods": "gloves"}
        )
    rows += [
        {
            "supplier_id": "I01",
            "supplier_name": "PT Nikel Sulawesi",
            "country": "Indonesia",
            "goods": "nickel ore",
        },
        {
            "supplier_id": "I02",
            "supplier_name": "Andhra Seafoods Pvt Ltd",
            "country": "India",
            "goods": "frozen shrimp",
        },
        {
            "supplier_id": "I03",
            "supplier_name": "Port Louis Knitwear Ltd",
            "country": "Mauritius",
            "goods": "garments",
        },
    ]
    path = folder / "suppliers.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _screen(path: Path, out: Path, day: str) -> tuple[pl.DataFrame, pl.DataFrame, dict]:
    mp = pytest.MonkeyPatch()
    mp.setenv("SCREENING_TODAY", day)
    try:
        result = run([path], RunOptions(out=out, no_store=True))
    finally:
        mp.undo()
    return result.scores, result.findings, json.loads((out / "run.json").read_text())


@pytest.fixture(scope="module")
def screened(suppliers: Path) -> Iterator[tuple[pl.DataFrame, pl.DataFrame, dict]]:
    yield _screen(suppliers, suppliers.parent / "out", TODAY)


def _tier(scores: pl.DataFrame, supplier_id: str) -> str:
    (tier,) = scores.filter(pl.col("supplier_id") == supplier_id).get_column("risk_tier").to_list()
    return str(tier)


def _findings(findings: pl.DataFrame, supplier_id: str) -> list[dict[str, object]]:
    return findings.filter(pl.col("supplier_id") == supplier_id).to_dicts()


def test_the_16_added_uflpa_entities_are_critical(screened: tuple[pl.DataFrame, pl.DataFrame, dict]) -> None:
    scores, findings, _ = screened
    for n, name in enumerate(UFLPA_ADDED, start=1):
        sid = f"U{n:02d}"
        assert _tier(scores, sid) == "critical", name
        assert any(f["rule_id"] == "uflpa-entity-match" for f in _findings(findings, sid)), name


def test_every_named_cbp_order_of_2024_to_2026_in_force_is_critical(
    screened: tuple[pl.DataFrame, pl.DataFrame, dict],
) -> None:
    scores, findings, _ = screened
    for n, (name, _, _) in enumerate(CBP_ACTIVE_2024_2026, start=1):
        sid = f"C{n:02d}"
        assert _tier(scores, sid) == "critical", name
        (hit,) = [f for f in _findings(findings, sid) if f["rule_id"] == "cbp-wro-entity-match"]
        assert ", active" in str(hit["evidence"]), hit["evidence"]


def test_the_zhen_fa_7_vessel_matches_the_vessel_order(
    screened: tuple[pl.DataFrame, pl.DataFrame, dict],
) -> None:
    _, findings, _ = screened
    (hit,) = [f for f in _findings(findings, "C04") if f["rule_id"] == "cbp-wro-entity-match"]
    assert hit["matched_entity"] == "Fishing Vessel: Zhen Fa 7"
    assert "CBP WRO from 2025-05-28, active" in str(hit["evidence"])


def test_modified_orders_are_a_past_red_flag_never_critical(
    screened: tuple[pl.DataFrame, pl.DataFrame, dict],
) -> None:
    scores, findings, _ = screened
    for n, (name, history) in enumerate(CBP_MODIFIED.items(), start=1):
        sid = f"M{n:02d}"
        assert _tier(scores, sid) == "high", name
        rules = {str(f["rule_id"]): f for f in _findings(findings, sid)}
        assert "cbp-wro-entity-match" not in rules, name
        past = rules["cbp-wro-entity-inactive-match"]
        assert past["severity"] == "high" and history in str(past["evidence"]), past["evidence"]


def test_goods_added_to_the_ilab_list_in_2024_score(
    screened: tuple[pl.DataFrame, pl.DataFrame, dict],
) -> None:
    scores, findings, _ = screened
    for sid, good in (("I01", "Nickel"), ("I02", "Shrimp"), ("I03", "Garments")):
        assert _tier(scores, sid) == "medium", sid  # country x good: inherent exposure (policy v2)
        (hit,) = [f for f in _findings(findings, sid) if f["rule_id"] == "ilab-forced-labor-good"]
        assert good in str(hit["evidence"]) and "17 of 72 additions" in str(hit["evidence"])


def test_run_json_gives_every_dataset_its_as_of_age_and_staleness(
    screened: tuple[pl.DataFrame, pl.DataFrame, dict],
) -> None:
    _, _, run_json = screened
    entries = {e["id"]: e for e in run_json["datasets"]}
    assert set(entries) == {p.stem for p in (RULES / "indicators").glob("*.yml")}
    for entry in entries.values():
        assert {"edition", "coverage", "as_of", "age_days", "stale"} <= set(entry)
    assert (entries["uflpa"]["as_of"], entries["uflpa"]["age_days"], entries["uflpa"]["stale"]) == (
        "2026-07-09",
        146,
        False,
    )
    assert (entries["ilab_goods"]["as_of"], entries["ilab_goods"]["age_days"]) == ("2024-09-05", 818)
    assert entries["ilab_goods"]["stale"] is True  # a two-year cadence: the 2026 list is due
    assert entries["tip_tiers"]["stale"] is True and entries["cbp_wro"]["partial"]


@pytest.mark.slow  # two screens of the examples a year apart (CI: make test-slow)
def test_age_never_changes_scores_only_run_json(
    suppliers: Path, screened: tuple[pl.DataFrame, pl.DataFrame, dict]
) -> None:
    """A rerun a year later gives a byte-identical scores.csv; only run.json's ages move."""
    _, _, later = _screen(suppliers, suppliers.parent / "later", "2027-12-02")
    first = (suppliers.parent / "out" / "scores.csv").read_bytes()
    assert (suppliers.parent / "later" / "scores.csv").read_bytes() == first
    uflpa = next(e for e in later["datasets"] if e["id"] == "uflpa")
    assert (uflpa["age_days"], uflpa["stale"]) == (511, True)

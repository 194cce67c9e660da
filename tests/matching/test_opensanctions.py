"""OpenSanctions exports as watch lists: targets.simple.csv (committed excerpt) and FtM JSON lines,
with the source entity id kept and identifiers matched exactly, ahead of names."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from screening.errors import InputError
from screening.matching import Matcher, build_watchlists
from screening.matching.identifiers import identifier_hits, merge_hits
from screening.matching.opensanctions import watchlist_entries

ROOT = Path(__file__).resolve().parents[2]
SIMPLE = ROOT / "tests/fixtures/opensanctions/targets.simple.csv"


def test_targets_simple_csv_is_read_with_ids_countries_aliases_and_datasets():
    entries = {e.details["source_id"]: e for e in watchlist_entries(SIMPLE)}
    assert len(entries) == 5
    hoshine = entries["us-dhs-uflpa-hoshine-silicon-shanshan"]
    assert hoshine.name == "Hoshine Silicon Industry (Shanshan) Co., Ltd."
    assert [n.text for n in hoshine.names] == [hoshine.name, "Hesheng Silicon Industry (Shanshan) Co."]
    assert hoshine.country_code == "CN"
    assert hoshine.list_id == "user:targets.simple"
    assert hoshine.entity_id == "user:targets.simple:us-dhs-uflpa-hoshine-silicon-shanshan"
    assert hoshine.details["datasets"] == (
        "US DHS UFLPA Entity List; US CBP Forced Labor Withhold Release Orders and Findings"
    )
    assert entries["us-cbp-wro-sime-darby-plantation"].country_code == "MY"


def test_a_supplier_matches_an_opensanctions_entity_and_the_hit_names_its_id():
    matcher = Matcher(build_watchlists({}, [SIMPLE]))
    rows = pl.DataFrame(
        {
            "_key": [0, 1, 2],
            "name": ["新疆中泰化学股份有限公司", "Dalian Ocean Fishing Co Ltd", "Zhongtai Securities Co Ltd"],
            "country_code": ["CN", "CN", "CN"],
            "field": ["supplier_name"] * 3,
        }
    )
    hits = matcher.screen(rows).filter(pl.col("decision") == "match")
    assert hits.get_column("_key").to_list() == [0, 1]
    assert hits.get_column("matched_entity").to_list() == [
        "Xinjiang Zhongtai Chemical Co., Ltd.",
        "Dalian Ocean Fishing Co., Ltd.",
    ]
    assert "entity us-cbp-wro-dalian-ocean-fishing" in hits.item(1, "explanation")


def test_screen_with_an_opensanctions_watchlist_writes_the_entity_id_in_the_finding(tmp_path):
    suppliers = tmp_path / "suppliers.csv"
    suppliers.write_text(
        "supplier_id,supplier_name,country,goods\nS1,Camel Group Co Ltd,China,batteries\n"
        "S2,Blue Lake Garments,Vietnam,apparel\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    res = subprocess.run(
        [sys.executable, "-m", "screening", "run", str(suppliers), "--out", str(out), "--no-store",
         "--no-reports", "--skip-validation", "--watchlist", str(SIMPLE)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    findings = pl.read_csv(out / "findings.csv", infer_schema=False)
    mine = findings.filter(pl.col("rule_id") == "user-watchlist-match")
    assert mine.get_column("supplier_id").to_list() == ["S1"]
    assert mine.item(0, "matched_entity") == "Camel Group Co., Ltd."
    assert "entity us-dhs-uflpa-camel-group" in mine.item(0, "evidence")


def _ftm(tmp_path: Path, *entities: dict[str, object]) -> Path:
    path = tmp_path / "us_cbp_forced_labor.ftm.json"
    path.write_text("\n".join(json.dumps(e) for e in entities) + "\n", encoding="utf-8")
    return path


# An identifier made for this test (no real entity's LEI was verified): 20 characters, as an LEI has.
TEST_LEI = "5493000TESTLEI000X01"


def test_ftm_entities_are_read_and_an_identifier_match_outranks_a_name_match(tmp_path):
    path = _ftm(
        tmp_path,
        {"id": "us-cbp-wro-dalian-ocean-fishing", "schema": "Company", "datasets": ["us_cbp_forced_labor"],
         "properties": {"name": ["Dalian Ocean Fishing Co., Ltd."], "alias": ["Dalian Ocean Fishing Company"],
                        "country": ["cn"], "leiCode": [TEST_LEI]}},
        {"id": "addr-1", "schema": "Address", "properties": {"full": ["Dalian, Liaoning"]}},
    )  # fmt: skip
    lists = build_watchlists({}, [path])
    assert [e.entity_id for e in lists.entries] == [f"user:{path.stem}:us-cbp-wro-dalian-ocean-fishing"]
    assert lists.entries[0].details["datasets"] == "us_cbp_forced_labor"
    frame = pl.DataFrame(
        {
            "_key": [0, 1, 2],
            "supplier_name": ["Liaoning Pelagic Foods", "Dalian Ocean Fishing Co Ltd", "Dalian Ocean Fishing"],  # noqa: E501
            "LEI Code": [TEST_LEI.lower()[:10] + " " + TEST_LEI[10:], TEST_LEI, None],
        }
    )
    by_id = identifier_hits(frame, lists)
    assert by_id.get_column("_key").to_list() == [0, 1]
    assert "exact identifier match" in by_id.item(0, "explanation")
    names = Matcher(lists).screen(
        frame.select("_key", pl.col("supplier_name").alias("name"), pl.lit("CN").alias("country_code"),
                     pl.lit("supplier_name").alias("field"))
    )  # fmt: skip
    merged = merge_hits(by_id, names)
    assert merged.get_column("_key").to_list() == [0, 1, 2]
    assert merged.filter(pl.col("_key") == 1).item(0, "explanation").startswith("the LEI")
    assert merged.filter(pl.col("_key") == 2).item(0, "explanation").startswith("'Dalian Ocean Fishing'")


def test_an_ftm_file_without_any_entity_is_a_clear_error(tmp_path):
    path = _ftm(tmp_path, {"id": "addr-1", "schema": "Address", "properties": {"full": ["Dalian"]}})
    with pytest.raises(InputError, match="no entity of schema"):
        watchlist_entries(path)


def test_a_users_simple_list_still_reads_as_before(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("name,aliases,country,reason\nBlue River Textiles,BRT Textile,China,audit 2025\n")
    (entry,) = watchlist_entries(path)
    assert entry.entity_id == "user:mine:blue-river-textiles"
    assert (entry.country_code, entry.reason) == ("CN", "audit 2025")

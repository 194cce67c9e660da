"""Real published supplier lists, as published (committed excerpts of Nike's, Benetton's and Apple's lists),
through the whole pipeline with no mapping file: every row screened or quarantined with a reason, a country
for every row that names one, presets recognised, goods inferred and said so, watch lists on site and
parent."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from screening.pipeline import RunOptions, run

FIX = Path(__file__).resolve().parent / "fixtures" / "real_lists"
DIMENSIONS = ("score_sector", "score_region", "score_child_labor", "score_migrant_labor")
LISTS = {
    "nike": ("nike_imap_export_excerpt.csv", 43, "nike_manufacturing_map"),
    "benetton": ("benetton_suppliers_excerpt.csv", 69, "benetton_suppliers"),
    "apple": ("apple_supplier_list_excerpt.csv", 64, "apple_supplier_list"),
}


@pytest.fixture(scope="module")
def screened(tmp_path_factory):
    out = {}
    watch = tmp_path_factory.mktemp("watch") / "vendors_under_review.csv"
    watch.write_text(
        "name,aliases,country,reason\nAkkus Tekstil San Dis Tic As,,TR,internal audit finding\n",
        encoding="utf-8",
    )
    for key, (name, _, _) in LISTS.items():
        d = tmp_path_factory.mktemp(key)
        run([FIX / name], RunOptions(out=d, no_store=True, reports=False, watchlists=(watch,)))
        out[key] = d
    return out


def _load(d: Path) -> tuple[dict, pl.DataFrame, pl.DataFrame]:
    return (
        json.loads((d / "run.json").read_text()),
        pl.read_parquet(d / "scores.parquet"),
        pl.read_parquet(d / "findings.parquet"),
    )


@pytest.mark.parametrize("key", list(LISTS))
def test_every_row_screened_with_a_country_and_the_preset_recognised(screened, key):
    run_json, scores, _ = _load(screened[key])
    _, data_rows, preset = LISTS[key]
    assert run_json["rows_in"] == data_rows
    assert run_json["rows_quarantined"] <= 0.01 * data_rows
    assert run_json["rows_screened"] + run_json["rows_quarantined"] == data_rows
    assert run_json["inputs"][0]["preset"] == preset
    assert scores.filter(pl.col("country_code").is_null()).height == 0
    assert run_json["validation"]["success"] is True


def test_nike_world_region_is_not_a_subnational_region_and_migrant_share_is_evidence(screened):
    _, scores, findings = _load(screened["nike"])
    assert "Region" in scores.columns  # the world-region column is carried through untouched
    assert set(scores.get_column("Region").unique().to_list()) & {"AMERICAS", "SE ASIA"}
    codes = scores.select("country_code", "region_code").drop_nulls()
    assert all(r.startswith(c + "-") for c, r in codes.iter_rows())  # regions only within the row's country
    migrant = findings.filter(pl.col("rule_id") == "migrant-share-recruitment-debt")
    assert migrant.height > 0
    assert migrant.get_column("evidence").str.contains(r"^\d+% of the supplier's workers are migrants").all()


def test_benetton_site_on_the_uflpa_list_and_vendor_on_a_user_list(screened):
    _, _, findings = _load(screened["benetton"])
    site = findings.filter(pl.col("rule_id") == "uflpa-entity-match")
    assert site.get_column("matched_entity").to_list() == ["Ningbo Huafu Donghao Industrial Co., Ltd."]
    assert site.get_column("matched_field").to_list() == ["supplier_name"]
    parent = findings.filter(pl.col("rule_id") == "user-watchlist-match")
    assert parent.height >= 1
    via_parent = parent.filter(pl.col("matched_field") == "parent_name")
    assert via_parent.height >= 1
    assert via_parent.get_column("evidence").str.contains('parent or group name "Akkus Tekstil').all()


def test_benetton_turkmen_denim_plant_near_certain_cotton_under_the_wro(screened):
    _, scores, findings = _load(screened["benetton"])
    wro = findings.filter(pl.col("rule_id") == "cbp-wro-turkmenistan-cotton")
    assert wro.height == 1
    assert "inferred as near-certain" in wro.item(0, "evidence")
    # A jeans complex weaves cotton: the input is near-certain, so the order is not weakened.
    assert (wro.item(0, "severity"), wro.item(0, "basis")) == ("critical", "input")
    row = scores.filter(pl.col("supplier_id") == wro.item(0, "supplier_id"))
    assert "Cotton" in row.item(0, "goods_inferred")


def test_apple_goods_are_inferred_from_the_list_and_findings_say_so(screened):
    _, scores, findings = _load(screened["apple"])
    assert set(scores.get_column("goods").unique().to_list()) == {"Electronics"}
    china = findings.filter(pl.col("rule_id") == "ilab-forced-labor-good")
    assert china.height > 0 and china.get_column("evidence").str.contains("inferred").all()


def test_no_high_or_critical_supplier_rests_only_on_country_facts(screened):
    for key in LISTS:
        _, scores, findings = _load(screened[key])
        flagged = scores.filter(pl.col("risk_tier").is_in(["high", "critical"]))
        assert flagged.filter(pl.col("top_basis") == "country").height == 0, key
        for row in flagged.iter_rows(named=True):
            own = findings.filter(
                (pl.col("supplier_id") == row["supplier_id"]) & (pl.col("basis") != "country")
            )
            assert own.filter(pl.col("severity").is_in(["high", "critical", "review"])).height, row


def test_the_four_dimensions_fire_on_real_rows(screened):
    scores = {key: _load(screened[key])[1] for key in LISTS}
    every = pl.concat([s.select("sector", "region_code", *DIMENSIONS) for s in scores.values()])
    for column in DIMENSIONS:
        assert every.filter(pl.col(column) > 0).height > 0, column
    region = every.filter(pl.col("score_region") > 0)
    assert region.filter(pl.col("region_code") != "CN-XJ").height > 0  # region fires outside Xinjiang
    assert every.get_column("sector").n_unique() >= 6
    assert set(scores["apple"].get_column("sector").unique().to_list()) == {"electronics"}
    malaysia = scores["apple"].filter(pl.col("country_code") == "MY")
    assert malaysia.height == 3 and (malaysia.get_column("score_migrant_labor") > 0).all()


def test_benetton_spinning_mills_are_textiles_not_garment_makers(screened):
    _, scores, _ = _load(screened["benetton"])
    listed = pl.read_csv(FIX / LISTS["benetton"][0], infer_schema=False).with_row_index("row", offset=2)
    rows = listed.filter(pl.col("PRODUCTION PHASE").str.contains("SPINNING")).get_column("row").cast(pl.Int64)
    spinners = scores.filter(pl.col("source_row").is_in(rows.implode()))
    assert spinners.height > 0
    assert set(spinners.get_column("sector").unique().to_list()) == {"textiles"}


def test_distinct_supplier_sites_are_counted_beside_rows(screened):
    run_json, scores, _ = _load(screened["apple"])
    tiers = run_json["tiers"]
    assert tiers["rows"] == scores.height == 64
    assert tiers["suppliers"] == scores.get_column("supplier_key").n_unique() < 64
    assert sum(tiers["by_supplier"].values()) == tiers["suppliers"]
    assert sum(tiers["by_row"].values()) == 64

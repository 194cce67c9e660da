"""Presets and the three real published lists (committed excerpts), read with no mapping, no edits."""

from __future__ import annotations

import polars as pl
import pytest

from screening.errors import ConfigError
from screening.ingest import read_inputs
from screening.ingest.presets import load_presets, match_preset

NIKE = "nike_imap_export_excerpt.csv"
BENETTON = "benetton_suppliers_excerpt.csv"
APPLE = "apple_supplier_list_excerpt.csv"


def _data_rows(path) -> int:
    import csv

    with path.open(encoding="utf-8", newline="") as fh:
        records = [r for r in csv.reader(fh)]
    return len(records) - (2 if path.name == NIKE else 1)


@pytest.mark.parametrize(
    ("name", "preset", "header_row"),
    [
        (NIKE, "nike_manufacturing_map", 2),
        (BENETTON, "benetton_suppliers", 1),
        (APPLE, "apple_supplier_list", 1),
    ],
)
def test_real_list_is_read_whole_with_its_preset(real_path, name, preset, header_row):
    path = real_path(name)
    res = read_inputs([path])
    info = res.inputs[0]
    assert info["preset"] == preset and info["header_row"] == header_row
    assert info["rows"] == _data_rows(path) == res.frame.height
    assert info["rows_quarantined"] == 0
    assert res.frame["country_raw"].null_count() == 0
    assert res.frame["supplier_name"].null_count() == 0
    assert info["id_generated"] is True
    assert any(f"read with preset '{preset}'" in n for n in res.notes)


def test_nike_export_fields(real_path):
    res = read_inputs([real_path(NIKE)])
    first = res.frame.row(0, named=True)
    assert first["supplier_id"] == "nike_imap_export_excerpt-3" and first["_row"] == 3
    assert (first["supplier_name"], first["parent_name"]) == ("Fjord, Ltd.", "TEGRA")
    assert (first["country_raw"], first["region_raw"], first["city"]) == ("USA", "Oregon", "Woodburn")
    assert (first["goods_raw"], first["facility_type"], first["workers"]) == (
        "Apparel",
        "FINISHED GOODS",
        114.0,
    )
    assert first["Region"] == "AMERICAS"  # the world region, carried through
    assert set(res.frame["Region"]) == {"AMERICAS", "EMEA", "N ASIA", "S ASIA", "SE ASIA"}
    assert set(res.frame["facility_type"]) == {"FINISHED GOODS", "FINISHED GOODS - COMPONENTS", "MATERIALS"}
    hesheng = res.frame.filter(pl.col("supplier_name") == "HESHENG CO., LTD.").row(0, named=True)
    assert hesheng["migrant_worker_share"] == pytest.approx(0.03)  # "% Migrant Workers" = 3
    snp = res.frame.filter(pl.col("supplier_name") == "SNP CO.,LTD.").row(0, named=True)
    assert (snp["country_raw"], snp["city"]) == ("Vietnam", "Taipei City")  # as published
    assert "Line Workers" in res.frame.columns and "% Female Workers" in res.frame.columns


def test_benetton_list_fields(real_path):
    res = read_inputs([real_path(BENETTON)])
    first = res.frame.row(0, named=True)
    assert first["supplier_name"] == "4P Empirme San. Ve Tic.Ltd.Sti."  # non-breaking space tidied
    assert first["parent_name"] == "Global Sourcing Dis Tic A.S"
    assert first["address"] == "Mimar Sinan Cd No:9, Baglar Mahallesi, Bagcilar"
    assert (first["city"], first["region_raw"], first["postal_code"]) == ("Istanbul", "Istanbul", "34209")
    assert (first["goods_raw"], first["production_phase"]) == ("Apparel", "PRINTING")
    assert first["workers"] == 500 and first["workers_range"] == "1-500"  # the band's upper figure
    goods = set(res.frame["goods_raw"].drop_nulls())
    assert {"Apparel", "Footwear", "Accessories", "Apparel; Accessories"} <= goods
    assert "WET PROCESS; WEAVING" in set(res.frame["production_phase"])
    shares = res.frame.filter(pl.col("migrant_worker_share") > 0)["migrant_worker_share"]
    assert shares.len() >= 4 and shares.max() <= 1.0
    assert "ADDRESS" not in res.frame.columns  # split into its parts
    assert res.frame.filter(pl.col("region_raw") == "0")["city"].to_list() == ["Ljubljana"]


def test_apple_list_fields(real_path):
    res = read_inputs([real_path(APPLE)])
    first = res.frame.row(0, named=True)
    assert (first["supplier_name"], first["country_raw"], first["address"], first["region_raw"]) == (
        "3M", "China", "Guangdong", "Guangdong",
    )  # fmt: skip
    assert (first["year"], first["country_area"]) == ("2022", "中港澳")
    old = res.frame.filter(pl.col("year") < "2020")
    assert old["region_raw"].null_count() == old.height  # full street addresses are not regions
    assert old["address"].null_count() == 0
    assert "AAC Acoustic Technologies Holdings Incorporated" in res.frame["supplier_name"].to_list()
    na = res.frame.filter(pl.col("year") == "2020", pl.col("country_raw") == "Singapore")
    assert na["address"].null_count() >= 1  # "NA" is empty
    assert len(set(res.frame["country_area"])) == 12


def test_the_three_lists_in_one_run(real_path):
    res = read_inputs([real_path(NIKE), real_path(BENETTON), real_path(APPLE)])
    assert [i["preset"] for i in res.inputs] == [
        "nike_manufacturing_map",
        "benetton_suppliers",
        "apple_supplier_list",
    ]
    assert res.frame.height == sum(i["rows"] for i in res.inputs) == 43 + 69 + 64
    assert res.frame["_key"].to_list() == list(range(res.frame.height))


def test_without_presets_the_nike_export_is_still_read_by_aliases(real_path, tmp_path, monkeypatch):
    monkeypatch.setenv("SCREENING_RULES_DIR", str(tmp_path))
    res = read_inputs([real_path(NIKE)])
    info = res.inputs[0]
    assert info["preset"] is None
    assert info["columns"]["supplier_name"] == "Factory Name" and info["columns"]["region"] == "State"
    assert {"header": "Product Type Type", "field": "goods", "alias": "product type"} in info["guesses"]
    assert res.frame["region_raw"][0] == "Oregon"


def test_bundled_presets_load_and_match_by_signature(rules_dir):
    presets = load_presets(rules_dir / "presets")
    assert [p.id for p in presets] == ["apple_supplier_list", "benetton_suppliers", "nike_manufacturing_map"]
    apple = ["year", "supplier_name", "country_area", "country", "supplier_address"]
    assert match_preset(presets, apple).id == "apple_supplier_list"
    assert match_preset(presets, apple[:-1]) is None


def test_invalid_or_duplicate_preset_is_a_config_error(tmp_path):
    (tmp_path / "a.yml").write_text(
        "id: a\nname: A\nsource: s\ndescription: d\nsignature: [x, y]\noptions: {colums: {}}\n"
    )
    with pytest.raises(ConfigError, match=r"line 6, `options\.colums`: unknown key"):
        load_presets(tmp_path)
    (tmp_path / "a.yml").write_text(
        "id: a\nname: A\nsource: s\ndescription: d\nsignature: [x, y]\noptions: {}\n"
    )
    (tmp_path / "b.yml").write_text(
        "id: a\nname: B\nsource: s\ndescription: d\nsignature: [x, z]\noptions: {}\n"
    )
    with pytest.raises(ConfigError, match="declared twice"):
        load_presets(tmp_path)

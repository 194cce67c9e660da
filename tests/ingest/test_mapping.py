"""--mapping YAML: renames, yes/no words, percent columns, header row, splits, copies, constants."""

from __future__ import annotations

import pytest

from screening.errors import InputError
from screening.ingest import read_inputs
from screening.ingest.mapping import MappingOptions, load_mapping, merge


def test_mapping_example_reads_the_german_export(fixture_path):
    res = read_inputs([fixture_path("lieferanten.csv")], mapping=fixture_path("mapping_example.yml"))
    info = res.inputs[0]
    assert info["header_row"] == 2 and info["delimiter"] == ";"
    assert (info["rows"], info["rows_screened"], info["rows_quarantined"]) == (4, 3, 1)
    first = res.frame.row(0, named=True)
    assert first["supplier_id"] == "L-100" and first["supplier_name"] == "Baumwollspinnerei Aksu GmbH"
    assert first["parent_name"] == "Huafu Group"
    # split by separator into address, city, region
    assert (first["address"], first["city"], first["region_raw"]) == ("Industriestr. 5", "Aksu", "Xinjiang")
    # split by pattern into a field and a new column
    assert first["facility_type"] == "Spinnerei" and first["werk_ort"] == "Aksu"
    # continental numbers, percent column, custom yes/no words
    assert res.frame["spend"].to_list() == [1_250_000.0, 85_000.5, 40_000.0]
    assert res.frame["migrant_worker_share"].to_list() == pytest.approx([0.0, 0.01, 0.005])
    assert res.frame["passport_retention"].to_list() == [False, True, False]
    # a "keep" column is carried through, the constant fills an empty country
    assert res.frame["Weltregion"].to_list() == ["Asien", "Europa", "Asien"]
    assert res.frame["country_raw"].to_list() == ["China", "Italien", "CN"]
    (bad,) = res.quarantine.iter_rows(named=True)
    assert bad["row_number"] == 6 and "'weiß nicht', which is not yes/no" in bad["reason"]


def test_separator_split_keeps_extra_parts_in_the_last_field(write):
    path = write("s.csv", "name,country,where\nAlpha Ltd,China,Road 1; Kashi; Xinjiang; PRC\n")
    mapping = write("m.yml", "split:\n  where: {separator: ';', into: [address, city]}\n")
    row = read_inputs([path], mapping=mapping).frame.row(0, named=True)
    assert (row["address"], row["city"]) == ("Road 1", "Kashi; Xinjiang; PRC")


def test_pattern_split_that_does_not_match_keeps_the_whole_value_in_the_first_field(write):
    path = write(
        "s.csv",
        "name,country,where\nAlpha Ltd,China,Road 1; Kashi; 844000 (Xinjiang)\nBeta,China,somewhere\n",
    )
    mapping = write(
        "m.yml",
        "split:\n  where: {pattern: "
        "'^(?P<address>.*);\\s*(?P<city>[^;]*);\\s*[^;(]*\\((?P<region>[^)]*)\\)$'}\n",
    )
    res = read_inputs([path], mapping=mapping)
    assert res.frame.select("address", "city", "region_raw").rows() == [
        ("Road 1", "Kashi", "Xinjiang"),
        ("somewhere", None, None),
    ]


def test_copy_rule_fills_a_field_only_where_the_condition_holds(write):
    path = write(
        "c.csv", "name,country,year,addr\nA,China,2021,Jiangsu\nB,China,2015,No 5 Road Suzhou Jiangsu\n"
    )
    mapping = write("m.yml", "copy:\n  - {from: addr, to: region, when_column: year, when_matches: '^202'}\n")
    res = read_inputs([path], mapping=mapping)
    assert res.frame["region_raw"].to_list() == ["Jiangsu", None]
    assert res.frame["address"].to_list() == ["Jiangsu", "No 5 Road Suzhou Jiangsu"]


def test_user_mapping_overrides_a_preset_column(real_path, write):
    mapping = write("m.yml", "columns:\n  Supplier Group: supplier_name\n  Factory Name: parent_name\n")
    res = read_inputs([real_path("nike_imap_export_excerpt.csv")], mapping=mapping)
    info = res.inputs[0]
    assert info["preset"] == "nike_manufacturing_map"
    assert info["columns"]["supplier_name"] == "Supplier Group"
    assert res.frame.row(0, named=True)["supplier_name"] == "TEGRA"
    assert res.frame["region_raw"][0] == "Oregon"  # the rest of the preset still applies


def test_merge_user_word_wins_per_field():
    base = MappingOptions(columns={"Factory Name": "supplier_name", "State": "region"}, true_values=["l"])
    user = MappingOptions(columns={"Site": "supplier_name"}, true_values=["oui"])
    merged = merge(base, user)
    assert merged.columns == {"State": "region", "Site": "supplier_name"}
    assert merged.true_values == ["l", "oui"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colums:\n  a: supplier_name\n", "line 1, `colums`: unknown key (check its spelling)"),
        ("columns:\n  a: suplier_name\n", "'suplier_name' is not a field"),
        ("header_row: 0\n", "header_row"),
        ("split:\n  a: {separator: ';'}\n", "give 'separator' and 'into'"),
        ("split:\n  a: {pattern: '(unclosed'}\n", "not a valid regular expression"),
        ("split:\n  a: {pattern: '(.*)'}\n", "needs named groups"),
        ("columns: [a, b]\n", "columns"),
        ("flags:\n  spend: {A: a}\n", "flags can only fill a text field"),
        ("- just\n- a list\n", "must be a YAML mapping (key: value lines), got list"),
        ("columns:\n  a: b: c\n", "not valid YAML at line 2"),
    ],
)
def test_bad_mapping_files_are_refused_with_the_reason(write, text, message):
    path = write("bad.yml", text)
    with pytest.raises(InputError) as err:
        load_mapping(path)
    assert message in str(err.value) and str(path) in str(err.value)


def test_missing_mapping_file_is_an_input_error(tmp_path, fixture_path):
    with pytest.raises(InputError, match="does not exist"):
        read_inputs([fixture_path("basic.csv")], mapping=tmp_path / "nope.yml")


def test_mapping_example_documents_every_option():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "mapping_example.yml").read_text()
    keys = ["columns:", "header_row:", "true_values:", "false_values:", "null_values:", "percent_columns:"]
    keys += ["split:", "separator:", "pattern:", "copy:", "constants:"]
    for key in keys:
        assert key in text, key


def test_tick_columns_become_a_list_of_goods_and_an_odd_tick_is_quarantined(write):
    path = write(
        "t.csv",
        "name,country,APPAREL,SHOES,products\nA,Italy,l,n/a,\nB,Italy,l,l,belts\nC,Italy,n/a,?!,\nD,Italy,n/a,n/a,\n",
    )
    mapping = write("m.yml", "true_values: [l]\nflags:\n  goods: {APPAREL: Apparel, SHOES: Footwear}\n")
    res = read_inputs([path], mapping=mapping)
    assert res.frame["goods_raw"].to_list() == ["Apparel", "belts; Apparel; Footwear", None]
    (bad,) = res.quarantine.iter_rows(named=True)
    assert bad["row_number"] == 4 and bad["column"] == "SHOES"
    assert "the tick in column 'SHOES' is '?!'" in bad["reason"]
    assert "APPAREL" not in res.frame.columns  # read into goods


def test_a_mapping_naming_vendor_hash_and_vendor_maps_both(write):
    mapping = write("m.yml", b"columns:\n  'Vendor #': supplier_id\n  Vendor: supplier_name\n")
    src = write("v.csv", b"Vendor #,Vendor,Country\nV1,Acme,China\nV2,Beta,India\n")
    res = read_inputs([src], mapping=mapping)
    assert res.frame.select("supplier_id", "supplier_name").rows() == [("V1", "Acme"), ("V2", "Beta")]

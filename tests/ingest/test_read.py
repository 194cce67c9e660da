"""read_inputs: every format and encoding gives the same suppliers, typed per the contract."""

from __future__ import annotations

import json

import polars as pl
import pytest

from screening.contract import INGEST_SCHEMA
from screening.ingest import QUARANTINE_SCHEMA, read_inputs

EXPECTED = [
    # supplier_id, supplier_name, country_raw, region_raw, spend, workers, migrant share, passport
    ("S-001", "Shahi Exports Pvt Ltd", "India", "Karnataka", 1_200_000.0, 5200.0, 0.12, False),
    ("S-002", "Changji Cotton Spinning Co., Ltd.", "PRC", "Xinjiang", 350_000.0, 1500.0, 0.0, True),
    ("S-003", "Société Cotonnière du Nord", "Côte d'Ivoire", "Savanes", 80_000.0, 300.0, 0.05, None),
    ("S-004", "Müller Textil GmbH", "Germany", "Bayern", 450_000.0, 120.0, 0.0, False),
    ("S-005", "PT Sinar Jaya Footwear", "Indonesia", "Jawa Barat", 250_000.5, 3200.0, 0.3, False),
    ("S-006", "Viet Tien Garment Corporation", "Viet Nam", "Ho Chi Minh", 1200.0, 8000.0, 0.02, False),
    ("S-007", "Cukurova Tekstil A.S.", "Türkiye", "Adana", 75_000.0, 450.0, 0.4, True),
    ("S-008", "Gazipur Knit Composite Ltd", "Bangladesh", "Dhaka", 960_000.0, 2100.0, None, False),
]
COLUMNS = [
    "supplier_id", "supplier_name", "country_raw", "region_raw", "spend", "workers",
    "migrant_worker_share", "passport_retention",
]  # fmt: skip

FORMATS = [
    # file, format, encoding, delimiter, header_row
    ("basic.csv", "csv", "utf-8", ",", 1),
    ("bom_semicolon.csv", "csv", "utf-8-sig", ";", 1),
    ("utf16le.tsv", "csv", "utf-16-le", "\t", 1),
    ("utf16be.txt", "csv", "utf-16-be", ",", 1),
    ("title_rows.csv", "csv", "utf-8", ",", 4),
    ("export_no_extension", "csv", "utf-8", ";", 1),
    ("suppliers.xlsx", "xlsx", None, None, 4),
    ("suppliers.parquet", "parquet", None, None, None),
    ("suppliers.json", "json", None, None, None),
    ("wrapped.json", "json", None, None, None),
    ("suppliers.ndjson", "ndjson", None, None, None),
]


def _rows(frame: pl.DataFrame) -> list[tuple[object, ...]]:
    return [
        tuple(round(v, 6) if isinstance(v, float) else v for v in row) for row in frame.select(COLUMNS).rows()
    ]


@pytest.mark.parametrize(("name", "fmt", "encoding", "delimiter", "header_row"), FORMATS)
def test_every_format_reads_the_same_suppliers(fixture_path, name, fmt, encoding, delimiter, header_row):
    res = read_inputs([fixture_path(name)])
    info = res.inputs[0]
    assert (info["format"], info["encoding"], info["delimiter"], info["header_row"]) == (
        fmt, encoding, delimiter, header_row,
    )  # fmt: skip
    assert info["rows"] == 8 and info["rows_screened"] == 8 and info["rows_quarantined"] == 0
    assert _rows(res.frame) == EXPECTED


def test_cp1252_file_is_detected_and_read_with_its_accents_and_euro_amounts(fixture_path):
    res = read_inputs([fixture_path("cp1252_pipe.csv")])
    info = res.inputs[0]
    assert (info["encoding"], info["delimiter"]) == ("cp1252", "|")
    last = res.frame.row(-1, named=True)
    assert (last["supplier_name"], last["goods_raw"], last["spend"]) == (
        "Café Niño Exportadora",
        "café",
        12_500.0,
    )
    assert res.frame["city"].to_list()[3] == "München"


def test_frame_has_every_contract_column_with_its_dtype_then_carried_columns(fixture_path):
    res = read_inputs([fixture_path("basic.csv")])
    schema = res.frame.schema
    assert list(schema)[: len(INGEST_SCHEMA)] == list(INGEST_SCHEMA)
    for column, dtype in INGEST_SCHEMA.items():
        assert schema[column] == dtype, column
    assert list(schema)[len(INGEST_SCHEMA) :] == ["Buyer"]
    assert res.frame["Buyer"].to_list() == ["Anna", "Ben", "Anna", "Chen", "Ben", "Chen", "Anna", "Ben"]
    assert res.frame["hs_code"].null_count() == 8  # absent columns are null
    assert res.quarantine.schema == pl.Schema(QUARANTINE_SCHEMA)


def test_rows_keep_their_spreadsheet_row_numbers_below_title_rows_and_multiline_cells(fixture_path):
    res = read_inputs([fixture_path("title_rows.csv")])
    assert res.frame["_row"].to_list() == [5, 6, 7, 8, 9, 10, 11, 12]
    assert res.frame["goods_raw"][2] == "cocoa beans; cotton lint"  # the cell spans two lines
    assert "title rows above the header skipped: 3" in " ".join(res.notes)


def test_several_files_of_different_styles_share_one_key_sequence(fixture_path):
    # suppliers.ndjson holds the suppliers of basic.csv again (ids S-001...): screened once, from the first
    paths = [fixture_path("basic.csv"), fixture_path("suppliers.ndjson"), fixture_path("world_regions.csv")]
    res = read_inputs(paths)
    assert res.frame["_key"].to_list() == list(range(12))
    assert res.frame["_source"].to_list() == [str(paths[0])] * 8 + [str(paths[2])] * 4
    assert [i["columns"]["supplier_name"] for i in res.inputs] == ["Supplier Name", "name", "Name"]
    assert [(i["rows_screened"], i["rows_quarantined"]) for i in res.inputs] == [(8, 0), (0, 8), (4, 0)]
    assert set(res.quarantine["source_file"]) == {str(paths[1])}
    assert res.frame["supplier_name"].to_list()[0] == "Shahi Exports Pvt Ltd"
    assert res.frame["supplier_name"].to_list()[8] == "Dongguan Shoes Ltd"
    # a column only one file has is carried through, null for the others
    assert res.frame["Buyer"].to_list()[7:9] == ["Ben", None]
    assert res.rows_in == 20


def test_nested_and_typed_values_of_parquet_and_json_become_text_then_fields(fixture_path):
    res = read_inputs([fixture_path("suppliers.parquet")])
    assert res.frame["goods_raw"][2] == "cocoa beans; cotton"  # a list column, joined
    assert res.frame["_row"].to_list() == list(range(1, 9))  # record numbers
    nd = read_inputs([fixture_path("suppliers.ndjson")])
    assert nd.frame["_row"].to_list() == list(range(1, 9))  # line numbers


def test_inputs_record_sha256_and_the_columns_used(fixture_path):
    import hashlib

    path = fixture_path("basic.csv")
    info = read_inputs([path]).inputs[0]
    assert info["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert info["columns"]["supplier_name"] == "Supplier Name"
    assert info["columns"]["spend"] == "Annual Spend (USD)"
    assert info["columns"]["migrant_worker_share"] == "% Migrant Workers"
    assert info["unmapped_columns"] == ["Buyer"]
    assert info["id_generated"] is False and info["preset"] is None


def test_xlsx_second_sheet_is_read_by_name(fixture_path):
    res = read_inputs([fixture_path("suppliers.xlsx")], sheet="Archive")
    assert res.frame.select("supplier_name", "country_raw", "goods_raw").rows() == [
        ("Hebei Brick Works", "China", "bricks"),
        ("Ghana Cocoa Cooperative", "Ghana", "cocoa"),
    ]
    assert res.inputs[0]["sheet"] == "Archive"


def test_xlsx_percent_formatted_cell_is_a_share_not_divided_twice(fixture_path):
    res = read_inputs([fixture_path("suppliers.xlsx")])
    assert res.frame["migrant_worker_share"].to_list()[:3] == pytest.approx([0.12, 0.0, 0.05])


def test_carried_column_named_like_a_frame_column_gets_input_prefix(write):
    path = write("x.csv", "name,country,goods_raw,_row\nAlpha Ltd,China,raw text,7\n")
    res = read_inputs([path])
    # "goods_raw" is an alias of goods (the frame's own name), "_row" collides with the frame column
    assert res.frame["goods_raw"].to_list() == ["raw text"]
    assert res.frame["input__row"].to_list() == ["7"]
    assert res.frame["_row"].to_list() == [2]


def test_quarantine_raw_values_are_the_cells_as_written(fixture_path):
    res = read_inputs([fixture_path("bad_values.csv")])
    raw = json.loads(res.quarantine.filter(pl.col("row_number") == 5)["raw_values"][0])
    assert raw == {
        "Supplier ID": "B-4", "Supplier Name": "Abacus Spend Ltd", "Country": "India",
        "Annual Spend": "abc", "% Migrant Workers": "0", "Passport Retention": "no",
    }  # fmt: skip


def test_worker_bands_leave_workers_empty_and_carry_the_column(write):
    path = write("bands.csv", "name,country,employees\nAlpha Ltd,China,501-1500\nBeta Ltd,India,1200\n")
    res = read_inputs([path])
    assert res.frame["workers"].to_list() == [None, 1200.0]
    assert res.frame["employees"].to_list() == ["501-1500", "1200"]
    assert res.quarantine.height == 0
    assert any("holds ranges" in n for n in res.notes)


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("export.dat", '[{"name": "Alpha Ltd", "country": "China"}]', "json"),
        (
            "export.txt",
            '{"name": "Alpha Ltd", "country": "China"}\n{"name": "Beta", "country": "Peru"}\n',
            "ndjson",
        ),
        ("export.txt", "name\tcountry\nAlpha Ltd\tChina\n", "csv"),
        ("mac.csv", "name,country\rAlpha Ltd,China\rBeta,Peru\r", "csv"),
    ],
)
def test_unknown_extensions_and_line_endings_are_sniffed_from_the_content(write, name, content, fmt):
    res = read_inputs([write(name, content)])
    assert res.inputs[0]["format"] == fmt
    assert res.frame["supplier_name"][0] == "Alpha Ltd" and res.frame["country_raw"][0] == "China"


def test_header_with_only_blank_rows_below_is_refused(write):
    from screening.errors import InputError

    with pytest.raises(InputError, match="every row below it is empty"):
        read_inputs([write("blank.csv", "name,country\n,\n,\n")])


def test_carried_columns_never_shadow_columns_later_stages_add(write):
    path = write("c.csv", "name,country,country_code,risk_score,_notes\nAlpha Ltd,China,XX,99,n\n")
    res = read_inputs([path])
    assert res.frame.columns[-3:] == ["input_country_code", "input_risk_score", "input__notes"]

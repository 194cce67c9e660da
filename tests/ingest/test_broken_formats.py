"""Damaged and hostile XLSX, Parquet, JSON and NDJSON files from the hardening issue: a clear
message (exit 2) or a correct read, never a traceback."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import polars as pl
import pytest

from screening.errors import InputError
from screening.ingest import read_inputs


def _workbook() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Suppliers"
    ws.append(["name", "country"])
    ws.append(["Acme", "China"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rezip(data: bytes, change) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            content = change(name, src.read(name))
            if content is not None:
                dst.writestr(name, content)
    return out.getvalue()


def _bad_deflate(data: bytes) -> bytes:
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    damaged = bytearray(data)
    for k in range(start + 5, start + min(info.compress_size - 2, 60)):
        damaged[k] ^= 0x5A
    return bytes(damaged)


SHEET = "xl/worksheets/sheet1.xml"
BOOK = "xl/workbook.xml"


@pytest.mark.parametrize(
    "make",
    [
        lambda d: _rezip(d, lambda n, c: None if n == SHEET else c),  # a missing sheet part
        lambda d: _rezip(d, lambda n, c: c[: len(c) // 2] if n == BOOK else c),  # malformed workbook XML
        lambda d: _rezip(d, lambda n, c: c[: len(c) // 2] if n == SHEET else c),  # malformed sheet XML
        _bad_deflate,  # corrupt deflate data
    ],
    ids=["missing-sheet-part", "bad-workbook-xml", "bad-sheet-xml", "bad-deflate"],
)
def test_damaged_xlsx_is_a_clear_input_error(write, make):
    with pytest.raises(InputError, match="damaged Excel workbook") as err:
        read_inputs([write("damaged.xlsx", make(_workbook()))])
    assert "Fix: open it in Excel or LibreOffice and save it again" in str(err.value)


def test_a_hidden_first_sheet_is_skipped_for_the_first_visible_one(write):
    wb = openpyxl.Workbook()
    lookup = wb.active
    lookup.title = "Lookup"
    lookup.append(["code", "label"])
    lookup.sheet_state = "hidden"
    suppliers = wb.create_sheet("Suppliers")
    suppliers.append(["name", "country"])
    suppliers.append(["Acme", "China"])
    buf = io.BytesIO()
    wb.save(buf)
    res = read_inputs([write("hidden.xlsx", buf.getvalue())])
    assert res.frame["supplier_name"].to_list() == ["Acme"] and res.inputs[0]["sheet"] == "Suppliers"
    assert any("hidden sheet(s) skipped: 'Lookup'" in n for n in res.notes)


def test_rows_under_merged_cells_take_the_merged_value(write):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (
        ["name", "country", "goods"],
        ["Acme", "China", "cotton"],
        ["Beta", None, "tea"],
        ["Gamma", None, "rice"],
    ):
        ws.append(row)
    ws.merge_cells("B2:B4")
    buf = io.BytesIO()
    wb.save(buf)
    res = read_inputs([write("merged.xlsx", buf.getvalue())])
    assert res.frame["country_raw"].to_list() == ["China", "China", "China"] and res.quarantine.height == 0
    assert any("merged cells filled from their top-left cell: B2:B4" in n for n in res.notes)


def test_parquet_with_non_utf8_bytes_and_durations_is_read(tmp_path):
    path = tmp_path / "odd.parquet"
    pl.DataFrame(
        {
            "name": [b"Caf\xe9 Ltd", b"Acme"],
            "country": ["France", "China"],
            "lead": [dt.timedelta(days=3)] * 2,
        }
    ).write_parquet(path)
    res = read_inputs([path])
    assert res.frame["supplier_name"].to_list() == ["Café Ltd", "Acme"]
    assert res.frame["lead"].to_list() == ["3 days, 0:00:00"] * 2


def test_deeply_nested_json_is_a_clear_input_error(write):
    with pytest.raises(InputError, match="nests JSON more than 200 levels deep"):
        read_inputs([write("deep.json", "[" * 100_000 + "]" * 100_000)])


def test_json_with_a_lone_surrogate_is_read_with_a_replacement_character(write):
    res = read_inputs([write("s.json", '[{"name": "Acme\\ud800", "country": "China"}]')])
    assert res.frame["supplier_name"].to_list() == ["Acme\ufffd"]


def test_ndjson_with_u2028_inside_a_string_is_valid(write):
    res = read_inputs(
        [
            write(
                "s.ndjson",
                '{"name": "Acme\u2028Corp", "country": "China"}\n{"name": "B", "country": "India"}\n',
            )
        ]
    )
    assert res.frame["supplier_name"].to_list() == ["Acme Corp", "B"]


def test_one_bad_ndjson_line_is_quarantined_not_the_whole_file(write):
    text = '{"name": "Acme", "country": "China"}\n{"name": "B",\n{"name": "C", "country": "India"}\n'
    res = read_inputs([write("b.ndjson", text)])
    assert res.frame["supplier_name"].to_list() == ["Acme", "C"]
    row = res.quarantine.row(0, named=True)
    assert row["row_number"] == 2 and row["reason"].startswith("line 2 is not valid JSON")
    assert res.rows_in == 3


def test_one_nul_byte_does_not_make_a_text_file_binary(write):
    data = b"name,country,notes\nAcme,China,a\x00b\n" + b"".join(b"Beta%d,India,ok\n" % i for i in range(100))
    res = read_inputs([write("nul.csv", data)])
    assert res.frame.height == 101 and res.frame["notes"][0] == "ab"
    assert any("control characters" in n for n in res.notes)

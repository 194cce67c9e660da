"""XLSX through calamine gives the same table as openpyxl, and openpyxl still reads where formats matter."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import xlsxwriter

from screening.ingest.readers import _xlsx_table
from screening.ingest.tabular import read_xlsx_rows
from screening.ingest.xlsx_fast import fast_xlsx_table, formats_matter

ROOT = Path(__file__).resolve().parents[2]


def _workbook(percent: bool = False) -> bytes:
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf)
    sheet = book.add_worksheet("Suppliers")
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write(0, 0, "Supplier list, December 2026")
    header = ["Vendor ID", "Vendor Name", "Country", "Workers", "Audit date", "Active", None, "Notes"]
    sheet.write_row(2, 0, header)
    sheet.write_row(3, 0, [1, "Acme Textiles", "China", 120])
    sheet.write_datetime(3, 4, dt.datetime(2024, 1, 5), date)
    sheet.write_row(3, 5, [True, None, "night shifts"])
    sheet.write_row(4, 0, [2, "Béta Garments", "Viet Nam", 12.5, None, False, None, 3])
    if percent:
        sheet.write(4, 8, 0.25, book.add_format({"num_format": "0%"}))
    book.close()
    return buf.getvalue()


def _openpyxl_table(data: bytes):
    name, rows, _ = read_xlsx_rows(data, "suppliers.xlsx", None)
    return _xlsx_table(rows, name, None, frozenset())


def test_calamine_reads_the_same_cells_rows_and_headers_as_openpyxl():
    data = _workbook()
    fast = fast_xlsx_table(data, None, None, frozenset())
    slow = _openpyxl_table(data)
    assert fast is not None
    assert fast.headers == slow.headers == [
        "Vendor ID", "Vendor Name", "Country", "Workers", "Audit date", "Active", "column G", "Notes",
    ]  # fmt: skip
    assert fast.header_row == slow.header_row == 3
    assert fast.frame.equals(slow.frame)
    assert fast.frame.row(0)[:6] == ("1", "Acme Textiles", "China", "120", "2024-01-05T00:00:00", "true")


def test_a_published_workbook_reads_the_same_both_ways():
    data = (ROOT / "tests/fixtures/recorded/ilab_goods/2022-TVPRA-List-of-Goods.xlsx").read_bytes()
    fast = fast_xlsx_table(data, None, None, frozenset())
    assert fast is not None and fast.frame.height == 467
    assert fast.frame.equals(_openpyxl_table(data).frame)


def test_a_percentage_format_sends_the_workbook_to_openpyxl():
    data = _workbook(percent=True)
    assert formats_matter(data)
    assert fast_xlsx_table(data, None, None, frozenset()) is None
    assert not formats_matter(_workbook())

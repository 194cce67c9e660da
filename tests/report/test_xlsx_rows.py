"""The spliced rows read back exactly as XlsxWriter's own cell writes would."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import polars as pl
import xlsxwriter

from screening.report.xlsx import make_formats
from screening.report.xlsx_rows import splice
from screening.report.xlsx_table import Column, prepare, write_table

TRICKY = [
    "plain",
    "  leading and trailing  ",
    "a & b < c > d \"quoted\" 'single'",
    "control \x01\x02\x1f and tab\tand newline\nend",
    "literal _x0041_ escape",
    "汉字 · émigré · 🧵",
    "=1+1",
    "x" * 40_000,
    None,
]
COLUMNS = [
    Column("text"),
    Column("risk_tier", "level"),
    Column("score", "number", "0.0"),
    Column("count", "number", "0"),
]


def _frame() -> pl.DataFrame:
    n = len(TRICKY)
    return pl.DataFrame(
        {
            "text": TRICKY,
            "risk_tier": ["critical", "high", "medium", "low", None, "unknown", "low", "high", "medium"],
            "score": [0.0, 12.5, -3.25, 1e-7, 123456789.125, None, float("nan"), float("inf"), 100.0],
            "count": list(range(n)),
        }
    )


def _reference(path: Path) -> None:
    """The same cells written one by one with XlsxWriter's own write_string / write_number."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    formats = make_formats(book)
    ws = book.add_worksheet("T")
    for c, col in enumerate(COLUMNS):
        ws.write_string(0, c, col.title, formats["header"])
    data = prepare(_frame(), COLUMNS)
    for r, row in enumerate(data.iter_rows(), start=1):
        for c, (col, v) in enumerate(zip(COLUMNS, row, strict=True)):
            if v is None or (isinstance(v, float) and v != v) or v in (float("inf"), float("-inf")):
                continue
            if col.kind == "number":
                ws.write_number(r, c, v, formats[f"num:{col.num_format}"])
            else:
                ws.write_string(r, c, v, formats.get(f"level:{v}"))
    book.close()


def _spliced(path: Path) -> None:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    formats = make_formats(book)
    pending = write_table(book, "T", _frame(), COLUMNS, formats)
    book.close()
    splice(path, pending)


def _cells(path: Path) -> list[tuple[object, ...]]:
    ws = openpyxl.load_workbook(path)["T"]
    return [
        (c.coordinate, c.value, c.data_type, c.number_format, c.fill.fgColor.rgb, c.font.b)
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    ]


def test_spliced_rows_equal_xlsxwriters_own_cells(tmp_path: Path) -> None:
    _reference(tmp_path / "ref.xlsx")
    _spliced(tmp_path / "fast.xlsx")
    assert _cells(tmp_path / "fast.xlsx") == _cells(tmp_path / "ref.xlsx")


def test_spliced_sheet_has_the_full_dimension_and_no_formula(tmp_path: Path) -> None:
    _spliced(tmp_path / "fast.xlsx")
    with zipfile.ZipFile(tmp_path / "fast.xlsx") as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert '<dimension ref="A1:D10"/>' in xml and "<f>" not in xml
    ws = openpyxl.load_workbook(tmp_path / "fast.xlsx")["T"]
    assert ws["A8"].value == "'=1+1" and len(ws["A9"].value) == 32_767  # neutralised; cut to Excel's limit
    # Control characters and literal escapes are written as Excel's _xHHHH_ escapes, as XlsxWriter does.
    assert "control _x0001__x0002__x001F_ and tab\tand newline\nend" in xml
    assert "literal _x005F_x0041_ escape" in xml
    assert '<t xml:space="preserve">  leading and trailing  </t>' in xml
    assert ws["C7"].value is None and ws["C9"].value is None  # NaN and infinity are left blank

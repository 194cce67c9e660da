"""The spliced rows read back exactly as XlsxWriter's own cell writes would (its default mode, which keeps
text in a shared-strings table as the spliced rows do)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import polars as pl
import xlsxwriter

from screening.report.formatting import TIER_COLOURS
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
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
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
        strings = z.read("xl/sharedStrings.xml").decode("utf-8")
    assert '<dimension ref="A1:D10"/>' in xml and "<f>" not in xml
    ws = openpyxl.load_workbook(tmp_path / "fast.xlsx")["T"]
    assert ws["A8"].value == "'=1+1" and len(ws["A9"].value) == 32_767  # neutralised; cut to Excel's limit
    # Control characters and literal escapes are written as Excel's _xHHHH_ escapes, as XlsxWriter does.
    assert "control _x0001__x0002__x001F_ and tab\tand newline\nend" in strings
    assert "literal _x005F_x0041_ escape" in strings
    assert '<t xml:space="preserve">  leading and trailing  </t>' in strings
    assert ws["A6"].value == "literal _x0041_ escape"  # read back as written
    assert ws["C7"].value is None and ws["C9"].value is None  # NaN and infinity are left blank
    # Cells are placed by their order in the row: a missing value is an empty cell that keeps the next
    # ones in their columns (row 10 has no text, then its tier, score and count in B, C and D).
    assert ' r="A' not in xml.split("<sheetData>")[1].split("</row>", 1)[1]  # no cell reference in the data
    assert "<c/>" in xml and [ws[f"{c}10"].value for c in "ABCD"] == [None, "medium", 100.0, 8]
    assert pl.read_excel(tmp_path / "fast.xlsx", sheet_name="T").row(8) == (None, "medium", 100.0, 8)


def test_repeated_text_is_one_shared_string_across_sheets(tmp_path: Path) -> None:
    path = tmp_path / "two.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    formats = make_formats(book)
    sentence = "Country-level: ILAB lists cotton from CN as produced with forced labour."
    first = pl.DataFrame({"text": [sentence] * 1_000, "risk_tier": ["high"] * 1_000})
    second = pl.DataFrame({"text": [sentence, "<r><t>not rich text</t></r>"], "risk_tier": ["low", None]})
    cols = [Column("text"), Column("risk_tier", "level")]
    pending = write_table(book, "A", first, cols, formats) + write_table(book, "B", second, cols, formats)
    book.close()
    splice(path, pending)
    with zipfile.ZipFile(path) as z:
        strings = z.read("xl/sharedStrings.xml").decode("utf-8")
        types = z.read("[Content_Types].xml").decode("utf-8")
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    assert strings.count(sentence) == 1 and 'count="2003" uniqueCount="4"' in strings
    assert "&lt;r&gt;&lt;t&gt;not rich text" in strings  # supplier text is never read as XML
    assert "/xl/sharedStrings.xml" in types and 'Target="sharedStrings.xml"' in rels
    book_read = openpyxl.load_workbook(path)
    high = book_read["A"]["B1001"]
    assert book_read["A"]["A1001"].value == sentence and high.value == "high"
    assert high.fill.fgColor.rgb == "FF" + TIER_COLOURS["high"][0].lstrip("#").upper()  # the tier's colour
    assert book_read["B"]["A3"].value == "<r><t>not rich text</t></r>" and book_read["B"]["B3"].value is None
    # polars' own reader (fastexcel/calamine) reads the same cells
    read = pl.read_excel(path, sheet_name="B")
    assert read["text"].to_list() == [sentence, "<r><t>not rich text</t></r>"]
    assert read["risk_tier"].to_list() == ["low", None]


def test_blocks_built_on_two_threads_come_in_order_and_the_same_bytes_each_time(
    tmp_path: Path, monkeypatch
) -> None:
    import screening.report.xlsx_rows as rows

    monkeypatch.setattr(rows, "CHUNK_ROWS", 3)  # 40 rows: 14 blocks of rows, 14 of strings
    frame = pl.DataFrame({"text": [f"supplier {i:02d}" for i in range(40)], "count": list(range(40))})
    cols = [Column("text"), Column("count", "number", "0")]
    members = []
    for name in ("a.xlsx", "b.xlsx"):
        path = tmp_path / name
        book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
        pending = write_table(book, "T", frame, cols, make_formats(book))
        book.close()
        splice(path, pending)
        with zipfile.ZipFile(path) as z:
            members.append((z.read("xl/worksheets/sheet1.xml"), z.read("xl/sharedStrings.xml")))
        ws = openpyxl.load_workbook(path)["T"]
        assert [(r[0].value, r[1].value) for r in ws.iter_rows(min_row=2)] == [
            (f"supplier {i:02d}", i) for i in range(40)
        ]
    assert members[0] == members[1]

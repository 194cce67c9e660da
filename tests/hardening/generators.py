"""Hypothesis strategies for broken and hostile supplier files of every format the screen reads.

Each strategy draws a :class:`Case`: the file's name and bytes, and how many data rows it holds
when that is known by construction (``None`` for a file cut at a random byte). Cell text mixes
ordinary supplier data with what a hostile or careless file holds: formulas, terminal escape
sequences, control characters and NUL bytes, rich markup, HTML, quotes and delimiters inside
cells, line breaks (LF, CR, U+2028), mojibake, huge numbers, very long names.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from hypothesis import strategies as st

#: Fragments a hostile or careless supplier file holds.
HOSTILE = (
    '=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
    "\x1b[31mRED\x1b[0m", "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\", "\x9b2J", "\x07",
    "\x00", "\r", "\n", "\r\n", "\u2028", "\t", '"', "'", ",", ";", "|", "[link=http://x]y[/link]",
    "<script>alert(1)</script>", "1e400", "NaN", "-1", "   ", "Côte d'Ivoire", "Banglad",
    "HEFEI BITLAND INFO TECH CO", "新疆棉花", "Müller Weberei GmbH", "ООО Ромашка", "C¶te d'Ivoire",
    "\ufeff", "\u202e", "ACME " * 300,
)  # fmt: skip
COUNTRIES = ("China", "CN", "India", "Côte d'Ivoire", "Bangladesh", "Viet Nam", "Turkmenistan", "Germany", "")
GOODS = ("cotton", "cocoa", "garments", "polysilicon", "tea", "", "shrimp; rice")
HEADERS = ("name", "country", "goods", "spend")
EXTRA_HEADERS = ('=HYPERLINK("http://x","y")', "\x1b[1mNotes", "Vendor #", "id", "notes", "", "name")


def _text(max_parts: int = 4) -> st.SearchStrategy[str]:
    part = st.one_of(
        st.sampled_from(HOSTILE),
        st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
        st.sampled_from(("Acme Textiles Ltd", "Hoshine Silicon", "Zhejiang Huafu", "Sunrise Foods")),
    )
    return st.lists(part, max_size=max_parts).map("".join)


@dataclass(frozen=True)
class Case:
    """One generated input file and the number of data rows it holds (None: not known)."""

    name: str
    data: bytes
    data_rows: int | None
    delimiter: str | None = None  # for delimited text: the one written


@st.composite
def records(draw: st.DrawFn, width: int) -> list[list[str]]:
    """Data rows: mostly well-formed suppliers with hostile text, some ragged or blank."""
    rows = []
    for _ in range(draw(st.integers(1, 8))):
        row = [
            draw(_text()),
            draw(st.one_of(st.sampled_from(COUNTRIES), _text(2))),
            draw(st.sampled_from(GOODS)),
            draw(st.one_of(st.sampled_from(("1200", "1e400", "-5", "1.250.000,00", "")), _text(1))),
        ]
        row += [draw(_text(2)) for _ in range(width - len(row))]
        shape = draw(st.sampled_from(("ok", "ok", "ok", "short", "long", "blank")))
        if shape == "short":
            row = row[: draw(st.integers(1, max(1, width - 1)))]
        elif shape == "long":
            row = [*row, draw(_text(1)) or "x"]
        elif shape == "blank":
            row = [""] * width
        rows.append(row)
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()  # blank rows at the very end are spreadsheet leftovers, not data rows
    if not rows:
        rows.append(["Acme", "China", "cotton", "1"] + [""] * (width - 4))
    return rows


@st.composite
def header(draw: st.DrawFn) -> list[str]:
    return [*HEADERS, *draw(st.lists(st.sampled_from(EXTRA_HEADERS), max_size=2))]


@st.composite
def csv_case(draw: st.DrawFn) -> Case:
    head = draw(header())
    rows = records(len(head))
    body = draw(rows)
    delimiter = draw(st.sampled_from((",", ";", "\t", "|")))
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=draw(st.sampled_from(("\n", "\r\n"))))
    writer.writerow(head)
    writer.writerows(body)
    text = buf.getvalue()
    encoding = draw(st.sampled_from(("utf-8", "utf-8", "utf-8-sig", "cp1252", "utf-16")))
    data = text.encode(encoding, errors="replace") if encoding == "cp1252" else text.encode(encoding)
    rows_known: int | None = len(body)
    if encoding == "cp1252" and data.decode("cp1252", errors="replace") != text:
        rows_known = None  # characters cp1252 cannot hold were replaced
    if draw(st.booleans()) and draw(st.booleans()):  # a file cut at a random byte (failed download)
        data = data[: draw(st.integers(len(data) // 2, len(data)))]
        rows_known = None
    return Case(f"list.{'tsv' if delimiter == chr(9) else 'csv'}", data, rows_known, delimiter)


def _xml_safe(value: str) -> str:
    """What an XLSX cell can hold (XML 1.0 has no place for most control characters)."""
    return "".join(
        ch for ch in value if ch in "\t\n\r" or (ord(ch) >= 32 and not 0xD800 <= ord(ch) <= 0xDFFF)
    )


@st.composite
def xlsx_case(draw: st.DrawFn) -> Case:
    import openpyxl

    head = draw(header())
    body = draw(records(len(head)))
    wb = openpyxl.Workbook()
    ws = wb.active
    if draw(st.booleans()):
        ws.title = "Hidden lookup"
        ws.append(["code", "label"])
        ws.sheet_state = "hidden"
        ws = wb.create_sheet("Suppliers")
        wb.active = 1
    ws.append([_xml_safe(h) for h in head])
    for row in body:
        ws.append([_xml_safe(c) or None for c in row])
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    rows_known: int | None = len(body)
    if sum(1 for r in body if any(_xml_safe(c).strip() for c in r)) != len(body):
        rows_known = None  # a row left blank by _xml_safe at the end is not a data row
    if draw(st.integers(0, 5)) == 0:  # damaged: bytes cut or flipped
        cut = draw(st.integers(len(data) // 3, len(data) - 1))
        data = data[:cut] + bytes(b ^ 0x5A for b in data[cut : cut + 64]) + data[cut + 64 :]
        rows_known = None
    return Case("list.xlsx", data, rows_known)


@st.composite
def json_case(draw: st.DrawFn) -> Case:
    head = draw(header())
    body = draw(records(len(head)))
    objects = [dict(zip(head, row, strict=False)) for row in body]
    if draw(st.booleans()):
        lines = [json.dumps(o, ensure_ascii=draw(st.booleans())) for o in objects]
        broken = draw(st.integers(-1, len(lines) - 1))
        if broken >= 0 and len(lines) > 1:
            lines[broken] = lines[broken][: len(lines[broken]) // 2]  # one bad line
        if draw(st.booleans()):
            lines[0] = lines[0].replace('"name": "', '"name": "\\ud800', 1)  # a lone surrogate
        return Case("list.ndjson", ("\n".join(lines) + "\n").encode("utf-8"), len(lines))
    return Case("list.json", json.dumps(objects, ensure_ascii=False).encode("utf-8"), len(objects))


@st.composite
def parquet_case(draw: st.DrawFn) -> Case:
    import polars as pl

    head = list(dict.fromkeys(draw(header())))
    body = draw(records(len(head)))
    columns: dict[str, list[object]] = {
        h: [r[i] if i < len(r) else None for r in body] for i, h in enumerate(head)
    }
    if draw(st.booleans()):
        columns["blob"] = [b"\xff\xfe" + str(i).encode() for i in range(len(body))]
    buf = io.BytesIO()
    pl.DataFrame(columns).write_parquet(buf)
    return Case("list.parquet", buf.getvalue(), len(body))


def any_case() -> st.SearchStrategy[Case]:
    """A broken or hostile file of any format (CSV most often: it is what people send)."""
    return st.one_of(csv_case(), csv_case(), xlsx_case(), json_case(), parquet_case())

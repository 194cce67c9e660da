"""Fast rows for the workbook's big sheets: the ``<sheetData>`` XML of a frame, built column-wise with
polars and spliced into the sheet XlsxWriter wrote (header, widths, frozen row and filter).

Why: XlsxWriter spends about 10 µs per cell in Python, which is minutes for the 40 million cells of a
million-supplier screen. The cell XML here follows XlsxWriter's own constant-memory output exactly
(inline strings with its escapes, numbers with the same style indices), so the file is the one
XlsxWriter would write, in seconds. Cells are text (``t="inlineStr"``) or numbers; never formulas.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from xlsxwriter.utility import xl_col_to_name

#: Rows rendered per polars pass (bounded memory: about 40 MB of XML for 28 columns).
CHUNK_ROWS = 20_000
#: zlib level for the big sheets: 1 is several times faster than the default 6, about 30% larger.
COMPRESS_LEVEL = 1

#: Sheets with more cells than this get ZIP64 headers up front: their XML may pass the 2 GiB that plain
#: zip headers allow, and Excel opens a large member only when ZIP64 is declared in its local header
#: (XlsxWriter issue 656, Apache POI bug 57342). Smaller sheets are zipped exactly as XlsxWriter does.
ZIP64_CELLS = 5_000_000

_CONTROL = [chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20))] + ["\ufffe", "\uffff"]
_CONTROL_RE = "[" + "".join(re.escape(c) for c in _CONTROL) + "]"


@dataclass(frozen=True)
class CellStyle:
    kind: str  # "text", "number" or "level"
    xf: int = 0  # style index of a number column (0: General)
    levels: dict[str, int] = field(default_factory=dict)  # style index of each tier/severity value


@dataclass(frozen=True)
class PendingSheet:
    member: str  # e.g. "xl/worksheets/sheet3.xml"
    data: pl.DataFrame  # prepared: text neutralised, numbers Float64, in column order
    styles: Sequence[CellStyle]


def _xml_text(col: str, needs_control: bool) -> pl.Expr:
    """XlsxWriter's escaping of inline-string text: ``_xHHHH_`` literals, control characters, & < >."""
    e = pl.col(col).str.replace_all(r"(_x[0-9a-fA-F]{4}_)", "_x005F$1")
    if needs_control:
        for ch in _CONTROL:
            e = e.str.replace_all(ch, f"_x{ord(ch):04X}_", literal=True)
    return (
        e.str.replace_all("&", "&amp;", literal=True)
        .str.replace_all("<", "&lt;", literal=True)
        .str.replace_all(">", "&gt;", literal=True)
    )


def _cell(chunk: pl.DataFrame, i: int, style: CellStyle, row: pl.Expr) -> pl.Expr:
    name = chunk.columns[i]
    ref = pl.lit(f'<c r="{xl_col_to_name(i)}')
    value = pl.col(name)
    if style.kind == "number":
        number_style = f' s="{style.xf}"' if style.xf else ""
        xml = pl.concat_str(
            [ref, row, pl.lit(f'"{number_style}><v>'), value.cast(pl.String), pl.lit("</v></c>")]
        )
        return pl.when(value.is_not_null() & value.is_finite()).then(xml).otherwise(pl.lit(""))
    needs_control = bool(chunk[name].str.contains(_CONTROL_RE).any())
    text = _xml_text(name, needs_control)
    preserve = (
        pl.when(value.str.contains(r"^\s|\s$")).then(pl.lit(' xml:space="preserve"')).otherwise(pl.lit(""))
    )
    if style.kind == "level" and style.levels:
        mapping = {k: f' s="{v}"' for k, v in style.levels.items()}
        s_attr: pl.Expr = value.replace_strict(mapping, default="", return_dtype=pl.String)
    else:
        s_attr = pl.lit("")
    xml = pl.concat_str(
        [
            ref,
            row,
            pl.lit('"'),
            s_attr,
            pl.lit(' t="inlineStr"><is><t'),
            preserve,
            pl.lit(">"),
            text,
            pl.lit("</t></is></c>"),
        ]
    )
    return pl.when(value.is_not_null()).then(xml).otherwise(pl.lit(""))


def rows_xml(data: pl.DataFrame, styles: Sequence[CellStyle], first_row: int = 2) -> Iterator[bytes]:
    """``<row>`` elements for ``data`` starting at spreadsheet row ``first_row``, chunk by chunk."""
    start = first_row
    for chunk in data.iter_slices(CHUNK_ROWS):
        row = (pl.int_range(pl.len(), dtype=pl.Int64) + start).cast(pl.String)
        cells = [_cell(chunk, i, style, row) for i, style in enumerate(styles)]
        xml = pl.concat_str([pl.lit('<row r="'), row, pl.lit('">'), *cells, pl.lit("</row>")])
        yield chunk.select(xml.str.join("").alias("x"))["x"].item().encode("utf-8")
        start += chunk.height


def _ahead(blocks: Iterator[bytes]) -> Iterator[bytes]:
    """``blocks``, each built on another thread while the one before is compressed here (polars and zlib
    both release the GIL, so the two cores share the work)."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="xlsx-rows") as pool:
        pending = pool.submit(next, blocks, None)
        while (block := pending.result()) is not None:
            pending = pool.submit(next, blocks, None)
            yield block


def splice(path: Path, pending: Sequence[PendingSheet]) -> None:
    """Rewrite ``path`` with each pending sheet's rows inserted after its header row."""
    by_member = {p.member: p for p in pending}
    if not by_member:
        return
    tmp = path.with_name(path.name + ".part")
    with (
        zipfile.ZipFile(path) as src,
        zipfile.ZipFile(
            tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL, allowZip64=True
        ) as dst,
    ):
        for info in src.infolist():
            sheet = by_member.get(info.filename)
            if sheet is None:
                dst.writestr(info, src.read(info.filename))
                continue
            xml = src.read(info.filename).decode("utf-8")
            head, sep, tail = xml.partition("</sheetData>")
            if not sep:
                raise RuntimeError(f"{info.filename} has no sheetData element to fill")  # a bug, not input
            last = f"{xl_col_to_name(max(len(sheet.styles) - 1, 0))}{sheet.data.height + 1}"
            head = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last}"/>', head, count=1)
            big = sheet.data.height * len(sheet.styles) > ZIP64_CELLS
            with dst.open(info.filename, "w", force_zip64=big) as out:
                out.write(head.encode("utf-8"))
                for block in _ahead(rows_xml(sheet.data, sheet.styles)):
                    out.write(block)
                out.write((sep + tail).encode("utf-8"))
    os.replace(tmp, path)

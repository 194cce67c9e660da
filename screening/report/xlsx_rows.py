"""Fast rows for the workbook's big sheets: the ``<sheetData>`` XML of a frame, built column-wise with
polars and spliced into the sheet XlsxWriter wrote (header, widths, frozen row and filter).

Why: XlsxWriter spends about 10 µs per cell in Python, which is minutes for the 40 million cells of a
million-supplier screen. Text cells refer to one shared-strings table (``xl/sharedStrings.xml``, as
Excel itself and XlsxWriter's default mode write them), so a sentence that 800,000 findings repeat is
written, escaped and compressed once; numbers carry the same style indices XlsxWriter's own writes
would. Cells are shared strings (``t="s"``) or numbers; never formulas. The strings are escaped here
as XlsxWriter escapes them (``_xHHHH_`` literals and control characters, & < >), and never read as
rich-text XML whatever they hold.

A cell carries no ``r`` reference: it is placed by its order in its row (ECMA-376 makes the reference
optional; Excel, LibreOffice, openpyxl and calamine place such cells so), and a missing value is an empty
``<c/>`` that keeps the cells after it in their columns. The row keeps its ``r``. A quarter less XML to
build and compress for the million-cell sheets (report.xlsx of a 1M screen: 8.9 s -> 7.1 s).
"""

from __future__ import annotations

import os
import re
import zipfile
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import polars as pl
from xlsxwriter.utility import xl_col_to_name

from screening.report.deflate import deflate_in_parallel

#: Rows rendered per polars pass (bounded memory: a few MB of XML a chunk).
CHUNK_ROWS = 50_000
#: zlib level for the big sheets: 1 is several times faster than the default 6, about 30% larger.
COMPRESS_LEVEL = 1

#: Sheets with more cells than this get ZIP64 headers up front: their XML may pass the 2 GiB that plain
#: zip headers allow, and Excel opens a large member only when ZIP64 is declared in its local header
#: (XlsxWriter issue 656, Apache POI bug 57342). Smaller sheets are zipped exactly as XlsxWriter does.
ZIP64_CELLS = 5_000_000

SHARED_STRINGS = "xl/sharedStrings.xml"
_EMPTY_CELL = "<c/>"
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"

_CONTROL = [chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20))] + ["\ufffe", "\uffff"]
_CONTROL_RE = "[" + "".join(re.escape(c) for c in _CONTROL) + "]"


@dataclass(frozen=True)
class CellStyle:
    kind: str  # "text", "number" or "level"
    xf: int = 0  # style index of a number column (0: General)
    levels: dict[str, int] = field(default_factory=dict)  # style index of each tier/severity value
    by_index: dict[int, int] = field(default_factory=dict)  # the same, by shared-string index (splice)


@dataclass(frozen=True)
class PendingSheet:
    member: str  # e.g. "xl/worksheets/sheet3.xml"
    data: pl.DataFrame  # prepared: text neutralised, numbers Float64, in column order
    styles: Sequence[CellStyle]


def _xml_text(col: str, needs_control: bool) -> pl.Expr:
    """XlsxWriter's escaping of string text: ``_xHHHH_`` literals, control characters, & < >."""
    e = pl.col(col).str.replace_all(r"(_x[0-9a-fA-F]{4}_)", "_x005F$1")
    if needs_control:
        for ch in _CONTROL:
            e = e.str.replace_all(ch, f"_x{ord(ch):04X}_", literal=True)
    return (
        e.str.replace_all("&", "&amp;", literal=True)
        .str.replace_all("<", "&lt;", literal=True)
        .str.replace_all(">", "&gt;", literal=True)
    )


def _text_columns(sheet: PendingSheet) -> list[str]:
    return [n for n, style in zip(sheet.data.columns, sheet.styles, strict=True) if style.kind != "number"]


@dataclass(frozen=True)
class SharedStrings:
    """The distinct text of every pending sheet, in first-seen order (sheet by sheet, column by column)."""

    values: pl.Series  # String, distinct, no nulls
    count: int  # text cells that refer to them
    at: dict[tuple[str, str], pl.DataFrame]  # (member, column) -> its distinct text ``s`` and index ``i``

    @classmethod
    def of(cls, pending: Sequence[PendingSheet]) -> SharedStrings:
        keys = [(sheet.member, name) for sheet in pending for name in _text_columns(sheet)]
        data = {sheet.member: sheet.data for sheet in pending}
        parts = [
            data[member].get_column(name).drop_nulls().unique(maintain_order=True).to_frame("s")
            for member, name in keys
        ]
        every = pl.concat(
            [pl.DataFrame(schema={"s": pl.String, "part": pl.UInt32})]
            + [p.with_columns(pl.lit(n, dtype=pl.UInt32).alias("part")) for n, p in enumerate(parts)]
        )
        values = every.get_column("s").filter(every.get_column("s").is_first_distinct())
        # one join gives every column's strings their index (not one search of the table per column)
        every = every.join(
            values.to_frame("s").with_row_index("i"), on="s", how="left", maintain_order="left"
        )
        by_part = {int(n): f.drop("part") for (n,), f in every.partition_by("part", as_dict=True).items()}
        empty = pl.DataFrame(schema={"s": pl.String, "i": pl.UInt32})
        count = sum(data[member].height - data[member].get_column(name).null_count() for member, name in keys)
        return cls(values, count, {key: by_part.get(n, empty) for n, key in enumerate(keys)})

    def indexed(self, sheet: PendingSheet) -> PendingSheet:
        """``sheet`` with each text column replaced by its strings' indices (UInt32; nulls stay null).

        Each column is looked up among its own distinct values (a few for a severity, one per supplier
        for a name), not among the whole table's."""
        styles = []
        exprs = []
        for name, style in zip(sheet.data.columns, sheet.styles, strict=True):
            at = self.at.get((sheet.member, name))
            if at is None:
                styles.append(style)
                exprs.append(pl.col(name))
                continue
            if style.kind == "level":
                index = dict(zip(at["s"].to_list(), at["i"].to_list(), strict=True)) if style.levels else {}
                by_index = {index[k]: v for k, v in style.levels.items() if k in index}
                style = CellStyle(style.kind, style.xf, style.levels, by_index)
            styles.append(style)
            exprs.append(pl.col(name).replace_strict(at["s"], at["i"], default=None, return_dtype=pl.UInt32))
        return PendingSheet(sheet.member, sheet.data.select(exprs), styles)

    def xml(self) -> Iterator[Callable[[], bytes]]:
        """``xl/sharedStrings.xml``: one ``<si>`` per string, escaped as XlsxWriter escapes them (blocks to
        build, as :func:`rows_xml` gives them)."""
        head = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<sst xmlns="{_MAIN_NS}" count="{self.count}" uniqueCount="{self.values.len()}">'
        ).encode()
        yield partial(bytes, head)
        for chunk in self.values.to_frame("s").iter_slices(CHUNK_ROWS):
            yield partial(_strings_block, chunk)
        yield partial(bytes, b"</sst>")


def _strings_block(chunk: pl.DataFrame) -> bytes:
    needs_control = bool(chunk["s"].str.contains(_CONTROL_RE).any())
    preserve = (
        pl.when(pl.col("s").str.contains(r"^\s|\s$"))
        .then(pl.lit(' xml:space="preserve"'))
        .otherwise(pl.lit(""))
    )
    si = pl.concat_str(
        [pl.lit("<si><t"), preserve, pl.lit(">"), _xml_text("s", needs_control), pl.lit("</t></si>")]
    )
    text: str = chunk.select(si.str.join("").alias("x"))["x"].item()
    return text.encode("utf-8")


def _cell(chunk: pl.DataFrame, i: int, style: CellStyle) -> pl.Expr:
    """One column's cells, each placed by its order in the row (no ``r`` reference): a missing value is an
    empty ``<c/>``, which keeps the cells after it in their columns."""
    value = pl.col(chunk.columns[i])
    if style.kind == "number":
        number_style = f' s="{style.xf}"' if style.xf else ""
        xml = pl.concat_str([pl.lit(f"<c{number_style}><v>"), value.cast(pl.String), pl.lit("</v></c>")])
        return pl.when(value.is_not_null() & value.is_finite()).then(xml).otherwise(pl.lit(_EMPTY_CELL))
    if style.kind == "level" and style.by_index:
        mapping = {k: f'<c s="{v}" t="s"><v>' for k, v in style.by_index.items()}
        start: pl.Expr = value.replace_strict(mapping, default='<c t="s"><v>', return_dtype=pl.String)
    else:
        start = pl.lit('<c t="s"><v>')
    xml = pl.concat_str([start, value.cast(pl.String), pl.lit("</v></c>")])
    return pl.when(value.is_not_null()).then(xml).otherwise(pl.lit(_EMPTY_CELL))


def _rows_block(chunk: pl.DataFrame, styles: Sequence[CellStyle], start: int) -> bytes:
    """The ``<row>`` elements of ``chunk``, the first being spreadsheet row ``start``."""
    row = (pl.int_range(pl.len(), dtype=pl.Int64) + start).cast(pl.String)
    cells = [_cell(chunk, i, style) for i, style in enumerate(styles)]
    xml = pl.concat_str([pl.lit('<row r="'), row, pl.lit('">'), *cells, pl.lit("</row>")])
    text: str = chunk.select(xml.str.join("").alias("x"))["x"].item()
    return text.encode("utf-8")


def rows_xml(
    data: pl.DataFrame, styles: Sequence[CellStyle], first_row: int = 2
) -> Iterator[Callable[[], bytes]]:
    """``<row>`` elements for ``data`` (text as shared-string indices) from spreadsheet row ``first_row``:
    one block to build per :data:`CHUNK_ROWS` rows."""
    start = first_row
    for chunk in data.iter_slices(CHUNK_ROWS):
        yield partial(_rows_block, chunk, styles, start)
        start += chunk.height


def _ahead(blocks: Iterator[Callable[[], bytes]]) -> Iterator[bytes]:
    """``blocks`` built on two threads, a few ahead of the one compressed and written here, in order (polars
    and zlib both release the GIL, so the two cores share the work; the bytes do not depend on it)."""
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="xlsx-rows") as pool:
        pending: deque[Future[bytes]] = deque()
        for build in blocks:
            pending.append(pool.submit(build))
            if len(pending) > 2:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _with_shared_strings(member: str, xml: str) -> str:
    """[Content_Types].xml and the workbook's relationships, declaring ``xl/sharedStrings.xml``."""
    if member == "[Content_Types].xml":
        override = f'<Override PartName="/{SHARED_STRINGS}" ContentType="{_SST_TYPE}"/>'
        return xml.replace("</Types>", override + "</Types>", 1)
    ids = [int(n) for n in re.findall(r'Id="rId(\d+)"', xml)]
    rel = f'<Relationship Id="rId{max(ids, default=0) + 1}" Type="{_SST_REL}" Target="sharedStrings.xml"/>'
    return xml.replace("</Relationships>", rel + "</Relationships>", 1)


def splice(path: Path, pending: Sequence[PendingSheet]) -> None:
    """Rewrite ``path`` with each pending sheet's rows inserted after its header row, their text in a
    shared-strings table (XlsxWriter's constant-memory workbook has none of its own)."""
    if not pending:
        return
    strings = SharedStrings.of(pending)
    by_member = {p.member: strings.indexed(p) for p in pending}
    tmp = path.with_name(path.name + ".part")
    with (
        ThreadPoolExecutor(max_workers=2, thread_name_prefix="xlsx-deflate") as deflate,
        zipfile.ZipFile(path) as src,
        zipfile.ZipFile(
            tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL, allowZip64=True
        ) as dst,
    ):
        if SHARED_STRINGS in src.namelist():
            raise RuntimeError(f"{path} already has {SHARED_STRINGS}")  # a bug, not input
        for info in src.infolist():
            sheet = by_member.get(info.filename)
            if sheet is None:
                content = src.read(info.filename)
                if info.filename in ("[Content_Types].xml", "xl/_rels/workbook.xml.rels"):
                    content = _with_shared_strings(info.filename, content.decode("utf-8")).encode("utf-8")
                dst.writestr(info, content)
                continue
            xml = src.read(info.filename).decode("utf-8")
            head, sep, tail = xml.partition("</sheetData>")
            if not sep:
                raise RuntimeError(f"{info.filename} has no sheetData element to fill")  # a bug, not input
            last = f"{xl_col_to_name(max(len(sheet.styles) - 1, 0))}{sheet.data.height + 1}"
            head = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last}"/>', head, count=1)
            big = sheet.data.height * len(sheet.styles) > ZIP64_CELLS
            with dst.open(info.filename, "w", force_zip64=big) as out:
                deflate_in_parallel(out, deflate, COMPRESS_LEVEL)
                out.write(head.encode("utf-8"))
                for block in _ahead(rows_xml(sheet.data, sheet.styles)):
                    out.write(block)
                out.write((sep + tail).encode("utf-8"))
        with dst.open(SHARED_STRINGS, "w", force_zip64=strings.count > ZIP64_CELLS) as out:
            deflate_in_parallel(out, deflate, COMPRESS_LEVEL)
            for block in _ahead(strings.xml()):
                out.write(block)
    os.replace(tmp, path)

"""XLSX through calamine (``fastexcel``, Rust): ten times faster than openpyxl on large lists.

:func:`fast_xlsx_table` gives the table :func:`screening.ingest.readers.read_xlsx` gives through
openpyxl - the same cells as text, rows and headers - and returns ``None`` where cell formats
matter, so that the caller reads the workbook with openpyxl instead: a workbook whose styles hold a
percentage format (calamine gives 0.25 where Excel shows "25%", and a share would then be misread),
or one calamine cannot open. Dates come out as ISO 8601 (``2024-01-05T00:00:00``) like openpyxl's.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from typing import Final

import polars as pl

from screening.ingest.headers import find_header_row
from screening.ingest.readers import EXTRA, PROBLEM, ROW, RawTable, column_letter, dedupe_headers

#: Built-in number formats 9 and 10 are "0%" and "0.00%".
_PERCENT_BUILTIN: Final = re.compile(rb'<xf\b[^>]*\bnumFmtId="(?:9|10)"')
_PERCENT_CUSTOM: Final = re.compile(rb'<numFmt\b[^>]*\bformatCode="[^"]*%')
_CALAMINE_DATETIME: Final = r"^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)$"


def formats_matter(data: bytes) -> bool:
    """True when the openpyxl path must read the workbook: its styles declare a percentage format (see
    the module docstring), a sheet is hidden (the hidden-sheet rule of the openpyxl path applies), or a
    sheet has merged cells (that path fills a merged value into every cell of its range)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            styles = archive.read("xl/styles.xml") if "xl/styles.xml" in names else b""
            workbook = archive.read("xl/workbook.xml") if "xl/workbook.xml" in names else b""
            sheets = [n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")]
            merged = any(b"<mergeCell " in archive.read(n) for n in sheets)
    except (zipfile.BadZipFile, KeyError, OSError, zlib.error):
        return True  # let openpyxl say what is wrong with the file
    hidden = b'state="hidden"' in workbook or b'state="veryHidden"' in workbook
    return bool(_PERCENT_BUILTIN.search(styles) or _PERCENT_CUSTOM.search(styles) or hidden or merged)


def read_sheet_frame(data: bytes, sheet: str | None) -> tuple[str, pl.DataFrame] | None:
    """``(sheet name, every cell as text in columns c0, c1, ...)``, or ``None`` for openpyxl's path."""
    if formats_matter(data):
        return None
    import fastexcel

    try:
        reader = fastexcel.read_excel(data)
        names = list(reader.sheet_names)
        if sheet is not None and sheet not in names:
            return None  # openpyxl's reader names the sheets in its message
        name = sheet if sheet is not None else names[0]
        frame = reader.load_sheet(name, header_row=None, dtypes="string").to_polars()
    except Exception:  # any calamine failure: the openpyxl path reads the file or explains
        return None
    frame = frame.select(
        pl.col(c).replace("", None).str.replace(_CALAMINE_DATETIME, "${1}T${2}").alias(f"c{i}")
        for i, c in enumerate(frame.columns)
    )
    filled = pl.any_horizontal(pl.all().is_not_null()) if frame.width else pl.lit(False)
    last = frame.with_row_index("_i").filter(filled).get_column("_i").max()
    return name, frame.head(0 if last is None else int(str(last)) + 1)  # trailing empty rows dropped


def fast_xlsx_table(
    data: bytes, sheet: str | None, header_row: int | None, known: frozenset[str]
) -> RawTable | None:
    """The XLSX :class:`RawTable` read through calamine (same cells, rows and headers as openpyxl's
    path), or ``None`` when openpyxl must read the file."""
    read = read_sheet_frame(data, sheet)
    if read is None or read[1].height == 0:
        return None
    name, frame = read
    top = [[c or "" for c in row] for row in frame.head(40).iter_rows()]
    index = header_row - 1 if header_row is not None else find_header_row(top, known)
    if index >= frame.height:
        return None
    below = frame.slice(index)  # columns are as wide as the header and the rows below it use
    used = [i for i, c in enumerate(below.columns) if below.get_column(c).null_count() < below.height]
    frame = frame.select(frame.columns[: used[-1] + 1 if used else 0])
    header_cells = [c or "" for c in frame.row(index)]
    named = [c if c.strip() else f"column {column_letter(i)}" for i, c in enumerate(header_cells)]
    body = frame.slice(index + 1)
    body = body.with_columns(
        pl.int_range(index + 2, index + 2 + body.height, dtype=pl.Int64).alias(ROW),
        pl.lit(None, pl.String).alias(PROBLEM),
        pl.lit(None, pl.String).alias(EXTRA),
    )
    notes = [f"title rows above the header skipped: {index}"] if index else []
    return RawTable("xlsx", dedupe_headers(named), body, index + 1, sheet=name, notes=notes)

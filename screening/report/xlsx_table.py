"""Write a polars frame as one or more worksheets: header, frozen row, autofilter, widths, formats.

Text goes through :func:`screening.output.safe.neutralise_frame` and is written as shared strings
(never formulas); numbers as numbers. XlsxWriter writes each sheet's header and layout; the rows are
spliced in after the workbook is closed (:mod:`screening.report.xlsx_rows`). A frame longer than
Excel's 1,048,576 rows continues on "Name (2)", "Name (3)"...
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import polars as pl
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

from screening.output.safe import neutralise, neutralise_frame
from screening.report.xlsx_rows import CellStyle, PendingSheet

#: Rows per worksheet in Excel, header included.
EXCEL_MAX_ROWS = 1_048_576
#: Characters Excel keeps in one cell.
EXCEL_MAX_CHARS = 32_767

Kind = Literal["text", "number", "level"]


@dataclass(frozen=True)
class Column:
    source: str  # the frame's column
    kind: Kind = "text"
    num_format: str | None = None  # for numbers, e.g. "0.0"
    header: str | None = None  # shown in the header row (default: the source name)
    width: float | None = None  # fixed width (default: from the header and the first values)

    @property
    def title(self) -> str:
        return self.header or self.source


def _to_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)


def prepare(df: pl.DataFrame, columns: Sequence[Column]) -> pl.DataFrame:
    """Select ``columns`` (missing ones as nulls), text as neutralised strings cut to Excel's limit."""
    exprs: list[pl.Expr] = []
    for col in columns:
        if col.source not in df.columns:
            exprs.append(
                pl.lit(None, dtype=pl.String if col.kind != "number" else pl.Float64).alias(col.source)
            )
            continue
        dtype = df.schema[col.source]
        if col.kind == "number":
            exprs.append(pl.col(col.source).cast(pl.Float64, strict=False))
        elif dtype == pl.String:
            exprs.append(pl.col(col.source))
        elif dtype.is_nested() or dtype == pl.Object:
            exprs.append(pl.col(col.source).map_elements(_to_text, return_dtype=pl.String))
        else:
            exprs.append(pl.col(col.source).cast(pl.String))
    out = neutralise_frame(df.select(exprs))
    cut = [pl.col(c.source).str.slice(0, EXCEL_MAX_CHARS) for c in columns if c.kind != "number"]
    return out.with_columns(cut) if cut else out


def _width(col: Column, values: pl.Series) -> float:
    if col.width is not None:
        return col.width
    longest = len(col.title)
    if values.dtype == pl.String and values.len():
        sample = values.head(2_000).str.len_chars().max()
        longest = max(longest, int(sample) if isinstance(sample, int | float) else 0)
    elif col.kind == "number":
        longest = max(longest, 10)
    return float(min(max(longest + 2, 8), 60))


def _styles(columns: Sequence[Column], formats: dict[str, Format]) -> list[CellStyle]:
    levels = {
        name.removeprefix("level:"): fmt._get_xf_index()  # the index XlsxWriter's own writes would use
        for name, fmt in formats.items()
        if name.startswith("level:")
    }
    out = []
    for col in columns:
        if col.kind == "number":
            fmt = formats.get(f"num:{col.num_format}") if col.num_format else None
            out.append(CellStyle("number", xf=fmt._get_xf_index() if fmt is not None else 0))
        elif col.kind == "level":
            out.append(CellStyle("level", levels=levels))
        else:
            out.append(CellStyle("text"))
    return out


def write_table(
    workbook: Workbook,
    name: str,
    df: pl.DataFrame,
    columns: Sequence[Column],
    formats: dict[str, Format],
    *,
    max_rows: int = EXCEL_MAX_ROWS,
    freeze_cols: int = 0,
) -> list[PendingSheet]:
    """Add sheet ``name`` (continued on "name (2)"... past ``max_rows``) with its header, widths, frozen
    header row and filter; returns the rows still to be spliced in by :func:`splice` after closing."""
    data = prepare(df, columns)
    per_sheet = max_rows - 1
    n_sheets = max(1, math.ceil(data.height / per_sheet))
    styles = _styles(columns, formats)
    pending = []
    for part_no in range(n_sheets):
        sheet_name = name if part_no == 0 else f"{name} ({part_no + 1})"
        part = data.slice(part_no * per_sheet, per_sheet)
        ws = workbook.add_worksheet(sheet_name)
        header = formats["header"]
        for c, col in enumerate(columns):
            ws.set_column(c, c, _width(col, part[col.source]))
            ws.write_string(0, c, neutralise(col.title) or "", header)
        ws.freeze_panes(1, freeze_cols)
        ws.autofilter(0, 0, max(part.height, 1), len(columns) - 1)
        pending.append(PendingSheet(f"xl/worksheets/sheet{ws.index + 1}.xml", part, styles))
    return pending

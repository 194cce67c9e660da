"""Cells of XLSX, Parquet and JSON inputs as text, the way a person reading the file sees them.

Numbers lose a spurious ``.0`` (a worker count typed as 120 is ``"120"``), percentages formatted as
such in Excel come out as ``"25%"``, dates as ISO 8601, booleans as ``true``/``false``, lists of
plain values joined with ``"; "`` and other nested values as JSON.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import zipfile
from typing import Any

import polars as pl

from screening.errors import InputError


def cell_text(value: Any, number_format: str | None = None) -> str | None:
    """One cell value as text (``None`` for an empty cell)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return str(value)
        if number_format and "%" in number_format:
            return f"{_plain_number(value * 100)}%"
        return _plain_number(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        if all(not isinstance(v, dict | list | tuple) for v in value):
            return "; ".join(t for t in (cell_text(v) for v in value) if t is not None)
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    text = str(value)
    return text if text != "" else None


def _plain_number(value: float) -> str:
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and abs(value) < 1e15):
        return str(int(value))
    return repr(round(value, 12))


def read_xlsx_rows(data: bytes, source: str, sheet: str | None) -> tuple[str, list[list[str | None]]]:
    """``(sheet name, rows of cell text)`` of the chosen sheet (default: the first)."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(
            f"{source} cannot be opened as an Excel workbook ({exc}). Fix: open it in Excel or "
            "LibreOffice and save it again as .xlsx, or export it as CSV."
        ) from None
    try:
        names = list(workbook.sheetnames)
        if sheet is None:
            name = names[0]
        elif sheet in names:
            name = sheet
        else:
            raise InputError(
                f"{source} has no sheet named '{sheet}'. Its sheets are: "
                f"{', '.join(repr(n) for n in names)}. Fix: pass one of them with --sheet."
            )
        worksheet = workbook[name]
        rows: list[list[str | None]] = []
        for row in worksheet.iter_rows(min_row=1):
            cells = [cell_text(c.value, getattr(c, "number_format", None)) for c in row]
            while cells and cells[-1] is None:
                cells.pop()
            rows.append(cells)
    finally:
        workbook.close()
    while rows and not any(rows[-1]):
        rows.pop()
    return name, rows


def read_parquet_table(data: bytes, source: str) -> pl.DataFrame:
    """A Parquet file with every column as text."""
    try:
        frame = pl.read_parquet(io.BytesIO(data))
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise InputError(
            f"{source} cannot be read as Parquet ({exc.__class__.__name__}). Fix: write the file "
            "again, or export the list as CSV."
        ) from None
    return text_columns(frame)


def text_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """Every column of a typed frame (Parquet, NDJSON) as text, the way :func:`cell_text` writes cells."""
    exprs: list[pl.Expr] = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if dtype == pl.String:
            exprs.append(column)
        elif isinstance(dtype, pl.Struct):
            exprs.append(column.struct.json_encode())
        elif isinstance(dtype, pl.List | pl.Array) and not dtype.inner.is_nested():
            exprs.append(column.cast(pl.List(pl.String)).list.join("; "))
        elif dtype.is_nested():
            exprs.append(column.map_elements(lambda v: json.dumps(v, default=str), return_dtype=pl.String))
        elif dtype.is_float():
            exprs.append(
                pl.when(column == column.floor())
                .then(column.cast(pl.Int64, strict=False).cast(pl.String))
                .otherwise(column.cast(pl.String))
            )
        else:
            exprs.append(column.cast(pl.String))
    return frame.select([e.alias(n) for e, n in zip(exprs, frame.columns, strict=True)])


def _records_from(value: Any, source: str) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        lists = [k for k, v in value.items() if isinstance(v, list)]
        if len(lists) == 1:
            return list(value[lists[0]])
        if not lists and value:
            return [value]
        raise InputError(
            f"{source} is a JSON object with {len(lists)} lists ({', '.join(lists)}); which one is the "
            "supplier list is not clear. Fix: pass a JSON array of supplier objects, or an object with "
            'a single list such as {"suppliers": [...]}.'
        )
    raise InputError(f"{source} holds a single JSON {type(value).__name__}, not a list of suppliers.")


def read_json_records(data: bytes, source: str, *, ndjson: bool) -> tuple[list[dict[str, Any]], list[int]]:
    """``(records as text cells, row numbers)``: record number for JSON, line number for NDJSON."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{source} is not UTF-8 text; JSON must be UTF-8. Fix: save it as UTF-8.") from None
    items: list[tuple[int, Any]] = []
    if ndjson:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                items.append((number, json.loads(line)))
            except ValueError as exc:
                raise InputError(
                    f"{source}: line {number} is not valid JSON ({exc}). Fix that line; each line must "
                    "hold one supplier object."
                ) from None
    else:
        try:
            value = json.loads(text)
        except ValueError as exc:
            raise InputError(
                f"{source} is not valid JSON ({exc}). Fix the file, or export it as CSV."
            ) from None
        items = list(enumerate(_records_from(value, source), start=1))
    records: list[dict[str, Any]] = []
    rows: list[int] = []
    for number, item in items:
        if not isinstance(item, dict):
            where = f"line {number}" if ndjson else f"record {number}"
            raise InputError(
                f"{source}: {where} is a JSON {type(item).__name__}, not an object of named fields. "
                'Fix: write each supplier as {"supplier_name": ..., "country": ...}.'
            )
        records.append({str(k): cell_text(v) for k, v in item.items()})
        rows.append(number)
    return records, rows

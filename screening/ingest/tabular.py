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
import re
import zipfile
import zlib
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


#: What a damaged workbook raises inside openpyxl: a broken ZIP, a missing part, malformed XML, bad
#: deflate data, cells that point nowhere.
_DAMAGED = (
    zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError, TypeError, AttributeError,
    EOFError, zlib.error, SyntaxError,  # xml.etree ParseError is a SyntaxError
)  # fmt: skip
_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _fill_merged(data: bytes, sheet_path: str, rows: list[list[str | None]]) -> list[str]:
    """Cells under a merged range take the value of its top-left cell (Excel shows it across the
    range; openpyxl's read-only mode leaves them empty). Returns the ranges filled, as B2:B4."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read(sheet_path.lstrip("/"))
    filled: list[str] = []
    for c1, r1, c2, r2 in _MERGE_REF.findall(xml):
        top, left = int(r1) - 1, _column_number(c1) - 1
        bottom, right = min(int(r2) - 1, len(rows) - 1), _column_number(c2) - 1
        if top >= len(rows) or right - left > 1000:
            continue
        value = rows[top][left] if left < len(rows[top]) else None
        if value is None:
            continue
        for r in range(top, bottom + 1):
            row = rows[r]
            row.extend([None] * (right + 1 - len(row)))
            for c in range(left, right + 1):
                row[c] = value if row[c] is None else row[c]
        filled.append(f"{c1.decode()}{r1.decode()}:{c2.decode()}{r2.decode()}")
    return filled


def read_xlsx_rows(
    data: bytes, source: str, sheet: str | None
) -> tuple[str, list[list[str | None]], list[str]]:
    """``(sheet name, rows of cell text, notes)`` of the chosen sheet (default: the first visible one).

    Merged cells are filled from their top-left cell; a damaged workbook is an ``InputError``."""
    import openpyxl

    notes: list[str] = []
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            name = _choose_sheet(workbook, source, sheet, notes)
            worksheet = workbook[name]
            rows: list[list[str | None]] = []
            for row in worksheet.iter_rows(min_row=1):
                cells = [cell_text(c.value, getattr(c, "number_format", None)) for c in row]
                while cells and cells[-1] is None:
                    cells.pop()
                rows.append(cells)
            merged = _fill_merged(data, str(getattr(worksheet, "_worksheet_path", "")), rows)
        finally:
            workbook.close()
    except InputError:
        raise
    except _DAMAGED as exc:
        raise InputError(
            f"{source} is a damaged Excel workbook and cannot be read ({exc.__class__.__name__}: "
            f"{str(exc)[:120]}). Fix: open it in Excel or LibreOffice and save it again as .xlsx, or "
            "export it as CSV."
        ) from None
    if merged:
        shown = ", ".join(merged[:10]) + (f" and {len(merged) - 10} more" if len(merged) > 10 else "")
        notes.append(f"merged cells filled from their top-left cell: {shown}")
    while rows and not any(rows[-1]):
        rows.pop()
    return name, rows, notes


def _choose_sheet(workbook: Any, source: str, sheet: str | None, notes: list[str]) -> str:
    names = list(workbook.sheetnames)
    if not names:
        raise InputError(
            f"{source} is a damaged Excel workbook: no sheet can be read (a sheet part is missing). Fix: "
            "open it in Excel or LibreOffice and save it again as .xlsx, or export it as CSV."
        )
    if sheet is not None:
        if sheet in names:
            return sheet
        raise InputError(
            f"{source} has no sheet named '{sheet}'. Its sheets are: "
            f"{', '.join(repr(n) for n in names)}. Fix: pass one of them with --sheet."
        )
    visible = [n for n in names if workbook[n].sheet_state == "visible"]
    if not visible:
        raise InputError(
            f"{source}: every sheet is hidden ({', '.join(repr(n) for n in names)}). Fix: pass the "
            "sheet with the list with --sheet."
        )
    hidden = [n for n in names if n not in visible]
    if hidden and names.index(visible[0]) > 0:
        notes.append(
            f"hidden sheet(s) skipped: {', '.join(repr(n) for n in hidden)}; read '{visible[0]}' "
            "(pass --sheet to read another)"
        )
    return str(visible[0])


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
        if dtype == pl.Binary:  # bytes that may not be UTF-8: shown, never a crash
            exprs.append(column.map_elements(_bytes_text, return_dtype=pl.String))
        elif dtype == pl.String:
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
    out: list[pl.Series] = []
    for expr, name in zip(exprs, frame.columns, strict=True):
        try:
            out.append(frame.select(expr.alias(name)).to_series())
        except pl.exceptions.PolarsError:  # a type without a text cast (durations, decimals ...)
            values = [None if v is None else str(v) for v in frame[name].to_list()]
            out.append(pl.Series(name, values, dtype=pl.String))
    return pl.DataFrame(out)


def _bytes_text(value: bytes) -> str:
    """Bytes as UTF-8 text, else as Windows-1252 (every byte a character): readable either way."""
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("cp1252", errors="replace")


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


#: Nesting deeper than this is not a supplier list (and would exhaust Python's recursion limit).
MAX_JSON_DEPTH = 200
_SURROGATE = re.compile("[\ud800-\udfff]")


def _loads(text: str) -> Any:
    """json.loads, with a lone surrogate (``"\\ud800"``, not text in any encoding) shown as U+FFFD."""
    value = json.loads(text)
    return _no_surrogates(value) if "\\u" in text.casefold() else value


def _no_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_no_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_no_surrogates(k): _no_surrogates(v) for k, v in value.items()}
    return value


def _too_deep(text: str) -> bool:
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            escaped, in_string = (False, True) if escaped else (ch == "\\", ch != '"')
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_JSON_DEPTH:
                return True
        elif ch in "]}":
            depth -= 1
    return False


def read_json_records(
    data: bytes, source: str, *, ndjson: bool
) -> tuple[list[dict[str, Any]], list[int], list[str | None]]:
    """``(records as text cells, row numbers, problems)``: record number for JSON, line number for
    NDJSON. A broken NDJSON line is a row with a problem (quarantined), not a refused file."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{source} is not UTF-8 text; JSON must be UTF-8. Fix: save it as UTF-8.") from None
    if ("[[[[" in text or "{{" in text or text.count("[") + text.count("{") > MAX_JSON_DEPTH) and _too_deep(
        text
    ):
        raise InputError(
            f"{source} nests JSON more than {MAX_JSON_DEPTH} levels deep, which no supplier list does. "
            "Fix: pass a JSON array of supplier objects, or export the list as CSV."
        )
    items: list[tuple[int, Any, str | None]] = []
    if ndjson:
        # lines end at "\n" only: U+2028 and U+2029 are valid inside JSON strings
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                items.append((number, _loads(line), None))
            except (ValueError, RecursionError) as exc:
                why = f"line {number} is not valid JSON ({str(exc)[:100]}); one supplier object per line"
                items.append((number, {"__line__": line[:500]}, why))
        if items and all(p is not None for _, _, p in items):
            raise InputError(
                f"{source}: no line is a valid JSON object (line {items[0][0]}: {items[0][2]}). Fix: "
                "write one supplier object per line, or export the list as CSV."
            )
    else:
        try:
            value = _loads(text)
        except (ValueError, RecursionError) as exc:
            raise InputError(
                f"{source} is not valid JSON ({str(exc)[:200]}). Fix the file, or export it as CSV."
            ) from None
        items = [(n, item, None) for n, item in enumerate(_records_from(value, source), start=1)]
    records: list[dict[str, Any]] = []
    rows: list[int] = []
    problems: list[str | None] = []
    for number, item, found in items:
        problem: str | None = found
        if not isinstance(item, dict):
            if not ndjson:
                raise InputError(
                    f"{source}: record {number} is a JSON {type(item).__name__}, not an object of named "
                    'fields. Fix: write each supplier as {"supplier_name": ..., "country": ...}.'
                )
            problem = f"line {number} is a JSON {type(item).__name__}, not a supplier object"
            item = {"__line__": json.dumps(item, ensure_ascii=False)[:500]}
        if problem is not None:
            records.append({})
            problems.append(f"{problem}: {str(item.get('__line__', ''))[:200]}")
        else:
            records.append({str(k): cell_text(v) for k, v in item.items()})
            problems.append(None)
        rows.append(number)
    return records, rows, problems

"""Readers: each format into a :class:`RawTable` of text cells, exactly as the file has them.

The raw frame has one String column per input column, named ``c0``, ``c1``, ... (the header texts
are kept in :attr:`RawTable.headers`, de-duplicated), plus ``__row``: the row number a user would
look for. For CSV and XLSX that is the 1-based spreadsheet row (title rows and the header count);
for Parquet and JSON the 1-based record number; for NDJSON the line number. A reader may add
``__problem`` (why a row cannot be read, e.g. more cells than the header) and ``__extra`` (the cells
beyond the header, for the quarantine file).

Delimited text goes through polars' CSV reader with every column read as text; rows with more
cells than the header fall back to Python's ``csv`` module so they can be reported one by one.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from screening.errors import InputError
from screening.ingest.encoding import to_utf8
from screening.ingest.headers import find_header_row
from screening.ingest.sniff import check_text
from screening.ingest.tabular import read_json_records, read_parquet_table, read_xlsx_rows

ROW = "__row"
PROBLEM = "__problem"
EXTRA = "__extra"
DELIMITERS = (",", ";", "\t", "|")
_SAMPLE_BYTES = 262_144


@dataclass
class RawTable:
    """One input file as text cells, before any field is recognised."""

    format: str
    headers: list[str]
    frame: pl.DataFrame
    header_row: int | None = None
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)

    def column(self, index: int) -> str:
        return f"c{index}"


def dedupe_headers(cells: Sequence[str]) -> list[str]:
    """Trimmed header texts, blank ones named ``column N`` and repeats suffixed `` (2)``."""
    out: list[str] = []
    seen: set[str] = set()
    for i, cell in enumerate(cells):
        base = " ".join(str(cell).split()) or f"column {i + 1}"
        name, n = base, 2
        while name.casefold() in seen:
            name, n = f"{base} ({n})", n + 1
        seen.add(name.casefold())
        out.append(name)
    return out


def _sample_records(text: str, delimiter: str, limit: int = 40) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
            if len(records) >= limit:
                break
    except csv.Error:
        pass
    return records


def sniff_delimiter(sample: str) -> str:
    """The delimiter among , ; tab | that splits the most sample rows into the same number of cells."""
    best, best_key = ",", (0, 0, 0)
    for rank, delimiter in enumerate(DELIMITERS):
        counts = [len(r) for r in _sample_records(sample, delimiter) if any(c.strip() for c in r)]
        if not counts:
            continue
        modal = max(set(counts), key=lambda n: (counts.count(n), n))
        if modal < 2:
            continue
        key = (counts.count(modal), modal, -rank)
        if key > best_key:
            best, best_key = delimiter, key
    return best


def _cut_sample(text_bytes: bytes) -> str:
    chunk = text_bytes[:_SAMPLE_BYTES]
    if len(text_bytes) > _SAMPLE_BYTES:
        cut = chunk.rfind(b"\n")
        chunk = chunk[: cut + 1] if cut > 0 else chunk
    return chunk.decode("utf-8", errors="replace")


def _python_csv(text: str, delimiter: str, skip: int, width: int) -> pl.DataFrame:
    """Slow path: every record through ``csv``; extra cells are reported, short rows padded."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns: list[list[str | None]] = [[] for _ in range(width)]
    problems: list[str | None] = []
    extras: list[str | None] = []
    for index, record in enumerate(reader):
        if index < skip:
            continue
        cells = [c if c != "" else None for c in record]
        for i in range(width):
            columns[i].append(cells[i] if i < len(cells) else None)
        if len(cells) > width and any(c is not None and c.strip() for c in cells[width:]):
            problems.append(
                f"row has {len(cells)} cells but the header has {width}: a '{delimiter}' inside a cell "
                "that is not quoted? Put quotes around that cell or remove the stray delimiter"
            )
            extras.append(json.dumps(cells[width:], ensure_ascii=False))
        else:
            problems.append(None)
            extras.append(None)
    data: dict[str, list[str | None]] = {f"c{i}": col for i, col in enumerate(columns)}
    frame = pl.DataFrame(data, schema=dict.fromkeys(data, pl.String))
    return frame.with_columns(
        pl.Series(PROBLEM, problems, dtype=pl.String), pl.Series(EXTRA, extras, dtype=pl.String)
    )


def read_csv(data: bytes, source: str, *, header_row: int | None, known: frozenset[str]) -> RawTable:
    """Delimited text in any common encoding and delimiter, header found below title rows."""
    encoding, text_bytes = to_utf8(data, source)
    if b"\r" in text_bytes[:_SAMPLE_BYTES] and b"\n" not in text_bytes:  # classic Mac line endings
        text_bytes = text_bytes.replace(b"\r", b"\n")
    sample = _cut_sample(text_bytes)
    check_text(sample, source)
    if not sample.strip():
        raise InputError(f"{source} is empty (it holds only blank lines). Fix: export the list again.")
    delimiter = sniff_delimiter(sample)
    records = _sample_records(sample, delimiter, limit=max(40, (header_row or 0) + 1))
    index = header_row - 1 if header_row is not None else find_header_row(records, known)
    if index >= len(records):
        raise InputError(
            f"{source}: header_row {header_row} is beyond the rows read from the top of the file "
            f"({len(records)}). Fix: set header_row in the mapping file to the header's row number."
        )
    headers = dedupe_headers(records[index])
    schema = {f"c{i}": pl.String() for i in range(len(headers))}
    try:
        frame = pl.read_csv(
            text_bytes,
            has_header=False,
            separator=delimiter,
            skip_rows=index + 1,
            schema=schema,
            infer_schema=False,
            missing_columns="insert",
            truncate_ragged_lines=False,
            raise_if_empty=False,
            quote_char='"',
        )
        frame = frame.with_columns(
            pl.lit(None, pl.String).alias(PROBLEM), pl.lit(None, pl.String).alias(EXTRA)
        )
    except pl.exceptions.ComputeError as exc:
        if "not properly escaped" in str(exc):
            snippet = str(exc).split("Field `", 1)[-1].split("`", 1)[0][:80]
            raise InputError(
                f"{source} has a cell whose quotes are not closed (it starts {snippet!r}), so the rows "
                "after it cannot be told apart. Fix: close the quote, or double any quote inside a "
                'quoted cell ("").'
            ) from None
        frame = _python_csv(text_bytes.decode("utf-8"), delimiter, index + 1, len(headers))
    frame = frame.with_row_index(ROW, offset=index + 2).with_columns(pl.col(ROW).cast(pl.Int64))
    notes = [f"title rows above the header skipped: {index}"] if index else []
    return RawTable("csv", headers, frame, index + 1, encoding, delimiter, notes=notes)


def _xlsx_table(
    rows: list[list[str | None]], sheet: str, header_row: int | None, known: frozenset[str]
) -> RawTable:
    top = [[c or "" for c in r] for r in rows[:40]]
    index = header_row - 1 if header_row is not None else find_header_row(top, known)
    header_cells = [c or "" for c in rows[index]] if index < len(rows) else []
    width = max([len(header_cells), *(len(r) for r in rows[index + 1 :])], default=0)
    letters = [column_letter(i) for i in range(width)]
    cells = [*header_cells, *[""] * (width - len(header_cells))]
    named = [c if c.strip() else f"column {letters[i]}" for i, c in enumerate(cells)]
    headers = dedupe_headers(named)
    body = rows[index + 1 :]
    data = {f"c{i}": [r[i] if i < len(r) else None for r in body] for i in range(width)}
    frame = pl.DataFrame(data, schema={f"c{i}": pl.String for i in range(width)})
    frame = frame.with_columns(
        pl.int_range(index + 2, index + 2 + len(body), dtype=pl.Int64).alias(ROW),
        pl.lit(None, pl.String).alias(PROBLEM),
        pl.lit(None, pl.String).alias(EXTRA),
    )
    notes = [f"title rows above the header skipped: {index}"] if index else []
    return RawTable("xlsx", headers, frame, index + 1, sheet=sheet, notes=notes)


def column_letter(index: int) -> str:
    out = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def read_xlsx(
    data: bytes, source: str, *, sheet: str | None, header_row: int | None, known: frozenset[str]
) -> RawTable:
    from screening.ingest.xlsx_fast import fast_xlsx_table

    fast = fast_xlsx_table(data, sheet, header_row, known)  # calamine; None where cell formats matter
    if fast is not None:
        return fast
    name, rows = read_xlsx_rows(data, source, sheet)
    if not any(any(c for c in r) for r in rows):
        raise InputError(f"{source}: sheet '{name}' is empty. Fix: pick the sheet with the list (--sheet).")
    return _xlsx_table(rows, name, header_row, known)


def _records_table(fmt: str, records: list[dict[str, Any]], rows: list[int]) -> RawTable:
    keys: dict[str, None] = {}
    for rec in records:
        keys.update(dict.fromkeys(rec))
    names = list(keys)
    headers = dedupe_headers(names)
    data = {f"c{i}": [rec.get(k) for rec in records] for i, k in enumerate(names)}
    frame = pl.DataFrame(data, schema={f"c{i}": pl.String for i in range(len(names))})
    return RawTable(fmt, headers, _with_row_columns(frame, rows))


def _with_row_columns(frame: pl.DataFrame, rows: list[int]) -> pl.DataFrame:
    return frame.with_columns(
        pl.Series(ROW, rows, dtype=pl.Int64),
        pl.lit(None, pl.String).alias(PROBLEM),
        pl.lit(None, pl.String).alias(EXTRA),
    )


def read_json(data: bytes, source: str, fmt: str) -> RawTable:
    if fmt == "ndjson":
        from screening.ingest.ndjson_fast import fast_ndjson_frame

        fast = fast_ndjson_frame(data)  # polars' reader; None: the line-by-line reader below
        if fast is not None:
            cells, lines = fast
            records_frame = cells.rename({old: f"c{i}" for i, old in enumerate(cells.columns)})
            return RawTable(fmt, dedupe_headers(cells.columns), _with_row_columns(records_frame, lines))
    records, rows = read_json_records(data, source, ndjson=fmt == "ndjson")
    return _records_table(fmt, records, rows)


def read_table(
    fmt: str,
    path: Path,
    data: bytes,
    source: str,
    *,
    sheet: str | None,
    header_row: int | None,
    known: frozenset[str],
) -> RawTable:
    """Dispatch on the format found by :func:`screening.ingest.sniff.detect_format`."""
    if fmt == "csv":
        return read_csv(data, source, header_row=header_row, known=known)
    if fmt == "xlsx":
        return read_xlsx(data, source, sheet=sheet, header_row=header_row, known=known)
    if fmt == "parquet":
        frame = read_parquet_table(data, source)
        headers = dedupe_headers(frame.columns)
        frame = frame.rename({old: f"c{i}" for i, old in enumerate(frame.columns)})
        frame = frame.with_columns(
            pl.int_range(1, frame.height + 1, dtype=pl.Int64).alias(ROW),
            pl.lit(None, pl.String).alias(PROBLEM),
            pl.lit(None, pl.String).alias(EXTRA),
        )
        return RawTable("parquet", headers, frame)
    return read_json(data, source, fmt)

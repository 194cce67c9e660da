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
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from screening.errors import InputError
from screening.ingest.encoding import describe, to_utf8
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
    #: why the last data row may be cut short (a file that ends mid-row), checked once fields are known
    unterminated: bool = False

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


def _rows_above(
    rows: Sequence[Sequence[str | None]], header_index: int, width: int, first_row: int = 1
) -> tuple[pl.DataFrame | None, int]:
    """Rows above the detected header: a title row (one filled cell) is skipped; a row with two or more
    filled cells looks like data and is kept for the quarantine with a reason, never dropped silently.
    Returns (those rows as a raw frame with ``__row``, ``__problem``, ``__extra``; how many were skipped)."""
    kept: list[tuple[int, list[str | None]]] = []
    for i, cells in enumerate(rows[:header_index]):
        filled = [c for c in cells if c is not None and str(c).strip()]
        if len(filled) >= 2:
            kept.append((i + first_row, [c if c not in ("", None) else None for c in cells]))
    if not kept:
        return None, header_index
    header_row = header_index + first_row
    reason = (
        f"row above the header (row {header_row}) that looks like data, not a title: the header was "
        f"found on row {header_row} because it names known columns. Fix: if this row is a supplier, "
        "move it below the header; if the header is higher up, set header_row in a --mapping file"
    )
    data: dict[str, list[str | None]] = {
        f"c{j}": [cells[j] if j < len(cells) else None for _, cells in kept] for j in range(width)
    }
    frame = pl.DataFrame(data, schema=dict.fromkeys(data, pl.String)).with_columns(
        pl.Series(ROW, [n for n, _ in kept], dtype=pl.Int64),
        pl.lit(reason, pl.String).alias(PROBLEM),
        pl.Series(
            EXTRA,
            [json.dumps(c[width:], ensure_ascii=False) if len(c) > width else None for _, c in kept],
            dtype=pl.String,
        ),
    )
    return frame, header_index - len(kept)


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


class _OpenQuote(Exception):
    def __init__(self, snippet: str) -> None:
        super().__init__(snippet)
        self.snippet = snippet


def _polars_csv(text_bytes: bytes, delimiter: str, skip: int, width: int) -> pl.DataFrame:
    """Every record after ``skip`` lines as ``width`` text columns; the slow path for ragged rows."""
    schema = {f"c{i}": pl.String() for i in range(width)}
    try:
        frame = pl.read_csv(
            text_bytes,
            has_header=False,
            separator=delimiter,
            skip_rows=skip,
            schema=schema,
            infer_schema=False,
            missing_columns="insert",
            truncate_ragged_lines=False,
            raise_if_empty=False,
            quote_char='"',
        )
    except pl.exceptions.PolarsError as exc:  # e.g. more cells than the header on the first row
        if "not properly escaped" in str(exc):
            raise _OpenQuote(str(exc).split("Field `", 1)[-1].split("`", 1)[0][:80]) from None
        return _python_csv(text_bytes.decode("utf-8"), delimiter, skip, width)
    return frame.with_columns(pl.lit(None, pl.String).alias(PROBLEM), pl.lit(None, pl.String).alias(EXTRA))


def read_csv(data: bytes, source: str, *, header_row: int | None, known: frozenset[str]) -> RawTable:
    """Delimited text in any common encoding and delimiter, header found below title rows."""
    encoding, text_bytes = to_utf8(data, source)
    text_bytes = _line_breaks(text_bytes)
    sample = _cut_sample(text_bytes)
    check_text(sample, source)
    if not sample.strip():
        raise InputError(f"{source} is empty (it holds only blank lines). Fix: export the list again.")
    delimiter = sniff_delimiter(sample)
    records = _sample_records(sample, delimiter, limit=max(40, (header_row or 0) + 1))
    if not records:
        raise InputError(
            f"{source}: no row can be read from the first {_SAMPLE_BYTES // 1024} KB: a quoted cell at the "
            "top of the file runs on past it (an unclosed quote, or a cell with thousands of line breaks). "
            "Fix: close the quote, or remove the line breaks from that cell."
        )
    index = header_row - 1 if header_row is not None else find_header_row(records, known)
    if index >= len(records):
        raise InputError(
            f"{source}: header_row {header_row} is beyond the rows read from the top of the file "
            f"({len(records)}). Fix: set header_row in the mapping file to the header's row number."
        )
    headers = dedupe_headers(records[index])
    unterminated = not text_bytes.rstrip(b" \t").endswith(b"\n")
    try:
        frame = _polars_csv(text_bytes, delimiter, index + 1, len(headers))
        open_quote = False
    except _OpenQuote as exc:
        if not unterminated:
            raise InputError(
                f"{source} has a cell whose quotes are not closed (it starts {exc.snippet!r}), so the rows "
                "after it cannot be told apart. Fix: close the quote, or double any quote inside a "
                'quoted cell ("").'
            ) from None
        # the file stops inside a quoted cell: it was cut; read what is there and mark the last row
        text_bytes, open_quote = text_bytes + b'"', True
        frame = _polars_csv(text_bytes, delimiter, index + 1, len(headers))
    frame = frame.with_row_index(ROW, offset=index + 2).with_columns(pl.col(ROW).cast(pl.Int64))
    if unterminated and frame.height:
        frame = _flag_cut_row(frame, text_bytes, delimiter, len(headers), open_quote)
    above, skipped = _rows_above(records, index, len(headers))
    if above is not None:
        frame = pl.concat([above, frame.select(above.columns)])
    notes = [f"title rows above the header skipped: {skipped}"] if skipped else []
    if encoding not in ("utf-8", "utf-8-sig"):
        notes.append(describe(encoding))
    return RawTable(
        "csv", headers, frame, index + 1, encoding, delimiter, notes=notes, unterminated=unterminated
    )


def _flag_cut_row(
    frame: pl.DataFrame, text_bytes: bytes, delimiter: str, width: int, open_quote: bool
) -> pl.DataFrame:
    """A file that ends without a line break may have been cut mid-row (a failed download, a full
    disk): its last row is marked when it ends inside quotes or has fewer cells than the header."""
    last = text_bytes[text_bytes.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")
    if open_quote:
        why = "the file ends inside a quoted cell of this row"
    else:
        cells = next(csv.reader([last], delimiter=delimiter), [])
        if '"' in last or len(cells) >= width:  # a quoted row may span lines: only whole lines are counted
            return frame
        why = f"the file ends after {len(cells)} of this row's {width} cells"
    reason = (
        f"row cut short: {why}, with no line break after it (a failed download or a full disk?). "
        "Fix: export or download the file again"
    )
    is_last = pl.int_range(pl.len()) == pl.len() - 1
    return frame.with_columns(pl.when(is_last).then(pl.lit(reason)).otherwise(pl.col(PROBLEM)).alias(PROBLEM))


_LONE_CR = re.compile(rb"\r(?!\n)")


def _line_breaks(text_bytes: bytes) -> bytes:
    """Line breaks as the readers expect them: classic Mac files (CR only) get LF; in a file of LF or
    CRLF lines, a lone CR (a line break typed inside a cell) becomes a space rather than a new row."""
    if b"\r" not in text_bytes:
        return text_bytes
    if b"\n" not in text_bytes:
        return text_bytes.replace(b"\r", b"\n")
    return _LONE_CR.sub(b" ", text_bytes)


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
    above, skipped = _rows_above(rows, index, width)
    if above is not None:
        frame = pl.concat([above, frame.select(above.columns)])
    notes = [f"title rows above the header skipped: {skipped}"] if skipped else []
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

    fast = fast_xlsx_table(data, sheet, header_row, known)  # calamine; None where the openpyxl path must read
    if fast is not None:
        return fast
    name, rows, notes = read_xlsx_rows(data, source, sheet)
    if not any(any(c for c in r) for r in rows):
        raise InputError(f"{source}: sheet '{name}' is empty. Fix: pick the sheet with the list (--sheet).")
    table = _xlsx_table(rows, name, header_row, known)
    table.notes[:0] = notes
    return table


def _records_table(
    fmt: str, records: list[dict[str, Any]], rows: list[int], problems: list[str | None]
) -> RawTable:
    keys: dict[str, None] = {}
    for rec in records:
        keys.update(dict.fromkeys(rec))
    names = list(keys)
    headers = dedupe_headers(names)
    data = {f"c{i}": [rec.get(k) for rec in records] for i, k in enumerate(names)}
    frame = pl.DataFrame(data, schema={f"c{i}": pl.String for i in range(len(names))})
    return RawTable(fmt, headers, _with_row_columns(frame, rows, problems))


def _with_row_columns(
    frame: pl.DataFrame, rows: list[int], problems: list[str | None] | None = None
) -> pl.DataFrame:
    return frame.with_columns(
        pl.Series(ROW, rows, dtype=pl.Int64),
        pl.Series(PROBLEM, problems if problems is not None else [None] * len(rows), dtype=pl.String),
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
    records, rows, problems = read_json_records(data, source, ndjson=fmt == "ndjson")
    return _records_table(fmt, records, rows, problems)


#: Control characters (C0 but tab, line feed and carriage return; DEL; C1): never text a person typed.
#: Left in, an ESC or CSI would reach a terminal or a report as an escape sequence, a NUL would end a
#: C string; line breaks and tabs are whitespace and are collapsed later.
_CONTROL = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
_CONTROL_RE = re.compile(_CONTROL)


def without_controls(raw: RawTable) -> RawTable:
    """``raw`` with control characters removed from its cells and headers, and a note saying so."""
    cells = [c for c in raw.frame.columns if (c.startswith("c") and c[1:].isdigit()) or c in (EXTRA, PROBLEM)]
    hit = (
        raw.frame.select(pl.col(c).str.contains(_CONTROL).any().alias(c) for c in cells).row(0)
        if cells
        else ()
    )
    dirty = [c for c, found in zip(cells, hit, strict=True) if found]
    if dirty:
        raw.frame = raw.frame.with_columns(pl.col(c).str.replace_all(_CONTROL, "") for c in dirty)
    headers = [_CONTROL_RE.sub("", h) for h in raw.headers]
    in_headers = headers != raw.headers
    if dirty or in_headers:
        raw.headers = dedupe_headers(headers)
        raw.notes.append(
            "control characters (escape sequences, NUL bytes) removed from "
            f"{len(dirty)} column(s){' and the headers' if in_headers else ''}"
        )
    return raw


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
    """Dispatch on the format found by :func:`screening.ingest.sniff.detect_format`; control
    characters are taken out of every cell and header (see :func:`without_controls`)."""
    if fmt == "csv":
        raw = read_csv(data, source, header_row=header_row, known=known)
    elif fmt == "xlsx":
        raw = read_xlsx(data, source, sheet=sheet, header_row=header_row, known=known)
    elif fmt == "parquet":
        raw = _read_parquet(data, source)
    else:
        raw = read_json(data, source, fmt)
    return without_controls(raw)


def _read_parquet(data: bytes, source: str) -> RawTable:
    frame = read_parquet_table(data, source)
    headers = dedupe_headers(frame.columns)
    frame = frame.rename({old: f"c{i}" for i, old in enumerate(frame.columns)})
    frame = frame.with_columns(
        pl.int_range(1, frame.height + 1, dtype=pl.Int64).alias(ROW),
        pl.lit(None, pl.String).alias(PROBLEM),
        pl.lit(None, pl.String).alias(EXTRA),
    )
    return RawTable("parquet", headers, frame)

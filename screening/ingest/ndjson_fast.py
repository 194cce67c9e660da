"""NDJSON through polars' reader (``pl.read_ndjson``, native) instead of one ``json.loads`` per line.

The fast path takes files whose fields are plain values or lists of text, integers or booleans; the
cells come out as :func:`screening.ingest.tabular.cell_text` writes them and each row keeps its line
number. Anything else (nested objects, lists of decimals, a line that is not an object, invalid JSON)
returns ``None`` and goes through the line-by-line reader, which also names the line at fault.
"""

from __future__ import annotations

import io

import polars as pl

from screening.ingest.tabular import text_columns

_PLAIN_INNER = (pl.String, pl.Int64, pl.Int32, pl.Boolean)


def _plain(dtype: pl.DataType) -> bool:
    if isinstance(dtype, pl.List):
        return isinstance(dtype.inner, _PLAIN_INNER)
    return not dtype.is_nested() and not dtype.is_temporal()


def fast_ndjson_frame(data: bytes) -> tuple[pl.DataFrame, list[int]] | None:
    """``(cells as text, line numbers)`` of an NDJSON file, or ``None`` for the line-by-line reader."""
    try:
        text = data.decode("utf-8-sig")
        frame = pl.read_ndjson(io.StringIO(text), infer_schema_length=None)
    except (UnicodeDecodeError, pl.exceptions.PolarsError, ValueError, TypeError):
        return None
    if not frame.width or not all(_plain(dtype) for dtype in frame.schema.values()):
        return None
    lines = [number for number, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if len(lines) != frame.height:
        return None
    cells = text_columns(frame).with_columns(pl.all().replace("", None))
    return cells, lines

"""Neutralise spreadsheet formulas in text cells written to CSV or XLSX.

A supplier name such as ``=HYPERLINK("http://x", "click")`` or ``@SUM(A1)`` would be evaluated by
Excel or LibreOffice when a compliance analyst opens the export. OWASP's advice: prefix any cell that
begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return with a single quote, so the
spreadsheet shows it as text. Numbers are written as numbers and are not touched.
"""

from __future__ import annotations

import polars as pl

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: The same test as a pattern: one scan of each value, no first-character strings made.
_FORMULA_START = "^[" + "".join(FORMULA_PREFIXES).replace("-", "\\-") + "]"


def neutralise(value: str | None) -> str | None:
    """Return ``value`` prefixed with ``'`` when a spreadsheet would read it as a formula."""
    if value is None:
        return None
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_headers(df: pl.DataFrame) -> pl.DataFrame:
    """Column names that a spreadsheet would read as formulas (a carried input header such as
    ``=HYPERLINK(...)``) prefixed with ``'``, like cells."""
    renames = {name: "'" + name for name in df.columns if name.startswith(FORMULA_PREFIXES)}
    return df.rename(renames) if renames else df


def neutralise_frame(df: pl.DataFrame) -> pl.DataFrame:
    """Apply :func:`neutralise` to every string column of ``df`` (vectorised); headers are left to
    :func:`neutralise_headers` (callers select columns by name after this).

    Columns in which no value starts like a formula are left as they are (no copy).
    """
    text = [name for name, dtype in df.schema.items() if dtype == pl.String]
    if not text or df.height == 0:
        return df
    risky = pl.col(text).str.contains(_FORMULA_START).any()
    flags = df.select(risky).row(0, named=True)
    exprs = [
        pl.when(pl.col(name).str.contains(_FORMULA_START))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name in text
        if flags[name]
    ]
    return df.with_columns(exprs) if exprs else df

"""Rows that cannot be screened: why, where, and what they held.

Each quarantined input row gives one row of ``quarantine.csv``: ``source_file``, ``row_number``
(1-based, as a spreadsheet shows it), ``column`` (the offending columns, or ``""``), ``reason`` (every
problem of the row, each a sentence with its fix, joined by ``"; "``) and ``raw_values`` (a JSON
object of the row's cells exactly as the file had them, keyed by header).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Final

import polars as pl

QUARANTINE_SCHEMA: Final[dict[str, pl.DataType]] = {
    "source_file": pl.String(),
    "row_number": pl.Int64(),
    "column": pl.String(),
    "reason": pl.String(),
    "raw_values": pl.String(),
}

BLANK_REASON: Final = "blank row: every cell is empty (delete the row, or fill it in)"


def empty_quarantine() -> pl.DataFrame:
    return pl.DataFrame(schema=QUARANTINE_SCHEMA)


@dataclass
class Problems:
    """Per-row problems collected while building a file's frame (Series of sentences or nulls)."""

    height: int
    reasons: list[pl.Series] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)

    def add(self, reason: pl.Series, column: str) -> None:
        if reason.null_count() < len(reason):
            self.reasons.append(reason)
            self.columns.append(column)

    def add_where(self, mask: pl.Series, reason: str, column: str) -> None:
        if mask.any():
            self.add(pl.select(pl.when(mask).then(pl.lit(reason))).to_series(), column)

    def frame(self, blank: pl.Series) -> pl.DataFrame:
        """Columns ``__reason`` and ``__column`` (null where the row is fine)."""
        if not self.reasons and not blank.any():
            return pl.DataFrame(
                {"__reason": pl.repeat(None, self.height, dtype=pl.String, eager=True),
                 "__column": pl.repeat(None, self.height, dtype=pl.String, eager=True)}
            )  # fmt: skip
        reasons = [r.alias(f"r{i}") for i, r in enumerate(self.reasons)]
        frame = pl.DataFrame([*reasons, blank.alias("blank")])
        names = [f"r{i}" for i in range(len(reasons))]
        reason = (
            pl.concat_str([pl.col(n) for n in names], separator="; ", ignore_nulls=True) if names else None
        )
        column = (
            pl.concat_str(
                [
                    pl.when(pl.col(n).is_not_null()).then(pl.lit(c))
                    for n, c in zip(names, self.columns, strict=True)
                ],
                separator=", ",
                ignore_nulls=True,
            )
            if names
            else None
        )
        none = pl.lit(None, pl.String)
        return frame.select(
            pl.when(pl.col("blank")).then(pl.lit(BLANK_REASON))
            .otherwise(none if reason is None else pl.when(reason != "").then(reason))
            .alias("__reason"),
            pl.when(pl.col("blank")).then(pl.lit(""))
            .otherwise(none if column is None else column)
            .alias("__column"),
        )  # fmt: skip


def quarantine_frame(
    source: str,
    raw: pl.DataFrame,
    headers: list[str],
    row_col: str,
    extra_col: str,
) -> pl.DataFrame:
    """The quarantine rows for ``raw`` (already filtered to the rejected rows, with reason/column)."""
    if raw.height == 0:
        return empty_quarantine()
    names = [f"c{i}" for i in range(len(headers))]
    raw_json: list[str] = []
    for row in raw.select([*names, extra_col]).iter_rows():
        cells = dict(zip(headers, row[:-1], strict=True))
        if row[-1] is not None:
            cells["(cells beyond the header)"] = json.loads(row[-1])
        raw_json.append(json.dumps(cells, ensure_ascii=False))
    return pl.DataFrame(
        {
            "source_file": [source] * raw.height,
            "row_number": raw[row_col],
            "column": raw["__column"].fill_null(""),
            "reason": raw["__reason"],
            "raw_values": raw_json,
        },
        schema=QUARANTINE_SCHEMA,
    )

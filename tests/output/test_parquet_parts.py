"""Parquet written in one piece or part by part (a partitioned screen) is the same bytes."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from screening.output.tables import PARQUET_ROW_GROUP, ParquetParts, write_parquet


def test_parquet_written_in_parts_is_byte_identical_to_one_piece(tmp_path: Path) -> None:
    n = 2 * PARQUET_ROW_GROUP + 12_345  # three row groups, each several data pages
    frame = pl.DataFrame(
        {
            "supplier_id": [f"SUP-{i:08d}" for i in range(n)],
            "top_reason": [f"The supplier {i} is listed by a dataset of edition {i % 97}" for i in range(n)],
            "risk_score": [float(i % 101) for i in range(n)],
        }
    )
    write_parquet(frame, tmp_path / "whole.parquet")
    parts = ParquetParts(tmp_path / "parts.parquet", frame.schema)
    for start in range(0, n, 70_001):  # parts that straddle row groups, as partitions do
        halves = [frame.slice(start, 35_000), frame.slice(start + 35_000, 35_001)]
        parts.write(pl.concat(halves, rechunk=False))
    parts.close()
    assert (tmp_path / "whole.parquet").read_bytes() == (tmp_path / "parts.parquet").read_bytes()
    assert pl.read_parquet(tmp_path / "parts.parquet").equals(frame)


def test_an_empty_table_keeps_its_columns(tmp_path: Path) -> None:
    write_parquet(pl.DataFrame(schema={"supplier_id": pl.String}), tmp_path / "empty.parquet")
    assert pl.read_parquet(tmp_path / "empty.parquet").schema == pl.Schema({"supplier_id": pl.String})

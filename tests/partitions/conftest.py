"""Helpers of the partition tests: screen the same list in one piece, in parts and on a LocalCluster."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from screening.pipeline import build_options, run

#: The tables a partitioned screen must write byte for byte as a one-piece screen does.
TABLES = ("scores.csv", "scores.parquet", "findings.csv", "findings.parquet", "quarantine.csv")


def screen_modes(
    lists: list[Path],
    factory: pytest.TempPathFactory,
    modes: dict[str, tuple[int, str | None]],
    store: bool = False,
    **options: Any,
) -> dict[str, Path]:
    """``{mode: (partition_rows, dask)}`` -> the output folder of each screen of ``lists`` (with its own
    store, ``OUT/store.duckdb``, when ``store``)."""
    outs: dict[str, Path] = {}
    for name, (rows, dask) in modes.items():
        out = factory.mktemp(name)
        where = {"store": out / "store.duckdb"} if store else {"no_store": True}
        run(lists, build_options(out, partition_rows=rows, dask=dask, **where, **options))
        outs[name] = out
    return outs


def run_record(out: Path) -> dict[str, Any]:
    record: dict[str, Any] = json.loads((out / "run.json").read_text())
    return record

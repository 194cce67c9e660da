"""Helpers of the partition tests: screen the same list in one piece, in parts and on a LocalCluster."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from screening.pipeline import build_options, run

#: The tables a partitioned screen must write byte for byte as a one-piece screen does.
TABLES = ("scores.csv", "scores.parquet", "findings.csv", "findings.parquet", "quarantine.csv")


class Screens(dict[str, Path]):
    """``mode -> output folder``; a mode's screen runs the first time a test asks for it, so the tests
    of the LocalCluster screens (marked slow) cost nothing in ``make test``."""

    def __init__(
        self,
        lists: list[Path],
        factory: pytest.TempPathFactory,
        modes: dict[str, tuple[int, str | None]],
        store: bool,
        options: dict[str, Any],
    ) -> None:
        super().__init__()
        self._args = (lists, factory, modes, store, options)

    def __missing__(self, name: str) -> Path:
        lists, factory, modes, store, options = self._args
        rows, dask = modes[name]
        out = factory.mktemp(name)
        where = {"store": out / "store.duckdb"} if store else {"no_store": True}
        run(lists, build_options(out, partition_rows=rows, dask=dask, **where, **options))
        self[name] = out
        return out


def screen_modes(
    lists: list[Path],
    factory: pytest.TempPathFactory,
    modes: dict[str, tuple[int, str | None]],
    store: bool = False,
    **options: Any,
) -> Screens:
    """``{mode: (partition_rows, dask)}`` -> the output folder of each screen of ``lists`` (with its own
    store, ``OUT/store.duckdb``, when ``store``), screened when first asked for."""
    return Screens(lists, factory, modes, store, options)


def run_record(out: Path) -> dict[str, Any]:
    record: dict[str, Any] = json.loads((out / "run.json").read_text())
    return record

"""The catalog of indicator datasets: bundled editions, overridden by activated refreshed ones.

:func:`load_catalog` reads every ``<id>.yml`` under ``<rules_dir>/indicators/``, resolves the active
edition of each dataset (a refreshed version named in ``<data_dir>/indicators/<id>/ACTIVE`` wins
over the bundled CSV) and verifies each CSV against its metadata (SHA-256, columns, rows).
:meth:`Catalog.register` loads them into DuckDB as ``ind_<id>`` tables plus ``indicator_datasets``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import polars as pl

from screening.errors import ConfigError, InputError
from screening.indicators.models import DatasetMeta, load_meta
from screening.indicators.reading import read_verified
from screening.indicators.versions import active_version, load_version

if TYPE_CHECKING:  # duckdb is imported by the callers that register tables
    import duckdb

Source = Literal["bundled", "refreshed"]

#: The ``indicator_datasets`` table: one row per dataset, these columns in this order.
DATASETS_TABLE = "indicator_datasets"
DATASETS_SCHEMA: dict[str, pl.DataType] = {
    "id": pl.String(),
    "title": pl.String(),
    "publisher": pl.String(),
    "edition": pl.String(),
    "retrieved": pl.Date(),
    "rows": pl.Int64(),
    "licence": pl.String(),
    "coverage": pl.String(),
    "sha256": pl.String(),
    "source": pl.String(),
    "version": pl.String(),
    "source_url": pl.String(),
}


@dataclass(frozen=True)
class ResolvedDataset:
    """The edition of one dataset in use: its metadata, files, and whether it is bundled or refreshed."""

    meta: DatasetMeta
    csv_path: Path
    meta_path: Path
    source: Source
    version: str  # "bundled" or the refreshed version's name

    @property
    def table(self) -> str:
        return f"ind_{self.meta.id}"


class Catalog:
    """Every indicator dataset with its active edition; frames are verified and cached."""

    def __init__(self, entries: Mapping[str, ResolvedDataset]) -> None:
        self._entries = {k: entries[k] for k in sorted(entries)}

    @property
    def datasets(self) -> dict[str, DatasetMeta]:
        """id -> metadata of the active edition, sorted by id (a fresh dict on each call)."""
        return {k: e.meta for k, e in self._entries.items()}

    def resolved(self, dataset_id: str) -> ResolvedDataset:
        try:
            return self._entries[dataset_id]
        except KeyError:
            raise InputError(
                f"unknown indicator dataset {dataset_id!r}; known datasets: {', '.join(self._entries)}."
            ) from None

    def frame(self, dataset_id: str) -> pl.DataFrame:
        """The dataset's rows, every column as text, plus ``country_code`` (ISO alpha-2 or null)."""
        entry = self.resolved(dataset_id)
        return read_verified(entry.csv_path, entry.meta, entry.meta_path)

    def versions(self) -> dict[str, dict[str, Any]]:
        """id -> {edition, sha256, rows, retrieved, as_of, source, version, path} of the edition in use."""
        return {
            k: {
                "edition": e.meta.edition,
                "sha256": e.meta.sha256,
                "rows": e.meta.rows,
                "retrieved": e.meta.retrieved.isoformat(),
                "as_of": e.meta.as_of.isoformat(),
                "source": e.source,
                "version": e.version,
                "path": str(e.csv_path),
            }
            for k, e in self._entries.items()
        }

    def register(self, con: duckdb.DuckDBPyConnection) -> None:
        """Create (or replace) ``ind_<id>`` for every dataset and the ``indicator_datasets`` table.

        Table names come from validated dataset ids only; no value is ever spliced into SQL.
        """
        for entry in self._entries.values():
            _create_table(con, entry.table, self.frame(entry.meta.id))
        summary = pl.DataFrame(
            [
                {
                    "id": e.meta.id,
                    "title": e.meta.title,
                    "publisher": e.meta.publisher,
                    "edition": e.meta.edition,
                    "retrieved": e.meta.retrieved,
                    "rows": e.meta.rows,
                    "licence": e.meta.licence,
                    "coverage": e.meta.coverage,
                    "sha256": e.meta.sha256,
                    "source": e.source,
                    "version": e.version,
                    "source_url": e.meta.source_url,
                }
                for e in self._entries.values()
            ],
            schema=DATASETS_SCHEMA,
        )
        _create_table(con, DATASETS_TABLE, summary)


def _create_table(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    view = f"_screening_src_{table}"
    con.register(view, frame)
    try:
        con.execute(f'CREATE OR REPLACE TABLE "{table}" AS SELECT * FROM "{view}"')
    finally:
        con.unregister(view)


def load_catalog(rules_dir: Path, data_dir: Path | None = None) -> Catalog:
    """Load every dataset under ``rules_dir/indicators``; with ``data_dir``, activated refreshes win.

    Raises :class:`~screening.errors.ConfigError` for a metadata file that fails its schema and
    :class:`~screening.indicators.reading.DatasetIntegrityError` for a CSV that does not match it.
    """
    folder = rules_dir / "indicators"
    if not folder.is_dir():
        raise ConfigError(
            f"{folder}: no indicator datasets folder. Point SCREENING_RULES_DIR at the project's "
            "rules/ folder (it holds indicators/<id>.csv and <id>.yml)."
        )
    entries: dict[str, ResolvedDataset] = {}
    for meta_path in sorted(folder.glob("*.yml")):
        meta = load_meta(meta_path)
        if meta.id != meta_path.stem:
            raise ConfigError(
                f"{meta_path}: declares id {meta.id!r} but the file is named {meta_path.name}; "
                f"rename the file to {meta.id}.yml or correct the id."
            )
        entry = ResolvedDataset(meta, folder / f"{meta.id}.csv", meta_path, "bundled", "bundled")
        if data_dir is not None:
            version = active_version(data_dir, meta.id)
            if version is not None:
                vmeta, csv_path, vmeta_path = load_version(data_dir, meta.id, version)
                entry = ResolvedDataset(vmeta, csv_path, vmeta_path, "refreshed", version)
        entries[meta.id] = entry
    if not entries:
        raise ConfigError(f"{folder}: no dataset metadata (<id>.yml) found.")
    catalog = Catalog(entries)
    for dataset_id in catalog.datasets:
        catalog.frame(dataset_id)  # verify every file now; cached for later use
    return catalog

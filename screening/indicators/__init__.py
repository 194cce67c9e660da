"""Bundled risk-indicator datasets: metadata, verified loading, active editions, DuckDB tables.

>>> cat = load_catalog(get_settings().rules_dir, get_settings().data_dir)  # doctest: +SKIP
>>> cat.frame("tip_tiers").filter(pl.col("country_code") == "TM")          # doctest: +SKIP
"""

from screening.indicators.age import DatasetAge, as_of_range, dataset_age, dataset_records, today
from screening.indicators.catalog import Catalog, ResolvedDataset, load_catalog
from screening.indicators.models import DatasetMeta, load_meta, parse_meta
from screening.indicators.reading import DatasetIntegrityError, sha256_file
from screening.indicators.versions import (
    VersionInfo,
    activate,
    active_version,
    list_versions,
    stage_version,
)

__all__ = [
    "Catalog",
    "DatasetAge",
    "DatasetIntegrityError",
    "DatasetMeta",
    "ResolvedDataset",
    "VersionInfo",
    "activate",
    "active_version",
    "as_of_range",
    "dataset_age",
    "dataset_records",
    "list_versions",
    "load_catalog",
    "load_meta",
    "parse_meta",
    "sha256_file",
    "stage_version",
    "today",
]

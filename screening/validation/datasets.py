"""The datasets suite: every indicator dataset against the expectations declared beside it.

Per dataset (``rules/indicators/<id>.yml``, key ``expectations``, plus ``key_columns`` and
``country_column``), built in this order:

* ``rows_min``: at least ``rows.min`` rows. Fewer means a truncated or partial edition: **blocks**.
* ``rows_max``: at most ``rows.max`` rows. More is unexpected growth to review: a **warning** only.
* ``not_null.<col>`` for every column under ``not_null`` (a key column may be declared nullable:
  cbp_wro's ``date_issued`` is blank where the source gives no date).
* ``unique.<cols>`` for the key columns together and every group under ``unique``.
* ``values_in.<col>`` for every categorical column under ``values_in``.
* ``country_mapped``: every non-empty value of ``country_column`` maps to an ISO code. Checked on the
  derived column ``_unmapped_country`` (the country text where ``country_code`` is null), expected
  null, so a failure lists the names that did not map.

``rules/expectations/datasets.yml``, when present, adds expectations per dataset (its batches are
dataset ids). A file whose checksum or shape does not match its metadata never gets here: the catalog
raises :class:`~screening.indicators.DatasetIntegrityError` (exit 1) when the frame is read.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from screening.validation.engine import Batch, run_batch
from screening.validation.outcome import SuiteResult
from screening.validation.spec import (
    ExpectationSpec,
    InSet,
    IsNull,
    NotNull,
    RowCountBetween,
    SuiteSpec,
    Unique,
    load_suite,
)

if TYPE_CHECKING:
    from screening.indicators import Catalog, DatasetMeta

SUITE = "datasets"
DESCRIPTION = "Every indicator dataset is complete, keyed, mapped to ISO countries and within its categories."
UNMAPPED = "_unmapped_country"
LINE = "_line"  # the CSV line of a row (the header is line 1)


def _slug(column: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "_", column.lower()).strip("_") or "col"


def dataset_specs(meta: DatasetMeta) -> list[ExpectationSpec]:
    """The expectations a dataset's metadata declares, as specs (see the module docstring)."""
    exp = meta.expectations
    specs: list[ExpectationSpec] = [
        RowCountBetween(
            id="rows_min",
            expect="row_count_between",
            min=exp.rows.min,
            description=f"at least {exp.rows.min} rows (fewer means a truncated or partial edition)",
        ),
        RowCountBetween(
            id="rows_max",
            expect="row_count_between",
            max=exp.rows.max,
            blocking=False,
            description=f"at most {exp.rows.max} rows (more is unexpected growth: review the edition)",
        ),
    ]
    for col in dict.fromkeys(exp.not_null):
        specs.append(
            NotNull(
                id=f"not_null.{_slug(col)}",
                expect="not_null",
                column=col,
                description=f"{col} is always given",
            )
        )
    groups = [tuple(meta.key_columns), *[tuple(g) for g in exp.unique]]
    for group in dict.fromkeys(groups):
        specs.append(
            Unique(
                id=f"unique.{'.'.join(_slug(c) for c in group)}",
                expect="unique",
                columns=group,
                description=f"no two rows share {' + '.join(group)}",
            )
        )
    for col, values in exp.values_in.items():
        specs.append(
            InSet(
                id=f"values_in.{_slug(col)}",
                expect="in_set",
                column=col,
                values=tuple(values),
                description=f"{col} is one of its {len(values)} declared values",
            )
        )
    if meta.country_column is not None:
        specs.append(
            IsNull(
                id="country_mapped",
                expect="is_null",
                column=UNMAPPED,
                description=f"every {meta.country_column} value maps to an ISO 3166-1 country code",
            )
        )
    return specs


def _with_derived(frame: pl.DataFrame, meta: DatasetMeta) -> pl.DataFrame:
    out = frame.with_row_index(LINE, offset=2)
    if meta.country_column is None or meta.country_column not in frame.columns:
        return out
    text = pl.col(meta.country_column)
    unmapped = pl.col("country_code").is_null() & text.is_not_null() & (text.str.strip_chars() != "")
    return out.with_columns(pl.when(unmapped).then(text).otherwise(None).alias(UNMAPPED))


def _extra(rules_dir: Path, dataset_ids: list[str]) -> SuiteSpec | None:
    path = rules_dir / "expectations" / f"{SUITE}.yml"
    if not path.exists():
        return None
    spec = load_suite(rules_dir, SUITE)
    spec.require(dataset_ids, {}, path)
    return spec


def validate_datasets(catalog: Catalog, rules_dir: Path) -> SuiteResult:
    """Check every dataset of ``catalog``; a ``rows_min`` or other blocking failure fails the screen."""
    started = time.perf_counter()
    datasets = catalog.datasets
    extra = _extra(rules_dir, list(datasets))
    result = SuiteResult(suite=SUITE, description=DESCRIPTION)
    for dataset_id, meta in datasets.items():
        specs = dataset_specs(meta)
        if extra is not None and dataset_id in extra.batches:
            specs += list(extra.batches[dataset_id].expectations)
        frame = _with_derived(catalog.frame(dataset_id), meta)
        batch = Batch(
            suite=SUITE,
            name=dataset_id,
            subject=f"indicator dataset `{dataset_id}` (edition {meta.edition})",
            frame=frame,
            label_column=LINE,
            column_alias={UNMAPPED: meta.country_column} if meta.country_column else None,
        )
        result.outcomes.extend(outcome for outcome, _ in run_batch(batch, specs, {}))
    result.seconds = time.perf_counter() - started
    return result

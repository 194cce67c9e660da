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

* ``format.<col>`` for every column under ``formats``: each value given matches its regular expression
  (ISO dates, years, numbers, URLs).

The dataset's own YAML is the one place its expectations live; a refreshed edition is checked by the
same specs (:func:`dataset_batch`) before it is activated. A file whose checksum or shape does not
match its metadata never gets here: the catalog raises
:class:`~screening.indicators.DatasetIntegrityError` (exit 1) when the frame is read.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from screening.validation.engine import Batch, run_batch
from screening.validation.gx_docs import record
from screening.validation.outcome import SuiteResult
from screening.validation.reuse import keep_outcomes, reuse_key, reused_outcomes
from screening.validation.spec import (
    ExpectationSpec,
    InSet,
    IsNull,
    MatchesRegex,
    NotNull,
    RowCountBetween,
    Unique,
)

if TYPE_CHECKING:
    from screening.indicators import Catalog, DatasetMeta

SUITE = "datasets"
DESCRIPTION = "Every indicator dataset is complete, keyed, mapped to ISO countries and within its categories."
UNMAPPED = "_unmapped_country"
LINE = "_line"  # the CSV line of a row (the header is line 1)


def _slug(column: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "_", column.lower()).strip("_") or "col"


def _on_column(
    spec: type[NotNull | InSet | MatchesRegex], section: str, column: str, **fields: Any
) -> ExpectationSpec:
    """The check of one column under the metadata's ``section``; its id is ``<section>.<column>``."""
    return spec(id=f"{section}.{_slug(column)}", column=column, **fields)


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
    specs += [
        _on_column(NotNull, "not_null", col, expect="not_null", description=f"{col} is always given")
        for col in dict.fromkeys(exp.not_null)
    ]
    groups = [tuple(meta.key_columns), *[tuple(g) for g in exp.unique]]
    specs += [
        Unique(
            id=f"unique.{'.'.join(_slug(c) for c in group)}",
            expect="unique",
            columns=group,
            description=f"no two rows share {' + '.join(group)}",
        )
        for group in dict.fromkeys(groups)
    ]
    specs += [
        _on_column(
            InSet,
            "values_in",
            col,
            expect="in_set",
            values=tuple(values),
            description=f"{col} is one of its {len(values)} declared values",
        )
        for col, values in exp.values_in.items()
    ]
    specs += [
        _on_column(
            MatchesRegex,
            "format",
            col,
            expect="matches_regex",
            regex=check.regex,
            description=check.description,
        )
        for col, check in exp.formats.items()
    ]
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


def dataset_batch(meta: DatasetMeta, frame: pl.DataFrame, subject: str) -> Batch:
    """The GX batch of one edition's rows, with its CSV line and the names of unmapped countries."""
    derived = frame.with_row_index(LINE, offset=2)
    if meta.country_column is not None and meta.country_column in frame.columns:
        text = pl.col(meta.country_column)
        unmapped = pl.col("country_code").is_null() & text.is_not_null() & (text.str.strip_chars() != "")
        derived = derived.with_columns(pl.when(unmapped).then(text).otherwise(None).alias(UNMAPPED))
    return Batch(
        suite=SUITE,
        name=meta.id,
        subject=subject,
        frame=derived,
        label_column=LINE,
        column_alias={UNMAPPED: meta.country_column} if meta.country_column else None,
    )


def validate_datasets(
    catalog: Catalog, rules_dir: Path | None = None, *, reuse_dir: Path | None = None
) -> SuiteResult:
    """Check every dataset of ``catalog``; a ``rows_min`` or other blocking failure fails the screen.

    ``rules_dir`` is accepted for callers that pass it; every expectation comes from the datasets'
    own metadata. With ``reuse_dir``, a dataset whose rows, expectations and engine match a passing
    validation kept there takes its outcomes from it (:mod:`screening.validation.reuse`), and a dataset
    that passes now is kept there.
    """
    started = time.perf_counter()
    result = SuiteResult(suite=SUITE, description=DESCRIPTION)
    for dataset_id, meta in catalog.datasets.items():
        subject = f"indicator dataset `{dataset_id}` (edition {meta.edition})"
        batch = dataset_batch(meta, catalog.frame(dataset_id), subject)
        specs = dataset_specs(meta)
        if reuse_dir is None:
            result.outcomes.extend(outcome for outcome, _ in run_batch(batch, specs, {}))
            continue
        key = reuse_key(dataset_id, batch.frame.write_csv().encode(), specs)
        outcomes = reused_outcomes(reuse_dir, key)
        if outcomes is not None:
            record(batch, specs, {})  # Data Docs (--gx-project) still show the dataset's suite
            result.reused.append(dataset_id)
        else:
            outcomes = [outcome for outcome, _ in run_batch(batch, specs, {})]
            keep_outcomes(reuse_dir, key, dataset_id, outcomes)
        result.outcomes.extend(outcomes)
    result.seconds = time.perf_counter() - started
    return result

"""The input suite: the normalised supplier frame against ``rules/expectations/input.yml``.

A failure does not stop the screen: every row an expectation points at moves to quarantine with the
column(s) and reason(s), and the rest goes on to screening. The quarantined rows have the columns of
the ingest quarantine (``source_file``, ``row_number``, ``reason``, ``raw_values``) plus ``column``.
An expectation that cannot run at all (e.g. a column missing from the frame) is a blocking failure:
that is a bug upstream, not a supplier's row.
"""

from __future__ import annotations

import time
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import polars as pl

from screening.contract import INGEST_SCHEMA
from screening.ingest.quarantine import QUARANTINE_SCHEMA  # the quarantined rows' columns, as ingest's
from screening.validation.engine import Batch, run_batch
from screening.validation.outcome import SuiteResult
from screening.validation.spec import Between, InSet, MatchesRegex, load_suite

SUITE = "input"
BATCH = "suppliers"


#: The row's contract fields serialised into ``raw_values``.
RAW_FIELDS: tuple[str, ...] = tuple(c for c in INGEST_SCHEMA if not c.startswith("_"))


@lru_cache(maxsize=1)
def iso_alpha2() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes (pycountry) plus ``XK``, the user-assigned code used for Kosovo."""
    import pycountry

    return frozenset({c.alpha_2 for c in pycountry.countries} | {"XK"})


def _quarantine(frame: pl.DataFrame, failing: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Split ``frame`` into kept rows and quarantined rows (one per failing row, reasons joined)."""
    grouped = (
        failing.group_by("_pos")
        .agg(
            pl.col("column").unique(maintain_order=True).str.join(", "),
            pl.col("reason").str.join("; "),
        )
        .sort("_pos")
    )
    indexed = frame.with_row_index("_pos").with_columns(pl.col("_pos").cast(pl.Int64))
    kept = indexed.join(grouped.select("_pos"), on="_pos", how="anti").sort("_pos").drop("_pos")
    raw = [c for c in RAW_FIELDS if c in frame.columns]
    bad = indexed.join(grouped, on="_pos", how="inner").sort("_pos")
    quarantined = bad.select(
        (pl.col("_source") if "_source" in bad.columns else pl.lit(None, pl.String))
        .cast(pl.String)
        .alias("source_file"),
        (pl.col("_row") if "_row" in bad.columns else pl.col("_pos") + 1).cast(pl.Int64).alias("row_number"),
        pl.col("column"),
        pl.col("reason"),
        pl.struct(raw).struct.json_encode().alias("raw_values") if raw else pl.lit("{}").alias("raw_values"),
    )
    return kept, quarantined


def validate_input(frame: pl.DataFrame, rules_dir: Path) -> tuple[pl.DataFrame, pl.DataFrame, SuiteResult]:
    """Check the normalised suppliers; return ``(kept, quarantined, result)``.

    ``kept`` is ``frame`` without the failing rows (same columns, same order); ``quarantined`` has
    :data:`QUARANTINE_SCHEMA`; ``result`` has one outcome per expectation (failures here are
    warnings: the rows are quarantined, the screen is not blocked).
    """
    started = time.perf_counter()
    spec = load_suite(rules_dir, SUITE)
    refs: dict[str, object] = {"iso3166_alpha2": iso_alpha2()}
    spec.require([BATCH], refs, rules_dir / "expectations" / f"{SUITE}.yml")
    batch_spec = spec.batches.get(BATCH)
    result = SuiteResult(suite=SUITE, description=spec.description)
    if batch_spec is None:
        return frame, pl.DataFrame(schema=QUARANTINE_SCHEMA), result
    specs = [e.model_copy(update={"blocking": False}) for e in batch_spec.expectations]
    batch = Batch(
        suite=SUITE,
        name=BATCH,
        subject="input suppliers",
        frame=frame,
        label_column="_row" if "_row" in frame.columns else None,
    )
    parts: list[pl.DataFrame] = []
    for (outcome, rows), exp in zip(run_batch(batch, specs, refs, want_rows=True), specs, strict=True):
        if rows:
            part = pl.DataFrame({"_pos": pl.Series(rows, dtype=pl.Int64)})
            reason = pl.lit(exp.reason or exp.description)
            if isinstance(exp, InSet | Between | MatchesRegex):
                got = frame.get_column(exp.column).gather(rows).cast(pl.String).fill_null("")
                part = part.with_columns(got.alias("_got"))
                reason = pl.format("{}; the row has {} = '{}'", reason, pl.lit(exp.column), pl.col("_got"))
            parts.append(
                part.select(
                    "_pos", pl.lit(", ".join(exp.columns_checked)).alias("column"), reason.alias("reason")
                )
            )
            outcome = replace(
                outcome, message=outcome.message + f" {len(rows):,} row(s) moved to quarantine."
            )
        result.outcomes.append(outcome)
    if parts:
        kept, quarantined = _quarantine(frame, pl.concat(parts))
    else:
        kept, quarantined = frame, pl.DataFrame(schema=QUARANTINE_SCHEMA)
    result.quarantined_rows = quarantined.height
    result.seconds = time.perf_counter() - started
    return kept, quarantined, result

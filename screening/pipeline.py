"""``run(inputs, options) -> Result``: the stages of a screen in order, written once.

file -> ingest -> normalise -> input validation -> watch-list matching + rules (DuckDB) -> reviews
-> scores -> result validation -> outputs -> reports -> store (+ diff.csv); matching begins on a
second thread once the suppliers are normalised, beside the input validation. Each stage is a function
of :mod:`screening.stages`. ``step`` wraps each stage call: the CLI calls them directly, the Prefect
flow (``flows/screen.py``) passes a wrapper that makes each a task, the benchmark one that times it;
so every path runs this one order and writes identical outputs.

The output folder is complete (tables, validation, reports) before the store records the run, and
one screen at a time writes a folder (``OUT/.screening.lock``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from screening import stages
from screening.errors import ValidationFailed
from screening.options import Result, RunOptions, build_options

if TYPE_CHECKING:
    from screening.context import ScreenContext
    from screening.ingest import IngestResult

__all__ = ["Result", "RunOptions", "Screened", "Step", "build_options", "direct", "run", "screen_rows"]

#: ``step(name, fn)`` returns what to call in place of ``fn`` (``fn`` itself, a task, a timer).
Step = Callable[[str, Callable[..., Any]], Callable[..., Any]]


log = logging.getLogger(__name__)


def direct(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    """The plain step: call the stage as it is."""
    return fn


def run(inputs: Sequence[Path], options: RunOptions, step: Step = direct) -> Result:
    """Screen ``inputs``; write every output to ``options.out``; return what was written.

    With ``options.partition_rows`` the list is screened in partitions (:mod:`screening.partitions`):
    the same stages, the same files, bounded memory.

    Raises InputError for a user's mistake, and ValidationFailed (carrying the result) after writing
    outputs marked failed when a blocking validation failed.
    """
    inputs = list(inputs)
    if options.partition_rows:
        from screening import partitions

        return partitions.run(inputs, options, step)
    with stages.output_lock(options):
        ctx = step("load-context", stages.load_context)(options)
        run = stages.start_run(inputs, options, ctx)
        stages.prewarm_validation(options)
        ingested = step("ingest", stages.ingest)(inputs, options)
        rows = screen_rows(ingested.frame, ingested.quarantine, ingested, ctx, options, step)
        rows.checks.insert(1, step("validate-datasets", stages.validate_datasets)(ctx, options))
        report = stages.finish_validation(rows.checks, options)
        run = stages.finish_run(run, ingested, rows.counts, report, ctx, options, rows.scores)
        result: Result = step("write-outputs", stages.write_outputs)(
            rows.scores, rows.findings, rows.quarantine, run, report, options
        )
        step("write-reports", stages.write_reports)(result, ctx, options)
        step("persist", stages.persist)(result, ingested, options)
    log_result(result)
    if not report.success:
        raise ValidationFailed(stages.failure_message(report, options), result=result)
    return result


def log_result(result: Result) -> None:
    """One log line per finished screen (the flows route logger ``screening`` into Prefect's run logs)."""
    r = result.run
    verdict = "passed" if r.get("status") == "success" else "FAILED"
    log.info(
        "screen %s of %s: %s rows in, %s screened, %s quarantined; validation %s; tiers by row %s; in %s",
        r.get("run_id"),
        r.get("list_name"),
        r.get("rows_in"),
        r.get("rows_screened"),
        r.get("rows_quarantined"),
        verdict,
        (r.get("tiers") or {}).get("by_row"),
        result.out_dir,
    )


@dataclass
class Screened:
    """The screen of some rows: their scores, findings and quarantine, counts and validation results."""

    scores: pl.DataFrame
    findings: pl.DataFrame
    quarantine: pl.DataFrame
    counts: dict[str, int]
    checks: list[Any]


def screen_rows(
    frame: pl.DataFrame,
    quarantine: pl.DataFrame,
    ingested: IngestResult,
    ctx: ScreenContext,
    options: RunOptions,
    step: Step = direct,
) -> Screened:
    """The stages from normalise to result validation over ingested rows: a whole list, or one
    partition of it (``ingested`` names the list; rows in = ``frame`` + ``quarantine``)."""
    rows_in = frame.height + quarantine.height
    frame = step("normalize", stages.normalize)(frame, ctx)
    matching = stages.start_matching(frame, ctx)  # runs while the input validation does
    frame, quarantine, checks = step("validate-input", stages.validate_input)(frame, quarantine, ctx, options)
    findings = step("screen", stages.screen)(frame, ctx, matching)
    findings = step("attach-reviews", stages.attach_reviews)(frame, findings, options, ingested)
    scores = step("score", stages.score)(frame, findings, ctx)
    counts = {"rows_in": rows_in, "rows_screened": frame.height, "rows_quarantined": quarantine.height}
    checks.append(step("validate-results", stages.validate_results)(scores, findings, counts, ctx, options))
    return Screened(scores, findings, quarantine, counts, checks)

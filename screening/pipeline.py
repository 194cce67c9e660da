"""``run(inputs, options) -> Result``: the stages of a screen in order, written once.

file -> ingest -> normalise -> input validation -> watch-list matching + rules (DuckDB) -> reviews
-> scores -> result validation -> outputs -> reports -> store (+ diff.csv). Each stage is a function
of :mod:`screening.stages`. ``step`` wraps each stage call: the CLI calls them directly, the Prefect
flow (``flows/screen.py``) passes a wrapper that makes each a task, the benchmark one that times it;
so every path runs this one order and writes identical outputs.

The output folder is complete (tables, validation, reports) before the store records the run, and
one screen at a time writes a folder (``OUT/.screening.lock``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from screening import stages
from screening.errors import ValidationFailed
from screening.options import Result, RunOptions, build_options

__all__ = ["Result", "RunOptions", "Step", "build_options", "direct", "run"]

#: ``step(name, fn)`` returns what to call in place of ``fn`` (``fn`` itself, a task, a timer).
Step = Callable[[str, Callable[..., Any]], Callable[..., Any]]


def direct(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    """The plain step: call the stage as it is."""
    return fn


def run(inputs: Sequence[Path], options: RunOptions, step: Step = direct) -> Result:
    """Screen ``inputs``; write every output to ``options.out``; return what was written.

    Raises InputError for a user's mistake, and ValidationFailed (carrying the result) after writing
    outputs marked failed when a blocking validation failed.
    """
    inputs = list(inputs)
    with stages.output_lock(options):
        ctx = step("load-context", stages.load_context)(options)
        run = stages.start_run(inputs, options, ctx)
        ingested = step("ingest", stages.ingest)(inputs, options)
        frame = step("normalize", stages.normalize)(ingested.frame, ctx)
        frame, quarantine, checks = step("validate-input", stages.validate_input)(
            frame, ingested.quarantine, ctx, options
        )
        checks.append(step("validate-datasets", stages.validate_datasets)(ctx, options))
        findings = step("screen", stages.screen)(frame, ctx)
        findings = step("attach-reviews", stages.attach_reviews)(frame, findings, options, ingested)
        scores = step("score", stages.score)(frame, findings, ctx)
        counts = stages.row_counts(ingested, frame, quarantine)
        checks.append(
            step("validate-results", stages.validate_results)(scores, findings, counts, ctx, options)
        )
        report = stages.finish_validation(checks, options)
        run = stages.finish_run(run, ingested, counts, report, ctx, options, scores)
        result: Result = step("write-outputs", stages.write_outputs)(
            scores, findings, quarantine, run, report, options
        )
        step("write-reports", stages.write_reports)(result, ctx, options)
        step("persist", stages.persist)(result, ingested, options)
    if not report.success:
        raise ValidationFailed(stages.failure_message(report, options), result=result)
    return result

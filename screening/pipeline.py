"""``run(inputs, options) -> Result``: the stages of a screen in order, and nothing else.

file -> ingest -> normalise -> input validation -> watch-list matching + rules (DuckDB) -> reviews
-> scores -> result validation -> outputs -> store -> reports. Each stage is a function of
:mod:`screening.stages`; ``flows/screen.py`` runs the same functions as Prefect tasks, so both paths
give identical outputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from screening import stages
from screening.errors import ValidationFailed
from screening.stages import Result, RunOptions

__all__ = ["Result", "RunOptions", "run"]


def run(inputs: Sequence[Path], options: RunOptions) -> Result:
    """Screen ``inputs``; write every output to ``options.out``; return what was written.

    Raises InputError for a user's mistake (before anything is written), and ValidationFailed after
    writing outputs marked failed when a blocking validation failed.
    """
    ctx = stages.load_context(options)
    run = stages.start_run(inputs, options, ctx)
    ingested = stages.ingest(inputs, options)
    frame = stages.normalize(ingested.frame, ctx)
    frame, quarantine, checks = stages.validate_input(frame, ingested.quarantine, ctx, options)
    checks.append(stages.validate_datasets(ctx, options))
    findings = stages.screen(frame, ctx)
    findings = stages.attach_reviews(frame, findings, options, ingested)
    scores = stages.score(frame, findings, ctx)
    counts = stages.counts(ingested, frame, quarantine)
    checks.append(stages.validate_results(scores, findings, counts, ctx, options))
    report = stages.finish_validation(checks, options)
    run = stages.finish_run(run, ingested, counts, report, ctx, options)
    result = stages.write_outputs(scores, findings, quarantine, run, report, options)
    stages.persist(result, ingested, options)
    stages.write_reports(result, ctx, options)
    if not report.success:
        raise ValidationFailed(stages.failure_message(report, options))
    return result

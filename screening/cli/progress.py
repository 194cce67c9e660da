"""Progress of a screen's stages on stderr (rich), for people at a terminal.

:func:`stage_progress` yields a pipeline ``step`` (:data:`screening.pipeline.Step`) that shows each
stage with a spinner and its elapsed time while it runs, then a tick and the seconds it took for
the stages that took a second or more (the quick ones disappear). Nothing is shown with ``--quiet``,
``--json`` or when stderr is not a terminal, so logs and pipes stay clean.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

if TYPE_CHECKING:
    from screening.pipeline import Step

#: What each stage of :func:`screening.pipeline.run` does, as a person reads it.
STAGE_LABELS = {
    "load-context": "loading rules, indicator data and watch lists",
    "ingest": "reading the supplier lists",
    "normalize": "normalising countries, regions, goods and sectors",
    "validate-input": "validating the input (Great Expectations)",
    "validate-datasets": "validating the indicator datasets",
    "screen": "matching watch lists and evaluating rules",
    "attach-reviews": "carrying over auditors' reviews",
    "score": "scoring",
    "validate-results": "validating the results",
    "write-outputs": "writing scores, findings and run.json",
    "write-reports": "writing report.html and report.xlsx",
    "persist": "recording the screen in the store",
}
SHOWN_AFTER_S = 1.0


def _direct(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    return fn


@contextmanager
def stage_progress(enabled: bool, console: Console | None = None) -> Iterator[Step]:
    """A ``step`` that reports each stage on stderr when ``enabled`` and stderr is a terminal."""
    err = console or Console(stderr=True, highlight=False)
    if not enabled or not err.is_terminal:
        yield _direct
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:

        def step(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
            def run(*args: Any, **kwargs: Any) -> Any:
                label = STAGE_LABELS.get(name, name)
                task = progress.add_task(label, total=None)
                start = time.perf_counter()
                try:
                    return fn(*args, **kwargs)
                finally:
                    took = time.perf_counter() - start
                    progress.remove_task(task)
                    if took >= SHOWN_AFTER_S:
                        progress.console.print(f"[green]✓[/] {label} [dim]{took:.1f} s[/]")

            return run

        yield step


def wants_progress(quiet: bool, as_json: bool) -> bool:
    """Progress is for a person at a terminal: not with --quiet or --json, not when stderr is piped."""
    return not quiet and not as_json and sys.stderr.isatty()

"""How the flows make a task of a library call: no result cache, no persisted results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE

#: The task options every flow uses: a screen's inputs change between runs and its outputs are files.
TASK_OPTIONS: dict[str, Any] = {"cache_policy": NO_CACHE, "persist_result": False}


def as_task(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` as a Prefect task named ``name`` (the step wrapper of :func:`screening.pipeline.run`)."""
    return task(fn, name=name, **TASK_OPTIONS)

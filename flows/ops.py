"""What the flows add to a library call for people who run them from Prefect: retries and timeouts,
a concurrency limit per store, artifacts, run names, the webhook from a Secret block, partitions as
tasks. No screening logic here: the numbers an artifact shows come from :mod:`screening.operations`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect import flow, task

from flows.tasks import TASK_OPTIONS, as_task
from screening import operations
from screening.settings import Settings, get_settings

#: Tasks that download: a flaky publisher gets two more tries a minute apart; none hangs a run.
NETWORK_TASK: dict[str, Any] = {
    **TASK_OPTIONS,
    "retries": 2,
    "retry_delay_seconds": 60,
    "timeout_seconds": 900,
}
#: Tasks that read or write the DuckDB store (a locked store clears when the other writer ends).
STORE_TASK: dict[str, Any] = {
    **TASK_OPTIONS,
    "retries": 2,
    "retry_delay_seconds": 15,
    "timeout_seconds": 3600,
}
#: Stages of a screen that touch the store: they hold the store's concurrency slot.
STORE_STAGES = ("attach-reviews", "persist")
#: How long a flow waits for another flow writing the same store before its task fails (and retries).
STORE_WAIT_S = 1800.0


def store_limit_name(store: Path) -> str:
    """The global concurrency limit of one store (a name without ``/``): ``screening-store-<hash>``."""
    return "screening-store-" + hashlib.sha256(str(store.resolve()).encode()).hexdigest()[:16]


@contextlib.contextmanager
def store_slot(store: Path | None, wait_s: float = STORE_WAIT_S) -> Iterator[None]:
    """Hold the store's one slot (a limit of 1, created on first use) while the block runs."""
    if store is None:
        yield
        return
    from prefect.client.orchestration import get_client
    from prefect.concurrency.sync import concurrency

    name = store_limit_name(store)
    with get_client(sync_client=True) as client:
        client.upsert_global_concurrency_limit_by_name(name, 1)
    with concurrency(name, occupy=1, timeout_seconds=wait_s, strict=True):
        yield


def in_store_slot(store: Path | None, fn: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        with store_slot(store):
            return fn(*args, **kwargs)

    call.__name__ = getattr(fn, "__name__", "call")
    call.__doc__ = fn.__doc__
    return call


@task(name="screen-partition", **TASK_OPTIONS)
def screen_partition(part: Any) -> Any:
    from screening.partitions import screen_part

    return screen_part(part)


@flow(name="screen-partitions")
def screen_partitions(parts: list[Any]) -> list[Any]:
    """Each partition a task on this flow's task runner (a DaskTaskRunner when a cluster is named)."""
    return [f.result() for f in screen_partition.map(parts)]


def dask_task_runner(address: str) -> Any:
    """A DaskTaskRunner on ``address`` (a scheduler) or a LocalCluster of N workers (``local:N``)."""
    from prefect_dask import DaskTaskRunner

    from screening.dask_runner import local_workers

    workers = local_workers(address)
    if workers is None:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(
        cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "dashboard_address": None}
    )


def partitions_as_tasks(dask: str | None) -> Callable[[Callable[[Any], Any], Sequence[Any]], list[Any]]:
    """The mapper of a partitioned screen inside a flow: each partition a Prefect task."""

    def mapper(fn: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        if dask:
            return screen_partitions.with_options(task_runner=dask_task_runner(dask))(list(items))  # type: ignore[no-any-return]
        return [screen_partition(p) for p in items]

    return mapper


def store_step(store: Path | None) -> Callable[[str, Callable[..., Any]], Callable[..., Any]]:
    """The step wrapper of a screen inside a task (monthly, re-screen): the store's stages hold its slot."""

    def step(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        return in_store_slot(store, fn) if name in STORE_STAGES else fn

    return step


def retry_unless_reported(task: Any, task_run: Any, state: Any) -> bool:
    """Retry a task on an unexpected error (a locked file, a lost connection), not on a failure the
    library reported with its reason (a ScreeningError: a user's mistake or a refused edition)."""
    from screening.errors import ScreeningError

    return not isinstance(state.result(raise_on_failure=False), ScreeningError)


def outcomes(states: Sequence[Any], names: Sequence[str]) -> tuple[list[Any], list[tuple[str, str]]]:
    """Results of the completed states, and ``(name, error)`` of each failed one."""
    done: list[Any] = []
    failed: list[tuple[str, str]] = []
    for state, name in zip(states, names, strict=True):
        value = state.result(raise_on_failure=False)
        if state.is_completed():
            done.append(value)
        else:
            failed.append((name, str(value)))
    return done, failed


def failure(what: str, failed: Sequence[tuple[str, str]]) -> str:
    """One message naming each failed item (``source a: <error>``), once when the error names it."""
    return " ".join(error if repr(name) in error else f"{what} {name}: {error}" for name, error in failed)


def screen_step(
    store: Path | None, dask: str | None
) -> Callable[[str, Callable[..., Any]], Callable[..., Any]]:
    """The step wrapper of a screen in a flow: each stage a task; the store's stages hold its slot and
    retry; a partitioned screen's parts are tasks (on Dask when named)."""

    def step(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        if name == "screen-partitions":
            return partitions_as_tasks(dask)
        if name in STORE_STAGES:
            return task(in_store_slot(store, fn), name=name, **STORE_TASK)
        return as_task(name, fn)

    return step


def settings_with_webhook(secret: str | None) -> Settings:
    """The settings, with the webhook URL from the Prefect Secret block ``secret`` (else
    ``SCREENING_WEBHOOK_SECRET``'s block) when one is named; else ``SCREENING_WEBHOOK_URL`` as before."""
    settings = get_settings()
    name = secret or settings.webhook_secret
    if not name:
        return settings
    from prefect.blocks.system import Secret

    url = str(Secret.load(name).get()).strip()  # type: ignore[union-attr]
    return dataclasses.replace(settings, webhook_url=url or None)


def publish_screen(run: dict[str, Any], out_dir: Path, key: str | None = None) -> None:
    """A table artifact (tiers by row and by supplier-site, counts, top flags) and a link to report.html."""
    from prefect.artifacts import create_link_artifact, create_table_artifact

    summary = operations.screen_summary(run, out_dir)
    slug = operations.artifact_key(key or str(run.get("list_name") or "screen"))
    create_table_artifact(table=summary.tiers, key=f"{slug}-tiers", description=summary.headline)
    if summary.top_flags:
        create_table_artifact(
            table=summary.top_flags,
            key=f"{slug}-top-flags",
            description=f"Strongest flags: {summary.headline}",
        )
    report = out_dir / "report.html"
    if report.is_file():
        create_link_artifact(
            link=report.resolve().as_uri(),
            link_text="report.html",
            key=f"{slug}-report",
            description=summary.headline,
        )


def publish_refresh(results: Sequence[dict[str, Any]]) -> None:
    """A markdown artifact with the change report of every source of a refresh."""
    from prefect.artifacts import create_markdown_artifact

    create_markdown_artifact(
        markdown=operations.refresh_markdown(results),
        key="indicator-refresh",
        description="What each indicator source changed",
    )


def today() -> str:
    return f"{datetime.now(UTC):%Y-%m-%d}"


def run_name(*parts: object) -> str:
    """A flow run name from its list (or inputs) and the date: ``screen-tier1-suppliers-2026-12-02``."""
    words = [operations.artifact_key(str(p)) for p in parts if p]
    return "-".join([*words, today()])

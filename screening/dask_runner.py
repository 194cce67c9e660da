"""Partitions on a Dask cluster: ``screening run --partition-rows N --dask ADDRESS`` (or ``local:N``).

The driver splits the list and merges the parts (:mod:`screening.partitions`); each part is screened
by :func:`screening.partitions.screen_part` on a worker, which reads and writes only its part folder
under ``OUT/.partitions``. So OUT must be a path every worker sees (a shared file system), and the
workers need this package and its rules (``pip install 'fl-screening[dask]'`` in their image). A
worker loads the screen context (rules, indicators, watch lists: 1-2 s) once and keeps it for the
parts it screens next.

``local:N`` starts a LocalCluster of N single-threaded worker processes for this screen and stops it
after; any other value is the address of a running scheduler (``tcp://host:8786``). The Prefect flow
maps the same function as Prefect tasks on a ``DaskTaskRunner`` instead (flows/screen.py).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Sequence
from typing import Any

from screening.errors import InputError

#: ``local:N``: N worker processes on this machine.
LOCAL_PREFIX = "local:"


def local_workers(address: str) -> int | None:
    """N of ``local:N`` (None for a scheduler address); exit 2 with the fix for a bad N."""
    if not address.startswith(LOCAL_PREFIX):
        return None
    n = address[len(LOCAL_PREFIX) :]
    if not n.isdigit() or int(n) < 1:
        raise InputError(
            f"--dask {address}: N of local:N must be a whole number of workers >= 1, e.g. local:2."
        )
    return int(n)


def _client(address: str) -> tuple[Any, Any]:
    try:
        distributed: Any = importlib.import_module("dask.distributed")  # untyped: called through Any
    except ImportError:
        raise InputError(
            "--dask needs Dask's distributed scheduler, which is not installed.",
            hint="Install it with: pip install 'fl-screening[dask]'.",
        ) from None
    workers = local_workers(address)
    if workers is not None:
        cluster = distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        return distributed.Client(cluster), cluster
    try:
        return distributed.Client(address, timeout=30), None
    except OSError as exc:
        raise InputError(
            f"--dask {address}: no Dask scheduler answered there ({exc}).",
            hint="Give the scheduler's address (tcp://host:8786) or local:N for N workers on this machine.",
        ) from None


def dask_mapper(address: str) -> Callable[[Callable[[Any], Any], Sequence[Any]], list[Any]]:
    """A mapper for :func:`screening.partitions.run` that runs each item as a task on ``address``."""

    def mapper(fn: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        client, cluster = _client(address)
        try:
            futures = client.map(fn, list(items), pure=False)
            return list(client.gather(futures))
        finally:
            client.close()
            if cluster is not None:
                # workers holding a screen context take a few seconds to stop: not worth a warning
                logging.getLogger("distributed.nanny").setLevel(logging.ERROR)
                cluster.close()

    return mapper

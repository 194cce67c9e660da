"""The store's lock file: one writer at a time, and a clear message when the store is busy.

DuckDB lets one process open a database file for writing; a second process that tries gets an
``IOException`` at once. So every store operation first takes an exclusive ``fcntl.flock`` on
``<store>.lock`` (waiting up to ``timeout_s``), opens DuckDB, does its short work, closes DuckDB and
releases the lock. The holder writes its pid and the time it took the lock into the file, so a
waiting process that gives up can say who holds the store and since when. The operating system
releases a ``flock`` when its process dies, so a killed screen never leaves the store locked.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from screening.errors import ScreeningError, StoreError

_POLL_S = 0.05
_MAX_POLL_S = 0.5


def lock_path_for(store_path: Path) -> Path:
    """``screening.duckdb`` -> ``screening.duckdb.lock`` (beside the store)."""
    return store_path.with_name(store_path.name + ".lock")


def _holder(fd: int) -> str:
    try:
        raw = os.pread(fd, 4096, 0).decode("utf-8", errors="replace")
        info = json.loads(raw)
        return f"held by pid {int(info['pid'])} since {info['since']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "held by another process"


@contextmanager
def exclusive_lock(store_path: Path, timeout_s: float) -> Iterator[None]:
    """Hold the store's lock file for the duration of the ``with`` block.

    Raises :class:`StoreError` naming the holder when the lock is not free within ``timeout_s``.
    """

    def busy(holder: str) -> ScreeningError:
        return StoreError(f"The store {store_path} is busy ({holder}); try again or use another --store.")

    with hold_lock(lock_path_for(store_path), timeout_s, busy):
        yield


@contextmanager
def hold_lock(lock_path: Path, timeout_s: float, busy: Callable[[str], ScreeningError]) -> Iterator[None]:
    """Hold ``lock_path`` exclusively; when it stays held for ``timeout_s``, raise ``busy(holder)``."""
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(
            f"Cannot create the lock file {lock_path}: {exc.strerror}.",
            hint="Check that the folder exists and is writable.",
        ) from exc
    try:
        deadline = time.monotonic() + max(timeout_s, 0.0)
        pause = _POLL_S
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise busy(_holder(fd)) from None
                time.sleep(pause)
                pause = min(pause * 2, _MAX_POLL_S)
        since = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"pid": os.getpid(), "since": since}).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)

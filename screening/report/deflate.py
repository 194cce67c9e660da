"""Deflate a zip member's blocks on worker threads, in order (the scheme of pigz).

Each block is compressed by its own raw-deflate stream ended with a sync flush, so the compressed
blocks join into one valid deflate stream; a final empty block closes it. zlib releases the GIL, so
two cores compress two blocks at once, and the bytes are the same however the threads are scheduled.
A block loses only the 32 KB window of the one before it (a few MB each: the size is about the same).

``zipfile`` compresses what is written to a member with a ``compressobj``-like object (``compress``,
``flush``); :func:`deflate_in_parallel` puts this one in its place on a member opened for writing with
``ZIP_DEFLATED`` (it keeps computing the CRC and sizes; standard library, Python 3.11 to 3.13).
"""

from __future__ import annotations

import zlib
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import IO


def _deflate(data: bytes, level: int) -> bytes:
    stream = zlib.compressobj(level, zlib.DEFLATED, -15)
    return stream.compress(data) + stream.flush(zlib.Z_SYNC_FLUSH)


class ParallelDeflate:
    """``compress(block)`` hands the block to ``pool`` and returns the blocks finished so far, in order;
    at most ``ahead`` blocks wait (bounded memory); ``flush()`` returns the rest and the final block."""

    def __init__(self, pool: ThreadPoolExecutor, level: int, ahead: int = 4) -> None:
        self._pool, self._level, self._ahead = pool, level, ahead
        self._pending: deque[Future[bytes]] = deque()

    def compress(self, data: bytes) -> bytes:
        self._pending.append(self._pool.submit(_deflate, bytes(data), self._level))
        done = []
        while self._pending and (self._pending[0].done() or len(self._pending) > self._ahead):
            done.append(self._pending.popleft().result())
        return b"".join(done)

    def flush(self) -> bytes:
        done = [f.result() for f in self._pending]
        self._pending.clear()
        return b"".join(done) + zlib.compressobj(self._level, zlib.DEFLATED, -15).flush()


def deflate_in_parallel(member: IO[bytes], pool: ThreadPoolExecutor, level: int) -> None:
    """Compress what is written to ``member`` (from ``ZipFile.open(name, "w")``) with ``pool``."""
    if getattr(member, "_compressor", None) is None:
        raise RuntimeError("deflate_in_parallel needs a ZIP_DEFLATED member opened for writing")  # a bug
    setattr(member, "_compressor", ParallelDeflate(pool, level))  # noqa: B010 (zipfile's private slot)

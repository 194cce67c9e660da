"""Runs of equal keys in a frame grouped by key: per-name sums and firsts as single passes."""

from __future__ import annotations

import numpy as np
import polars as pl


def key_runs(t: pl.DataFrame, key: str) -> tuple[pl.DataFrame, np.ndarray, np.ndarray]:
    """``t`` grouped by ``key`` (a stable sort when it is not already), the first row of each run of
    equal keys, and each row's place in its run. Per-name sums and firsts over runs are single passes,
    where hash group-bys over a million names cost seconds."""
    keys = t.get_column(key).to_numpy()
    if keys.size > 1 and bool((keys[1:] < keys[:-1]).any()):
        t = t.sort(key, maintain_order=True)
        keys = t.get_column(key).to_numpy()
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if keys.size else np.zeros(0, np.int64)
    lengths = np.diff(np.r_[starts, keys.size])
    rank = np.arange(keys.size) - np.repeat(starts, lengths)
    return t, starts, rank

"""The queue as the app shows it: the store's review queue plus country (and the optional columns
``basis``, ``sector``, ``supplier_key`` when the store has them), filtered, counted and paged.

The whole queue is read once per screen stored and kept in memory, so paging and filtering 100k
findings is a polars filter and a slice; a decision (by this app or the command line) is applied to
that copy by reading only the decisions recorded since. While a screen is being written the store is
locked: the app then shows the last complete state it read, and says so.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from typing import Any

import duckdb
import polars as pl

from screening.errors import StoreError
from screening.store import Store
from screening.store.db import query

FILTERS = ("list", "tier", "category", "status", "country", "reviewer")
_FILTER_COLUMNS = {
    "list": "list_name",
    "tier": "risk_tier",
    "category": "category",
    "status": "review_status",
    "country": "country_code",
    "reviewer": "reviewed_by",
}
OPTIONAL_SUPPLIER_COLUMNS = ("sector", "supplier_key")
OPTIONAL_FINDING_COLUMNS = ("basis",)


@dataclass(frozen=True)
class QueuePage:
    rows: list[dict[str, Any]]
    total_findings: int
    total_suppliers: int
    by_tier: dict[str, int]
    page: int
    pages: int
    stale: bool
    extra_columns: tuple[str, ...]


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = ?",
        [table],
    ).fetchall()
    return {str(r[0]) for r in rows}


def state_of(con: duckdb.DuckDBPyConnection) -> tuple[int, int, int]:
    """(runs, audit entries, latest review seq): changes with every screen stored and every decision."""
    row = con.execute(
        "SELECT (SELECT count(*) FROM runs), (SELECT count(*) FROM audit_log), "
        "(SELECT coalesce(max(seq), 0) FROM reviews)"
    ).fetchall()[0]
    return int(row[0]), int(row[1]), int(row[2])


_DECISIONS_SINCE = """
SELECT list_name, fingerprint, decision AS review_status, note AS review_note, reviewer AS reviewed_by,
       decided_at AS reviewed_at
FROM reviews WHERE seq > ?
QUALIFY row_number() OVER (PARTITION BY list_name, fingerprint ORDER BY seq DESC) = 1
"""


def with_decisions(frame: pl.DataFrame, decided: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with the review columns of the findings in ``decided`` replaced (latest decisions)."""
    if decided.is_empty() or frame.is_empty():
        return frame
    patch = decided.cast({c: frame.schema[c] for c in decided.columns})
    return frame.update(patch, on=["list_name", "fingerprint"], how="left", include_nulls=True)


def _extras(con: duckdb.DuckDBPyConnection, queue: pl.DataFrame) -> pl.DataFrame | None:
    """Per (run_id, fingerprint): country_code and the optional columns the store has that the queue
    lacks; None when it lacks none."""
    have = set(queue.columns)
    in_suppliers, in_findings = _columns(con, "suppliers"), _columns(con, "findings")
    wanted = ("country_code", *OPTIONAL_SUPPLIER_COLUMNS)
    supplier_cols = [c for c in wanted if c in in_suppliers and c not in have]
    finding_cols = [c for c in OPTIONAL_FINDING_COLUMNS if c in in_findings and c not in have]
    if not supplier_cols and not finding_cols:
        return None
    runs = queue.get_column("run_id").unique().to_list()
    picked = ", ".join([*(f's."{c}"' for c in supplier_cols), *(f'f."{c}"' for c in finding_cols)])
    return query(
        con,
        f"SELECT DISTINCT ON (f.run_id, f.fingerprint) f.run_id, f.fingerprint, {picked} "
        'FROM findings f LEFT JOIN suppliers s ON s.run_id = f.run_id AND s."_key" = f."_key" '
        "WHERE list_contains(?, f.run_id)",
        [runs],
    )


class QueueReader:
    """Reads and caches the enriched queue of a store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._state: tuple[int, int, int] | None = None
        self._frame: pl.DataFrame | None = None

    def frame(self) -> tuple[pl.DataFrame, bool]:
        """The whole queue (every status) and whether it is the last complete state (store busy).

        When only decisions were added since the last read (no new screen), just those decisions are
        read and applied to the cached queue, so a decision does not cost a re-read of the queue.
        """
        with self._lock:
            try:
                with self.store.reading() as con:
                    state = state_of(con)
                    if self._frame is None or self._state is None or state[0] != self._state[0]:
                        self._frame = self._read(con)
                    elif state != self._state:
                        decided = query(con, _DECISIONS_SINCE, [self._state[2]])
                        self._frame = with_decisions(self._frame, decided)
                    self._state = state
                return self._frame, False
            except StoreError:
                if self._frame is None:
                    raise
                return self._frame, True

    def warm(self) -> None:
        """Read the queue ahead of the first page (at start-up); a busy store is left for later."""
        with contextlib.suppress(StoreError):
            self.frame()

    def _read(self, con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
        from screening.store.queue import review_list

        queue = review_list(con, None, None, None)
        if queue.is_empty():
            return queue.with_columns(pl.lit(None, pl.String).alias("country_code"))
        extras = _extras(con, queue)
        if extras is None:
            return queue
        return queue.join(extras, on=["run_id", "fingerprint"], how="left", maintain_order="left")


def apply_filters(frame: pl.DataFrame, filters: dict[str, str]) -> pl.DataFrame:
    """Keep the rows matching every non-empty filter (``status`` ``any`` keeps every status)."""
    conditions = [
        pl.col(_FILTER_COLUMNS[name]) == value
        for name, value in filters.items()
        if value and value != "any" and name in _FILTER_COLUMNS
    ]
    return frame.filter(*conditions) if conditions else frame


def options(frame: pl.DataFrame) -> dict[str, list[str]]:
    """The values each filter can take in the current queue."""
    return {
        name: sorted(str(v) for v in frame.get_column(col).drop_nulls().unique().to_list())
        for name, col in _FILTER_COLUMNS.items()
        if col in frame.columns
    }


def page_of(frame: pl.DataFrame, filters: dict[str, str], page: int, size: int, stale: bool) -> QueuePage:
    chosen = apply_filters(frame, filters)
    pages = max(1, -(-chosen.height // size))
    page = min(max(page, 1), pages)
    by_tier = (
        dict(chosen.group_by("risk_tier").agg(pl.col("supplier_id").n_unique()).iter_rows())
        if chosen.height
        else {}
    )
    extra = tuple(c for c in (*OPTIONAL_FINDING_COLUMNS, *OPTIONAL_SUPPLIER_COLUMNS) if c in frame.columns)
    return QueuePage(
        rows=chosen.slice((page - 1) * size, size).to_dicts(),
        total_findings=chosen.height,
        total_suppliers=chosen.select(pl.struct("list_name", "supplier_id").n_unique()).item()
        if chosen.height
        else 0,
        by_tier={str(k): int(v) for k, v in by_tier.items()},
        page=page,
        pages=pages,
        stale=stale,
        extra_columns=extra,
    )


def next_supplier(
    frame: pl.DataFrame, filters: dict[str, str], list_name: str, supplier_id: str
) -> str | None:
    """The supplier after ``supplier_id`` in the filtered queue's order (the first one if it is absent)."""
    chosen = apply_filters(frame, filters).filter(pl.col("list_name") == list_name)
    order = chosen.get_column("supplier_id").unique(maintain_order=True).to_list()
    if supplier_id in order:
        i = order.index(supplier_id)
        rest = order[i + 1 :]
        return str(rest[0]) if rest else None
    return str(order[0]) if order else None

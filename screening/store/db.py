"""Small helpers over a DuckDB connection: open a store file, read into polars, the clock.

Every value goes into SQL as a ``?`` parameter; identifiers come only from our own column lists.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from screening.errors import StoreError

#: The run status of a screen that completed and was published (run.json ``status``).
SUCCESS_STATUS = "success"


def now_iso() -> str:
    """The current UTC time as ``2026-11-28T09:15:02.123456Z`` (sortable as text)."""
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def connect(path: Path, timeout_s: float) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file at ``path`` for writing.

    Our own lock file already keeps screening processes apart; this waits (up to ``timeout_s``)
    only for another program (a DuckDB shell, a notebook) that has the file open.
    """
    _check_magic(path)
    deadline = time.monotonic() + max(timeout_s, 0.0)
    while True:
        try:
            return duckdb.connect(str(path))
        except duckdb.IOException as exc:
            text = str(exc)
            if "lock" in text.lower() and time.monotonic() < deadline:
                time.sleep(0.2)
                continue
            if "lock" in text.lower():
                raise StoreError(
                    f"The store {path} is open in another program: {text}",
                    hint="Close that program (a DuckDB shell or notebook) or use another --store.",
                ) from exc
            raise StoreError(
                f"Cannot open the store {path}: {text}",
                hint="Pass --store with the path of a screening store, or a new file name to create one.",
            ) from exc
        except duckdb.Error as exc:
            damaged = damage_error(path, exc)
            if damaged is not None:
                raise damaged from None
            raise StoreError(
                f"Cannot open the store {path}: {exc}",
                hint="Pass --store with the path of a screening store, or a new file name to create one.",
            ) from exc


#: What DuckDB says about a truncated or corrupted database file.
_DAMAGE_SIGNS = ("could not read enough bytes", "corrupt", "checksum", "invalid block", "not a valid duckdb")


def damage_error(path: Path, exc: BaseException) -> StoreError | None:
    """A clear ``StoreError`` when ``exc`` says the store file is truncated or corrupted, else None."""
    text = str(exc)
    if not any(sign in text.lower() for sign in _DAMAGE_SIGNS):
        return None
    return StoreError(
        f"The store {path} is damaged (truncated or corrupted): {text.splitlines()[0][:200]}. Nothing was "
        "written to it.",
        hint="Keep the file as evidence; restore the store from a backup, or pass --store with a new file "
        "name to start a new store.",
    )


def check_integrity(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Read every row of every table (DuckDB verifies each block's checksum as it reads), so a damaged
    store is refused before anything is appended to it."""
    try:
        tables = con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
        ).fetchall()
        for (name,) in tables:
            con.execute(f'SELECT count(*), min(hash(t)) FROM "{name}" AS t').fetchall()
    except duckdb.Error as exc:
        error = damage_error(path, exc)
        if error is None:
            raise
        raise error from None


def _check_magic(path: Path) -> None:
    """Refuse an existing file that is not a DuckDB database (DuckDB would open a CSV as one)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(12)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"Cannot read the store {path}: {exc.strerror}.") from exc
    if head and head[8:12] != b"DUCK":
        raise StoreError(
            f"Cannot open the store {path}: the file is not a DuckDB database.",
            hint="Pass --store with the path of a screening store, or a new file name to create one.",
        )


def query(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] | None = None) -> pl.DataFrame:
    """Run a read-only query and return the whole result as a polars frame."""
    relation = con.sql(sql, params=list(params) if params is not None else None)
    if relation is None:  # pragma: no cover - only for statements that return nothing
        return pl.DataFrame()
    frame: pl.DataFrame = relation.pl()
    return frame


def execute(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] | None = None) -> None:
    """Run one statement to completion (so the connection is free for the next one)."""
    con.execute(sql, list(params) if params is not None else None).fetchall()


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] | None = None) -> Any:
    """The first column of the first row, or ``None`` when there is no row."""
    rows = con.execute(sql, list(params) if params is not None else None).fetchall()
    return rows[0][0] if rows else None


def texts(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] | None = None) -> list[str]:
    """The first column of every row, as text, in the query's order."""
    return [str(r[0]) for r in con.execute(sql, list(params) if params is not None else None).fetchall()]

"""Writing one screen into the store: the run row, its suppliers and its findings, in bulk.

The frames are registered with DuckDB (Arrow, no copy) and copied with one ``INSERT ... SELECT``
each; only columns from the whitelists below are read, cast to the table's types, and a column the
frame lacks is stored as NULL. The caller holds the transaction.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any, Final

import duckdb
import polars as pl

from screening.contract import CATEGORIES
from screening.errors import StoreError
from screening.store.db import execute, scalar

SUPPLIER_COLUMNS: Final[dict[str, str]] = {
    "_key": "BIGINT",
    "supplier_id": "VARCHAR",
    "supplier_name": "VARCHAR",
    "country_code": "VARCHAR",
    "region_code": "VARCHAR",
    "goods": "VARCHAR",
    "risk_score": "DOUBLE",
    "risk_tier": "VARCHAR",
    **{f"score_{c}": "DOUBLE" for c in CATEGORIES},
    "n_findings": "BIGINT",
    "top_reason": "VARCHAR",
    "review_status": "VARCHAR",
    "sector": "VARCHAR",
    "supplier_key": "VARCHAR",
    "red_flag_score": "DOUBLE",
    "exposure_score": "DOUBLE",
    "top_basis": "VARCHAR",
    "_source": "VARCHAR",
    "_row": "BIGINT",
}

FINDING_COLUMNS: Final[dict[str, str]] = {
    "_key": "BIGINT",
    "supplier_id": "VARCHAR",
    "rule_id": "VARCHAR",
    "rule_version": "BIGINT",
    "category": "VARCHAR",
    "severity": "VARCHAR",
    "points": "DOUBLE",
    "evidence": "VARCHAR",
    "source_dataset": "VARCHAR",
    "source_edition": "VARCHAR",
    "matched_entity": "VARCHAR",
    "match_score": "DOUBLE",
    "matched_field": "VARCHAR",
    "basis": "VARCHAR",
    "fingerprint": "VARCHAR",
    "review_status": "VARCHAR",
    "review_note": "VARCHAR",
    "reviewed_by": "VARCHAR",
    "reviewed_at": "VARCHAR",
}

SUPPLIERS_REQUIRED: Final[tuple[str, ...]] = ("_key", "supplier_id")
FINDINGS_REQUIRED: Final[tuple[str, ...]] = ("_key", "supplier_id", "rule_id", "fingerprint", "review_status")


def check_columns(frame: pl.DataFrame, required: tuple[str, ...], what: str) -> None:
    """Raise a :class:`StoreError` naming the required columns ``frame`` lacks or leaves empty."""
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise StoreError(
            f"The {what} frame given to the store lacks the column(s) {', '.join(missing)}; "
            f"it has {', '.join(frame.columns[:20])}."
        )
    nulls = [c for c in required if frame.get_column(c).null_count() > 0]
    if nulls:
        raise StoreError(f"The {what} frame given to the store has empty values in {', '.join(nulls)}.")


def _insert_select(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: dict[str, str],
    frame: pl.DataFrame,
    run_id: str,
    list_name: str,
) -> None:
    present = [c for c in columns if c in frame.columns]
    view = f"_incoming_{table}"
    con.register(view, frame.select(present))
    try:
        exprs = ", ".join(
            f'CAST("{c}" AS {t})' if c in present else f"CAST(NULL AS {t})" for c, t in columns.items()
        )
        names = ", ".join(f'"{c}"' for c in columns)
        execute(
            con,
            f'INSERT INTO "{table}" (run_id, list_name, {names}) SELECT ?, ?, {exprs} FROM "{view}"',
            [run_id, list_name],
        )
    finally:
        with contextlib.suppress(duckdb.Error):  # an aborted transaction refuses; the caller rolls back
            con.unregister(view)


def insert_run(
    con: duckdb.DuckDBPyConnection,
    run: dict[str, Any],
    list_name: str,
    n_suppliers: int,
    n_findings: int,
    stored_at: str,
) -> str:
    """Insert the ``runs`` row (refusing a run id the store already holds); returns the run id."""
    run_id = str(run.get("run_id") or "").strip()
    if not run_id:
        raise StoreError("The run given to the store has no run_id.")
    status = str(run.get("status") or "").strip()
    if not status:
        raise StoreError(f"The run {run_id} given to the store has no status.")
    if scalar(con, "SELECT count(*) FROM runs WHERE run_id = ?", [run_id]):
        raise StoreError(
            f"The run {run_id} is already in the store.",
            hint="Each screen has its own run id; use another --store to keep a second copy.",
        )
    seq = int(scalar(con, "SELECT coalesce(max(seq), 0) + 1 FROM runs"))

    def text(key: str) -> str | None:
        value = run.get(key)
        return None if value is None else str(value)

    execute(
        con,
        "INSERT INTO runs (run_id, list_name, seq, started_at, finished_at, status, stored_at, "
        "n_suppliers, n_findings, run_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            run_id,
            list_name,
            seq,
            text("started_at"),
            text("finished_at"),
            status,
            stored_at,
            n_suppliers,
            n_findings,
            json.dumps(run, ensure_ascii=False, default=str),
        ],
    )
    return run_id


def insert_suppliers(
    con: duckdb.DuckDBPyConnection, run_id: str, list_name: str, scores: pl.DataFrame
) -> None:
    _insert_select(con, "suppliers", SUPPLIER_COLUMNS, scores, run_id, list_name)


def insert_findings(
    con: duckdb.DuckDBPyConnection, run_id: str, list_name: str, findings: pl.DataFrame
) -> None:
    _insert_select(con, "findings", FINDING_COLUMNS, findings, run_id, list_name)

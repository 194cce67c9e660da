"""The screening store: one DuckDB file of runs, suppliers, findings, reviews and an audit log.

Every operation takes the store's lock file, opens DuckDB, works, closes DuckDB and releases the lock
(:mod:`screening.store.lock`), so two screens can share a store: the second waits for the first's
short write and then goes on, or after ``timeout_s`` stops with a message naming the holder.
Writes of one screen happen in one transaction: a screen killed midway leaves nothing of itself.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from screening.errors import InputError, StoreError
from screening.settings import get_settings
from screening.store import audit, guard, persist, queue, reviews
from screening.store.db import (
    SUCCESS_STATUS,
    check_integrity,
    connect,
    damage_error,
    execute,
    now_iso,
    query,
    scalar,
    texts,
)
from screening.store.diff import Diff, compute
from screening.store.lock import exclusive_lock
from screening.store.schema import CURRENT_VERSION, Migration, migrate

STORE_FILE_NAME = "screening.duckdb"


def default_store_path(out_dir: Path | None = None) -> Path:
    """``SCREENING_STORE`` when set, else ``screening.duckdb`` in ``out_dir`` (default ``out/``)."""
    configured = get_settings().store
    if configured is not None:
        return configured
    return (out_dir if out_dir is not None else Path("out")) / STORE_FILE_NAME


class Store:
    """A screening store at ``path``. Use :func:`open_store`, which creates or migrates it."""

    def __init__(self, path: Path, *, timeout_s: float = 60.0, actor: str | None = None) -> None:
        self.path = path
        self.timeout_s = timeout_s
        self.actor = actor or get_settings().reviewer
        # The connection of the session a thread is in: one Store may serve several threads (the review
        # app's requests and its start-up read), and a DuckDB connection serves one call at a time.
        self._local = threading.local()

    @property
    def _con(self) -> duckdb.DuckDBPyConnection | None:
        con: duckdb.DuckDBPyConnection | None = getattr(self._local, "con", None)
        return con

    @_con.setter
    def _con(self, con: duckdb.DuckDBPyConnection | None) -> None:
        self._local.con = con

    @contextmanager
    def _session(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The lock and an open connection for one operation (re-entrant within one thread; another
        thread waits for the lock)."""
        if self._con is not None:
            yield self._con
            return
        with exclusive_lock(self.path, self.timeout_s):
            con = connect(self.path, self.timeout_s)
            self._con = con
            try:
                yield con
            except duckdb.Error as exc:
                damaged = damage_error(self.path, exc)
                if damaged is None:
                    raise
                raise damaged from None
            finally:
                self._con = None
                con.close()

    @contextmanager
    def _transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._session() as con:
            execute(con, "BEGIN TRANSACTION")
            try:
                yield con
            except BaseException:
                with contextlib.suppress(duckdb.Error):  # the original error is the one to report
                    execute(con, "ROLLBACK")
                raise
            execute(con, "COMMIT")

    # -- opening -------------------------------------------------------------------------------
    def initialise(self) -> tuple[int, int]:
        """Create or migrate the schema; returns (version before, version after)."""
        at = now_iso()

        def log(migration: Migration, previous: int) -> None:
            assert self._con is not None
            audit.append(
                self._con,
                at=at,
                actor=self.actor,
                action="migrate",
                target=f"schema v{migration.version}",
                detail={"from": previous, "to": migration.version, "description": migration.description},
            )

        with self._session() as con:
            check_integrity(con, self.path)  # a damaged store is refused, never appended to
            return migrate(con, self.path, at, on_applied=log)

    # -- screens -------------------------------------------------------------------------------
    def attach_reviews(self, list_name: str, findings: pl.DataFrame, suppliers: pl.DataFrame) -> pl.DataFrame:
        """``findings`` plus fingerprint, review_status, review_note, reviewed_by, reviewed_at."""
        _check_list_name(list_name)
        persist.check_columns(findings, ("_key", "supplier_id", "rule_id"), "findings")
        with self._session() as con:
            decisions = reviews.latest_decisions(con, list_name)
        return reviews.attach(list_name, findings, suppliers, decisions)

    def persist_run(
        self, run: dict[str, Any], list_name: str, scores: pl.DataFrame, findings: pl.DataFrame
    ) -> None:
        """Store one screen (run row, suppliers, findings) in one transaction, with an audit entry.

        ``findings`` should come from :meth:`attach_reviews`; without review columns they are added.
        """
        _check_list_name(list_name)
        persist.check_columns(scores, persist.SUPPLIERS_REQUIRED, "scores")
        if "fingerprint" not in findings.columns or "review_status" not in findings.columns:
            findings = self.attach_reviews(list_name, findings, scores)
        persist.check_columns(findings, persist.FINDINGS_REQUIRED, "findings")
        statuses = dict(findings.group_by("review_status").len().iter_rows())
        notes = findings.get_column("review_note") if "review_note" in findings.columns else None
        reopened = 0 if notes is None else int(notes.cast(pl.String).str.starts_with("reopened:").sum())
        at = now_iso()
        with self._transaction() as con:
            run_id = persist.insert_run(con, run, list_name, scores.height, findings.height, at)
            persist.insert_suppliers(con, run_id, list_name, scores)
            persist.insert_findings(con, run_id, list_name, findings)
            audit.append(
                con,
                at=at,
                actor=self.actor,
                action="persist_run",
                list_name=list_name,
                target=run_id,
                detail={
                    "status": run.get("status"),
                    "suppliers": scores.height,
                    "findings": findings.height,
                    "review_status": {str(k): int(v) for k, v in sorted(statuses.items())},
                    "reopened": reopened,
                },
            )

    def mark_failed(self, run_id: str, error: str) -> None:
        """Record a stored screen as failed (a step after its store write failed), with an audit entry."""
        with self._transaction() as con:
            text = scalar(con, "SELECT run_json FROM runs WHERE run_id = ?", [run_id])
            if text is None:
                raise StoreError(f"The run {run_id} is not in the store {self.path}.")
            run = json.loads(str(text))
            run.update(status="failed", error=error)
            execute(
                con,
                "UPDATE runs SET status = ?, run_json = ? WHERE run_id = ?",
                ["failed", json.dumps(run, ensure_ascii=False, default=str), run_id],
            )
            audit.append(
                con,
                at=now_iso(),
                actor=self.actor,
                action="mark_failed",
                list_name=str(run.get("list_name") or "") or None,
                target=run_id,
                detail={"error": error},
            )

    def previous_run_id(self, list_name: str, before_run_id: str | None = None) -> str | None:
        """The latest successful screen of ``list_name`` stored before ``before_run_id``.

        When ``before_run_id`` is not in the store (or None), the latest successful screen of the list.
        """
        with self._session() as con:
            seq = scalar(con, "SELECT seq FROM runs WHERE run_id = ?", [before_run_id])
            value = scalar(
                con,
                "SELECT run_id FROM runs WHERE list_name = ? AND status = ? "
                "AND (CAST(? AS BIGINT) IS NULL OR seq < ?) ORDER BY seq DESC LIMIT 1",
                [list_name, SUCCESS_STATUS, seq, seq],
            )
        return None if value is None else str(value)

    def runs(self, list_name: str | None = None) -> pl.DataFrame:
        """Every stored screen (oldest first), or those of ``list_name``."""
        with self._session() as con:
            return query(
                con,
                "SELECT run_id, list_name, status, started_at, finished_at, stored_at, n_suppliers, "
                "n_findings FROM runs WHERE CAST(? AS VARCHAR) IS NULL OR list_name = ? ORDER BY seq",
                [list_name, list_name],
            )

    def run_json(self, run_id: str) -> dict[str, Any]:
        """The run.json a screen was stored with."""
        with self._session() as con:
            rid = self._resolve_run(con, run_id)
            text = scalar(con, "SELECT run_json FROM runs WHERE run_id = ?", [rid])
        value: dict[str, Any] = json.loads(str(text))
        return value

    # -- diffs ---------------------------------------------------------------------------------
    def diff(self, run_a: str, run_b: str) -> Diff:
        """What changed from screen ``run_a`` to ``run_b`` of the same list (ids or unique prefixes)."""
        with self._session() as con:
            a, b = self._resolve_run(con, run_a), self._resolve_run(con, run_b)
            lists = query(con, "SELECT run_id, list_name FROM runs WHERE run_id IN (?, ?)", [a, b])
            names = dict(lists.iter_rows())
            if names[a] != names[b]:
                raise InputError(
                    f"Run {a} is a screen of the list {names[a]!r} and run {b} of {names[b]!r}; a diff "
                    "compares two screens of the same list.",
                    hint="Pick two runs of one list (`screening review runs`), "
                    "or screen with the same --list-name.",
                )
            return compute(con, str(names[a]), a, b)

    def last_two_runs(self, list_name: str | None = None) -> tuple[str, str, str]:
        """(list_name, older run, newer run): the last two successful screens of the list.

        Without ``list_name``, the list of the latest successful screen.
        """
        with self._session() as con:
            name = list_name or scalar(
                con, "SELECT list_name FROM runs WHERE status = ? ORDER BY seq DESC LIMIT 1", [SUCCESS_STATUS]
            )
            if name is None:
                raise InputError(f"The store {self.path} holds no successful screen yet.")
            rows = con.execute(
                "SELECT run_id FROM runs WHERE list_name = ? AND status = ? ORDER BY seq DESC LIMIT 2",
                [name, SUCCESS_STATUS],
            ).fetchall()
        if len(rows) < 2:
            have = f"only one (run {rows[0][0]})" if rows else "none"
            raise InputError(
                f"A diff needs two successful screens of the list {name!r}; "
                f"the store {self.path} holds {have}.",
                hint="Screen the list again, or name two runs: `screening diff RUN_A RUN_B`.",
            )
        return str(name), str(rows[1][0]), str(rows[0][0])

    # -- reviews -------------------------------------------------------------------------------
    def review_list(
        self, status: str | None = None, tier: str | None = None, list_name: str | None = None
    ) -> pl.DataFrame:
        """The findings of the latest successful screen of each list, with their current review status."""
        with self._session() as con:
            return queue.review_list(con, status, tier, list_name)

    def decide(
        self,
        supplier_id: str,
        rule_id: str,
        decision: str,
        reviewer: str,
        note: str,
        list_name: str | None = None,
        *,
        fingerprint: str | None = None,
        expected_seq: int | None = None,
    ) -> dict[str, Any]:
        """Record a decision on a finding of the latest screen; appends to reviews and the audit log.

        With ``expected_seq`` (the ``reviews.seq`` of the finding's latest decision as the reviewer saw
        it, 0 for none; needs ``list_name`` and the full ``fingerprint``), the decision is recorded only
        if no other decision on the finding came since; otherwise
        :class:`~screening.store.guard.StaleDecision` is raised and nothing is written.
        """
        with self._transaction() as con:
            if expected_seq is not None:
                guard.check_current(con, list_name or "", fingerprint or "", expected_seq)
            return queue.decide(
                con,
                supplier_id=supplier_id,
                rule_id=rule_id,
                decision=decision,
                reviewer=reviewer,
                note=note,
                list_name=list_name,
                fingerprint=fingerprint,
                at=now_iso(),
            )

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The lock and a connection for a caller's own read-only queries (parameterised SQL only)."""
        with self._session() as con:
            yield con

    def audit_log(self) -> pl.DataFrame:
        """Every audit entry, oldest first (seq, at, actor, action, list_name, target, detail, hashes)."""
        with self._session() as con:
            return audit.read(con)

    def verify_audit_log(self) -> int:
        """Check the audit log's hash chain and that every decision in ``reviews`` is the one the log
        recorded; returns the log's length or raises StoreError at the first break."""
        with self._session() as con:
            log = audit.read(con)
            decisions = query(
                con,
                "SELECT seq, decided_at, reviewer, list_name, supplier_id, rule_id, run_id, fingerprint, "
                "decision, note FROM reviews ORDER BY seq",
            )
        n = audit.verify(log, str(self.path))
        audit.verify_decisions(log, decisions, str(self.path))
        return n

    def schema_version(self) -> int:
        with self._session() as con:
            return int(scalar(con, "SELECT max(version) FROM schema_version"))

    @staticmethod
    def _resolve_run(con: duckdb.DuckDBPyConnection, run_id: str) -> str:
        matches = texts(
            con,
            "SELECT run_id FROM runs WHERE run_id = ? OR starts_with(run_id, ?) ORDER BY seq",
            [run_id, run_id],
        )
        if run_id in matches:
            return run_id
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise InputError(
                f"No run {run_id!r} in the store.", hint="List the runs with `screening review runs`."
            )
        raise InputError(
            f"The run id {run_id!r} is ambiguous: it starts {len(matches)} runs ({', '.join(matches[:5])}).",
            hint="Give more of the run id.",
        )


def _check_list_name(list_name: str) -> None:
    if not isinstance(list_name, str) or not list_name.strip():
        raise InputError(
            "The list name is empty.", hint="Pass --list-name with the name of the supplier list."
        )


@contextmanager
def open_store(
    path: Path, *, timeout_s: float = 60.0, create: bool = True, actor: str | None = None
) -> Iterator[Store]:
    """Open (creating or migrating) the store at ``path``.

    ``create=False`` refuses a path with no store (for commands that only read). The store holds no
    connection between operations, so other processes can use it meanwhile.
    """
    path = Path(path)
    if not path.exists():
        if not create:
            raise StoreError(
                f"There is no screening store at {path}.",
                hint="Run `screening run` first (it creates the store), "
                "or pass --store / set SCREENING_STORE.",
            )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"Cannot create the folder for the store {path}: {exc.strerror}.") from exc
    elif path.is_dir():
        raise StoreError(f"The store path {path} is a folder.", hint="Pass --store with a file path.")
    store = Store(path, timeout_s=timeout_s, actor=actor)
    store.initialise()
    yield store


__all__ = ["CURRENT_VERSION", "SUCCESS_STATUS", "Store", "default_store_path", "open_store"]

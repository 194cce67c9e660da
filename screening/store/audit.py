"""The append-only audit log: who did what, when, on what, chained by hashes.

Each entry's ``hash`` is the SHA-256 of the previous entry's hash and the entry's own fields, so an
entry edited or deleted after the fact breaks the chain from that point on: :func:`verify` finds it.
The store's API only ever appends to ``audit_log`` (and to ``reviews``); nothing updates or deletes.
Each decision in ``reviews`` is also in its ``decide`` entry (who, when, what, on which finding, the
note), so :func:`verify_decisions` finds a decision edited, added or removed in ``reviews`` alone.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import duckdb
import polars as pl

from screening.errors import StoreError
from screening.store.db import execute, query

GENESIS = "0" * 64


def _entry_hash(
    prev_hash: str,
    seq: int,
    at: str,
    actor: str,
    action: str,
    list_name: str | None,
    target: str,
    detail: str,
) -> str:
    text = json.dumps(
        [prev_hash, seq, at, actor, action, list_name, target, detail],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def append(
    con: duckdb.DuckDBPyConnection,
    *,
    at: str,
    actor: str,
    action: str,
    target: str,
    detail: dict[str, Any],
    list_name: str | None = None,
) -> int:
    """Append one entry (inside the caller's transaction); returns its sequence number."""
    last = con.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchall()
    seq, prev_hash = (int(last[0][0]) + 1, str(last[0][1])) if last else (1, GENESIS)
    detail_text = json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)
    digest = _entry_hash(prev_hash, seq, at, actor, action, list_name, target, detail_text)
    execute(
        con,
        "INSERT INTO audit_log (seq, logged_at, actor, action, list_name, target, detail, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [seq, at, actor, action, list_name, target, detail_text, prev_hash, digest],
    )
    return seq


def read(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every entry, oldest first."""
    return query(
        con,
        "SELECT seq, logged_at, actor, action, list_name, target, detail, prev_hash, hash "
        "FROM audit_log ORDER BY seq",
    )


def verify(log: pl.DataFrame, store_name: str) -> int:
    """Check the hash chain of ``log`` (as :func:`read` returns it); returns the number of entries.

    Raises :class:`StoreError` naming the first entry whose hash does not follow from its content and
    its predecessor (an entry changed, removed or inserted after it was written).
    """
    prev_hash = GENESIS
    expected_seq = 1
    for row in log.iter_rows(named=True):
        digest = _entry_hash(
            prev_hash,
            int(row["seq"]),
            row["logged_at"],
            row["actor"],
            row["action"],
            row["list_name"],
            row["target"],
            row["detail"],
        )
        if row["seq"] != expected_seq or row["prev_hash"] != prev_hash or row["hash"] != digest:
            raise StoreError(
                f"The audit log of {store_name} is broken at entry {row['seq']} "
                f"({row['action']} by {row['actor']} at {row['logged_at']}): it was changed, removed or "
                "inserted after it was written.",
                hint="Keep this store file as evidence and restore the store from a backup.",
            )
        prev_hash = str(row["hash"])
        expected_seq += 1
    return expected_seq - 1


_DECISION_KEYS = ("at", "who", "list", "target", "run_id", "fingerprint", "decision", "note")


def verify_decisions(log: pl.DataFrame, decisions: pl.DataFrame, store_name: str) -> int:
    """Check every row of ``reviews`` against the ``decide`` entries of the (verified) audit log.

    ``decisions`` has seq, decided_at, reviewer, list_name, supplier_id, rule_id, run_id, fingerprint,
    decision, note. Raises :class:`StoreError` naming the first decision that differs from its audit
    entry, or the audit entry whose decision is missing; returns the number of decisions checked."""
    logged: dict[tuple[str, ...], list[int]] = {}
    for row in log.filter(pl.col("action") == "decide").iter_rows(named=True):
        detail = json.loads(row["detail"])
        key = (
            row["logged_at"], row["actor"], row["list_name"], row["target"], detail.get("run_id"),
            detail.get("fingerprint"), detail.get("decision"), detail.get("note"),
        )  # fmt: skip
        logged.setdefault(tuple(str(k) for k in key), []).append(int(row["seq"]))
    hint = "Keep this store file as evidence and restore the store from a backup."
    for row in decisions.sort("seq").iter_rows(named=True):
        key = (
            row["decided_at"], row["reviewer"], row["list_name"], f"{row['supplier_id']}/{row['rule_id']}",
            row["run_id"], row["fingerprint"], row["decision"], row["note"],
        )  # fmt: skip
        entries = logged.get(tuple(str(k) for k in key))
        if not entries:
            raise StoreError(
                f"The decisions of {store_name} do not match the audit log at decision {row['seq']} "
                f"({row['decision']} on {row['supplier_id']}/{row['rule_id']} by {row['reviewer']} at "
                f"{row['decided_at']}): the reviews table was changed after the decision was logged.",
                hint=hint,
            )
        entries.pop(0)
    missing = sorted(seq for seqs in logged.values() for seq in seqs)
    if missing:
        raise StoreError(
            f"The audit log of {store_name} records a decision (entry {missing[0]}) that is missing from "
            "the reviews table: a decision was removed or changed after it was logged.",
            hint=hint,
        )
    return decisions.height

"""Deciding only on what the reviewer saw: an optimistic-concurrency check for decisions.

A reviewer's form carries the review sequence number of the finding's latest decision as it was
shown (``0`` when it had none). :func:`check_current` runs inside the decision's transaction: when
another decision on the same fingerprint was recorded meanwhile, it raises :class:`StaleDecision`
with that decision, and nothing is written. Two reviewers deciding one finding at once: the first
commit wins, the second is told who decided what, and sees the current state.
"""

from __future__ import annotations

from typing import Any

import duckdb

from screening.errors import StoreError


class StaleDecision(StoreError):
    """The finding was decided by someone else after the reviewer loaded it."""

    def __init__(self, message: str, current: dict[str, Any]) -> None:
        super().__init__(message, hint="Read the current decision, then decide again if you still disagree.")
        self.current = current


def current_review(con: duckdb.DuckDBPyConnection, list_name: str, fingerprint: str) -> dict[str, Any]:
    """The latest decision on ``fingerprint`` of ``list_name`` (``seq`` 0 and no decision when none)."""
    rows = con.execute(
        "SELECT seq, decision, reviewer, note, decided_at FROM reviews "
        "WHERE list_name = ? AND fingerprint = ? ORDER BY seq DESC LIMIT 1",
        [list_name, fingerprint],
    ).fetchall()
    if not rows:
        return {"seq": 0, "decision": None, "reviewer": None, "note": None, "decided_at": None}
    seq, decision, reviewer, note, decided_at = rows[0]
    return {
        "seq": int(seq),
        "decision": decision,
        "reviewer": reviewer,
        "note": note,
        "decided_at": decided_at,
    }


def check_current(
    con: duckdb.DuckDBPyConnection, list_name: str, fingerprint: str, expected_seq: int
) -> dict[str, Any]:
    """Raise :class:`StaleDecision` unless the latest decision on the finding is still ``expected_seq``."""
    current = current_review(con, list_name, fingerprint)
    if current["seq"] != expected_seq:
        raise StaleDecision(
            f"This finding was decided '{current['decision']}' by {current['reviewer']} at "
            f"{current['decided_at']} (note: {current['note']}) after you opened it; your decision was "
            "not recorded.",
            current,
        )
    return current

"""The auditors' queue: the findings of each list's latest screen with their current review status,
and recording a decision on one of them.

The current status of a finding is the latest decision on its fingerprint (made before or after the
screen), else the status the screen gave it (``open``, with a reopen note when its evidence changed).
"""

from __future__ import annotations

from typing import Any, Final

import duckdb
import polars as pl

from screening.contract import FINDINGS_COLUMNS, SEVERITY_RANK, TIER_RANK, TIERS
from screening.errors import InputError
from screening.store import audit
from screening.store.db import SUCCESS_STATUS, execute, query, scalar, texts
from screening.store.identity import FACTS
from screening.store.reviews import DECISIONS, REVIEW_STATUSES

#: A finding's own columns after ``supplier_id`` (rule_id ... match_score), as in findings.csv.
_FINDING_FACTS: Final[tuple[str, ...]] = FINDINGS_COLUMNS[FINDINGS_COLUMNS.index("supplier_id") + 1 :]
QUEUE_COLUMNS: Final[tuple[str, ...]] = (
    "list_name",
    "run_id",
    "supplier_id",
    "supplier_name",
    "risk_tier",
    *_FINDING_FACTS,
    "fingerprint",
    "review_status",
    "review_note",
    "reviewed_by",
    "reviewed_at",
)


def _rank_sql(column: str, ranks: dict[str, int]) -> str:
    cases = " ".join(f"WHEN '{name}' THEN {rank}" for name, rank in ranks.items())
    return f"CASE {column} {cases} ELSE 0 END"


_QUEUE_SQL = f"""
WITH latest AS (
    SELECT list_name, arg_max(run_id, seq) AS run_id FROM runs
    WHERE status = '{SUCCESS_STATUS}' AND (CAST(? AS VARCHAR) IS NULL OR list_name = ?)
    GROUP BY list_name
),
decided AS (
    SELECT list_name, fingerprint, decision, reviewer, note, decided_at FROM reviews
    QUALIFY row_number() OVER (PARTITION BY list_name, fingerprint ORDER BY seq DESC) = 1
),
queue AS (
    SELECT f.list_name, f.run_id, f.supplier_id, s.supplier_name, s.risk_tier,
           {", ".join(f"f.{c}" for c in _FINDING_FACTS)}, f.fingerprint,
           coalesce(d.decision, f.review_status) AS review_status,
           CASE WHEN d.decision IS NULL THEN f.review_note ELSE d.note END AS review_note,
           CASE WHEN d.decision IS NULL THEN f.reviewed_by ELSE d.reviewer END AS reviewed_by,
           CASE WHEN d.decision IS NULL THEN f.reviewed_at ELSE d.decided_at END AS reviewed_at
    FROM findings f
    JOIN latest l ON l.list_name = f.list_name AND l.run_id = f.run_id
    LEFT JOIN suppliers s ON s.run_id = f.run_id AND s."_key" = f."_key"
    LEFT JOIN decided d ON d.list_name = f.list_name AND d.fingerprint = f.fingerprint
)
SELECT {", ".join(QUEUE_COLUMNS)} FROM queue
WHERE (CAST(? AS VARCHAR) IS NULL OR review_status = ?) AND (CAST(? AS VARCHAR) IS NULL OR risk_tier = ?)
ORDER BY {_rank_sql("risk_tier", TIER_RANK)} DESC, {_rank_sql("severity", SEVERITY_RANK)} DESC,
         points DESC NULLS LAST, list_name, supplier_id, rule_id, fingerprint
"""


def review_list(
    con: duckdb.DuckDBPyConnection, status: str | None, tier: str | None, list_name: str | None
) -> pl.DataFrame:
    """The findings of the latest successful screen of each list (or of ``list_name``)."""
    if status is not None and status not in REVIEW_STATUSES:
        raise InputError(
            f"--status {status!r} is not a review status; use one of {', '.join(REVIEW_STATUSES)}."
        )
    if tier is not None and tier not in TIERS:
        raise InputError(f"--tier {tier!r} is not a risk tier; use one of {', '.join(TIERS)}.")
    return query(con, _QUEUE_SQL, [list_name, list_name, status, status, tier, tier])


def latest_run(con: duckdb.DuckDBPyConnection, list_name: str) -> str | None:
    """The run id of the latest successful screen of ``list_name``."""
    value = scalar(
        con,
        "SELECT run_id FROM runs WHERE list_name = ? AND status = ? ORDER BY seq DESC LIMIT 1",
        [list_name, SUCCESS_STATUS],
    )
    return None if value is None else str(value)


def _resolve_list(con: duckdb.DuckDBPyConnection, supplier_id: str, list_name: str | None) -> str:
    lists = texts(
        con, "SELECT DISTINCT list_name FROM runs WHERE status = ? ORDER BY list_name", [SUCCESS_STATUS]
    )
    if list_name is not None:
        if list_name not in lists:
            known = ", ".join(lists) or "none yet"
            raise InputError(
                f"The store has no successful screen of the list {list_name!r} (lists: {known}).",
                hint="Pass --list-name with one of those, or screen the list first.",
            )
        return list_name
    if len(lists) == 1:
        return lists[0]
    if not lists:
        raise InputError("The store holds no successful screen yet, so there is nothing to decide on.")
    holding = [name for name in lists if _supplier_in_latest(con, name, supplier_id)]
    if len(holding) == 1:
        return holding[0]
    raise InputError(
        f"Supplier {supplier_id!r} is in the latest screens of {len(holding)} lists "
        f"({', '.join(holding) or 'none'}) of the {len(lists)} in the store ({', '.join(lists)}).",
        hint="Pass --list-name to say which list the decision is for.",
    )


def _supplier_in_latest(con: duckdb.DuckDBPyConnection, list_name: str, supplier_id: str) -> bool:
    run_id = latest_run(con, list_name)
    return bool(
        scalar(
            con, "SELECT count(*) FROM suppliers WHERE run_id = ? AND supplier_id = ?", [run_id, supplier_id]
        )
    )


def _findings_of(con: duckdb.DuckDBPyConnection, run_id: str, supplier_id: str, rule_id: str) -> pl.DataFrame:
    facts = ", ".join(f'any_value("{c}") AS "{c}"' for c in FACTS)
    return query(
        con,
        f"SELECT f.fingerprint, {facts} FROM findings f "
        'LEFT JOIN suppliers s ON s.run_id = f.run_id AND s."_key" = f."_key" '
        "WHERE f.run_id = ? AND f.supplier_id = ? AND f.rule_id = ? GROUP BY f.fingerprint "
        "ORDER BY f.fingerprint",
        [run_id, supplier_id, rule_id],
    )


def _explain_missing(
    con: duckdb.DuckDBPyConnection, list_name: str, run_id: str, supplier_id: str, rule_id: str
) -> InputError:
    n = scalar(
        con, "SELECT count(*) FROM suppliers WHERE run_id = ? AND supplier_id = ?", [run_id, supplier_id]
    )
    if not n:
        return InputError(
            f"Supplier {supplier_id!r} is not in the latest screen of the list {list_name!r} (run {run_id}).",
            hint=f"Check the id with `screening review list --list-name {list_name}`.",
        )
    rules = texts(
        con,
        "SELECT DISTINCT rule_id FROM findings WHERE run_id = ? AND supplier_id = ? ORDER BY rule_id",
        [run_id, supplier_id],
    )
    return InputError(
        f"Supplier {supplier_id!r} has no finding of rule {rule_id!r} in the latest screen of the list "
        f"{list_name!r} (run {run_id}); its findings there are of: {', '.join(rules) or 'no rule'}.",
        hint="Pass one of those as RULE_ID.",
    )


def _text(option: str, value: str) -> str:
    """``value`` trimmed, or InputError when it holds bytes that are not UTF-8 (the shell passes them
    as lone surrogates) or control characters: the audit trail keeps only text a person can read."""
    for index, ch in enumerate(value):
        if "\ud800" <= ch <= "\udfff":
            byte = ord(ch) - 0xDC00 if ch >= "\udc80" else None
            shown = f"byte 0x{byte:02x}" if byte is not None and 0x80 <= byte <= 0xFF else "a character"
            raise InputError(
                f"{option} holds {shown} at position {index + 1} that is not UTF-8 text.",
                hint=f"Type the {option[2:]} again in a UTF-8 terminal, or pass plain text.",
            )
        if (ord(ch) < 32 and ch not in "\t\n") or 0x7F <= ord(ch) <= 0x9F:
            raise InputError(
                f"{option} holds a control character (U+{ord(ch):04X}) at position {index + 1}.",
                hint=f"Pass the {option[2:]} as plain text.",
            )
    return value.strip()


def decide(
    con: duckdb.DuckDBPyConnection,
    *,
    supplier_id: str,
    rule_id: str,
    decision: str,
    reviewer: str,
    note: str,
    list_name: str | None,
    fingerprint: str | None,
    at: str,
) -> dict[str, Any]:
    """Record ``decision`` on the finding of the latest screen; the caller holds the transaction."""
    if decision not in DECISIONS:
        raise InputError(f"--decision {decision!r} is not a decision; use one of {', '.join(DECISIONS)}.")
    reviewer, note = _text("--reviewer", reviewer), _text("--note", note)
    if not reviewer:
        raise InputError("--reviewer is empty: the audit trail needs the name of who decided.")
    if not note:
        raise InputError("--note is empty: the audit trail needs the reason for the decision.")
    name = _resolve_list(con, supplier_id, list_name)
    run_id = latest_run(con, name)
    assert run_id is not None  # _resolve_list only returns lists with a successful screen
    found = _findings_of(con, run_id, supplier_id, rule_id)
    if found.is_empty():
        raise _explain_missing(con, name, run_id, supplier_id, rule_id)
    if fingerprint:
        found = found.filter(pl.col("fingerprint").str.starts_with(fingerprint.strip().lower()))
        if found.is_empty():
            raise InputError(
                f"No finding of supplier {supplier_id!r} and rule {rule_id!r} in run {run_id} has a "
                f"fingerprint starting with {fingerprint!r}.",
                hint="Copy the fingerprint from `screening review list --json`.",
            )
    if found.height > 1:
        choices = "; ".join(
            f"{r['fingerprint'][:12]} ({r['matched_entity'] or r['evidence']})"
            for r in found.iter_rows(named=True)
        )
        raise InputError(
            f"Supplier {supplier_id!r} has {found.height} findings of rule {rule_id!r} in run {run_id}: "
            f"{choices}.",
            hint="Pass --fingerprint with the one the decision is for.",
        )
    row = found.row(0, named=True)
    fp = str(row["fingerprint"])
    previous = scalar(
        con,
        "SELECT coalesce((SELECT decision FROM reviews WHERE list_name = ? AND fingerprint = ? "
        "ORDER BY seq DESC LIMIT 1), (SELECT any_value(review_status) FROM findings WHERE run_id = ? "
        "AND fingerprint = ?))",
        [name, fp, run_id, fp],
    )
    seq = int(scalar(con, "SELECT coalesce(max(seq), 0) + 1 FROM reviews"))
    cols = ", ".join(f'"{c}"' for c in FACTS)
    execute(
        con,
        "INSERT INTO reviews (seq, list_name, supplier_id, rule_id, fingerprint, decision, reviewer, note, "
        f"decided_at, run_id, {cols}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {', '.join('?' for _ in FACTS)})",
        [seq, name, supplier_id, rule_id, fp, decision, reviewer, note, at, run_id, *(row[c] for c in FACTS)],
    )
    result: dict[str, Any] = {
        "list_name": name,
        "run_id": run_id,
        "supplier_id": supplier_id,
        "rule_id": rule_id,
        "fingerprint": fp,
        "decision": decision,
        "previous_status": previous,
        "reviewer": reviewer,
        "note": note,
        "decided_at": at,
    }
    audit.append(
        con,
        at=at,
        actor=reviewer,
        action="decide",
        list_name=name,
        target=f"{supplier_id}/{rule_id}",
        detail={k: result[k] for k in ("run_id", "fingerprint", "decision", "previous_status", "note")},
    )
    return result

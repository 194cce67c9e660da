"""Auditors' decisions applied to a new screen: carried over by fingerprint, or reopened with a reason.

A decision is recorded against a finding's fingerprint (see :mod:`screening.store.identity`).
On the next screen of the same list, a finding with the same fingerprint takes the latest decision
on it (``review_status`` cleared / escalated / remediation, with the reviewer, time and note). A
finding of the same supplier and rule whose fingerprint changed (a new list edition, another
country, region or goods, another matched entity) has no decision of its own: it is ``open`` again,
and its ``review_note`` says which decision it had and what changed, e.g.
``reopened: evidence changed since cleared by A on 2026-11-01 (source_edition 2022 -> 2024)``.
"""

from __future__ import annotations

from typing import Final

import duckdb
import polars as pl

from screening.store.db import query
from screening.store.identity import FACTS, FINDING_FACTS, SUPPLIER_FACTS, change_reason, fingerprints

REVIEW_STATUSES: Final[tuple[str, ...]] = ("open", "cleared", "escalated", "remediation")
#: What ``review decide --decision`` accepts: the statuses (``open`` takes a decision back).
DECISIONS: Final[tuple[str, ...]] = REVIEW_STATUSES
#: Columns :func:`attach` adds to a findings frame.
REVIEW_COLUMNS: Final[tuple[str, ...]] = (
    "fingerprint",
    "review_status",
    "review_note",
    "reviewed_by",
    "reviewed_at",
)
_DONE: Final[dict[str, str]] = {
    "cleared": "cleared",
    "escalated": "escalated",
    "remediation": "sent to remediation",
}


def latest_decisions(con: duckdb.DuckDBPyConnection, list_name: str) -> pl.DataFrame:
    """The latest decision on each fingerprint of ``list_name``, with the facts it was decided on."""
    facts = ", ".join(f'"{c}"' for c in FACTS)
    return query(
        con,
        f"SELECT fingerprint, supplier_id, rule_id, decision, reviewer, note, decided_at, {facts} "
        "FROM reviews WHERE list_name = ? "
        "QUALIFY row_number() OVER (PARTITION BY fingerprint ORDER BY seq DESC) = 1",
        [list_name],
    )


def attach(
    list_name: str, findings: pl.DataFrame, suppliers: pl.DataFrame, decisions: pl.DataFrame
) -> pl.DataFrame:
    """``findings`` with fingerprint, review_status, review_note, reviewed_by and reviewed_at added.

    ``decisions`` is :func:`latest_decisions` of the list. Row order and every other column are kept.
    A finding's supplier facts come from the ``suppliers`` row of the same ``_key`` (else supplier_id).
    """
    base = findings.drop([c for c in REVIEW_COLUMNS if c in findings.columns])
    key = "_key" if "_key" in base.columns and "_key" in suppliers.columns else "supplier_id"
    work = pl.DataFrame({"fingerprint": fingerprints(list_name, base, suppliers, key)})
    if decisions.is_empty():
        added = work.select(
            "fingerprint",
            pl.lit("open").alias("review_status"),
            *(pl.lit(None, pl.String).alias(c) for c in ("review_note", "reviewed_by", "reviewed_at")),
        )
        return pl.concat([base, added], how="horizontal")

    decided = decisions.select("fingerprint", "decision", "reviewer", "note", "decided_at")
    work = work.with_row_index("__i").join(decided, on="fingerprint", how="left", maintain_order="left")
    reopened = _reopen_notes(base, suppliers, key, work, decisions)
    work = work.join(reopened, on="__i", how="left", maintain_order="left").sort("__i")
    carried = pl.col("decision").is_not_null()
    added = work.select(
        pl.col("fingerprint"),
        pl.coalesce(pl.col("decision"), pl.lit("open")).alias("review_status"),
        pl.when(carried).then(pl.col("note")).otherwise(pl.col("reopen_note")).alias("review_note"),
        pl.when(carried).then(pl.col("reviewer")).alias("reviewed_by"),
        pl.when(carried).then(pl.col("decided_at")).alias("reviewed_at"),
    )
    return pl.concat([base, added], how="horizontal")


def _strings(frame: pl.DataFrame, names: tuple[str, ...], prefix: str = "") -> list[pl.Expr]:
    return [
        (pl.col(c).cast(pl.String) if c in frame.columns else pl.lit(None, pl.String)).alias(prefix + c)
        for c in names
    ]


def _reopen_notes(
    base: pl.DataFrame, suppliers: pl.DataFrame, key: str, work: pl.DataFrame, decisions: pl.DataFrame
) -> pl.DataFrame:
    """``__i`` -> ``reopen_note`` for findings without a decision whose supplier and rule had one.

    Only decisions whose fingerprint is absent from this screen count (a decision still matching a
    finding of this screen belongs to that finding); of those, one on the same matched entity is
    preferred, then the latest.
    """
    empty = pl.DataFrame(schema={"__i": pl.UInt32, "reopen_note": pl.String})
    prior = decisions.filter(
        ~pl.col("fingerprint").is_in(work.get_column("fingerprint").implode())
        & (pl.col("decision") != "open")
    )
    if prior.is_empty():
        return empty
    prior = prior.select(
        "supplier_id",
        "rule_id",
        pl.col("decision").alias("old_decision"),
        pl.col("reviewer").alias("old_reviewer"),
        pl.col("decided_at").alias("old_decided_at"),
        *(pl.col(c).alias(f"old_{c}") for c in FACTS),
    )
    undecided = work.filter(pl.col("decision").is_null()).select("__i")
    keys = [pl.col(key)] if key != "supplier_id" else []
    rows = (
        base.select(
            *keys, *_strings(base, ("supplier_id", "rule_id")), *_strings(base, FINDING_FACTS, "new_")
        )
        .with_row_index("__i")
        .join(undecided, on="__i", how="semi")
        .join(prior.select("supplier_id", "rule_id").unique(), on=["supplier_id", "rule_id"], how="semi")
    )
    if rows.is_empty():
        return empty
    facts = suppliers.select(pl.col(key), *_strings(suppliers, SUPPLIER_FACTS, "new_")).unique(
        subset=[key], keep="first", maintain_order=True
    )
    candidates = (
        rows.join(facts, on=key, how="left")
        .join(prior, on=["supplier_id", "rule_id"], how="inner")
        .with_columns(
            same_entity=pl.col("new_matched_entity").fill_null("")
            == pl.col("old_matched_entity").fill_null("")
        )
        .sort(["__i", "same_entity", "old_decided_at"], descending=[False, True, True])
        .unique(subset=["__i"], keep="first", maintain_order=True)
    )
    return candidates.select(
        "__i",
        pl.format(
            "reopened: evidence changed since {} by {} on {} ({})",
            pl.col("old_decision").replace_strict(_DONE, default=pl.col("old_decision")),
            pl.col("old_reviewer"),
            pl.col("old_decided_at").str.slice(0, 10),
            change_reason("old_", "new_"),
        ).alias("reopen_note"),
    )

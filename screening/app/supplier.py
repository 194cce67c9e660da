"""Everything the supplier page shows, read from the store in one locked session.

The latest screen's row and findings of the supplier in its list, each finding's current review
status (from the queue) and the sequence number of its latest decision (what the decision form
carries for the stale-decision check), its history across screens and every decision taken on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from screening.contract import CATEGORIES
from screening.errors import InputError
from screening.store import SUCCESS_STATUS, Store
from screening.store.db import query
from screening.store.queue import latest_run

_REVIEW = ("review_status", "review_note", "reviewed_by", "reviewed_at")
#: Supplier points by what a finding rests on (the contract's ``basis``): own evidence against context.
OWN_BASES = ("supplier", "site", "input")


@dataclass(frozen=True)
class SupplierView:
    list_name: str
    run_id: str
    supplier: dict[str, Any]
    findings: list[dict[str, Any]]
    history: list[dict[str, Any]]
    decisions: list[dict[str, Any]]
    run: dict[str, Any]


def load(store: Store, queue: pl.DataFrame, list_name: str, supplier_id: str) -> SupplierView:
    """The supplier page's data; an InputError when the list or supplier is not in the store."""
    with store.reading() as con:
        run_id = latest_run(con, list_name)
        if run_id is None:
            raise InputError(f"The store holds no successful screen of the list {list_name!r}.")
        rows = query(
            con, "SELECT * FROM suppliers WHERE run_id = ? AND supplier_id = ?", [run_id, supplier_id]
        )
        if rows.is_empty():
            raise InputError(f"Supplier {supplier_id!r} is not in the latest screen of {list_name!r}.")
        findings = query(
            con,
            "SELECT f.*, coalesce(r.seq, 0) AS review_seq FROM findings f LEFT JOIN ("
            "  SELECT fingerprint, max(seq) AS seq FROM reviews WHERE list_name = ? GROUP BY fingerprint"
            ") r USING (fingerprint) WHERE f.run_id = ? AND f.supplier_id = ?",
            [list_name, run_id, supplier_id],
        )
        history = query(
            con,
            "SELECT r.run_id, r.finished_at, r.stored_at, s.risk_score, s.risk_tier, s.n_findings "
            "FROM runs r JOIN suppliers s ON s.run_id = r.run_id "
            "WHERE r.list_name = ? AND r.status = ? AND s.supplier_id = ? ORDER BY r.seq DESC",
            [list_name, SUCCESS_STATUS, supplier_id],
        )
        decisions = query(
            con,
            "SELECT seq, rule_id, fingerprint, decision, reviewer, note, decided_at, run_id FROM reviews "
            "WHERE list_name = ? AND supplier_id = ? ORDER BY seq DESC",
            [list_name, supplier_id],
        )
    current = (
        queue.filter((pl.col("list_name") == list_name) & (pl.col("run_id") == run_id))
        .select("fingerprint", *_REVIEW)
        .unique(subset=["fingerprint"], keep="first")
    )
    findings = findings.drop(_REVIEW).join(current, on="fingerprint", how="left", maintain_order="left")
    findings = findings.sort(["points", "rule_id"], descending=[True, False], nulls_last=True)
    return SupplierView(
        list_name=list_name,
        run_id=run_id,
        supplier=rows.row(0, named=True),
        findings=findings.to_dicts(),
        history=history.to_dicts(),
        decisions=decisions.to_dicts(),
        run=store.run_json(run_id),
    )


def sub_scores(supplier: dict[str, Any]) -> list[tuple[str, float]]:
    """The non-zero ``score_<category>`` values, largest first."""
    found = [(c, float(supplier[f"score_{c}"])) for c in CATEGORIES if supplier.get(f"score_{c}")]
    return sorted(found, key=lambda item: -item[1])


def axes(supplier: dict[str, Any], findings: list[dict[str, Any]]) -> dict[str, float] | None:
    """The score's two axes: the screen's ``red_flag_score`` and ``exposure_score`` when stored, else
    the points of the findings by ``basis`` (own evidence against country context); None without either."""
    if supplier.get("red_flag_score") is not None and supplier.get("exposure_score") is not None:
        return {
            "red flags about this supplier (supplier and input findings)": float(supplier["red_flag_score"]),
            "inherent exposure (site and country findings)": float(supplier["exposure_score"]),
        }
    if not findings or all(f.get("basis") in (None, "") for f in findings):
        return None
    own = sum(float(f.get("points") or 0) for f in findings if f.get("basis") in OWN_BASES)
    context = sum(float(f.get("points") or 0) for f in findings if f.get("basis") == "country")
    return {"own evidence (supplier, site, input)": own, "country context": context}


def own_columns(supplier_id: str, scores_path: Any) -> list[tuple[str, Any]]:
    """The supplier's row in the screen's scores.parquet (every column, the list's own included)."""
    if scores_path is None:
        return []
    row = pl.scan_parquet(scores_path).filter(pl.col("supplier_id") == supplier_id).head(1).collect()
    if row.is_empty():
        return []
    return [(k, v) for k, v in row.row(0, named=True).items() if v not in (None, "")]

"""What changed between two screens of the same list.

Suppliers are the same across screens by ``supplier_id`` (a supplier listed twice in one screen
counts once, at its highest tier). Findings are compared by fingerprint: one present in both screens
is unchanged; the rest are paired by supplier, rule and matched entity, so a finding whose evidence
changed (a new edition, a new country) is one ``changed_finding`` saying what changed rather than a
resolved and a new one. Change types, in the order :meth:`Diff.to_frame` lists them:

``new_finding``, ``changed_finding``, ``resolved_finding``, ``tier_change``, ``supplier_added``,
``supplier_removed``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Final

import duckdb
import polars as pl

from screening.contract import TIER_RANK
from screening.store.db import query
from screening.store.identity import FACTS, change_reason

CHANGES: Final[tuple[str, ...]] = (
    "new_finding",
    "changed_finding",
    "resolved_finding",
    "tier_change",
    "supplier_added",
    "supplier_removed",
)
DIFF_COLUMNS: Final[tuple[str, ...]] = (
    "change",
    "supplier_id",
    "supplier_name",
    "rule_id",
    "category",
    "severity",
    "old_tier",
    "new_tier",
    "evidence",
    "detail",
    "fingerprint",
)
_DIFF_SCHEMA: Final[pl.Schema] = pl.Schema({c: pl.String() for c in DIFF_COLUMNS})


@dataclass(frozen=True)
class Diff:
    """The changes from ``run_a`` (older) to ``run_b`` (newer) of ``list_name``."""

    list_name: str
    run_a: str
    run_b: str
    changes: pl.DataFrame

    def to_frame(self) -> pl.DataFrame:
        """One row per change, columns :data:`DIFF_COLUMNS` (what ``diff.csv`` holds)."""
        return self.changes

    def counts(self) -> dict[str, int]:
        """Number of changes of each type (every type present, zero when none)."""
        got = dict(self.changes.group_by("change").len().iter_rows())
        return {c: int(got.get(c, 0)) for c in CHANGES}

    def to_dict(self) -> dict[str, Any]:
        """For ``--json``: the runs compared, the counts and every change."""
        return {**self._header(), "changes": self.changes.to_dicts()}

    def to_json(self) -> str:
        """:meth:`to_dict` as JSON text (the changes serialised by polars: fast for 100k rows)."""
        head = json.dumps(self._header(), ensure_ascii=False)
        return head[:-1] + ', "changes": ' + self.changes.write_json() + "}"

    def _header(self) -> dict[str, Any]:
        return {
            "list_name": self.list_name,
            "run_a": self.run_a,
            "run_b": self.run_b,
            "counts": self.counts(),
        }


_TIER_SQL = "CASE risk_tier " + " ".join(f"WHEN '{t}' THEN {r}" for t, r in TIER_RANK.items()) + " ELSE 0 END"
_SIDE_COLS = ("fingerprint", "category", "severity", *FACTS)
_FACT_AGG = ", ".join(f'any_value("{c}") AS "{c}"' for c in FACTS)
_PAIR_KEY = "PARTITION BY supplier_id, rule_id, coalesce(matched_entity, '') ORDER BY evidence, fingerprint"


def _side(run: str, only: str) -> str:
    """The findings of ``run`` whose fingerprint is in ``only``, with their supplier's facts."""
    return f"""
    SELECT f.supplier_id, f.rule_id, f.fingerprint, any_value(f.category) AS category,
           any_value(f.severity) AS severity, {_FACT_AGG}
    FROM findings f LEFT JOIN suppliers s ON s.run_id = f.run_id AND s."_key" = f."_key"
    WHERE f.run_id = {run} AND f.fingerprint IN (SELECT fingerprint FROM {only})
    GROUP BY f.supplier_id, f.rule_id, f.fingerprint"""


def _suppliers(run: str) -> str:
    return f"""
    SELECT supplier_id, any_value(supplier_name) AS supplier_name, arg_max(risk_tier, {_TIER_SQL}) AS tier,
           max(risk_score) AS score
    FROM suppliers WHERE run_id = {run} GROUP BY supplier_id"""


# One query: suppliers compared by id; findings compared by fingerprint first (cheap: most are
# unchanged), and only the findings on one side are detailed and paired.
_DIFF_SQL = f"""
WITH sa AS ({_suppliers("$1")}), sb AS ({_suppliers("$2")}),
sup AS (
    SELECT coalesce(b.supplier_id, a.supplier_id) AS supplier_id,
           coalesce(b.supplier_name, a.supplier_name) AS supplier_name,
           a.supplier_id IS NOT NULL AS in_a, b.supplier_id IS NOT NULL AS in_b,
           a.tier AS old_tier, b.tier AS new_tier, a.score AS old_score, b.score AS new_score
    FROM sa a FULL OUTER JOIN sb b ON a.supplier_id = b.supplier_id
),
fpa AS (SELECT DISTINCT fingerprint FROM findings WHERE run_id = $1),
fpb AS (SELECT DISTINCT fingerprint FROM findings WHERE run_id = $2),
gone AS (SELECT fingerprint FROM fpa ANTI JOIN fpb USING (fingerprint)),
came AS (SELECT fingerprint FROM fpb ANTI JOIN fpa USING (fingerprint)),
a_only AS (SELECT *, row_number() OVER ({_PAIR_KEY}) AS k FROM ({_side("$1", "gone")})),
b_only AS (SELECT *, row_number() OVER ({_PAIR_KEY}) AS k FROM ({_side("$2", "came")})),
pairs AS (
    SELECT coalesce(b.supplier_id, a.supplier_id) AS supplier_id, coalesce(b.rule_id, a.rule_id) AS rule_id,
           {", ".join(f'a."{c}" AS "old_{c}", b."{c}" AS "new_{c}"' for c in _SIDE_COLS)}
    FROM a_only a FULL OUTER JOIN b_only b
      ON a.supplier_id = b.supplier_id AND a.rule_id = b.rule_id
     AND coalesce(a.matched_entity, '') = coalesce(b.matched_entity, '') AND a.k = b.k
)
SELECT 'finding' AS kind, p.*, sup.supplier_name, sup.old_tier, sup.new_tier
FROM pairs p LEFT JOIN sup USING (supplier_id)
UNION ALL BY NAME
SELECT 'supplier' AS kind, supplier_id, supplier_name, in_a, in_b, old_tier, new_tier, old_score, new_score
FROM sup WHERE NOT in_a OR NOT in_b OR coalesce(old_tier, '') <> coalesce(new_tier, '')
"""


def _fmt_score(col: str) -> pl.Expr:
    return pl.col(col).round(1).cast(pl.String).fill_null("none")


def compute(con: duckdb.DuckDBPyConnection, list_name: str, run_a: str, run_b: str) -> Diff:
    """The diff from ``run_a`` to ``run_b`` (both of ``list_name``, already checked)."""
    rows = query(con, _DIFF_SQL, [run_a, run_b])
    sup = rows.filter(pl.col("kind") == "supplier")
    fnd = rows.filter(pl.col("kind") == "finding")
    supplier_rows = sup.select(
        pl.when(~pl.col("in_a"))
        .then(pl.lit("supplier_added"))
        .when(~pl.col("in_b"))
        .then(pl.lit("supplier_removed"))
        .otherwise(pl.lit("tier_change"))
        .alias("change"),
        "supplier_id",
        "supplier_name",
        pl.lit(None, pl.String).alias("rule_id"),
        pl.lit(None, pl.String).alias("category"),
        pl.lit(None, pl.String).alias("severity"),
        "old_tier",
        "new_tier",
        pl.lit(None, pl.String).alias("evidence"),
        pl.when(pl.col("in_a") & pl.col("in_b"))
        .then(pl.format("risk_score {} -> {}", _fmt_score("old_score"), _fmt_score("new_score")))
        .alias("detail"),
        pl.lit(None, pl.String).alias("fingerprint"),
    )

    old, new = pl.col("old_fingerprint").is_not_null(), pl.col("new_fingerprint").is_not_null()

    def side(c: str) -> pl.Expr:
        return pl.coalesce(pl.col(f"new_{c}"), pl.col(f"old_{c}")).alias(c)

    finding_rows = fnd.select(
        pl.when(old & new)
        .then(pl.lit("changed_finding"))
        .when(new)
        .then(pl.lit("new_finding"))
        .otherwise(pl.lit("resolved_finding"))
        .alias("change"),
        "supplier_id",
        "supplier_name",
        "rule_id",
        side("category"),
        side("severity"),
        "old_tier",
        "new_tier",
        side("evidence"),
        pl.when(old & new).then(change_reason("old_", "new_")).alias("detail"),
        side("fingerprint"),
    )
    order = {c: i for i, c in enumerate(CHANGES)}
    changes = (
        pl.concat([finding_rows.cast(_DIFF_SCHEMA), supplier_rows.cast(_DIFF_SCHEMA)], how="vertical")
        .with_columns(
            pl.col("change").replace_strict(order, return_dtype=pl.Int32).alias("_order"),
            pl.col("new_tier")
            .replace_strict(TIER_RANK, default=0, return_dtype=pl.Int32)
            .fill_null(0)
            .alias("_tier"),
        )
        .sort(
            ["_order", "_tier", "supplier_id", "rule_id", "fingerprint"],
            descending=[False, True, False, False, False],
            nulls_last=True,
        )
        .drop("_order", "_tier")
    )
    return Diff(list_name=list_name, run_a=run_a, run_b=run_b, changes=changes)

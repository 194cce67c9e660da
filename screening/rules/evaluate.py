"""Run every rule against the suppliers in DuckDB and return the findings frame.

The caller registers these relations on the connection first (see :func:`register_suppliers`):
``sup`` (the normalised suppliers), ``sup_goods`` (one row per supplier good), ``ind_<id>`` (the
indicator datasets) and ``hits`` (watch-list candidates from the matcher).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import duckdb
import polars as pl

from screening.contract import FINDINGS_SCHEMA, empty_findings
from screening.rules import evidence as ev
from screening.rules.loader import RuleSet
from screening.rules.models import Rule
from screening.rules.once import apply_count_once
from screening.rules.sql import check_fields, compile_where, from_clause, ref
from screening.scoring.policy import Policy

HIT_COLUMNS = {
    "_key": "BIGINT",
    "field": "VARCHAR",
    "list_id": "VARCHAR",
    "entity_id": "VARCHAR",
    "matched_entity": "VARCHAR",
    "matched_name": "VARCHAR",
    "score": "DOUBLE",
    "decision": "VARCHAR",
    "explanation": "VARCHAR",
    "entity_country": "VARCHAR",
    "entity_active": "BOOLEAN",
    "entity_details": "VARCHAR",
    "name": "VARCHAR",
    "field_label": "VARCHAR",
    "entity_status": "VARCHAR",
}


INFERRED_NOTE = " (the good is inferred from the supplier's production phase or factory type, not stated)"


@dataclass(frozen=True)
class DatasetInfo:
    title: str
    edition: str


@dataclass
class RuleContext:
    con: duckdb.DuckDBPyConnection
    datasets: Mapping[str, DatasetInfo]
    policy: Policy
    list_editions: Mapping[str, str] = field(default_factory=dict)


def register_suppliers(
    con: duckdb.DuckDBPyConnection, frame: pl.DataFrame, hits: pl.DataFrame | None
) -> None:
    """Register ``sup``, ``sup_goods`` and ``hits`` for :func:`evaluate`."""
    goods = (
        frame.select("_key", "_goods", "_goods_inferred")
        .explode("_goods")
        .filter(pl.col("_goods").is_not_null())
        .with_columns(inferred=pl.col("_goods_inferred").list.contains(pl.col("_goods")).fill_null(False))
        .select("_key", pl.col("_goods").alias("name"), "inferred")
        .with_columns(note=pl.when(pl.col("inferred")).then(pl.lit(INFERRED_NOTE)).otherwise(pl.lit("")))
    )
    con.register("sup", frame)
    con.register("sup_goods", goods)
    if hits is None or hits.height == 0:
        cols = ", ".join(f"CAST(NULL AS {t}) AS {c}" for c, t in HIT_COLUMNS.items())
        con.execute(f"CREATE OR REPLACE TEMP VIEW hits AS SELECT {cols} WHERE FALSE")
    else:
        con.register("hits", hits)


def _types(con: duckdb.DuckDBPyConnection, relation: str) -> dict[str, str]:
    return {row[0]: str(row[1]) for row in con.execute(f"DESCRIBE {relation}").fetchall()}


def _namespaces(con: duckdb.DuckDBPyConnection, rule: Rule) -> dict[str, dict[str, str]]:
    spaces: dict[str, dict[str, str]] = {"supplier": _types(con, "sup")}
    if rule.kind in ("goods", "goods_country"):
        spaces["good"] = _types(con, "sup_goods")
    if rule.kind in ("country", "goods_country") and rule.indicator:
        spaces["ind"] = _types(con, f'"ind_{rule.indicator}"')
    if rule.kind == "watchlist":
        spaces["hit"] = _types(con, "hits")
    return spaces


def _constants(rule: Rule, ctx: RuleContext) -> dict[str, str]:
    info = ctx.datasets.get(rule.datasets[0])
    if info is None:
        return {}
    return {"dataset.edition": info.edition, "dataset.title": info.title, "rule.title": rule.title}


def _count_once(rule: Rule) -> pl.Expr:
    """The group within which a supplier's findings count once: the rule's group, per good for goods rules."""
    if rule.count_once is None:
        return pl.lit(None, pl.String)
    if rule.kind in ("goods", "goods_country"):
        return pl.concat_str(pl.lit(rule.count_once + ":"), pl.col("good__name"))
    return pl.lit(rule.count_once)


def evaluate_rule(rule: Rule, ctx: RuleContext) -> pl.DataFrame:
    """The findings of one rule (FINDINGS_SCHEMA), sorted by supplier."""
    spaces = _namespaces(ctx.con, rule)
    consts = _constants(rule, ctx)
    wanted: list[tuple[str, str]] = [("supplier", "supplier_id")]
    wanted += [(c.namespace, c.column) for c in rule.where]
    wanted += [f for f in ev.fields(rule.evidence) if f"{f[0]}.{f[1]}" not in consts]
    if rule.kind in ("goods", "goods_country"):
        wanted += [("good", "name"), ("good", "inferred")]
    if rule.kind == "watchlist":
        wanted += [("hit", c) for c in ("field", "list_id", "matched_entity", "score", "entity_id")]
    unique = list(dict.fromkeys(wanted))
    check_fields(rule, unique, spaces)
    select = ", ".join(f'{ref(ns, col)} AS "{ev.column_alias(ns, col)}"' for ns, col in unique)
    where, params = compile_where(rule.where, spaces)
    sql = f"SELECT s._key AS _key, {select} FROM {from_clause(rule)} WHERE {where}"
    rows = ctx.con.sql(sql, params=params).pl()
    if rows.height == 0:
        return empty_findings()
    sentence = ev.build(rule.evidence, consts, rows.schema)
    points = pl.lit(float(rule.points))
    severity = pl.lit(rule.severity)
    if rule.kind in ("goods", "goods_country"):
        weight = ctx.policy.inferred_good_weight
        points = pl.when(pl.col("good__inferred")).then(points * weight).otherwise(points)
        weaker = ctx.policy.inferred_severity(rule.severity)
        severity = pl.when(pl.col("good__inferred")).then(pl.lit(weaker)).otherwise(severity)
    if rule.kind == "watchlist":
        source = pl.col("hit__list_id")
        edition = source.replace_strict(dict(ctx.list_editions), default=pl.lit(""), return_dtype=pl.String)
        entity, score, matched = pl.col("hit__matched_entity"), pl.col("hit__score"), pl.col("hit__field")
    else:
        source = pl.lit(rule.datasets[0])
        edition = pl.lit(consts.get("dataset.edition", ""))
        entity, score, matched = pl.lit(None, pl.String), pl.lit(None, pl.Float64), pl.lit(None, pl.String)
    out = rows.select(
        pl.col("_key").cast(pl.Int64),
        pl.col("supplier__supplier_id").alias("supplier_id"),
        pl.lit(rule.id).alias("rule_id"),
        pl.lit(rule.version, pl.Int64).alias("rule_version"),
        pl.lit(rule.category).alias("category"),
        severity.alias("severity"),
        points.cast(pl.Float64).round(4).alias("points"),
        sentence.alias("evidence"),
        source.alias("source_dataset"),
        edition.alias("source_edition"),
        entity.alias("matched_entity"),
        score.cast(pl.Float64).alias("match_score"),
        matched.alias("matched_field"),
        pl.lit(rule.basis).alias("basis"),
        _count_once(rule).alias("_count_once"),
    )
    casted: pl.DataFrame = out.cast(dict(FINDINGS_SCHEMA))
    # Deterministic order within the rule; duplicates (the same sentence twice) collapse.
    return casted.unique(subset=["_key", "evidence"], keep="first").sort(["_key", "evidence"])


def evaluate(rules: RuleSet, ctx: RuleContext) -> pl.DataFrame:
    """All findings of all rules, deterministic: by supplier, rule, then evidence."""
    frames = [evaluate_rule(rule, ctx) for rule in rules.rules]
    frames = [f for f in frames if f.height]
    if not frames:
        return empty_findings()
    # Rules run in id order and each is sorted by (_key, evidence): a stable sort on the integer key gives
    # (_key, rule_id, evidence) order without sorting millions of sentences again.
    return apply_count_once(pl.concat(frames, how="vertical").sort("_key", maintain_order=True))

"""Run every rule against the suppliers in DuckDB and return the findings frame.

The caller registers the relations of :data:`screening.rules.kinds.RELATIONS` on the connection
first (:func:`register_suppliers`, and the catalog's ``ind_<id>``; see :mod:`screening.findings`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np
import polars as pl

from screening.contract import FINDINGS_SCHEMA, empty_findings
from screening.errors import ConfigError
from screening.rules import evidence as ev
from screening.rules.check import rule_problems, typed_columns
from screening.rules.kinds import KINDS, RELATIONS
from screening.rules.loader import RuleSet
from screening.rules.models import Rule
from screening.rules.once import apply_count_once
from screening.rules.sql import compile_where, from_clause, ref
from screening.scoring.policy import Policy

INFERRED_NOTE = " (the good is inferred from the supplier's production phase or factory type, not stated"
LIKELY_NOTE = "; to confirm: "
CERTAIN_NOTE = " (inferred as near-certain from the supplier's phases or name, not stated; confirm with: "


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


def _supplier_goods(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per supplier good: ``name``, ``inferred`` (not stated), ``certain`` (inferred as
    near-certain: not weakened) and ``note`` (what an evidence sentence says of the inference)."""
    has_detail = {"_goods_inferred_certain", "_goods_inferred_confirm"} <= set(frame.columns)
    goods = (
        frame.select(
            "_key", "_goods", "_goods_inferred", *(["_goods_inferred_certain"] if has_detail else [])
        )
        .explode("_goods")
        .filter(pl.col("_goods").is_not_null())
        .with_columns(inferred=pl.col("_goods_inferred").list.contains(pl.col("_goods")).fill_null(False))
    )
    if has_detail:
        confirm = (
            frame.select("_key", pl.col("_goods_inferred").alias("_goods"), "_goods_inferred_confirm")
            .explode("_goods", "_goods_inferred_confirm")
            .filter(pl.col("_goods").is_not_null())
            .unique(subset=["_key", "_goods"], keep="first")
        )
        goods = goods.join(confirm, on=["_key", "_goods"], how="left", maintain_order="left").with_columns(
            certain=pl.col("_goods_inferred_certain").list.contains(pl.col("_goods")).fill_null(False)
            & pl.col("inferred"),
            confirm=pl.col("_goods_inferred_confirm").fill_null(""),
        )
    else:
        goods = goods.with_columns(certain=pl.lit(False), confirm=pl.lit(""))
    likely = pl.concat_str(
        pl.lit(INFERRED_NOTE),
        pl.when(pl.col("confirm") != "").then(pl.lit(LIKELY_NOTE) + pl.col("confirm")).otherwise(pl.lit("")),
        pl.lit(")"),
    )
    certain = pl.concat_str(pl.lit(CERTAIN_NOTE), pl.col("confirm"), pl.lit(")"))
    note = (
        pl.when(pl.col("certain")).then(certain).when(pl.col("inferred")).then(likely).otherwise(pl.lit(""))
    )
    return goods.select("_key", pl.col("_goods").alias("name"), "inferred", "certain", note.alias("note"))


def register_suppliers(
    con: duckdb.DuckDBPyConnection, frame: pl.DataFrame, hits: pl.DataFrame | None
) -> None:
    """Register the suppliers, their goods and their watch-list ``hits`` (unless None) for rules."""
    goods = _supplier_goods(frame)
    con.register(RELATIONS["supplier"].table, frame)
    con.register(RELATIONS["good"].table, goods)
    if hits is not None:
        con.register(RELATIONS["hit"].table, hits)


def _constants(rule: Rule, ctx: RuleContext) -> dict[str, str]:
    info = ctx.datasets.get(rule.datasets[0])
    if info is None:
        return {}
    return {"dataset.edition": info.edition, "dataset.title": info.title, "rule.title": rule.title}


def _count_once(rule: Rule) -> pl.Expr:
    """The group within which a supplier's findings count once: the rule's group, per good for goods rules."""
    if rule.count_once is None:
        return pl.lit(None, pl.String)
    if KINDS[rule.kind].rows == "good":
        return pl.concat_str(pl.lit(rule.count_once + ":"), pl.col("good__name"))
    return pl.lit(rule.count_once)


def _with_sentences(rows: pl.DataFrame, template: str, consts: dict[str, str]) -> pl.DataFrame:
    """``rows`` plus ``__evidence``, each distinct sentence built once and shared by the rows that say it.

    A rule's sentences repeat (one per country and good, say, over thousands of suppliers): building them
    per distinct combination of the placeholders and joining back keeps one copy of each sentence's text
    (the joined rows point at it), which is what keeps a million-supplier screen within its memory bound.
    ``__rank`` is the sentence's place in text order (equal sentences, equal ranks): the rule's findings are
    ordered and deduplicated on it rather than on the text.
    """
    used = [ev.column_alias(ns, col) for ns, col in ev.fields(template) if f"{ns}.{col}" not in consts]
    sentence = ev.build(template, consts, rows.schema).alias("__evidence")
    if not used:
        return rows.with_columns(sentence, pl.lit(1, pl.UInt32).alias("__rank"))
    distinct = rows.select(used).unique(maintain_order=True).with_columns(sentence)
    distinct = distinct.with_columns(pl.col("__evidence").rank("dense").alias("__rank"))
    return rows.join(distinct, on=used, how="left", nulls_equal=True, maintain_order="left")


def evaluate_rule(rule: Rule, ctx: RuleContext) -> pl.DataFrame:
    """The findings of one rule (FINDINGS_SCHEMA), sorted by supplier."""
    kind = KINDS[rule.kind]
    spaces = typed_columns(ctx.con, rule)
    problems = rule_problems(rule, spaces)
    if problems:
        raise ConfigError(" ".join(problems), hint="Run `screening rules validate`.")
    consts = _constants(rule, ctx)
    wanted = [(ns, col) for ns in kind.namespaces for col in RELATIONS[ns].always]
    wanted += [(c.namespace, c.column) for c in rule.where]
    wanted += [f for f in ev.fields(rule.evidence) if f"{f[0]}.{f[1]}" not in consts]
    unique = list(dict.fromkeys(wanted))
    select = ", ".join(f'{ref(ns, col)} AS "{ev.column_alias(ns, col)}"' for ns, col in unique)
    where, params = compile_where(rule.where, spaces)
    sql = f"SELECT s._key AS _key, {select} FROM {from_clause(rule)} WHERE {where}"
    rows = ctx.con.sql(sql, params=params).pl()
    if rows.height == 0:
        return empty_findings()
    rows = _with_sentences(rows, rule.evidence, consts)
    sentence = pl.col("__evidence")
    points = pl.lit(float(rule.points))
    severity = pl.lit(rule.severity)
    if kind.rows == "good":
        weight = ctx.policy.inferred_good_weight
        weakened = pl.col("good__inferred") & ~pl.col("good__certain")
        points = pl.when(weakened).then(points * weight).otherwise(points)
        weaker = ctx.policy.inferred_severity(rule.severity)
        severity = pl.when(weakened).then(pl.lit(weaker)).otherwise(severity)
    if kind.rows == "hit":
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
        pl.lit(None, pl.String).alias("counted_with"),
        _count_once(rule).alias("_count_once"),
        pl.col("__rank"),
    )
    schema: dict[Any, Any] = {**FINDINGS_SCHEMA, "__rank": pl.UInt32}
    casted: pl.DataFrame = out.cast(schema)
    # Deterministic order within the rule, by supplier then sentence; duplicates (the same sentence twice)
    # collapse. The sentence's rank stands for its text: integers to compare, not sentences.
    return casted.unique(subset=["_key", "__rank"], keep="first").sort(["_key", "__rank"]).drop("__rank")


def evaluate_rules(
    rules: RuleSet, ctx: RuleContext, *, hits: Callable[[], pl.DataFrame] | None = None
) -> list[pl.DataFrame]:
    """Each rule's findings (rules in id order), the empty ones left out.

    With ``hits``, the rules that read no watch-list hits run first; then ``hits()`` gives the hits
    relation (a caller may be computing it meanwhile) and the watch-list rules run.
    """
    reads_hits = {rule.id for rule in rules.rules if KINDS[rule.kind].rows == "hit"}
    found = {rule.id: evaluate_rule(rule, ctx) for rule in rules.rules if rule.id not in reads_hits}
    if hits is not None:
        ctx.con.register(RELATIONS["hit"].table, hits())
    found.update({rule.id: evaluate_rule(rule, ctx) for rule in rules.rules if rule.id in reads_hits})
    frames = [found[rule.id] for rule in rules.rules]
    return [f for f in frames if f.height]


def merge_findings(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """The rules' findings as one frame, by supplier, rule, then evidence, listings counted once.

    Rules run in id order and each is sorted by (_key, evidence): a stable sort on the integer key gives
    (_key, rule_id, evidence) order without sorting millions of sentences again. Call it once the DuckDB
    connection is closed, so its buffers are not held beside the merged findings.
    """
    if not frames:
        return empty_findings()
    # Evidence sentences repeat across suppliers: while merging and reordering they travel as categories
    # (an integer per row) and become text once, at the end.
    merged = pl.concat(
        [f.with_columns(pl.col("evidence").cast(pl.Categorical)) for f in frames], how="vertical"
    )
    frames.clear()
    ordered = apply_count_once(_by_supplier(merged))
    del merged
    return ordered.with_columns(shared_text(ordered.get_column("evidence")))


def shared_text(column: pl.Series) -> pl.Series:
    """A categorical column as text in which equal values share one copy of their bytes.

    ``cast(pl.String)`` writes every row's text out again (half a gigabyte for three million findings
    that say 1,200 sentences); gathering the distinct values by each row's place among them keeps one
    copy of each sentence, the rows pointing at it (polars' string views).
    """
    distinct = column.drop_nulls().unique()
    codes = distinct.to_physical().to_numpy()
    place = np.zeros(int(codes.max()) + 1 if codes.size else 1, dtype=np.uint32)
    place[codes] = np.arange(codes.size, dtype=np.uint32)
    rows = pl.Series(place[column.to_physical().fill_null(0).to_numpy()], dtype=pl.UInt32)
    if column.null_count():
        rows = pl.select(pl.when(column.is_not_null()).then(rows)).to_series()
    return distinct.cast(pl.String).gather(rows).alias(column.name)


def evaluate(rules: RuleSet, ctx: RuleContext) -> pl.DataFrame:
    """All findings of all rules, deterministic: by supplier, rule, then evidence."""
    return merge_findings(evaluate_rules(rules, ctx))


def _by_supplier(findings: pl.DataFrame) -> pl.DataFrame:
    """A stable sort on ``_key``, one column at a time: a whole-frame sort would hold two copies of
    the findings at once (the memory bound of a large screen). Each column is made one piece first:
    gathering from the rules' dozens of pieces costs twice as much."""
    order = findings.select("_key").with_row_index("_i").sort("_key", maintain_order=True).get_column("_i")
    for name in findings.columns:
        findings = findings.with_columns(findings.get_column(name).rechunk().gather(order))
    return findings

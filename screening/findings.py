"""From normalised suppliers to findings: watch-list matching, then every rule in DuckDB.

The rules read four kinds of relation (:mod:`screening.rules.kinds`): ``sup`` (the suppliers),
``sup_goods`` (one row per supplier good), ``hits`` (watch-list candidates, :data:`HITS_SCHEMA`) and
``ind_<id>`` (the indicator datasets). :func:`rule_relations` registers them; ``screening rules
validate`` registers them over no suppliers to check each rule's fields against their columns.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from typing import TYPE_CHECKING, Final

import duckdb
import polars as pl

from screening.matching import HITS_SCHEMA as MATCHER_HITS_SCHEMA
from screening.matching.identifiers import identifier_hits, merge_hits
from screening.rules.evaluate import RuleContext, evaluate_rules, merge_findings, register_suppliers

if TYPE_CHECKING:
    from screening.context import ScreenContext
    from screening.rules.loader import RuleSet

#: The one schema of the ``hits`` relation: the matcher's hits plus the supplier's matched name,
#: which field it was in (as a reader says it) and the listed entity's status.
HITS_SCHEMA: Final[dict[str, pl.DataType]] = {
    **MATCHER_HITS_SCHEMA,
    "name": pl.String(),
    "field_label": pl.String(),
    "entity_status": pl.String(),
}
FIELD_LABELS: Final[dict[str, str]] = {
    "supplier_name": "supplier name",
    "parent_name": "parent or group name",
}


def watchlist_hits(frame: pl.DataFrame, ctx: ScreenContext) -> pl.DataFrame:
    """Every watch-list candidate of the suppliers' and parents' names (:data:`HITS_SCHEMA`)."""
    names = pl.concat(
        [
            frame.select("_key", pl.col(col).alias("name"), "country_code", pl.lit(col).alias("field"))
            for col in FIELD_LABELS
        ]
    ).filter(pl.col("name").is_not_null() & (pl.col("name").str.strip_chars() != ""))
    name_hits = ctx.matcher.screen(names) if names.height else pl.DataFrame(schema=MATCHER_HITS_SCHEMA)
    hits = merge_hits(identifier_hits(frame, ctx.matcher.lists), name_hits)  # an identifier outranks a name
    if hits.height == 0:
        return pl.DataFrame(schema=HITS_SCHEMA)
    return (
        hits.join(names.select("_key", "field", "name"), on=["_key", "field"], how="left")
        .with_columns(
            pl.col("field")
            .replace_strict(FIELD_LABELS, default=pl.col("field"), return_dtype=pl.String)
            .alias("field_label"),
            pl.col("entity_details")
            .str.json_path_match("$.status")
            .fill_null("not stated")
            .alias("entity_status"),
        )
        .select(list(HITS_SCHEMA))
        .cast(HITS_SCHEMA)  # type: ignore[arg-type]
    )


@contextmanager
def rule_relations(
    ctx: ScreenContext, frame: pl.DataFrame, hits: pl.DataFrame | None
) -> Iterator[RuleContext]:
    """A DuckDB connection with every relation rules read, as the rules' evaluation context (the
    ``hits`` later, by :func:`evaluate_rules`, when None)."""
    con = duckdb.connect(config={"memory_limit": "1GB", "threads": 2})
    try:
        ctx.catalog.register(con)
        register_suppliers(con, frame, hits)
        yield RuleContext(
            con=con, datasets=ctx.dataset_info, policy=ctx.policy, list_editions=ctx.list_editions
        )
    finally:
        con.close()


def field_problems(ctx: ScreenContext, rules: RuleSet | None = None) -> dict[str, list[str]]:
    """rule id -> what is wrong with the fields it names, checked against the relations a screen
    registers (over no suppliers); rules without problems are left out."""
    from screening.contract import INGEST_SCHEMA
    from screening.normalize.frame import normalize_suppliers
    from screening.rules.check import check_rule

    frame = normalize_suppliers(pl.DataFrame(schema=INGEST_SCHEMA), ctx.goods_vocab)
    with rule_relations(ctx, frame, pl.DataFrame(schema=HITS_SCHEMA)) as rule_ctx:
        found = {rule.id: check_rule(rule, rule_ctx.con) for rule in (rules or ctx.rules).rules}
    return {rule_id: problems for rule_id, problems in found.items() if problems}


def start_matching(frame: pl.DataFrame, ctx: ScreenContext) -> Future[pl.DataFrame]:
    """:func:`watchlist_hits` of ``frame``, begun now on a worker thread; :func:`find` takes the result.

    A screen begins matching as soon as its suppliers are normalised, so that it runs while the input
    validation does (mostly single-threaded Python) and then beside the rules that do not read hits. The
    thread is a daemon: a screen that stops early does not wait for it.
    """
    future: Future[pl.DataFrame] = Future()

    def work() -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(watchlist_hits(frame, ctx))
        except BaseException as exc:  # handed to the caller of result(), in its thread
            future.set_exception(exc)

    threading.Thread(target=work, name="watchlist", daemon=True).start()
    return future


def find(
    frame: pl.DataFrame,
    ctx: ScreenContext,
    rules: RuleSet | None = None,
    *,
    matching: Future[pl.DataFrame] | None = None,
) -> pl.DataFrame:
    """The findings of every rule (``rules``, default the context's) on normalised suppliers.

    Watch-list matching (``matching``, begun by :func:`start_matching`; begun here when None) runs on a
    second thread while the rules that do not read its hits run in DuckDB (both spend most of their time
    outside the GIL); the watch-list rules run once the hits are in. ``matching`` may have been begun on
    more rows than ``frame`` (rows the input validation quarantined since): a row's hits depend on that row
    alone, so only ``frame``'s are kept.
    """
    started = matching if matching is not None else start_matching(frame, ctx)

    def hits() -> pl.DataFrame:
        found = started.result()
        return found.filter(pl.col("_key").is_in(frame.get_column("_key").implode()))

    with rule_relations(ctx, frame, None) as rule_ctx:
        frames = evaluate_rules(rules or ctx.rules, rule_ctx, hits=hits)
    return merge_findings(frames)  # after the DuckDB connection is closed (the memory bound)

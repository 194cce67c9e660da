"""Compile a rule's conditions to parameterised DuckDB SQL.

Identifiers come only from whitelists (the columns the tables really have, checked against a strict
pattern) and are double-quoted; every value is a ``?`` parameter.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from screening.errors import ConfigError
from screening.rules.kinds import KINDS, RELATIONS
from screening.rules.models import Condition, Rule

_SAFE_COLUMN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def quote(column: str) -> str:
    """Double-quote a whitelisted identifier (it never contains a quote: checked)."""
    if not _SAFE_COLUMN.match(column):
        raise ConfigError(f"Column name {column!r} is not a plain identifier.")
    return f'"{column}"'


def ref(namespace: str, column: str) -> str:
    return f"{RELATIONS[namespace].alias}.{quote(column)}"


def compile_condition(cond: Condition, types: Mapping[str, Mapping[str, str]]) -> tuple[str, list[Any]]:
    """One condition as SQL text with ``?`` placeholders, and its parameters."""
    col = ref(cond.namespace, cond.column)
    dtype = types[cond.namespace][cond.column].upper()
    is_text = dtype.startswith("VARCHAR") or dtype == "STRING"
    op, value = cond.op, cond.value
    if op in ("eq", "ne"):
        sql_op = "=" if op == "eq" else "IS DISTINCT FROM"
        if is_text:
            return f"{col} {sql_op} ?", [str(value)]
        return f"{col} {sql_op} ?", [value]
    if op in ("in", "not_in"):
        values = [str(v) for v in value] if is_text else list(value)
        marks = ", ".join("?" for _ in values)
        if op == "in":
            return f"{col} IN ({marks})", values
        return f"({col} IS NULL OR {col} NOT IN ({marks}))", values
    if op in ("ge", "gt", "le", "lt"):
        sym = {"ge": ">=", "gt": ">", "le": "<=", "lt": "<"}[op]
        return f"TRY_CAST({col} AS DOUBLE) {sym} ?", [float(value)]
    if op == "is_null":
        return (f"({col} IS NULL OR {col} = '')" if is_text else f"{col} IS NULL"), []
    if op == "not_null":
        return (f"({col} IS NOT NULL AND {col} <> '')" if is_text else f"{col} IS NOT NULL"), []
    if op == "is_true":
        return f"{col} IS TRUE", []
    if op == "is_false":
        return f"{col} IS FALSE", []
    if op == "nonempty":
        return f"coalesce(len({col}), 0) > 0", []
    if op == "startswith":
        return f"starts_with({col}, ?)", [str(value)]
    raise ConfigError(f"Unknown operator {op!r}.")


def compile_where(conds: list[Condition], types: Mapping[str, Mapping[str, str]]) -> tuple[str, list[Any]]:
    parts: list[str] = []
    params: list[Any] = []
    for cond in conds:
        sql, p = compile_condition(cond, types)
        parts.append(sql)
        params.extend(p)
    return (" AND ".join(parts) if parts else "TRUE"), params


def table(namespace: str, rule: Rule) -> str:
    """The quoted DuckDB relation behind ``namespace`` for ``rule`` (``ind`` is its indicator dataset)."""
    return quote(RELATIONS[namespace].table.format(indicator=rule.indicator))


def from_clause(rule: Rule) -> str:
    """The join a rule's kind stands for (:data:`screening.rules.kinds.KINDS`)."""
    kind = KINDS[rule.kind]
    sql = f"{table('supplier', rule)} s"
    if kind.rows != "supplier":
        alias = RELATIONS[kind.rows].alias
        sql = f"{table(kind.rows, rule)} {alias} JOIN {sql} ON s._key = {alias}._key"
    if kind.indicator_on:
        on = " AND ".join(
            f"i.{quote(column)} = {ref(*field.split('.', 1))}" for column, field in kind.indicator_on.items()
        )
        sql += f" JOIN {table('ind', rule)} i ON {on}"
    return sql

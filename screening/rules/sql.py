"""Compile a rule's conditions to parameterised DuckDB SQL.

Identifiers come only from whitelists (the columns the tables really have, checked against a strict
pattern) and are double-quoted; every value is a ``?`` parameter.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from screening.errors import ConfigError
from screening.rules.models import Condition, Rule

ALIAS = {"supplier": "s", "ind": "i", "good": "g", "hit": "h"}
_SAFE_COLUMN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def quote(column: str) -> str:
    """Double-quote a whitelisted identifier (it never contains a quote: checked)."""
    if not _SAFE_COLUMN.match(column):
        raise ConfigError(f"Column name {column!r} is not a plain identifier.")
    return f'"{column}"'


def ref(namespace: str, column: str) -> str:
    return f"{ALIAS[namespace]}.{quote(column)}"


def check_fields(rule: Rule, fields: list[tuple[str, str]], columns: Mapping[str, Mapping[str, str]]) -> None:
    """Every (namespace, column) must exist in ``columns[namespace]``; else a ConfigError for the rule."""
    for namespace, column in fields:
        known = columns.get(namespace)
        if known is None or column not in known:
            choices = ", ".join(sorted(known)) if known else "none"
            raise ConfigError(
                f"Rule {rule.id} refers to {namespace}.{column}, which does not exist. "
                f"Known {namespace} fields: {choices}."
            )


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


def from_clause(rule: Rule) -> str:
    """The join a rule kind stands for. Table names are fixed by the engine, never by input."""
    if rule.kind == "supplier":
        return "sup s"
    if rule.kind == "country":
        table = quote(f"ind_{rule.indicator}")
        return f"sup s JOIN {table} i ON i.country_code = s.country_code"
    if rule.kind == "goods":
        return "sup_goods g JOIN sup s ON s._key = g._key"
    if rule.kind == "goods_country":
        table = quote(f"ind_{rule.indicator}")
        return (
            "sup_goods g JOIN sup s ON s._key = g._key "
            f"JOIN {table} i ON i.country_code = s.country_code AND i.good = g.name"
        )
    return "hits h JOIN sup s ON s._key = h._key"

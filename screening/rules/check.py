"""Check every field a rule names against the typed columns of the relations its kind joins.

A rule names fields in its conditions, in its evidence placeholders and, through its kind, in the
indicator join (:data:`screening.rules.kinds.KINDS`). Each must be a column of the relation behind
its namespace, as registered in DuckDB for a screen; a problem names the rule, where the field is
named, the field and the nearest existing field. ``screening rules validate`` reports every
problem of every rule; evaluation refuses a rule with problems; ``rules test`` fails its cases.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

import duckdb

from screening.errors import ConfigError
from screening.rules import evidence as ev
from screening.rules.kinds import CONSTANTS, KINDS, RELATIONS
from screening.rules.models import Rule
from screening.rules.sql import table

#: namespace -> column -> DuckDB type, for the relations one rule joins.
Columns = Mapping[str, Mapping[str, str]]

_NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "FLOAT", "DOUBLE", "DECIMAL", "U")
#: op -> the type family its field needs.
_OP_TYPES = {
    "is_true": "BOOLEAN",
    "is_false": "BOOLEAN",
    "ge": "numeric or text",
    "gt": "numeric or text",
    "le": "numeric or text",
    "lt": "numeric or text",
    "nonempty": "list or text",
}


def _fits(family: str, dtype: str) -> bool:
    if family == "numeric or text":  # compared as TRY_CAST(... AS DOUBLE): "12.5" compares as 12.5
        return dtype.startswith(_NUMERIC) or dtype == "VARCHAR"
    if family == "list or text":
        return dtype.endswith("[]") or dtype == "VARCHAR"
    return dtype == family


def typed_columns(con: duckdb.DuckDBPyConnection, rule: Rule) -> dict[str, dict[str, str]]:
    """The columns (with DuckDB types) of every relation ``rule``'s kind joins; a missing one is empty."""
    out: dict[str, dict[str, str]] = {}
    for namespace in KINDS[rule.kind].namespaces:
        try:
            rows = con.execute(f"DESCRIBE {table(namespace, rule)}").fetchall()
        except duckdb.CatalogException:
            rows = []
        out[namespace] = {str(r[0]): str(r[1]).upper() for r in rows}
    return out


def named_fields(rule: Rule) -> list[tuple[str, str]]:
    """(where, namespace.column) of every field ``rule`` names, in the order it names them."""
    kind = KINDS[rule.kind]
    named = [(f"the {rule.kind} join", f"ind.{col}") for col in kind.indicator_on]
    named += [(f"the {rule.kind} join", field) for field in kind.indicator_on.values()]
    named += [(f"condition {i} of `where`", c.field) for i, c in enumerate(rule.where, 1)]
    named += [
        ("the evidence template", f"{ns}.{col}")
        for ns, col in ev.fields(rule.evidence)
        if f"{ns}.{col}" not in CONSTANTS
    ]
    named += [("the engine", f"{ns}.{col}") for ns in kind.namespaces for col in RELATIONS[ns].always]
    return named


def rule_problems(rule: Rule, columns: Columns) -> list[str]:
    """What is wrong with the fields ``rule`` names, one sentence each (empty when nothing is)."""
    try:
        named = named_fields(rule)
    except ConfigError as exc:
        return [f"Rule {rule.id}: {exc}"]
    if "ind" in columns and not columns["ind"]:
        loaded = f"no relation ind_{rule.indicator}"
        return [f"Rule {rule.id}: its indicator dataset {rule.indicator!r} is not loaded ({loaded})."]
    problems: list[str] = []
    for where, field in dict.fromkeys(named):
        namespace, column = field.split(".", 1)
        known = columns.get(namespace)
        if known is None:
            problems.append(
                f"Rule {rule.id}: {where} names {field}, but a {rule.kind} rule reads only "
                f"{', '.join(f'{ns}.*' for ns in columns)} fields."
            )
        elif column not in known:
            nearest = _nearest(namespace, column, known)
            problems.append(f"Rule {rule.id}: {where} names {field}, which does not exist; {nearest}")
    for cond in rule.where:
        dtype = columns.get(cond.namespace, {}).get(cond.column)
        wanted = _OP_TYPES.get(cond.op)
        if dtype is not None and wanted is not None and not _fits(wanted, dtype):
            problems.append(
                f"Rule {rule.id}: `{cond.op}` on {cond.field} needs a {wanted} field, but it is {dtype}."
            )
    return problems


def _nearest(namespace: str, column: str, known: Mapping[str, str]) -> str:
    close = difflib.get_close_matches(column, list(known), n=1, cutoff=0.6)
    if close:
        return f"did you mean {namespace}.{close[0]}?"
    return f"the {namespace} fields are {', '.join(sorted(known))}."


def check_rule(rule: Rule, con: duckdb.DuckDBPyConnection) -> list[str]:
    """The problems of one rule against the relations registered on ``con``."""
    return rule_problems(rule, typed_columns(con, rule))

"""Evidence templates: ``"{good.name} from {supplier.country_name} is listed ({dataset.edition})"``.

A template is parsed once into literal text and field references, then built as one polars
``concat_str`` over the rows a rule matched: no ``str.format`` on user data, no eval.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import polars as pl

from screening.errors import ConfigError

PLACEHOLDER = re.compile(r"\{([a-z]+)\.([A-Za-z_][A-Za-z0-9_]*)\}")


def fields(template: str) -> list[tuple[str, str]]:
    """The (namespace, column) pairs a template refers to, in order, without duplicates."""
    seen: list[tuple[str, str]] = []
    for m in PLACEHOLDER.finditer(template):
        pair = (m.group(1), m.group(2))
        if pair not in seen:
            seen.append(pair)
    stray = PLACEHOLDER.sub("", template)
    if "{" in stray or "}" in stray:
        raise ConfigError(f"Evidence template has a malformed placeholder: {template!r}")
    return seen


def column_alias(namespace: str, column: str) -> str:
    return f"{namespace}__{column}"


def build(template: str, constants: Mapping[str, str], schema: Mapping[str, pl.DataType]) -> pl.Expr:
    """An expression giving the evidence sentence per row.

    ``constants`` maps ``"dataset.edition"`` style keys to fixed text; other placeholders read the
    column ``<namespace>__<column>`` of the matched rows. Nulls read as "unknown"; lists are joined.
    """
    parts: list[pl.Expr] = []
    pos = 0
    for m in PLACEHOLDER.finditer(template):
        if m.start() > pos:
            parts.append(pl.lit(template[pos : m.start()]))
        key = f"{m.group(1)}.{m.group(2)}"
        if key in constants:
            parts.append(pl.lit(constants[key]))
        else:
            name = column_alias(m.group(1), m.group(2))
            dtype = schema.get(name)
            if dtype is None:
                raise ConfigError(f"Evidence placeholder {{{key}}} has no value in this rule's join.")
            expr = pl.col(name)
            if isinstance(dtype, pl.List):
                expr = expr.list.join(", ")
            elif dtype == pl.Float64 or dtype == pl.Float32:
                expr = expr.round(2).cast(pl.String).str.replace(r"\.0$", "")
            else:
                expr = expr.cast(pl.String)
            parts.append(expr.fill_null("unknown"))
        pos = m.end()
    if pos < len(template):
        parts.append(pl.lit(template[pos:]))
    return pl.concat_str(parts)

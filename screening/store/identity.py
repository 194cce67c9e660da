"""A finding's identity across screens: its fingerprint, and what changed when it differs.

The fingerprint of a finding is the first 32 hex digits (128 bits) of the SHA-256 of the UTF-8 JSON
array (no spaces, non-ASCII kept as is, exactly ``json.dumps(parts, ensure_ascii=False,
separators=(",", ":"))``)::

    ["fp1", list_name, supplier_id, rule_id,
     evidence, source_dataset, source_edition, matched_entity,   # what the finding says and rests on
     country_code, region_code, goods]                           # the supplier facts it rests on

where a missing value is ``""`` and ``goods`` is normalised (split on ``;``, items stripped of spaces,
empty items dropped, de-duplicated, sorted, joined by ``;``), so the order a list gives its goods in
does not matter. ``"fp1"`` names this recipe; a new recipe gets a new tag.

What is deliberately left out: points, severity, rule_version and match_score. A new scoring policy or
a rule's new version that says the same thing about the same facts keeps an auditor's decision; a
new list edition, a new matched entity, a move to another country or region or a change of goods
does not. An address appears through the country and region it resolves to.

:func:`fingerprint` is the reference implementation in Python; :func:`fingerprints` computes the
same values for a whole frame in DuckDB (about 3 s of CPU per million findings).
"""

from __future__ import annotations

import hashlib
import json
from typing import Final

import duckdb
import polars as pl

RECIPE: Final[str] = "fp1"
FINGERPRINT_LENGTH: Final[int] = 32

#: The finding's own facts (from the findings frame).
FINDING_FACTS: Final[tuple[str, ...]] = ("evidence", "source_dataset", "source_edition", "matched_entity")
#: The supplier facts a finding rests on (from the scores frame).
SUPPLIER_FACTS: Final[tuple[str, ...]] = ("country_code", "region_code", "goods")
FACTS: Final[tuple[str, ...]] = FINDING_FACTS + SUPPLIER_FACTS


def normalise_goods(goods: str | None) -> str:
    """``"Garments; Cotton;;Cotton"`` -> ``"Cotton;Garments"``."""
    items = {g.strip(" ") for g in (goods or "").split(";")}
    return ";".join(sorted(items - {""}))


def fingerprint(
    list_name: str,
    supplier_id: str,
    rule_id: str,
    *,
    evidence: str | None,
    source_dataset: str | None,
    source_edition: str | None,
    matched_entity: str | None,
    country_code: str | None,
    region_code: str | None,
    goods: str | None,
) -> str:
    """The fingerprint of one finding (the reference recipe described in the module docstring)."""
    parts = [
        RECIPE,
        list_name,
        supplier_id or "",
        rule_id or "",
        evidence or "",
        source_dataset or "",
        source_edition or "",
        matched_entity or "",
        country_code or "",
        region_code or "",
        normalise_goods(goods),
    ]
    text = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]


_GOODS_SQL = (
    "array_to_string(list_sort(list_distinct(list_filter("
    "list_transform(string_split(goods, ';'), lambda g: trim(g)), lambda g: g <> ''))), ';')"
)


def _text(column: str, alias: str | None = None) -> str:
    return f'coalesce(CAST("{column}" AS VARCHAR), \'\') AS "{alias or column}"'


def _inner(column: str) -> str:
    """A JSON array's text without its brackets: the elements, comma-separated."""
    return f"substr({column}, 2, length({column}) - 2)"


_SUPPLIER_PART = _inner("""coalesce(s_key.sj, '["","",""]')""")

# The JSON array of the recipe is assembled from parts, so that JSON encoding and goods normalisation
# run once per distinct value, not once per finding: the list name's prefix (a parameter), the
# supplier id and rule id per row, the finding's facts per distinct combination, the supplier's facts
# per distinct combination. The text hashed is exactly the recipe's JSON array.
_FINGERPRINT_SQL = f"""
WITH s AS (
    SELECT "{{key}}", {_text("country_code")}, {_text("region_code")}, {_text("goods")} FROM fp_suppliers
), s_json AS (
    SELECT country_code, region_code, goods,
           to_json(list_value(country_code, region_code, {_GOODS_SQL})) AS sj
    FROM (SELECT DISTINCT country_code, region_code, goods FROM s)
), s_key AS (
    SELECT s."{{key}}", s_json.sj FROM s JOIN s_json USING (country_code, region_code, goods)
), f AS (
    SELECT __i, "{{key}}", {_text("supplier_id", "sid")}, {_text("rule_id", "rid")}, {_text("evidence")},
           {_text("source_dataset")}, {_text("source_edition")}, {_text("matched_entity")}
    FROM fp_findings
), f_json AS (
    SELECT evidence, source_dataset, source_edition, matched_entity,
           to_json(list_value(evidence, source_dataset, source_edition, matched_entity)) AS fj
    FROM (SELECT DISTINCT evidence, source_dataset, source_edition, matched_entity FROM f)
)
SELECT f.__i, substr(sha256(concat(
        ?, to_json(f.sid), ',', to_json(f.rid), ',', {_inner("f_json.fj")}, ',',
        {_SUPPLIER_PART}, ']'
    )), 1, {FINGERPRINT_LENGTH}) AS fingerprint
FROM f
JOIN f_json USING (evidence, source_dataset, source_edition, matched_entity)
LEFT JOIN s_key ON s_key."{{key}}" = f."{{key}}"
ORDER BY f.__i
"""


def _columns(frame: pl.DataFrame, names: tuple[str, ...]) -> list[pl.Expr]:
    return [
        pl.col(c).cast(pl.String) if c in frame.columns else pl.lit(None, pl.String).alias(c) for c in names
    ]


def fingerprints(
    list_name: str, findings: pl.DataFrame, suppliers: pl.DataFrame, key: str = "_key"
) -> pl.Series:
    """The fingerprint of every row of ``findings``, in order (about 3 s of CPU per million).

    A finding's supplier facts come from the row of ``suppliers`` with the same ``key`` (``_key``,
    or ``supplier_id`` when the frames have no ``_key``; the first row wins if a key repeats).
    Missing columns count as empty. Runs in a private in-memory DuckDB.
    """
    if key not in ("_key", "supplier_id"):
        raise ValueError(f"fingerprints joins on _key or supplier_id, not {key!r}")
    keys = [pl.col(key)] if key != "supplier_id" else []
    found = findings.select(
        *keys, *_columns(findings, ("supplier_id", "rule_id", *FINDING_FACTS))
    ).with_row_index("__i")
    facts = suppliers.select(pl.col(key), *_columns(suppliers, SUPPLIER_FACTS))
    if facts.get_column(key).is_duplicated().any():
        facts = facts.unique(subset=[key], keep="first", maintain_order=True)
    prefix = json.dumps([RECIPE, list_name], ensure_ascii=False, separators=(",", ":"))[:-1] + ","
    con = duckdb.connect()
    try:
        con.register("fp_findings", found)
        con.register("fp_suppliers", facts)
        out = con.sql(_FINGERPRINT_SQL.replace("{key}", key), params=[prefix]).pl()
    finally:
        con.close()
    series: pl.Series = out.get_column("fingerprint")
    return series


def _shown(expr: pl.Expr) -> pl.Expr:
    return pl.when(expr == "").then(pl.lit("none")).otherwise(expr)


def change_reason(old: str = "old_", new: str = "new_") -> pl.Expr:
    """A readable list of the facts that differ between ``old<fact>`` and ``new<fact>`` columns.

    ``"source_edition 2022 -> 2024; country_code CN -> VN"``; when only the evidence sentence
    differs, the two sentences. ``""`` when nothing differs.
    """
    parts = []
    for fact in FACTS[1:]:
        before = pl.col(old + fact).cast(pl.String).fill_null("")
        after = pl.col(new + fact).cast(pl.String).fill_null("")
        parts.append(
            pl.when(before != after).then(pl.format(f"{fact} {{}} -> {{}}", _shown(before), _shown(after)))
        )
    facts = pl.concat_list(parts).list.drop_nulls().list.join("; ")
    before_ev = pl.col(old + "evidence").cast(pl.String).fill_null("")
    after_ev = pl.col(new + "evidence").cast(pl.String).fill_null("")
    evidence = (
        pl.when(before_ev != after_ev)
        .then(pl.format("evidence '{}' -> '{}'", before_ev, after_ev))
        .otherwise(pl.lit(""))
    )
    return pl.when(facts != "").then(facts).otherwise(evidence)

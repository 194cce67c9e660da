"""Exact identifier matches: a supplier's LEI, DUNS, Open Supply Hub ID or company number against the
identifiers a watch list carries (OpenSanctions exports, :mod:`screening.matching.opensanctions`).

A supplier list's identifier columns are recognised by their header (``LEI``, ``DUNS Number``,
``OS ID``, ``Company Number``, ...). Values compare with case, spaces and punctuation ignored, and only
values of six characters or more take part (a short number identifies nothing). An identifier hit
has score 1 and decision ``match``, and it outranks a name hit on the same entity
(:func:`merge_hits`): the finding then says which identifier matched.
"""

from __future__ import annotations

import json
import re
from typing import Final

import polars as pl

from screening.matching.explain import list_label
from screening.matching.matcher import HITS_SCHEMA
from screening.matching.watchlist import WatchList

#: Header (lower case, letters and digits only) -> the scheme shown in a hit.
SUPPLIER_COLUMNS: Final[dict[str, str]] = {
    "lei": "LEI",
    "leicode": "LEI",
    "legalentityidentifier": "LEI",
    "duns": "DUNS",
    "dunsnumber": "DUNS",
    "dunsno": "DUNS",
    "osid": "Open Supply Hub ID",
    "opensupplyhubid": "Open Supply Hub ID",
    "oarid": "Open Supply Hub ID",
    "companynumber": "company number",
    "companyregistrationnumber": "company number",
    "registrationnumber": "company number",
    "businessregistrationnumber": "company number",
    "uscc": "unified social credit code",
    "unifiedsocialcreditcode": "unified social credit code",
    "taxnumber": "tax number",
    "taxid": "tax number",
    "vatnumber": "VAT number",
}
MIN_LENGTH: Final = 6
_KEY: Final = re.compile(r"[^a-z0-9]+")


def identifier_key(value: str) -> str:
    """``"5493 001K-JTIIGC8Y1R12"`` -> ``"5493001KJTIIGC8Y1R12"``: letters and digits, upper case."""
    return re.sub(r"[^A-Z0-9]+", "", value.upper())


def identifier_columns(columns: list[str]) -> dict[str, str]:
    """The columns of a supplier frame that hold identifiers -> their scheme."""
    return {c: SUPPLIER_COLUMNS[k] for c in columns if (k := _KEY.sub("", c.lower())) in SUPPLIER_COLUMNS}


def identifier_hits(frame: pl.DataFrame, lists: WatchList) -> pl.DataFrame:
    """One hit per (supplier row, listed entity) sharing an identifier (:data:`HITS_SCHEMA`)."""
    index: dict[str, list[tuple[int, str, str]]] = {}
    for e_idx, entry in enumerate(lists.entries):
        for scheme, value in entry.identifiers:
            key = identifier_key(value)
            if len(key) >= MIN_LENGTH:
                index.setdefault(key, []).append((e_idx, scheme, value))
    columns = identifier_columns(frame.columns)
    if not index or not columns:
        return pl.DataFrame(schema=HITS_SCHEMA)
    rows: list[dict[str, object]] = []
    for column, scheme in columns.items():
        values = frame.select(
            "_key",
            pl.col(column).cast(pl.String).alias("raw"),
            pl.col(column).cast(pl.String).str.to_uppercase().str.replace_all(r"[^A-Z0-9]+", "").alias("key"),
        ).filter(pl.col("key").is_in(list(index)))
        for key_, raw, key in values.iter_rows():
            for e_idx, listed_scheme, listed_value in index[key]:
                entry = lists.entries[e_idx]
                source = entry.details.get("source_id")
                where = list_label(entry.list_id) + (f", entity {source}" if source else "")
                rows.append(
                    {
                        "_key": key_,
                        "field": "supplier_name",
                        "list_id": entry.list_id,
                        "entity_id": entry.entity_id,
                        "matched_entity": entry.name,
                        "matched_name": entry.name,
                        "score": 1.0,
                        "decision": "match",
                        "explanation": f"the {scheme} '{raw}' in column '{column}' equals the "
                        f"{listed_scheme} '{listed_value}' of '{entry.name}' ({where}): exact identifier "
                        "match; score 1.00 (match).",
                        "entity_country": entry.country_code,
                        "entity_active": entry.active,
                        "entity_details": json.dumps(
                            {**entry.details, "reason": entry.reason}, sort_keys=True, ensure_ascii=False
                        ),
                    }
                )
    return pl.DataFrame(rows, schema=HITS_SCHEMA) if rows else pl.DataFrame(schema=HITS_SCHEMA)


def merge_hits(id_hits: pl.DataFrame, name_hits: pl.DataFrame) -> pl.DataFrame:
    """Identifier hits first; a name hit on an entity the same row already matched by identifier goes."""
    if id_hits.is_empty():
        return name_hits
    ranked = pl.concat(
        [id_hits.with_columns(pl.lit(0).alias("_by")), name_hits.with_columns(pl.lit(1).alias("_by"))]
    )
    return (
        ranked.sort(["_key", "_by", "score", "entity_id"], descending=[False, False, True, False])
        .unique(["_key", "entity_id"], keep="first", maintain_order=True)
        .drop("_by")
    )

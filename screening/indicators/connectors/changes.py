"""What a new edition changes, in the words each dataset's users think in.

* ``uflpa``, ``cbp_wro``: **entities** added and removed (and changed listing: sections, status);
* ``ilab_goods``: **goods x country** listings added and removed (and changed listing type);
* ``tip_tiers``: **tier changes** per country (and countries added or removed).

Rows are matched on the dataset's key (case and spacing ignored; countries by ISO code when they
map, so "Burma" and "Myanmar" are one country). The report is a JSON-ready dict, printed by the CLI,
returned by the refresh flow and written as ``changes.json`` in the new version's folder.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from screening.indicators.models import DatasetMeta

#: dataset -> (what a row is, key columns, watched columns)
SHAPES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "uflpa": ("entities", ("name",), ("legal_authority", "aliases")),
    "cbp_wro": ("entities", ("entity_or_scope", "type", "date_issued"), ("status",)),
    "ilab_goods": ("goods x country", ("good", "country"), ("listing_type", "forced_child_labor")),
    "tip_tiers": ("countries", ("country",), ("tier",)),
}
#: Items listed per kind of change (counts are always complete).
LIMIT = 500


def _keyed(frame: pl.DataFrame, key: Sequence[str], country_column: str | None) -> pl.DataFrame:
    parts = []
    for col in key:
        if col == country_column and "country_code" in frame.columns:
            parts.append(pl.coalesce(pl.col("country_code"), _fold(col)))
        else:
            parts.append(_fold(col))
    return frame.with_columns(pl.concat_str(parts, separator="\x1f").alias("_match"))


def _fold(col: str) -> pl.Expr:
    return pl.col(col).fill_null("").str.to_lowercase().str.replace_all(r"[\s,.]+", " ").str.strip_chars()


def _label(row: dict[str, Any], key: Sequence[str]) -> dict[str, Any]:
    return {c: row.get(c) for c in key}


def change_report(
    dataset_id: str,
    old_meta: DatasetMeta,
    old: pl.DataFrame,
    new_meta: DatasetMeta,
    new: pl.DataFrame,
    old_version: str = "bundled",
) -> dict[str, Any]:
    """The changes from ``old`` (the edition in use) to ``new`` (the candidate), as a JSON-ready dict."""
    unit, key, watched = SHAPES.get(dataset_id, ("rows", tuple(new_meta.key_columns), ()))
    key = tuple(c for c in key if c in new.columns and c in old.columns) or tuple(new_meta.key_columns)
    watched = tuple(c for c in watched if c in new.columns and c in old.columns)
    a = _keyed(old, key, old_meta.country_column).unique("_match", keep="first", maintain_order=True)
    b = _keyed(new, key, new_meta.country_column).unique("_match", keep="first", maintain_order=True)
    added = b.join(a.select("_match"), on="_match", how="anti")
    removed = a.join(b.select("_match"), on="_match", how="anti")
    changed: list[dict[str, Any]] = []
    if watched:
        both = a.select("_match", *key, *watched).join(
            b.select("_match", *watched), on="_match", how="inner", suffix="_new"
        )
        for row in both.iter_rows(named=True):
            for col in watched:
                before, after = row[col] or "", row[f"{col}_new"] or ""
                if before != after:
                    changed.append({**_label(row, key), "column": col, "from": before, "to": after})
    rows_changed = len({tuple(str(item.get(c)) for c in key) for item in changed})
    counts = {"added": added.height, "removed": removed.height, "changed": rows_changed}
    return {
        "dataset": dataset_id,
        "unit": unit,
        "from": {
            "version": old_version,
            "edition": old_meta.edition,
            "sha256": old_meta.sha256,
            "rows": old.height,
        },
        "to": {"version": None, "edition": new_meta.edition, "sha256": new_meta.sha256, "rows": new.height},
        "counts": counts,
        "summary": summary(dataset_id, unit, counts, watched),
        "added": [_label(r, key) for r in added.head(LIMIT).iter_rows(named=True)],
        "removed": [_label(r, key) for r in removed.head(LIMIT).iter_rows(named=True)],
        "changed": changed[:LIMIT],
    }


def summary(dataset_id: str, unit: str, counts: dict[str, int], watched: Sequence[str]) -> str:
    """One sentence, e.g. "12 entities added, 1 removed, 3 changed (status)"."""
    if dataset_id == "tip_tiers":
        text = f"{counts['changed']} tier change(s)"
        extra = [
            f"{counts[k]} countr{'y' if counts[k] == 1 else 'ies'} {k}"
            for k in ("added", "removed")
            if counts[k]
        ]
        return ", ".join([text, *extra])
    text = f"{counts['added']} {unit} added, {counts['removed']} removed"
    if watched:
        text += f", {counts['changed']} changed ({', '.join(watched)})"
    return text

"""Small helpers shared by the HTML report, the workbook and the evidence pack.

Everything that turns a value into HTML goes through :func:`esc` (``html.escape`` with quotes), because
supplier names, goods and evidence sentences come from files we do not control.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, Final

import polars as pl

from screening.contract import TIER_RANK, TIERS

#: Tier and severity colours (background, text); used by the HTML and the workbook alike.
TIER_COLOURS: Final[dict[str, tuple[str, str]]] = {
    "critical": ("#7F1D1D", "#FFFFFF"),
    "high": ("#DC2626", "#FFFFFF"),
    "medium": ("#F59E0B", "#1F2937"),
    "low": ("#16A34A", "#FFFFFF"),
    "review": ("#6D28D9", "#FFFFFF"),
}

#: Tiers from the most to the least severe.
TIERS_DESC: Final[tuple[str, ...]] = tuple(reversed(TIERS))


def esc(value: object) -> str:
    """HTML-escape any value (``None`` becomes an empty string); quotes are escaped too."""
    if value is None:
        return ""
    if isinstance(value, float):
        return html.escape(fmt_num(value), quote=True)
    return html.escape(str(value), quote=True)


def fmt_num(value: float | int | None, digits: int = 0) -> str:
    """A number with thousands separators; empty for a missing or non-finite value."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    if digits == 0 and float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{digits or 1}f}"


def fmt_share(part: float, whole: float) -> str:
    """``part`` as a percentage of ``whole`` with one decimal ("0.0%" when the whole is zero)."""
    return f"{(100.0 * part / whole) if whole else 0.0:.1f}%"


def text(value: object) -> str:
    """A display string for a cell value ("" for ``None``)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return fmt_num(value, 2) if not value.is_integer() else fmt_num(value)
    return str(value)


def tier_rank_expr(column: str = "risk_tier") -> pl.Expr:
    """An integer rank of a tier column (critical 4 ... low 1, unknown 0) for sorting."""
    return pl.col(column).replace_strict(TIER_RANK, default=0, return_dtype=pl.Int8)


#: Order in which a supplier's findings are shown: a possible watch-list match awaiting an auditor
#: comes right after the high findings, because it is what a reviewer must decide first.
DISPLAY_RANK: Final[dict[str, int]] = {"critical": 5, "high": 4, "review": 3, "medium": 2, "low": 1}


def severity_rank_expr(column: str = "severity") -> pl.Expr:
    """An integer display rank of a severity column (see ``DISPLAY_RANK``; unknown 0) for sorting."""
    return pl.col(column).replace_strict(DISPLAY_RANK, default=0, return_dtype=pl.Int8)


def flagged_order(scores: pl.DataFrame, tiers: Iterable[str]) -> pl.DataFrame:
    """Suppliers of ``tiers``, most severe tier first, then highest score, then input order."""
    return (
        scores.filter(pl.col("risk_tier").is_in(list(tiers)))
        .with_columns(tier_rank_expr().alias("__tier"))
        .sort(["__tier", "risk_score"], descending=[True, True], nulls_last=True, maintain_order=True)
        .drop("__tier")
    )


def has_spend(scores: pl.DataFrame) -> bool:
    """Whether the screen carries any supplier spend (a ``spend`` column with at least one value)."""
    return "spend" in scores.columns and scores["spend"].null_count() < scores.height


#: Ways to tie a finding to its score row, best first: the run's internal key, then the source row.
_JOIN_KEYS: Final[tuple[tuple[str, ...], ...]] = (
    ("_key",),
    ("supplier_id", "source_file", "source_row"),
    ("supplier_id",),
)


def join_keys(scores: pl.DataFrame, findings: pl.DataFrame) -> list[str]:
    """The columns that tie findings to score rows: ``_key`` when both frames carry it (inside a run);
    else supplier id, source file and row (the published parquet files); else the supplier id."""
    for keys in _JOIN_KEYS:
        if all(k in scores.columns and k in findings.columns for k in keys):
            return list(keys)
    return ["supplier_id"]


def datasets_by_id(datasets: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Dataset metadata dicts keyed by their ``id``."""
    return {str(d["id"]): dict(d) for d in datasets if d.get("id") is not None}


def datasets_from_run(run: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The dataset metadata of a run: ``run["datasets"]`` when stored, else built from its editions."""
    stored = run.get("datasets")
    if isinstance(stored, list) and stored:
        return [dict(d) for d in stored if isinstance(d, Mapping)]
    versions = run.get("indicator_versions") or {}
    out: list[dict[str, Any]] = []
    if isinstance(versions, Mapping):
        for dataset_id, info in sorted(versions.items()):
            entry: dict[str, Any] = {"id": dataset_id}
            if isinstance(info, Mapping):
                entry.update(info)
            else:
                entry["edition"] = info
            out.append(entry)
    return out


def first_present(row: Mapping[str, Any], *names: str) -> Any:
    """The first non-null value among ``names`` in ``row`` (``None`` when none is present)."""
    for name in names:
        value = row.get(name)
        if value is not None and value != "":
            return value
    return None


#: Where each supplier field of the reports is found in a scores row: the first of its columns with a value.
SUPPLIER_FIELDS: dict[str, tuple[str, ...]] = {
    "Supplier id": ("supplier_id",),
    "Supplier name": ("supplier_name",),
    "Parent": ("parent_name",),
    "Country": ("country_code",),
    "Region": ("region_code",),
    "Goods": ("goods",),
    "Sector": ("sector",),
    "Spend": ("spend",),
    "Risk score": ("risk_score",),
    "Findings": ("n_findings",),
    "Top reason": ("top_reason",),
    "Review status": ("review_status",),
    "Source file": ("_source", "source_file"),
    "Row number": ("_row", "source_row", "row_number"),
}


def supplier_field(row: Mapping[str, Any], label: str) -> Any:
    """The value of the supplier field ``label`` (a key of :data:`SUPPLIER_FIELDS`) in ``row``, or None."""
    return first_present(row, *SUPPLIER_FIELDS[label])


def safe_href(url: object) -> str | None:
    """``url`` escaped for an ``href`` when it is a plain http(s) address, else ``None``."""
    if not isinstance(url, str):
        return None
    stripped = url.strip()
    if stripped.lower().startswith(("https://", "http://")) and not any(c.isspace() for c in stripped):
        return esc(stripped)
    return None


def link_or_text(url: object) -> str:
    """An escaped link for an http(s) address, or the escaped text of anything else."""
    href = safe_href(url)
    if href is None:
        return esc(url)
    return f'<a href="{href}" rel="noopener noreferrer">{href}</a>'


@lru_cache(maxsize=512)
def country_label(code: str) -> str:
    """``CN China`` for an ISO alpha-2 code; ``unknown`` for an empty one; the code if not ISO."""
    if not code:
        return "unknown"
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    name = getattr(country, "common_name", None) or getattr(country, "name", None)
    return f"{code} {name}" if name else code

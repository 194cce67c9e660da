"""What an orchestrator shows of a finished screen and of a refresh (the Prefect flows' artifacts).

Plain data from the files a screen wrote (run.json's tier counts, scores.parquet) and from the
refresh results; :mod:`flows.ops` hands them to Prefect.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from screening.contract import TIERS

#: Rows of the strongest flags shown (as `screening run` prints them).
TOP_FLAGS = 10
#: Items of each kind (added, removed, changed) listed per source in a refresh's markdown.
MD_ITEMS = 25
_TOP_COLUMNS = ("supplier_id", "supplier_name", "country_code", "risk_score", "risk_tier", "top_reason")


@dataclass
class ScreenSummary:
    headline: str
    tiers: list[dict[str, Any]] = field(default_factory=list)
    top_flags: list[dict[str, Any]] = field(default_factory=list)


def artifact_key(text: str) -> str:
    """``text`` as a Prefect artifact key or run-name word: lowercase letters, digits and dashes."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "screen"


def top_flags(scores_parquet: Path, n: int = TOP_FLAGS) -> list[dict[str, Any]]:
    """The ``n`` strongest high and critical rows (highest score first, then input order)."""
    if not scores_parquet.is_file():
        return []
    return (
        pl.scan_parquet(scores_parquet)
        .filter(pl.col("risk_tier").is_in(["critical", "high"]))
        .select(_TOP_COLUMNS)
        .sort("risk_score", descending=True, maintain_order=True)
        .head(n)
        .collect()
        .to_dicts()
    )


def screen_summary(run: dict[str, Any], out_dir: Path) -> ScreenSummary:
    """Tiers by row and by distinct supplier-site, counts, and the strongest flags of a screen."""
    counts = run.get("tiers") or {}
    by_row, by_site = counts.get("by_row", {}), counts.get("by_supplier", {})
    tiers = [
        {"tier": t, "rows": int(by_row.get(t, 0)), "supplier_sites": int(by_site.get(t, 0))}
        for t in reversed(TIERS)
    ]
    total = {
        "tier": "total",
        "rows": int(counts.get("rows", 0)),
        "supplier_sites": int(counts.get("suppliers", 0)),
    }
    tiers.append(total)
    passed = (run.get("validation") or {}).get("success")
    headline = (
        f"{run.get('list_name')}: {run.get('rows_in', 0):,} rows in, {run.get('rows_screened', 0):,} "
        f"screened, {run.get('rows_quarantined', 0):,} quarantined; validation "
        f"{'passed' if passed else 'FAILED'} (run {run.get('run_id')})"
    )
    return ScreenSummary(headline, tiers, top_flags(out_dir / "scores.parquet"))


def refresh_markdown(results: Sequence[dict[str, Any]]) -> str:
    """The change report of a refresh as markdown: one section per source."""
    lines = ["# Indicator refresh", "", "| source | status | version | summary |", "|---|---|---|---|"]
    for r in results:
        summary = str((r.get("changes") or {}).get("summary") or r.get("error") or "")
        cells = [r.get("dataset"), r.get("status"), r.get("version") or "", summary]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    for r in results:
        changes = r.get("changes") or {}
        if not any(changes.get(k) for k in ("added", "removed", "changed")):
            continue
        before, after = changes.get("from") or {}, changes.get("to") or {}
        lines += ["", f"## {_cell(r.get('dataset'))}: {_cell(changes.get('summary'))}", ""]
        lines.append(f"Edition {_cell(before.get('edition'))} -> {_cell(after.get('edition'))}.")
        for kind in ("added", "removed", "changed"):
            items = changes.get(kind) or []
            if items:
                lines += ["", f"**{kind}** ({len(items)} shown)", ""]
                for item in items[:MD_ITEMS]:
                    lines.append("- " + _cell(", ".join(f"{k}: {v}" for k, v in item.items())))
    return "\n".join(lines) + "\n"


def _cell(value: object) -> str:
    return str(value if value is not None else "").replace("|", "\\|").replace("\n", " ")

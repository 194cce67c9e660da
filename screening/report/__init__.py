"""Reports for compliance teams and auditors.

* :func:`write_reports` writes ``report.xlsx`` (Summary, Flagged, All suppliers, Findings, Quarantine,
  Data sources) and ``report.html`` (a self-contained, printable report with inline SVG charts);
  :func:`write_report_files` does the same from a :class:`ReportInput` (:meth:`ReportInput.build`).
* :func:`write_evidence_pack` writes ``evidence/<id>.html``: everything known about one supplier.

Supplier data is hostile: every HTML value is escaped and every spreadsheet text cell is neutralised
(:mod:`screening.output.safe`) and written as a string, never as a formula.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from screening.report.contents import ReportInput
from screening.report.evidence import write_evidence_pack
from screening.report.html import render_html
from screening.report.xlsx import write_xlsx
from screening.scoring.policy import Policy, load_policy
from screening.settings import get_settings


def _policy(policy: Policy | None) -> Policy:
    return policy if policy is not None else load_policy(get_settings().rules_dir)


def write_reports(
    out_dir: Path,
    *,
    scores: pl.DataFrame,
    findings: pl.DataFrame,
    quarantine: pl.DataFrame,
    run: Mapping[str, Any],
    datasets: Sequence[Mapping[str, Any]],
    policy: Policy | None = None,
    xlsx_all_rows: bool | None = None,
) -> dict[str, Path]:
    """Write ``out_dir/report.xlsx`` and ``out_dir/report.html``; returns ``{"html": ..., "xlsx": ...}``.

    ``policy`` defaults to ``rules/policy.yml`` of the configured rules folder (for the methods section).
    ``xlsx_all_rows``: see :func:`screening.report.xlsx.write_xlsx` (None: by the screen's size).
    """
    report = ReportInput.build(scores, findings, quarantine, run, datasets, _policy(policy))
    return write_report_files(out_dir, report, xlsx_all_rows=xlsx_all_rows)


def write_report_files(
    out_dir: Path, report: ReportInput, *, xlsx_all_rows: bool | None = None
) -> dict[str, Path]:
    """Write ``report``'s ``out_dir/report.xlsx`` and ``out_dir/report.html`` (see :func:`write_reports`)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    xlsx = write_xlsx(out_dir / "report.xlsx", report, all_rows=xlsx_all_rows)
    html = out_dir / "report.html"
    html.write_text(render_html(report), encoding="utf-8")
    return {"html": html, "xlsx": xlsx}


__all__ = ["ReportInput", "write_evidence_pack", "write_report_files", "write_reports"]

"""What the two reports are made of: one screen's tables and records, the policy and the portfolio summary.

:func:`screening.report.write_reports` builds one :class:`ReportInput` (:meth:`ReportInput.build`)
and :func:`screening.report.write_report_files` hands it to both
:func:`~screening.report.html.render_html` and :func:`~screening.report.xlsx.write_xlsx`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from screening.report.portfolio import Portfolio, summarise
from screening.scoring.policy import Policy


@dataclass(frozen=True)
class ReportInput:
    scores: pl.DataFrame
    findings: pl.DataFrame
    quarantine: pl.DataFrame
    run: Mapping[str, Any]  # the run record (run.json)
    datasets: Sequence[Mapping[str, Any]]  # the dataset records of the run (edition, age, licence, ...)
    policy: Policy  # for the methods section and each tier's expected action
    portfolio: Portfolio  # summarise(scores, findings)

    @classmethod
    def build(
        cls,
        scores: pl.DataFrame,
        findings: pl.DataFrame,
        quarantine: pl.DataFrame,
        run: Mapping[str, Any],
        datasets: Sequence[Mapping[str, Any]],
        policy: Policy,
        *,
        tiers: Mapping[str, Any] | None = None,
    ) -> ReportInput:
        """The reports' input for one screen, its portfolio summary computed here (``tiers``: the tier
        counts a screen has just computed of ``scores``, for run.json; counted again when None)."""
        return cls(
            scores, findings, quarantine, run, datasets, policy, summarise(scores, findings, tiers=tiers)
        )

"""Fixtures for the report tests.

Fixture policy: ``sample.py`` builds a realistic hand-made screen (20 suppliers, findings of every
category following the real rules, dataset metadata copied from rules/indicators/*.yml); tests that
need hostile or edge-case data build small frames of their own from it. ``written`` is the sample's
report.html and report.xlsx written once per test module.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from .sample import build, run_record, write_sample_reports


@pytest.fixture(scope="module")
def sample() -> tuple[pl.DataFrame, pl.DataFrame, dict[str, Any]]:
    scores, findings = build()
    return scores, findings, run_record()


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory, sample: Any) -> dict[str, Path]:
    scores, findings, run = sample
    out = tmp_path_factory.mktemp("reports")
    return write_sample_reports(out, scores, findings, run)

"""Fixtures of the rule tests: the shipped rules' own cases, run once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

RULES = Path(__file__).resolve().parents[2] / "rules"


@pytest.fixture(scope="session")
def case_results():
    """RULE_ID::case_name -> the result of that case of the shipped rules (``screening rules test``)."""
    from screening.rules.cases import load_case_context, run_cases

    return {r.case_id: r for r in run_cases(load_case_context(RULES))}

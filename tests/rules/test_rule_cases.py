"""Every rule's own cases, one test each, with readable ids RULE_ID::case_name."""

from __future__ import annotations

from pathlib import Path

import pytest

from screening.rules import load_rules

RULES = Path(__file__).resolve().parents[2] / "rules"
CASES = [(r.id, c.name) for r in load_rules(RULES).rules for c in r.cases]


@pytest.mark.parametrize(("rule_id", "case"), CASES, ids=[f"{r}::{c}" for r, c in CASES])
def test_rule_case(case_results, rule_id, case):
    result = case_results[f"{rule_id}::{case}"]
    if result.skipped:
        pytest.skip(result.skipped)
    assert result.passed, result.message

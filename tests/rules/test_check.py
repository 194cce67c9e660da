"""Every field a rule names is checked against the typed columns of what its kind joins."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from screening.rules.models import Rule

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def problems_of(screen_context):
    from screening.findings import field_problems
    from screening.rules.loader import RuleSet

    def check(**changes) -> list[str]:
        rule = screen_context.rules.get("ilab-forced-labor-good")
        raw = rule.model_dump() | changes
        changed = Rule.model_validate(raw)
        return field_problems(screen_context, RuleSet((changed,), "test", {})).get(rule.id, [])

    return check


def test_the_shipped_rules_name_only_existing_fields(screen_context):
    from screening.findings import field_problems

    assert field_problems(screen_context) == {}


def test_a_renamed_indicator_column_is_named_with_the_nearest_one(problems_of):
    found = problems_of(where=[{"field": "ind.forced_labour", "op": "eq", "value": "Yes"}])
    assert found == [
        "Rule ilab-forced-labor-good: condition 1 of `where` names ind.forced_labour, which does not "
        "exist; did you mean ind.forced_labor?"
    ]


def test_evidence_placeholders_are_checked_too(problems_of):
    found = problems_of(evidence="{good.name} from {supplier.country_nmae} is listed ({dataset.edition}).")
    assert len(found) == 1
    assert "the evidence template names supplier.country_nmae" in found[0]
    assert "did you mean supplier.country_name?" in found[0]


def test_an_operator_needs_a_field_of_its_type(problems_of):
    found = problems_of(where=[{"field": "supplier.country_code", "op": "is_true"}])
    assert found == [
        "Rule ilab-forced-labor-good: `is_true` on supplier.country_code needs a BOOLEAN field, "
        "but it is VARCHAR."
    ]


def test_validate_catches_the_broken_field_and_test_fails_only_that_rule(tmp_path, case_results):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    path = rules / "risk" / "ilab-forced-labor-good.yml"
    env = {"SCREENING_RULES_DIR": str(rules), "PATH": "", "HOME": str(tmp_path)}
    cmd = [sys.executable, "-m", "screening", "rules"]
    path.write_text(path.read_text().replace("ind.forced_labor,", "ind.forced_labour,"))
    validate = subprocess.run([*cmd, "validate"], env=env, capture_output=True, text=True, timeout=120)
    assert validate.returncode == 2
    assert "ilab-forced-labor-good.yml" in validate.stderr
    assert "ind.forced_labour" in validate.stderr and "did you mean ind.forced_labor?" in validate.stderr
    assert "Traceback" not in validate.stderr
    test = subprocess.run([*cmd, "test"], env=env, capture_output=True, text=True, timeout=120)
    assert test.returncode == 1
    broken = [line for line in test.stdout.splitlines() if line.startswith("FAIL ilab-forced-labor-good::")]
    assert len(broken) == 5
    assert all(
        "names ind.forced_labour, which does not exist; did you mean ind.forced_labor?" in line
        for line in broken
    )
    # Every other rule's cases ran as they do on the shipped rules (case_results: the same cases, run once).
    others = [line for line in test.stdout.splitlines() if line.startswith("FAIL") and line not in broken]
    assert [line.split()[1] for line in others] == [c for c, r in case_results.items() if not r.passed]
    passed = sum(r.passed and not r.skipped for r in case_results.values())
    assert f"{passed - 5} passed, {len(others) + 5} failed" in test.stdout

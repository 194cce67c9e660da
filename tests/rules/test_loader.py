"""Rule files: schema errors are readable and name the file and field; every shipped rule loads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from screening.contract import CATEGORIES
from screening.errors import ConfigError
from screening.rules import load_rules
from screening.rules.loader import rules_version

RULES = Path(__file__).resolve().parents[2] / "rules"


def _copy_rules(tmp_path: Path) -> Path:
    dest = tmp_path / "rules"
    shutil.copytree(RULES, dest)
    return dest


def test_every_shipped_rule_loads_and_ids_are_unique():
    rs = load_rules(RULES)
    ids = [r.id for r in rs.rules]
    assert len(ids) == len(set(ids)) >= 30
    assert {r.category for r in rs.rules} == set(CATEGORIES)


def test_missing_field_names_file_and_field(tmp_path):
    rules = _copy_rules(tmp_path)
    path = rules / "risk" / "tip-tier-3.yml"
    raw = yaml.safe_load(path.read_text())
    del raw["points"]
    path.write_text(yaml.safe_dump(raw))
    with pytest.raises(ConfigError) as err:
        load_rules(rules)
    assert "tip-tier-3.yml" in str(err.value)
    assert "tip-tier-3.yml: invalid rule file: line 1, `points`: required key is missing" in str(err.value)
    assert "Compare with rules/risk/_template.yml" in str(err.value)


def test_unknown_category_and_field_are_rejected(tmp_path):
    rules = _copy_rules(tmp_path)
    path = rules / "risk" / "tip-tier-3.yml"
    raw = yaml.safe_load(path.read_text())
    raw["category"] = "slavery"
    raw["wher"] = []
    path.write_text(yaml.safe_dump(raw))
    with pytest.raises(ConfigError) as err:
        load_rules(rules)
    assert "category 'slavery' is not one of" in str(err.value)
    lines = path.read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("wher:"))
    assert f"line {line}, `wher`: unknown key (check its spelling)" in str(err.value)


def test_rule_needs_a_fire_and_a_no_fire_case(tmp_path):
    rules = _copy_rules(tmp_path)
    path = rules / "risk" / "tip-tier-3.yml"
    raw = yaml.safe_load(path.read_text())
    raw["cases"] = [c for c in raw["cases"] if c["expect"] == "fire"]
    path.write_text(yaml.safe_dump(raw))
    with pytest.raises(ConfigError, match="at least one `expect: fire` and one `expect: no_fire`"):
        load_rules(rules)


def test_duplicate_rule_id_is_an_error(tmp_path):
    rules = _copy_rules(tmp_path)
    shutil.copy(rules / "risk" / "tip-tier-3.yml", rules / "risk" / "tip-tier-3-copy.yml")
    with pytest.raises(ConfigError, match="defined twice"):
        load_rules(rules)


def test_condition_field_must_be_namespaced(tmp_path):
    rules = _copy_rules(tmp_path)
    path = rules / "risk" / "tip-tier-3.yml"
    raw = yaml.safe_load(path.read_text())
    raw["where"] = [{"field": "tier; DROP TABLE sup", "op": "eq", "value": "x"}]
    path.write_text(yaml.safe_dump(raw))
    with pytest.raises(ConfigError, match="must look like supplier"):
        load_rules(rules)


def test_rules_version_changes_when_a_rule_changes(tmp_path):
    rules = _copy_rules(tmp_path)
    before = rules_version(rules)
    path = rules / "risk" / "tip-tier-3.yml"
    path.write_text(path.read_text().replace("points: 20", "points: 25"))
    assert rules_version(rules) != before
    assert before.startswith((RULES / "VERSION").read_text().strip() + "+")

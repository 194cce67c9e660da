"""A dataset's passing validation is reused only while its rows, its expectations and the engine are the same;
a failing dataset is validated again on every screen."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from screening.indicators import load_catalog
from screening.validation import validate_datasets
from screening.validation.datasets import dataset_specs
from screening.validation.reuse import reuse_key

from .conftest import read_dataset, rewrite_dataset

pytestmark = pytest.mark.usefixtures("gx")


def _validate(rules_dir: Path, kept: Path):
    return validate_datasets(load_catalog(rules_dir), rules_dir, reuse_dir=kept)


def test_a_second_validation_reuses_every_passing_dataset_with_the_same_outcomes(rules_copy, tmp_path):
    kept = tmp_path / "validated"
    first = _validate(rules_copy, kept)
    assert first.success and first.reused == []
    datasets = sorted(load_catalog(rules_copy).datasets)
    assert len(list(kept.glob("*.json"))) == len(datasets) == 13
    second = _validate(rules_copy, kept)
    assert second.reused == datasets
    assert [o.to_dict() for o in second.outcomes] == [o.to_dict() for o in first.outcomes]
    assert second.to_dict()["reused"]["datasets"] == datasets
    assert "reused" not in first.to_dict()
    record = json.loads(next(kept.glob("*.json")).read_text(encoding="utf-8"))
    assert record["dataset"] in datasets and record["great_expectations"]


def test_a_failing_dataset_is_not_kept_and_fails_again(rules_copy, tmp_path):
    kept = tmp_path / "validated"
    rewrite_dataset(rules_copy, "tip_tiers", read_dataset(rules_copy, "tip_tiers").head(20))
    for _ in range(2):
        result = _validate(rules_copy, kept)
        assert not result.success
        assert {o.expectation for o in result.blocking_failures if o.batch == "tip_tiers"} == {"rows_min"}
        assert "tip_tiers" not in result.reused
    assert len(list(kept.glob("*.json"))) == 12  # every dataset but the failing one


def test_changed_rows_or_a_changed_expectation_are_validated_again(rules_copy, tmp_path):
    kept = tmp_path / "validated"
    _validate(rules_copy, kept)
    tiers = read_dataset(rules_copy, "tip_tiers")
    rewrite_dataset(rules_copy, "tip_tiers", tiers.head(tiers.height - 1))  # one row fewer: still passes
    assert "tip_tiers" not in _validate(rules_copy, kept).reused
    assert "tip_tiers" in _validate(rules_copy, kept).reused
    meta = rules_copy / "indicators" / "tip_tiers.yml"
    text = meta.read_text(encoding="utf-8")
    raised = text.replace("rows: {min: 180, max: 200}", "rows: {min: 999, max: 1000}")
    assert raised != text
    meta.write_text(raised, encoding="utf-8")
    result = _validate(rules_copy, kept)
    assert "tip_tiers" not in result.reused
    assert {o.expectation for o in result.blocking_failures} == {"rows_min"}


def test_a_kept_file_that_is_unreadable_or_holds_a_failure_is_not_trusted(rules_copy, tmp_path):
    kept = tmp_path / "validated"
    _validate(rules_copy, kept)
    files = sorted(kept.glob("*.json"))
    files[0].write_text("{not json", encoding="utf-8")
    edited = json.loads(files[1].read_text(encoding="utf-8"))
    edited["outcomes"][0]["success"] = False
    files[1].write_text(json.dumps(edited), encoding="utf-8")
    result = _validate(rules_copy, kept)
    assert result.success and len(result.reused) == 11


def test_the_key_names_the_rows_and_the_expectations():
    catalog = load_catalog(Path(__file__).resolve().parents[2] / "rules")
    meta = catalog.datasets["tip_tiers"]
    specs = dataset_specs(meta)
    rows = catalog.frame("tip_tiers").write_csv().encode()
    key = reuse_key("tip_tiers", rows, specs)
    assert re.fullmatch(r"[0-9a-f]{64}", key)
    assert reuse_key("tip_tiers", rows, specs) == key
    assert reuse_key("tip_tiers", rows + b"x", specs) != key
    assert reuse_key("tip_tiers", rows, specs[:-1]) != key
    assert reuse_key("gsi_2023", rows, specs) != key

"""validation.json and validation.html: what a screen records, readable and safe to open."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from screening.indicators import load_catalog
from screening.validation import (
    ValidationReport,
    validate_datasets,
    validate_input,
    validate_results,
    write_validation_report,
)

from .test_inputs import GOOD, suppliers
from .test_results import COUNTS, DATASET_IDS, RULE_IDS, good_result

pytestmark = pytest.mark.usefixtures("gx")
RULES = Path(__file__).resolve().parents[2] / "rules"


@pytest.fixture(scope="module")
def normal_report() -> ValidationReport:
    _, _, input_res = validate_input(suppliers(GOOD), RULES)
    datasets_res = validate_datasets(load_catalog(RULES), RULES)
    scores, findings = good_result()
    results_res = validate_results(scores, findings, COUNTS, RULE_IDS, DATASET_IDS, RULES)
    return ValidationReport.from_results([input_res, datasets_res, results_res, None], skipped=False)


def test_normal_screen_evaluates_at_least_20_expectations_and_passes(normal_report, tmp_path: Path):
    assert normal_report.success and normal_report.evaluated >= 20
    paths = write_validation_report(tmp_path, normal_report)
    data = json.loads(paths["validation"].read_text(encoding="utf-8"))
    assert data["success"] is True and data["skipped"] is False
    assert data["evaluated"] == normal_report.evaluated
    assert [s["suite"] for s in data["suites"]] == ["input", "datasets", "results"]
    assert data["failures"] == [] and data["warnings"] == []
    html = paths["validation_html"].read_text(encoding="utf-8")
    assert html.count("<table>") == 3
    assert "tier_reaches_score_tier" in html and "rows_min" in html


def test_failures_carry_expectation_column_observed_threshold_and_message(tmp_path: Path):
    scores, findings = good_result()
    res = validate_results(
        scores.with_columns(risk_score=scores["risk_score"] + 70),
        findings,
        COUNTS,
        RULE_IDS,
        DATASET_IDS,
        RULES,
    )
    failure = next(f for f in ValidationReport.from_results([res]).to_dict()["failures"]
                   if f["expectation"] == "risk_score_range")  # fmt: skip
    assert failure == {
        "suite": "results",
        "batch": "scores",
        "expectation": "risk_score_range",
        "type": "expect_column_values_to_be_between",
        "column": "risk_score",
        "observed": {
            "unexpected": 1,
            "rows": 5,
            "examples": [170.0],
            "at": ["V2"],
            "at_column": "supplier_id",
        },
        "threshold": ">= 0 and <= 100",
        "blocking": True,
        "message": failure["message"],
    }
    assert failure["message"].startswith(
        "results (scores): column `risk_score` expectation `risk_score_range`"
    )


def test_hostile_values_are_escaped_in_the_html(tmp_path: Path):
    hostile = '<script>alert("x")</script>'
    frame = suppliers([*GOOD, {"supplier_id": "V9", "supplier_name": "Evil", "country_code": hostile}])
    _, quarantined, res = validate_input(frame, RULES)
    assert quarantined.height == 1
    paths = write_validation_report(tmp_path, ValidationReport.from_results([res]))
    html = paths["validation_html"].read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    data = json.loads(paths["validation"].read_text(encoding="utf-8"))
    assert data["failures"][0]["observed"]["examples"] == [hostile]  # JSON keeps the value as it was


def test_skipped_validation_is_recorded_and_warned(tmp_path: Path):
    report = ValidationReport.from_results([], skipped=True)
    data = report.to_dict()
    assert (data["success"], data["evaluated"], data["skipped"]) == (True, 0, True)
    assert "--skip-validation" in data["warnings"][0]
    paths = write_validation_report(tmp_path, report)
    assert "skipped" in paths["validation_html"].read_text(encoding="utf-8")

"""End to end: a truncated indicator dataset makes `screening run` exit 1 naming dataset and expectation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from screening.cli import main

from .conftest import ROOT, read_dataset, rewrite_dataset

pytestmark = pytest.mark.usefixtures("gx")
EXAMPLE = ROOT / "examples" / "suppliers.csv"


def test_truncated_dataset_fails_the_screen_with_exit_1(
    rules_copy: Path, tmp_path: Path, monkeypatch, capsys
):
    rewrite_dataset(rules_copy, "tip_tiers", read_dataset(rules_copy, "tip_tiers").head(20))
    monkeypatch.setenv("SCREENING_RULES_DIR", str(rules_copy))
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as exited:
        main(["run", str(EXAMPLE), "--out", str(out), "--no-store", "--no-reports", "--quiet"])
    assert exited.value.code == 1
    err = " ".join(capsys.readouterr().err.split())
    assert "indicator dataset `tip_tiers`" in err and "`rows_min`" in err and "expected >= 180 rows" in err

    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["status"] == "failed" and run["validation"]["success"] is False
    assert run["validation"]["evaluated"] >= 20
    (failure,) = run["validation"]["failures"]
    assert (failure["batch"], failure["expectation"], failure["observed"]) == ("tip_tiers", "rows_min", 20)
    validation = json.loads((out / "validation.json").read_text(encoding="utf-8"))
    assert validation["failures"] == run["validation"]["failures"]
    assert "FAIL" in (out / "validation.html").read_text(encoding="utf-8")

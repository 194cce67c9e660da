"""The CLI as a user meets it: exit codes and one-paragraph messages, never a traceback."""

from __future__ import annotations

import json

import polars as pl
import pytest

from tests.cli_run import assert_exit, screening


def test_missing_input_file_exits_2_with_a_message(tmp_path):
    res = screening("run", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "out"), "--no-store")
    assert_exit(res, 2, "nope.csv")


def test_file_without_country_column_exits_2_naming_the_file(tmp_path):
    f = tmp_path / "vendors.csv"
    f.write_text("Vendor ID,Vendor Name\nV1,Acme\n", encoding="utf-8")
    res = screening("run", str(f), "--out", str(tmp_path / "out"), "--no-store")
    assert_exit(res, 2, "vendors.csv")
    assert "country" in res.stderr.lower()


@pytest.mark.slow  # a whole screen with validation and reports in a child process (CI: make test-slow)
def test_run_summary_shows_the_screen_it_wrote(tmp_path):
    out = tmp_path / "out"
    res = screening("run", "examples/suppliers.csv", "--out", str(out), "--no-store", "--no-reports")
    assert res.returncode == 0, res.stderr
    record = json.loads((out / "run.json").read_text())
    scores = pl.read_csv(out / "scores.csv", infer_schema=False)
    counts = [str(record[k]) for k in ("rows_in", "rows_screened", "rows_quarantined")]
    by_tier = dict(scores.group_by("risk_tier").len().iter_rows())
    first_row = next(
        line for line in res.stdout.splitlines() if line.split("│")[1:2] == [f" {counts[0]:>7} "]
    )
    cells = [c.strip() for c in first_row.split("│")[1:-1]]
    assert cells == [*counts, *(str(by_tier.get(t, 0)) for t in ("low", "medium", "high", "critical"))]
    flagged = scores.filter(pl.col("risk_tier").is_in(["critical", "high"]))
    top = flagged.sort(pl.col("risk_score").cast(float), descending=True, maintain_order=True)
    top = top.item(0, "supplier_id")
    assert top in res.stdout
    assert f"{record['validation']['evaluated']} expectations evaluated" in res.stdout

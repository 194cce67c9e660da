"""The CLI as a user meets it: exit codes and one-paragraph messages, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def screening(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "screening", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_missing_input_file_exits_2_with_a_message(tmp_path):
    res = screening("run", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "out"), "--no-store")
    assert res.returncode == 2
    assert "nope.csv" in res.stderr
    assert "Traceback" not in res.stderr + res.stdout


def test_file_without_country_column_exits_2_naming_the_file(tmp_path):
    f = tmp_path / "vendors.csv"
    f.write_text("Vendor ID,Vendor Name\nV1,Acme\n", encoding="utf-8")
    res = screening("run", str(f), "--out", str(tmp_path / "out"), "--no-store")
    assert res.returncode == 2
    assert "vendors.csv" in res.stderr and "country" in res.stderr.lower()
    assert "Traceback" not in res.stderr


def test_run_prints_summary_and_writes_outputs(tmp_path):
    out = tmp_path / "out"
    res = screening("run", "examples/suppliers.csv", "--out", str(out), "--no-store", "--no-reports")
    assert res.returncode == 0, res.stderr
    assert "critical" in res.stdout and "quarantined" in res.stdout
    for name in ("scores.csv", "findings.csv", "quarantine.csv", "run.json", "validation.json"):
        assert (out / name).exists(), name


def test_rules_validate_and_test_pass():
    res = screening("rules", "validate")
    assert res.returncode == 0, res.stderr
    res = screening("rules", "test")
    assert res.returncode == 0, res.stdout + res.stderr
    assert " passed, 0 failed" in res.stdout

"""Errors after the command line is parsed: a clear message and exit 1 or 2, never a traceback."""

from __future__ import annotations

import shutil

import pytest

from tests.hardening.conftest import ROOT, assert_exit, screening


def test_an_indicator_file_not_matching_its_checksum_stops_with_its_message_only(tmp_path):
    # the message was good, then load_result crashed reading a run.json that was never written
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    with (rules / "indicators" / "gsi_2023.csv").open("a", encoding="utf-8") as fh:
        fh.write("XX,extra\n")
    out = str(tmp_path / "out")
    res = screening(
        "run", "examples/suppliers.csv", "--out", out, "--no-store", env={"SCREENING_RULES_DIR": str(rules)}
    )
    assert_exit(res, 1, "gsi_2023.csv: SHA-256 does not match its metadata")


def test_an_out_folder_that_cannot_be_made_is_exit_2_with_the_path(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    res = screening("run", "examples/suppliers.csv", "--out", str(blocker / "out"), "--no-store")
    assert_exit(res, 2, f"cannot write or read {blocker / 'out'}: Not a directory. Fix: pass --out")


@pytest.mark.slow  # two whole screens (reports included) in child processes (CI: make test-slow)
def test_run_notes_are_printed_where_people_look(tmp_path):
    src = tmp_path / "dup.csv"
    src.write_text("id,name,country,spend\nV1,Acme,China,100\nV1,Acme,China,100\n", encoding="utf-8")
    res = screening("run", str(src), "--out", str(tmp_path / "out"), "--no-store", "--no-reports")
    assert res.returncode == 0, res.stderr
    assert "notes (1):" in res.stdout
    assert "1 supplier id(s) appear on more than one row: V1" in res.stdout
    assert "│       2 │        1 │           1 │" in res.stdout  # rows in, screened, quarantined

"""The habits of a good CLI: --version, completion, one-line usage errors (exit 2), choice lists,
[env var: ...] in help, run --json, settings --json, and progress only for a person at a terminal."""

from __future__ import annotations

import io
import json
import time

import pytest
from rich.console import Console

from screening.cli.progress import stage_progress
from tests.cli_run import screening


def test_version_prints_the_package_version():
    res = screening("--version")
    assert res.returncode == 0
    assert res.stdout.strip() == "screening 0.1.0"


def test_usage_errors_are_one_line_and_exit_2():
    for args, words in [
        (("run",), "Missing argument 'inputs'"),
        (("run", "x.csv", "--bogus"), "No such option: --bogus"),
        (("review", "list", "--status", "closed"),
         "'closed' is not one of 'open', 'cleared', 'escalated', 'remediation'"),
        (("review", "decide", "V1", "r", "--decision", "ok", "--note", "n"), "'ok' is not one of"),
    ]:  # fmt: skip
        res = screening(*args)
        assert res.returncode == 2, args
        lines = res.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and words in lines[0], res.stderr
        assert "Traceback" not in res.stderr


def test_help_names_the_environment_variable_and_the_choices():
    # at 200 columns each "[env var: ...]" stands on one line (rich wraps it at 80, which xdist workers set)
    wide = {"COLUMNS": "200"}
    run_help = screening("run", "--help", env=wide).stdout
    assert "[env var: SCREENING_STORE]" in run_help
    assert "[env var: SCREENING_GX_PROJECT]" in run_help
    review_help = screening("review", "list", "--help", env=wide).stdout
    assert "<open|cleared|escalated|remediation>" in review_help
    assert "<low|medium|high|critical>" in review_help


def test_shell_completion_script_is_offered():
    # Name the shell: detecting it from the parent process gives "sh" under make and CI.
    res = screening("--show-completion", "bash", env={"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
    assert res.returncode == 0
    assert "_screening_completion" in res.stdout


@pytest.mark.slow  # a whole screen with validation and reports in a child process (CI: make test-slow)
def test_run_json_prints_the_run_record_and_no_progress_when_piped(tmp_path):
    out = tmp_path / "out"
    res = screening("run", "examples/suppliers.csv", "--out", str(out), "--no-store", "--no-reports",
                    "--json")  # fmt: skip
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout)
    record = json.loads((out / "run.json").read_text())
    assert summary["run_id"] == record["run_id"]
    assert summary["rows_in"] == record["rows_in"] == 201  # 199 screened, 2 quarantined
    assert summary["tiers"] == record["tiers"]
    assert "✓" not in res.stderr and "reading the supplier lists" not in res.stderr


def test_settings_json_lists_every_variable_and_hides_secrets():
    res = screening(
        "settings", "--json", env={"SCREENING_WEBHOOK_URL": "https://hooks.example/T0/tok-8f3a91"}
    )
    data = json.loads(res.stdout)
    assert "SCREENING_GX_PROJECT" in data["variables"]
    assert data["in_force"]["webhook_url"] == "***"
    assert "tok-8f3a91" not in res.stdout


def test_progress_shows_stages_that_take_a_second_on_a_terminal():
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=100)
    with stage_progress(True, console) as step:
        assert step("ingest", lambda x: x + 1)(1) == 2
        step("screen", time.sleep)(1.05)
    text = buffer.getvalue()
    assert "matching watch lists and evaluating rules" in text  # the slow stage is reported
    assert "✓ reading the supplier lists" not in text  # the quick one is not


def test_progress_is_silent_when_disabled():
    buffer = io.StringIO()
    with stage_progress(False, Console(file=buffer, force_terminal=True)) as step:
        assert step("ingest", lambda: 3)() == 3
    assert buffer.getvalue() == ""

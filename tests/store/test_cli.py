"""The ``review`` and ``diff`` commands through typer's CliRunner (and one real process for exit codes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from store_frames import LIST, base_findings, store_screen
from typer.testing import CliRunner

from screening.cli import diff as diff_cli
from screening.cli import review as review_cli
from screening.errors import InputError, StoreError
from screening.store import open_store

runner = CliRunner()


def make_app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def root() -> None:
        """screening (test app with the store's commands only)."""

    review_cli.register(app)
    diff_cli.register(app)
    return app


@pytest.fixture
def two_screens(store_file: Path) -> Path:
    with open_store(store_file) as store:
        store_screen(store, "run-01")
        store_screen(store, "run-02", finding_rows=base_findings(edition="2025"))
    return store_file


def invoke(*args: str) -> tuple[int, str, BaseException | None]:
    result = runner.invoke(make_app(), list(args), env={"COLUMNS": "300"})
    return result.exit_code, result.output, result.exception


def decide(
    store: Path, supplier: str, rule: str, decision: str, reviewer: str, note: str
) -> tuple[int, str, BaseException | None]:
    """``screening review decide`` of one finding in ``store``."""
    return invoke(
        "review",
        "decide",
        supplier,
        rule,
        "--decision",
        decision,
        "--reviewer",
        reviewer,
        "--note",
        note,
        "--store",
        str(store),
    )


def test_review_list_json_has_every_finding_of_the_latest_screen(two_screens: Path) -> None:
    code, out, _ = invoke("review", "list", "--store", str(two_screens), "--json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["supplier_id"], r["rule_id"], r["run_id"]) for r in rows][:2] == [
        ("S1", "region_xinjiang", "run-02"),
        ("S1", "ilab_goods", "run-02"),
    ]
    assert {r["review_status"] for r in rows} == {"open"}


def test_review_decide_then_list_cleared_shows_the_decision(two_screens: Path) -> None:
    code, out, _ = decide(
        two_screens, "S3", "entity_list", "cleared", "A. Auditor", "Other company: registered in Phuket."
    )
    assert code == 0, out
    assert "cleared: supplier S3, rule entity_list in list acme-suppliers.csv (run run-02" in " ".join(
        out.split()
    )
    code, out, _ = invoke("review", "list", "--status", "cleared", "--store", str(two_screens))
    assert code == 0
    assert "1 findings (1 cleared)" in out and "S3" in out and "entity_list" in out
    code, out, _ = invoke(
        "review", "list", "--status", "cleared", "--tier", "critical", "--store", str(two_screens), "--json"
    )
    assert json.loads(out) == []


def test_review_decide_with_an_unknown_rule_is_an_input_error_naming_the_fix(two_screens: Path) -> None:
    _, _, exc = decide(two_screens, "S1", "child_labor", "cleared", "A", "n")
    assert isinstance(exc, InputError)
    assert "its findings there are of: ilab_goods, region_xinjiang" in str(exc)


def test_review_log_shows_the_trail_and_that_the_chain_is_intact(two_screens: Path) -> None:
    decide(two_screens, "S2", "tip_tier", "escalated", "B", "ask")
    code, out, _ = invoke("review", "log", "--store", str(two_screens))
    assert code == 0
    assert "audit chain intact: 6 entries." in out  # 3 migrations, 2 runs, 1 decision
    code, out, _ = invoke("review", "log", "--store", str(two_screens), "--json")
    entries = json.loads(out)
    assert [e["action"] for e in entries] == [
        "migrate",
        "migrate",
        "migrate",
        "persist_run",
        "persist_run",
        "decide",
    ]
    assert entries[-1]["detail"]["decision"] == "escalated" and entries[-1]["actor"] == "B"


def test_review_runs_lists_the_screens(two_screens: Path) -> None:
    code, out, _ = invoke("review", "runs", "--store", str(two_screens), "--json")
    assert code == 0
    assert [(r["run_id"], r["n_findings"]) for r in json.loads(out)] == [("run-01", 4), ("run-02", 4)]


def test_diff_defaults_to_the_last_two_screens_and_counts_by_change(two_screens: Path) -> None:
    code, out, _ = invoke("diff", "--store", str(two_screens))
    assert code == 0, out
    assert "list acme-suppliers.csv: run run-01 -> run run-02" in out
    assert "changed_finding  │     1" in out
    assert "source_edition 2024 -> 2025" in " ".join(out.split())
    code, out, _ = invoke(
        "diff", "run-01", "run-02", "--store", str(two_screens), "--json", "--list-name", LIST
    )
    payload = json.loads(out)
    assert payload["counts"]["changed_finding"] == 1 and payload["changes"][0]["rule_id"] == "ilab_goods"


def test_diff_with_one_run_id_is_refused(two_screens: Path) -> None:
    _, _, exc = invoke("diff", "run-01", "--store", str(two_screens))
    assert isinstance(exc, InputError) and "two run ids" in str(exc)


def test_commands_use_the_store_from_settings(two_screens: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCREENING_STORE", str(two_screens))
    code, out, _ = invoke("review", "runs", "--json")
    assert code == 0 and len(json.loads(out)) == 2


def test_supplier_text_is_shown_literally_not_as_markup(store_file: Path) -> None:
    from store_frames import BASE_SUPPLIERS, with_changes

    evil = with_changes(BASE_SUPPLIERS, "S1", supplier_name="[link=http://x]Acme[/link] [bold]")
    with open_store(store_file) as store:
        store_screen(store, "run-01", suppliers=evil)
    code, out, _ = invoke("review", "list", "--store", str(store_file), "--tier", "critical")
    assert code == 0
    assert "[link=http://x]Acme" in "".join(out.split())


def test_a_missing_store_exits_2_with_a_message_and_no_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "SCREENING_STORE": "", "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.run(
        [sys.executable, "-m", "screening", "review", "list", "--store", str(tmp_path / "none.duckdb")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "There is no screening store at" in proc.stderr
    assert "Traceback" not in proc.stderr
    _, _, exc = invoke("diff", "--store", str(tmp_path / "none.duckdb"))
    assert isinstance(exc, StoreError)


def test_review_list_refuses_an_unknown_status_or_tier(two_screens: Path) -> None:
    code, out, _ = invoke("review", "list", "--status", "approved", "--store", str(two_screens))
    flat = " ".join(out.replace("│", " ").split())
    assert code == 2 and "'approved' is not one of 'open', 'cleared', 'escalated', 'remediation'" in flat
    code, out, _ = invoke("review", "list", "--tier", "severe", "--store", str(two_screens))
    flat = " ".join(out.replace("│", " ").split())
    assert code == 2 and "'severe' is not one of 'low', 'medium', 'high', 'critical'" in flat


def _process(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SCREENING_STORE": "", "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.run(
        [sys.executable, "-m", "screening", *args], capture_output=True, env=env, cwd=cwd, timeout=120,
        text=True, errors="replace",
    )  # fmt: skip


def test_review_list_prints_no_escape_sequence_from_supplier_names(store_file: Path) -> None:
    from store_frames import BASE_SUPPLIERS, with_changes

    name = "\x1b[31mRED\x1b[0m \x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\"
    with open_store(store_file) as store:
        store_screen(store, "run-01", suppliers=with_changes(BASE_SUPPLIERS, "S1", supplier_name=name))
    proc = _process("review", "list", "--store", str(store_file), cwd=store_file.parent)
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stdout and "[31mRED[0m" in proc.stdout


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--note", "bad \udce9 note", "--note holds byte 0xe9 at position 5 that is not UTF-8 text"),
        ("--reviewer", "A\udcffB", "--reviewer holds byte 0xff at position 2 that is not UTF-8 text"),
        ("--reviewer", "\x1b[31mA", "--reviewer holds a control character (U+001B) at position 1"),
    ],
)
def test_decide_refuses_text_that_is_not_utf8_or_holds_control_characters(
    two_screens: Path, option: str, value: str, message: str
) -> None:
    with open_store(two_screens) as store:
        before = store.verify_audit_log()
    args = {"--reviewer": "A. Auditor", "--note": "Other company."} | {option: value}
    cmd = ["review", "decide", "S3", "entity_list", "--decision", "cleared", "--store", str(two_screens)]
    env = {**os.environ, "SCREENING_STORE": "", "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    argv = [os.fsencode(a) for a in [sys.executable, "-m", "screening", *cmd, *sum(args.items(), ())]]
    proc = subprocess.run(argv, capture_output=True, env=env, cwd=two_screens.parent, timeout=120)
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 2 and message in err and "Traceback" not in err
    with open_store(two_screens) as store:
        assert store.verify_audit_log() == before  # nothing was decided

"""The Prefect flow and ``screening run`` are one pipeline: run both for real, as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.cli_run import screening_here

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "suppliers.csv"
TABLES = ("scores.csv", "findings.csv", "quarantine.csv", "scores.parquet", "findings.parquet")


def _user_env(tmp_path: Path, store: Path) -> dict[str, str]:
    """A user's shell: SCREENING_STORE set, a fresh Prefect home, no Prefect settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "SCREENING_STORE"))}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), SCREENING_STORE=str(store))
    env["SCREENING_DATA_DIR"] = os.environ["SCREENING_DATA_DIR"]
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.flow
@pytest.mark.slow  # two child processes, one starting Prefect on a fresh home: the point of the test
def test_flow_and_cli_write_identical_outputs_into_the_configured_store(tmp_path):
    store = tmp_path / "history" / "screening.duckdb"
    env = _user_env(tmp_path, store)
    cli_out, flow_out = tmp_path / "cli", tmp_path / "flow"
    cli = _run(["screening", "run", str(EXAMPLE), "--out", str(cli_out), "--no-reports", "-q"], env)
    assert cli.returncode == 0, cli.stderr
    # The README's command, on a fresh Prefect home: no start-up timeout, no "database is locked".
    flow = _run(["flows.screen", str(EXAMPLE), "--out", str(flow_out), "--no-reports"], env)
    assert flow.returncode == 0, flow.stderr
    assert "database is locked" not in flow.stderr + flow.stdout
    assert "Timed out" not in flow.stderr

    for name in TABLES:
        assert (flow_out / name).read_bytes() == (cli_out / name).read_bytes(), name
    runs = {}
    for out in (cli_out, flow_out):
        record = json.loads((out / "run.json").read_text())
        assert record["store"] == str(store) and record["status"] == "success"
        assert not (out / "screening.duckdb").exists()
        runs[out.name] = record
    same = {k for k in runs["cli"] if k not in ("run_id", "started_at", "finished_at")}
    assert {k: runs["cli"][k] for k in same} == {k: runs["flow"][k] for k in same}
    with duckdb.connect(str(store), read_only=True) as con:
        stored = con.execute("SELECT run_id, status FROM runs ORDER BY seq").fetchall()
    assert stored == [(runs["cli"]["run_id"], "success"), (runs["flow"]["run_id"], "success")]
    # The flow's screen is the list's second: its diff against the CLI's screen finds nothing new.
    diff = (flow_out / "diff.csv").read_text().splitlines()
    assert len(diff) == 1, diff[:3]


def test_flow_options_are_the_cli_options(monkeypatch, capsys):
    """Every option of `screening run` (but the display ones) is an option of `python -m flows.screen`."""
    from flows.screen import main

    monkeypatch.setenv("COLUMNS", "200")
    code, cli = screening_here("run", "--help")
    assert code == 0, cli
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    flow = capsys.readouterr().out
    for option in (
        "--out",
        "--mapping",
        "--sheet",
        "--store",
        "--no-store",
        "--list-name",
        "--watchlist",
        "--skip-validation",
        "--no-reports",
    ):
        assert option in cli and option in flow, option


@pytest.mark.parametrize("module", ["screen", "monthly", "refresh", "rescreen"])
def test_every_flag_of_a_flows_command_line_says_what_it_does(module, monkeypatch):
    """``python -m flows.<name> --help`` explains each flag (they once printed bare names)."""
    import argparse
    import importlib

    parsers: list[argparse.ArgumentParser] = []

    def caught(self, args=None, namespace=None):
        parsers.append(self)
        raise SystemExit(0)

    monkeypatch.setattr(argparse.ArgumentParser, "parse_args", caught)
    with pytest.raises(SystemExit):
        importlib.import_module(f"flows.{module}").main([])
    (parser,) = parsers
    flags = [a for a in parser._actions if not isinstance(a, argparse._HelpAction)]
    assert flags
    for action in flags:
        assert action.help and len(action.help) > 15, (module, action.dest)


def test_task_bodies_are_single_library_calls():
    """Flows orchestrate: no polars or SQL in flows/ (the library decides)."""
    for path in (ROOT / "flows").glob("*.py"):
        text = path.read_text()
        assert "import polars" not in text and "duckdb" not in text, path.name

"""`run --gx-project DIR`: the suites become GX expectation suites in DIR, run through checkpoints, and
GX Data Docs are built beside validation.html."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow  # `screening run --gx-project` in a child process: a GX project, checkpoints and Data Docs
def test_gx_project_gets_suites_checkpoints_and_data_docs(tmp_path):
    suppliers = tmp_path / "suppliers.csv"
    suppliers.write_text(
        "supplier_id,supplier_name,country,goods\n"
        "S1,Hoshine Silicon Industry (Shanshan) Co Ltd,China,polysilicon\n"
        "S2,Blue Lake Garments,Tailandia,apparel\n",
        encoding="utf-8",
    )
    out, project = tmp_path / "out", tmp_path / "gx-project"
    res = subprocess.run(
        [sys.executable, "-m", "screening", "run", str(suppliers), "--out", str(out), "--no-store",
         "--no-reports", "--gx-project", str(project), "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    index = out / "gx-data-docs" / "index.html"
    assert json.loads(res.stdout)["gx_data_docs"] == str(index.resolve())
    assert (out / "validation.html").is_file() and index.is_file()
    suites = {p.stem for p in (project / "gx" / "expectations").rglob("*.json")}
    assert {"scores", "findings", "suppliers", "uflpa"} <= suites
    checkpoints = {p.stem for p in (project / "gx" / "checkpoints").glob("*.json")}
    assert "screening.results.scores" in checkpoints
    html = index.read_text(encoding="utf-8")
    assert "results.scores" in html and "input.suppliers" in html
    scores_suite = json.loads((project / "gx" / "expectations" / "results" / "scores.json").read_text())
    assert any(e["type"] == "expect_column_values_to_be_in_set" for e in scores_suite["expectations"])


@pytest.mark.slow  # a partitioned screen with validation (CI: make test-slow)
def test_without_a_gx_project_a_screen_keeps_no_validated_frame(tmp_path, monkeypatch):
    """A partitioned screen would otherwise hold every part's input and results frames to the end."""
    import typer
    from typer.testing import CliRunner

    from screening.cli.run import register
    from screening.validation import engine, gx_docs

    kept: list[int] = []
    record = engine.record

    def spy(batch, specs, refs):
        batches = gx_docs._RECORDING.get()
        kept.append(0 if batches is None else 1)
        record(batch, specs, refs)

    monkeypatch.setattr(engine, "record", spy)
    monkeypatch.delenv("SCREENING_GX_PROJECT", raising=False)
    out = tmp_path / "out"
    args = [str(ROOT / "examples" / "suppliers.csv"), "--out", str(out), "--no-store", "--no-reports", "-q"]
    app = typer.Typer()
    register(app)  # one command: invoked without its name
    res = CliRunner().invoke(app, [*args, "--partition-rows", "50"])
    assert res.exit_code == 0, res.output
    assert len(kept) >= 8 and sum(kept) == 0  # datasets and each part's input and results: none kept

"""The Prefect flow runs the same stages as the CLI and writes byte-identical scores (real flow run)."""

from __future__ import annotations

from pathlib import Path

import pytest

from screening.pipeline import RunOptions, run

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "suppliers.csv"


@pytest.mark.flow
def test_flow_scores_are_byte_identical_to_the_cli(prefect_harness, tmp_path):
    from flows.screen import screen_suppliers

    cli_out, flow_out = tmp_path / "cli", tmp_path / "flow"
    run([EXAMPLE], RunOptions(out=cli_out, no_store=True, reports=False))
    record = screen_suppliers([str(EXAMPLE)], out=str(flow_out), no_store=True, reports=False)
    assert record["status"] == "success"
    assert record["rows_in"] == record["rows_screened"] + record["rows_quarantined"]
    for name in ("scores.csv", "findings.csv", "quarantine.csv"):
        assert (flow_out / name).read_bytes() == (cli_out / name).read_bytes(), name


def test_task_bodies_are_single_library_calls():
    """Flows orchestrate: no polars or SQL in flows/ (the library decides)."""
    for path in (ROOT / "flows").glob("*.py"):
        text = path.read_text()
        assert "import polars" not in text and "duckdb" not in text, path.name

"""``screening report SUPPLIER_ID --out DIR`` over the files a screen publishes (no internal columns)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from screening.cli import main

from .sample import build, run_record


def _publish(out: Path, *, with_datasets: bool = True) -> None:
    """Write scores.parquet, findings.parquet and run.json as the pipeline publishes them."""
    scores, findings = build()
    out.mkdir(parents=True, exist_ok=True)
    public = [c for c in scores.columns if not c.startswith("_")]
    scores.select(public).write_parquet(out / "scores.parquet")
    rows = scores.select("_key", "supplier_name", "source_file", "source_row")
    published = findings.join(rows, on="_key", how="left").drop("_key")
    published.write_parquet(out / "findings.parquet")
    run = run_record()
    if not with_datasets:
        del run["datasets"]
    (out / "run.json").write_text(json.dumps(run), encoding="utf-8")


def _run(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as done:
        main(argv)
        raise SystemExit(0)
    return int(done.value.code or 0)


def test_report_writes_the_evidence_pack_and_prints_its_path(tmp_path: Path, capsys: Any) -> None:
    _publish(tmp_path)
    assert _run(["report", "SUP-0002", "--out", str(tmp_path)]) == 0
    path = tmp_path / "evidence" / "SUP-0002.html"
    assert capsys.readouterr().out.strip() == str(path)
    page = path.read_text(encoding="utf-8")
    assert "<h1>Evidence pack: Ashgabat Pagta Ginning Complex</h1>" in page
    assert page.count("<h3>Finding ") == 5  # its own five findings, tied by id, file and row
    assert "under an active US CBP Withhold Release Order of 2018-05-18" in page
    assert "Withhold Release Orders and Findings (forced labour)" in page  # title from run.json datasets
    assert '<th scope="row">Row number</th><td>3</td>' in page


def test_report_falls_back_to_indicator_versions_without_dataset_metadata(tmp_path: Path) -> None:
    _publish(tmp_path, with_datasets=False)
    assert _run(["report", "SUP-0002", "--out", str(tmp_path)]) == 0
    page = (tmp_path / "evidence" / "SUP-0002.html").read_text(encoding="utf-8")
    assert "early 2026 (active entries to 2026-01-29, partial)" in page
    assert "<code>cbp_wro</code>" in page


def test_unknown_supplier_is_exit_2_naming_the_file_and_close_ids(tmp_path: Path, capsys: Any) -> None:
    _publish(tmp_path)
    assert _run(["report", "SUP-02", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert str(tmp_path / "scores.parquet") in err and "'SUP-0002'" in err
    assert "Traceback" not in err
    assert not (tmp_path / "evidence").exists()


def test_missing_outputs_tell_to_run_a_screen_first(tmp_path: Path, capsys: Any) -> None:
    assert _run(["report", "SUP-0001", "--out", str(tmp_path / "empty")]) == 2
    err = capsys.readouterr().err
    assert "scores.parquet, findings.parquet, run.json not found" in err and "screening run" in err


def test_a_corrupt_scores_file_is_an_input_error(tmp_path: Path, capsys: Any) -> None:
    _publish(tmp_path)
    (tmp_path / "scores.parquet").write_bytes(b"not parquet")
    assert _run(["report", "SUP-0001", "--out", str(tmp_path)]) == 2
    assert "could not be read as Parquet" in capsys.readouterr().err

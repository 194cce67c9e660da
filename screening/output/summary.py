"""Read a finished screen's outputs back (for the CLI summary after a failed validation, reports)."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from screening.stages import Result


def load_result(out: Path) -> Result:
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    scores = pl.read_parquet(out / "scores.parquet")
    findings = pl.read_parquet(out / "findings.parquet")
    quarantine = pl.read_csv(out / "quarantine.csv", infer_schema=False)
    return Result(out_dir=out, run=run, scores=scores, findings=findings, quarantine=quarantine)

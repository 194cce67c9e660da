"""Read a finished screen back from its output folder (for ``screening report SUPPLIER_ID``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from screening.errors import InputError

AGAIN = "Run `screening run` again to rewrite the screen's outputs."
FILES = ("scores.parquet", "findings.parquet", "run.json")


@dataclass(frozen=True)
class Screen:
    out_dir: Path
    scores: pl.DataFrame
    findings: pl.DataFrame
    run: dict[str, Any]

    @property
    def scores_path(self) -> Path:
        return self.out_dir / "scores.parquet"


def _parquet(path: Path) -> pl.DataFrame:
    try:
        return pl.read_parquet(path)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise InputError(
            f"{path} could not be read as Parquet ({type(exc).__name__}: {exc}).",
            hint="Run `screening run` again to rewrite the screen's outputs.",
        ) from exc


def load_screen(out_dir: Path) -> Screen:
    """scores.parquet, findings.parquet and run.json of ``out_dir``; an InputError says what is missing."""
    missing = [name for name in FILES if not (out_dir / name).is_file()]
    if missing:
        raise InputError(
            f"No finished screen in {out_dir}: {', '.join(missing)} not found.",
            hint=f"Run `screening run INPUT... --out {out_dir}` first, or pass --out with a screen's folder.",
        )
    run_path = out_dir / "run.json"
    try:
        run = json.loads(run_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(
            f"{run_path} is not readable JSON ({exc}).", hint="Run `screening run` again to rewrite it."
        ) from exc
    if not isinstance(run, dict):
        raise InputError(f"{run_path} does not hold a run record (a JSON object).", hint=AGAIN)
    scores = _parquet(out_dir / "scores.parquet")
    if "supplier_id" not in scores.columns:
        raise InputError(
            f"{out_dir / 'scores.parquet'} has no supplier_id column, so it is not a screen's scores.",
            hint="Pass --out with the folder `screening run` wrote.",
        )
    return Screen(out_dir, scores, _parquet(out_dir / "findings.parquet"), run)

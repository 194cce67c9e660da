"""Fixtures of the validation tests.

Great Expectations costs seconds to import: the session-scoped ``gx`` fixture imports it and builds
the one process-wide context once; GX tests use it through ``pytestmark``. ``rules_copy`` is a
writable copy of the project's rules/ in which a test may break one dataset on purpose
(``rewrite_dataset`` keeps the metadata's sha256 and rows in step, as a refreshed edition would).
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path
from typing import Any

import polars as pl
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def gx() -> Any:
    from screening.validation.engine import batch_definition

    return batch_definition()


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", dest, ignore=shutil.ignore_patterns("scripts", "__pycache__"))
    for path in dest.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return dest


def read_dataset(rules_dir: Path, dataset_id: str) -> pl.DataFrame:
    return pl.read_csv(rules_dir / "indicators" / f"{dataset_id}.csv", infer_schema=False)


def rewrite_dataset(rules_dir: Path, dataset_id: str, frame: pl.DataFrame) -> None:
    """Replace a dataset's CSV and update ``sha256`` and ``rows`` in its metadata to match."""
    csv = rules_dir / "indicators" / f"{dataset_id}.csv"
    csv.unlink()
    frame.write_csv(csv)
    digest = hashlib.sha256(csv.read_bytes()).hexdigest()
    meta = rules_dir / "indicators" / f"{dataset_id}.yml"
    text = meta.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^sha256: .*$", f"sha256: {digest}", text)
    text = re.sub(r"(?m)^rows: \d+$", f"rows: {frame.height}", text)
    meta.unlink()
    meta.write_text(text, encoding="utf-8")

"""Fixtures for the indicator tests.

Fixture policy: tests read the real bundled datasets in rules/indicators/ (never /work/shared).
A test that changes a file works on a copy made by ``rules_copy`` under pytest's tmp_path; a test
that needs refreshed editions writes them under its own tmp_path data dir with ``stage_version``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from screening.indicators import Catalog, load_catalog

PROJECT = Path(__file__).resolve().parents[2]
RULES = PROJECT / "rules"
BUNDLE = RULES / "indicators"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(RULES)


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    """A writable copy of rules/ holding only the bundled indicator datasets; returns its rules dir."""
    rules = tmp_path / "rules"
    shutil.copytree(BUNDLE, rules / "indicators", ignore=shutil.ignore_patterns("scripts", "__pycache__"))
    for path in (rules / "indicators").iterdir():
        path.chmod(0o644)
    return rules

"""Ingest test fixtures.

Fixture policy: read the small committed files in tests/fixtures/ingest (regenerate the generated
ones with tests/fixtures/ingest/make_fixtures.py) and tests/fixtures/real_lists (excerpts of real
published lists, cut by make_excerpts.py there). Write one-off files to ``tmp_path`` with
``write``. Never read ../shared.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real_lists"


@pytest.fixture
def fixture_path() -> Callable[[str], Path]:
    def get(name: str) -> Path:
        path = FIXTURES / name
        assert path.exists(), f"missing fixture {path}: run tests/fixtures/ingest/make_fixtures.py"
        return path

    return get


@pytest.fixture
def real_path() -> Callable[[str], Path]:
    return lambda name: REAL / name


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    def make(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return make

"""Fixtures for the store tests.

Frames are built by hand in ``store_frames.py`` (the contract's columns, three real-looking
suppliers); ``store_file`` is a fresh store path in the test's temporary folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def store_file(tmp_path: Path) -> Path:
    return tmp_path / "out" / "screening.duckdb"

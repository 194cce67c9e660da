"""Shared fixtures.

Fixture policy: tests build small frames by hand or read the small committed fixtures under
tests/fixtures/ (each generated fixture has the script that regenerates it beside it). Use
`screen_context` (session-scoped) for anything that needs rules, indicators and the matcher loaded;
never read ../shared. Prefect runs against a throw-away PREFECT_HOME with telemetry off.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_prefect_home = tempfile.mkdtemp(prefix="prefect-home-")
for key, value in {
    "PREFECT_HOME": _prefect_home,
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
}.items():
    os.environ.setdefault(key, value)
_data_dir = tempfile.mkdtemp(prefix="screening-data-")
os.environ.setdefault("SCREENING_DATA_DIR", _data_dir)
# the session's own folders go when it ends (a hundred test runs left a hundred of each in /tmp)
atexit.register(shutil.rmtree, _prefect_home, ignore_errors=True)
atexit.register(shutil.rmtree, _data_dir, ignore_errors=True)
os.environ.pop("SCREENING_STORE", None)
os.environ.pop("SCREENING_WATCHLISTS", None)


@pytest.fixture(scope="session")
def rules_dir() -> Path:
    return ROOT / "rules"


@pytest.fixture(scope="session")
def screen_context():
    from screening.context import load_context

    return load_context()

"""Prefect flows: orchestration only; every task body is one call into ``screening``.

Importing this package sets the Prefect settings that make a local run quiet and reliable (the same
ones the Makefile exports; measured in the project's stack notes), each only when the user has not
set it: a first run on a fresh Prefect home needs about 25 s to start its temporary API server
(the default timeout is 20 s), and the server's telemetry logs a ``database is locked`` error.
``python -m flows.screen`` imports this before Prefect.
"""

from __future__ import annotations

import os

PREFECT_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
}

for _name, _value in PREFECT_DEFAULTS.items():
    os.environ.setdefault(_name, _value)

"""Prefect flows: orchestration only; every task body is one call into ``screening``.

Importing this package sets the Prefect settings that make a local run quiet and reliable (the same
ones the Makefile exports; measured in the project's stack notes), each only when the user has not
set it: a first run on a fresh Prefect home needs about 25 s to start its temporary API server
(the default timeout is 20 s), and the server's telemetry logs a ``database is locked`` error.
``python -m flows.screen`` imports this before Prefect.

The library's ``logging`` (logger ``screening``: one line per stage and partition) goes into each
flow run's logs in the Prefect UI (``PREFECT_LOGGING_EXTRA_LOGGERS``), at INFO.
"""

from __future__ import annotations

import logging
import os

PREFECT_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
    "PREFECT_LOGGING_EXTRA_LOGGERS": "screening",
}

for _name, _value in PREFECT_DEFAULTS.items():
    os.environ.setdefault(_name, _value)

logging.getLogger("screening").setLevel(logging.INFO)

"""Helpers of the hardening suite: run the CLI in a child process as a user would (tests/cli_run.py)."""

from __future__ import annotations

from tests.cli_run import ROOT, assert_exit, screening

__all__ = ["ROOT", "assert_exit", "screening"]

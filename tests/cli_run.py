"""Run the CLI in a child process as a user would, and check how it ended."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def screening(
    *args: str, timeout: float = 300, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m screening ARGS`` from the project root (``env`` added to the environment)."""
    return subprocess.run(
        [sys.executable, "-m", "screening", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        encoding="utf-8",
        errors="replace",
    )


def assert_exit(res: subprocess.CompletedProcess[str], code: int, *messages: str) -> None:
    """The command ended with ``code``, said every one of ``messages`` on stderr, and showed no traceback."""
    assert res.returncode == code, res.stderr
    for message in messages:
        assert message in res.stderr, (message, res.stderr)
    assert "Traceback" not in res.stderr + res.stdout

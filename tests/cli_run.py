"""Run the CLI in a child process as a user would, and check how it ended."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import traceback
from pathlib import Path

import pytest

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


def screening_here(*args: str) -> tuple[int, str]:
    """``screening ARGS`` in this process, as a user's piped shell runs it: (exit code, all it printed).

    Cheaper than a child process when the test is about what a command does, not how a process starts.
    A traceback fails the test. ``COLUMNS`` is restored afterwards (the CLI sets it for piped output).
    """
    from screening.cli import main

    printed = io.StringIO()
    code = 0
    columns = os.environ.get("COLUMNS")
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        try:
            main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
        except BaseException:
            pytest.fail(f"traceback from screening {' '.join(args)}:\n{traceback.format_exc()}")
        finally:
            if columns is None:
                os.environ.pop("COLUMNS", None)
            else:
                os.environ["COLUMNS"] = columns
    return code, printed.getvalue()

"""The ``screening`` command (``screening.cli:console``) freezes the garbage collector's objects as it exits,
so that the interpreter does not walk them (1.5-2 s after a screen), and keeps the command's exit code."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import atexit, gc, sys\n"
    "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0))\n"
    "sys.argv = ['screening', *sys.argv[1:]]\n"
    "from screening.cli import console\n"
    "console()\n"
)


def _console(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_the_command_is_the_console_entry_point() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["screening"] == "screening.cli:console"
    assert "console()" in (ROOT / "screening" / "__main__.py").read_text(encoding="utf-8")


def test_a_users_mistake_keeps_its_exit_code_and_the_objects_are_frozen_at_exit() -> None:
    res = _console("run", "no-such-list.csv", "--no-store")
    assert res.returncode == 2, res.stderr
    assert "no-such-list.csv" in res.stderr and "Traceback" not in res.stderr
    assert "frozen at exit: True" in res.stdout


def test_a_finished_command_exits_zero_with_the_objects_frozen() -> None:
    res = _console("--help")
    assert res.returncode == 0, res.stderr
    assert "frozen at exit: True" in res.stdout

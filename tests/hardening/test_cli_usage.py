"""Usage errors of the CLI: one clear line on stderr, exit 2, never a traceback (typer 0.29 vendors
its own click, whose exceptions the entry point must catch)."""

from __future__ import annotations

import pytest

from tests.hardening.conftest import screening


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("run",), "Missing argument 'inputs'. Fix: see `screening run --help`."),
        (("run", "--bogus", "x.csv"), "No such option: --bogus"),
        (("bogus",), "No such command 'bogus'. Fix: see `screening --help`."),
        (("review", "decide"), "Missing argument 'supplier_id'"),
    ],
)
def test_usage_error_is_one_line_and_exit_2(args, expected):
    res = screening(*args)
    assert res.returncode == 2
    assert "Traceback" not in res.stdout + res.stderr
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("error: ") and expected in lines[0]


def test_bare_command_shows_the_commands_and_exits_2():
    res = screening()
    assert res.returncode == 2
    assert "Traceback" not in res.stdout + res.stderr
    assert "review" in res.stdout and "run" in res.stdout

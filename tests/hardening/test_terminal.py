"""Escape sequences and rich markup in supplier data never reach the terminal as such."""

from __future__ import annotations

import io

import pytest
from rich.table import Table

from screening.cli.terminal import SafeConsole, clean, safe_json
from tests.hardening.conftest import screening

HOSTILE = (
    "\x1b[31mRED\x1b[0m \x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\ \x9b2J[link=http://x]y[/link]"
)


def _printed(value: object) -> str:
    buf = io.StringIO()
    console = SafeConsole(file=buf, force_terminal=True, color_system="truecolor", width=200)
    console.print(value)
    return buf.getvalue()


def test_clean_removes_c0_and_c1_controls_but_keeps_text():
    assert clean(HOSTILE).startswith("[31mRED[0m ]8;;http://evil.example\\click")
    assert "\x1b" not in clean(HOSTILE) and "\x9b" not in clean(HOSTILE)
    assert clean("Côte d'Ivoire\tline\n") == "Côte d'Ivoire\tline\n"


def test_safe_console_keeps_its_own_styles_and_drops_the_data_escapes():
    table = Table(title="t")
    table.add_column("name", style="bold red")
    table.add_row(HOSTILE)
    out = _printed(table)
    assert "\x1b[1;31m" in out  # rich's own style still reaches a terminal
    assert "\x1b]8;" not in out and "\x1b[31mRED" not in out and "\x9b" not in out
    assert "[link=http://x]y[/link]" in out  # markup in data is shown, not obeyed


def test_safe_json_escapes_c1_controls():
    assert safe_json('{"n": "a\x9bb\x7f"}') == '{"n": "a\\u009bb\\u007f"}'


@pytest.mark.slow  # a whole screen with validation and reports in a child process (CI: make test-slow)
def test_run_prints_no_escape_sequence_from_supplier_names(tmp_path):
    rows = [f"Plain supplier {i},Germany,machinery" for i in range(40)]
    rows.append(f'"{HOSTILE} Hefei Bitland Information Technology Co Ltd",China,cotton')
    src = tmp_path / "hostile.csv"
    src.write_text("name,country,goods\n" + "\n".join(rows) + "\n", encoding="utf-8")
    res = screening("run", str(src), "--out", str(tmp_path / "out"), "--no-store", "--no-reports")
    assert res.returncode == 0, res.stderr
    assert "\x1b" not in res.stdout + res.stderr and "\x9b" not in res.stdout + res.stderr
    assert "[31mRED[0m" in res.stdout  # the name is printed, neutralised

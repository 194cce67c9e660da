"""The hardening contract on generated broken and hostile files of every format (hypothesis).

For every file: ingest either refuses it with an ``InputError`` (exit 2, one paragraph naming the
file) or reads it with ``rows_in = rows_screened + rows_quarantined`` = the data rows of the file, and
no control character from the data survives. Batches of the readable files then go through the
whole screen (``screening run``, in-process, reports included): exit 0, 1 or 2 only, never a
traceback, every input accounted for in run.json, and no formula or escape sequence from the data in
any output file or on the terminal.

Counts: ``HARDENING_EXAMPLES`` (default 100) files for the ingest property and
``HARDENING_SCREENS`` (default 2) screens of ``HARDENING_BATCH`` (default 12) files each in
``make test``; the nightly benchmark (``bench/bench_hardening.py``) raises them to thousands.
"""

from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path
from typing import Any

import openpyxl
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.errors import InputError
from screening.ingest import read_inputs
from tests.cli_run import screening_here
from tests.hardening.generators import Case, any_case

EXAMPLES = int(os.environ.get("HARDENING_EXAMPLES", "100"))
SCREENS = int(os.environ.get("HARDENING_SCREENS", "2"))
BATCH = int(os.environ.get("HARDENING_BATCH", "12"))

#: A control character a terminal or a spreadsheet could act on (tab and line breaks are text).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Reproducible runs (the same files every time), no per-example deadline: a screen takes seconds.
FUZZ: dict[str, Any] = {
    "deadline": None,
    "derandomize": True,
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
}


def _write(tmp: Path, index: int, case: Case) -> Path:
    path = tmp / f"f{index:03d}-{case.name}"
    path.write_bytes(case.data)
    return path


def _strings(frame) -> list[str]:
    out: list[str] = []
    for name, dtype in frame.schema.items():
        if dtype == pl.String:
            out.extend(v for v in frame[name].to_list() if v is not None)
    return out


def _rows_known(case: Case, info: dict[str, object]) -> bool:
    """Whether the file's data rows are known: a CSV only counts when read with the delimiter written
    (a sniffer may fairly pick another for a two-row file of hostile text)."""
    return case.data_rows is not None and (case.delimiter is None or info["delimiter"] == case.delimiter)


def check_ingest(path: Path, case: Case) -> int | None:
    """The ingest contract for one file; its rows_in when it was read, None when refused."""
    try:
        res = read_inputs([path])
    except InputError as exc:
        message = str(exc)
        assert message and "Traceback" not in message and len(message) < 2000, message
        return None
    info = res.inputs[0]
    assert info["rows"] == info["rows_screened"] + info["rows_quarantined"] == res.rows_in
    assert res.frame.height + res.quarantine.height == res.rows_in
    if _rows_known(case, info):
        assert res.rows_in == case.data_rows, (res.rows_in, case.data_rows)
    for text in _strings(res.frame) + _strings(res.quarantine) + list(res.frame.columns):
        assert not CONTROL.search(text), repr(text)
    return res.rows_in


@settings(max_examples=EXAMPLES, **FUZZ)
@given(case=any_case())
def test_every_generated_file_is_read_or_refused_by_the_contract(tmp_path_factory, case: Case):
    path = _write(tmp_path_factory.mktemp("fuzz"), 0, case)
    check_ingest(path, case)


def _cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [cell for row in csv.reader(fh) for cell in row]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def check_outputs(out: Path, terminal: str) -> None:
    """No formula or escape sequence from the data in any output or on the terminal."""
    assert "\x1b" not in terminal and not re.search("[\x80-\x9f]", terminal), repr(terminal[:500])
    for name in ("scores.csv", "findings.csv", "quarantine.csv"):
        for cell in _cells(out / name):
            assert not CONTROL.search(cell), (name, repr(cell))
            assert not cell.startswith(FORMULA_START) or _is_number(cell), (name, cell)
    for name in ("run.json", "validation.json"):
        text = (out / name).read_text(encoding="utf-8")
        assert not CONTROL.search(json.dumps(json.loads(text), ensure_ascii=False)), name
    html = out / "report.html"
    if html.exists():
        assert "\x1b" not in html.read_text(encoding="utf-8")
    book_path = out / "report.xlsx"
    if book_path.exists():
        book = openpyxl.load_workbook(book_path, read_only=True)
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (sheet.title, cell.value)
                    if isinstance(cell.value, str):
                        assert not CONTROL.search(cell.value), (sheet.title, repr(cell.value))
        book.close()


@pytest.mark.slow  # whole screens (reports included) of generated files (CI: make test-slow)
@settings(max_examples=SCREENS, **FUZZ)
@given(cases=st.lists(any_case(), min_size=BATCH, max_size=BATCH))
def test_screens_of_generated_files_keep_the_contract(tmp_path_factory, cases: list[Case]):
    tmp = tmp_path_factory.mktemp("screen")
    paths = [_write(tmp, i, case) for i, case in enumerate(cases)]
    readable = [
        (p, rows) for p, rows in ((p, check_ingest(p, c)) for p, c in zip(paths, cases, strict=True)) if rows
    ]
    if not readable:
        return
    out = tmp / "out"
    code, printed = screening_here("run", *(str(p) for p, _ in readable), "--out", str(out), "--no-store")
    assert code in (0, 1, 2), printed
    if code == 2:
        assert printed.startswith("error: ") or "\nerror: " in printed, printed
        return
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["rows_in"] == run["rows_screened"] + run["rows_quarantined"] == sum(r for _, r in readable)
    for (path, rows), info in zip(readable, run["inputs"], strict=True):
        assert info["rows"] == info["rows_screened"] + info["rows_quarantined"] == rows, path.name
    check_outputs(out, printed)

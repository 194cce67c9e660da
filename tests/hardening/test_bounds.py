"""Bounded resources (README, "Bounds"): a small hostile file screens in under a minute and 4 GiB.

Each reproducer of the hardening issue runs in a child process whose peak resident memory is read
with ``resource.getrusage(RUSAGE_CHILDREN)`` in a fresh interpreter, so one test's memory does not
hide another's.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hardening.conftest import ROOT

GIB = 1024**3

_MEASURE = """
import resource, subprocess, sys, time, json
started = time.monotonic()
res = subprocess.run([sys.executable, "-m", "screening", *sys.argv[1:]], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(json.dumps({"rc": res.returncode, "seconds": time.monotonic() - started, "peak": peak,
                  "stderr": res.stderr[-2000:]}))
"""


def measure(*args: str) -> dict[str, object]:
    """Exit code, wall time and peak RSS of ``screening ARGS`` in a child process."""
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    result: dict[str, object] = json.loads(out.stdout)
    return result


def _long_name_file(path: Path) -> Path:
    rng = random.Random(14)
    words = ["HEFEI", "BITLAND", "TRADING", "GARMENT", "TEXTILE", "XINJIANG", "COTTON", "INFO"]
    name = " ".join(rng.choice(words) for _ in range(8000))
    path.write_text(f'name,country\n"{name}",China\nAcme Trading,Germany\n', encoding="utf-8")
    assert 40_000 <= path.stat().st_size <= 60_000
    return path


def _newline_field_file(path: Path) -> Path:
    body = "".join(f"Supplier {i},China\n" for i in range(40_000))
    path.write_text('name,country\n"' + "x\n" * 200_000 + '",China\n' + body[:600_000], encoding="utf-8")
    assert 1_000_000 <= path.stat().st_size <= 1_100_000
    return path


@pytest.mark.slow  # a whole screen of each reproducer (reports included) in a child process, timed
@pytest.mark.parametrize("make", [_long_name_file, _newline_field_file], ids=["40kb-name", "200k-newlines"])
def test_small_hostile_file_screens_in_bounded_time_and_memory(tmp_path, make):
    src = make(tmp_path / "hostile.csv")
    got = measure("run", str(src), "--out", str(tmp_path / "out"), "--no-store")
    assert got["rc"] == 0, got["stderr"]
    assert got["seconds"] < 60
    assert got["peak"] < 4 * GIB
    scores = (tmp_path / "out" / "scores.csv").read_text(encoding="utf-8")
    assert "Acme Trading" in scores or "Supplier 39" in scores

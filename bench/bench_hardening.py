"""Nightly fuzz of the hardening contract: thousands of generated broken and hostile files.

Runs tests/hardening/test_properties.py with larger counts than ``make test`` (which runs
HARDENING_EXAMPLES=250 files through ingest and 2 screens of 12 files), and the bound tests of
tests/hardening/test_bounds.py. Usage::

    python bench/bench_hardening.py [FILES] [SCREENS]     # default 3000 files, 20 screens of 12 files

Prints the counts and the wall time; record them in bench/RESULTS.md ("Hardening fuzz").
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    files = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    screens = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    env = {
        **os.environ,
        "HARDENING_EXAMPLES": str(files),
        "HARDENING_SCREENS": str(screens),
        "HARDENING_BATCH": "12",
    }
    started = time.monotonic()
    rc = subprocess.call(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/hardening/test_properties.py",
         "tests/hardening/test_bounds.py"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    elapsed = time.monotonic() - started
    print(
        f"hardening fuzz: {files} generated files through ingest, {screens} screens of 12 generated files "
        f"({files + 12 * screens} files in all) and the two bound reproducers: "
        f"{'passed' if rc == 0 else 'FAILED'} in {elapsed:.0f} s"
    )
    sys.exit(rc)

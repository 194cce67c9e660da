"""Run every benchmark in turn (each prints its own figures); record them in bench/RESULTS.md by hand.

    python bench/run_all.py            # about 10-15 minutes on a 2-core machine
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = [
    ["bench_ingest.py"], ["bench_goods.py"], ["bench_indicators.py"], ["bench_matching.py"],
    ["name_quality.py"], ["bench_screen.py", "1000000"], ["bench_screen.py", "1000000", "--with-validation"],
    ["bench_validation.py"], ["bench_store.py"], ["bench_report.py"], ["bench_real_lists.py"],
    ["bench_hardening.py"],
]

if __name__ == "__main__":
    failed = 0
    for args in BENCHES:
        print(f"\n=== {' '.join(args)}", flush=True)
        rc = subprocess.call([sys.executable, str(HERE / args[0]), *args[1:]], cwd=HERE.parent)
        failed += rc != 0
    sys.exit(1 if failed else 0)

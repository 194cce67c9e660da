"""GX Data Docs build (`screening run --gx-project DIR`): what it adds to a screen.

Screens a list with the library pipeline inside ``gx_docs.recording()`` (no reports, no store), then
times ``gx_docs.publish``: a file-backed GX project (created on the first run, reused on the second),
one expectation suite, validation definition and checkpoint per validated batch (the input, every
indicator dataset, the results), each checkpoint run on its frame, and the Data Docs site built in
OUT/gx-data-docs. Lists: the example (examples/suppliers.csv) and a generated list of N rows
(``bench/gen_suppliers.py``; default 100,000).

    .venv/bin/python bench/bench_gx_docs.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.gen_suppliers import ensure  # noqa: E402
from screening.pipeline import build_options, run  # noqa: E402
from screening.validation.gx_docs import publish, recording  # noqa: E402


def bench(label: str, path: Path, project: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        options = build_options(out, no_store=True, reports=False)
        start = time.perf_counter()
        with recording() as batches:
            run([path], options)
        screened = time.perf_counter() - start
        rows = sum(b.batch.frame.height for b in batches)
        for attempt in ("new project", "same project again"):
            start = time.perf_counter()
            index = publish(batches, project, out)
            took = time.perf_counter() - start
            pages = len(list((index.parent / "validations").rglob("*.html")))
            print(
                f"{label}: screen {screened:.1f} s; publish ({attempt}) {took:.1f} s for {len(batches)} "
                f"batches / {rows:,} rows validated; {pages} validation pages",
                flush=True,
            )


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        bench("example (199 rows)", ROOT / "examples" / "suppliers.csv", Path(tmp) / "gx1")
        generated = ensure(n, ROOT / "bench" / "data" / f"suppliers_{n}.csv")
        bench(f"generated ({n:,} rows)", generated, Path(tmp) / "gx2")

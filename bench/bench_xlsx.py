"""XLSX read of 100,000 supplier rows: openpyxl (the reader before issue 17) against calamine (fastexcel).

Writes the generated suppliers of ``gen_suppliers.generate`` (10 columns, a title row above the header)
to ``bench/data/suppliers_100000.xlsx`` (gitignored) with xlsxwriter, then times
``screening.ingest.readers.read_xlsx`` both ways: calamine (what a screen uses now) and the openpyxl
path (``read_xlsx_rows`` + the same table building), and checks that both give the same table.

    .venv/bin/python bench/bench_xlsx.py [ROWS]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from gen_suppliers import generate  # noqa: E402

from screening.ingest.readers import _xlsx_table  # noqa: E402
from screening.ingest.tabular import read_xlsx_rows  # noqa: E402
from screening.ingest.xlsx_fast import fast_xlsx_table  # noqa: E402


def workbook(n: int) -> Path:
    path = ROOT / "bench" / "data" / f"suppliers_{n}.xlsx"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    frame = generate(n)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Suppliers")
    sheet.write(0, 0, f"Supplier list ({n} rows)")
    sheet.write_row(1, 0, frame.columns)
    for r, row in enumerate(frame.iter_rows(), start=2):
        sheet.write_row(r, 0, row)
    book.close()
    return path


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    out = fn()
    print(f"{label}: {time.perf_counter() - start:.2f} s", flush=True)
    return out


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    path = workbook(n)
    data = path.read_bytes()
    print(f"{path.name}: {len(data) / 2**20:.1f} MiB, {n} rows")
    known: frozenset[str] = frozenset()
    fast = timed("calamine (fastexcel), now", lambda: fast_xlsx_table(data, None, None, known))
    slow = timed(
        "openpyxl, before", lambda: _xlsx_table(*reversed(read_xlsx_rows(data, path.name, None)), None, known)
    )
    assert fast is not None and fast.frame.equals(slow.frame) and fast.headers == slow.headers
    print(f"same table both ways: {fast.frame.height} rows x {len(fast.headers)} columns")

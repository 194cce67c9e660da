"""The default screen against a bare DuckDB pass over the same file (issue 16), measured in one run.

    python bench/bench_default.py [N ...] [--partition-rows R] [--dask local:2] [--no-reports] [--bare-only]

For each N: generates (once) ``bench/data/suppliers_N.csv`` with ``bench/gen_suppliers.py``; times a
bare DuckDB read-join-write of it (read every cell as text, join a country table, write CSV and
Parquet); then runs ``screening run FILE --no-store`` (validation and reports on: the defaults) as a
child process and reads its wall time, CPU time and peak RSS (``ru_maxrss``: the largest child
process; a LocalCluster's workers are children of the screen, so their peak counts only when it is
the largest). Prints one line per N with the ratio and the load average,
since other jobs share this machine's two cores.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.gen_suppliers import ensure

ROOT = Path(__file__).resolve().parents[1]


def bare_duckdb(path: Path, out: Path) -> float:
    """Read every cell as text, join a 250-row country table, write CSV and Parquet: seconds."""
    import duckdb

    t = time.perf_counter()
    con = duckdb.connect()
    con.execute("CREATE TABLE countries AS SELECT range AS id, 'C' || range AS country FROM range(250)")
    con.execute(
        "CREATE TABLE joined AS SELECT s.*, c.id AS country_id FROM read_csv(?, all_varchar=true) s "
        "LEFT JOIN countries c ON upper(s.country) = c.country",
        [str(path)],
    )
    con.execute(f"COPY joined TO '{out / 'bare.csv'}' (HEADER)")
    con.execute(f"COPY joined TO '{out / 'bare.parquet'}' (FORMAT parquet)")
    con.close()
    return time.perf_counter() - t


def screen(path: Path, out: Path, extra: list[str]) -> tuple[float, float, float]:
    """``screening run`` as a child process: (wall s, peak RSS MiB of the children, CPU s user + system)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu0 = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    t = time.perf_counter()
    cmd = [str(ROOT / ".venv" / "bin" / "screening"), "run", str(path), "--out", str(out), "--no-store", "-q"]
    subprocess.run([*cmd, *extra], check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, max(before, usage.ru_maxrss) / 1024, usage.ru_utime + usage.ru_stime - cpu0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int, nargs="*", default=[1_000_000])
    ap.add_argument("--partition-rows", type=int)
    ap.add_argument("--dask")
    ap.add_argument("--no-reports", action="store_true")
    ap.add_argument("--bare-only", action="store_true")
    ap.add_argument("--keep", type=Path, help="write the screen's outputs to KEEP/<N> and keep them")
    args = ap.parse_args()
    extra: list[str] = []
    if args.partition_rows:
        extra += ["--partition-rows", str(args.partition_rows)]
    if args.dask:
        extra += ["--dask", args.dask]
    if args.no_reports:
        extra.append("--no-reports")
    for n in args.n:
        path = ensure(n, ROOT / "bench" / "data" / f"suppliers_{n}.csv")
        work = Path(tempfile.mkdtemp(prefix="bench-default-"))
        load0 = os.getloadavg()[0]
        bare = bare_duckdb(path, work)
        line = f"{n:>11,} rows: bare DuckDB {bare:6.1f} s"
        if not args.bare_only:
            out = args.keep / str(n) if args.keep else work / "out"
            wall, peak, cpu = screen(path, out, extra)
            line += f" | screening run {' '.join(extra) or '(defaults)'}: {wall:6.1f} s ({cpu:.0f} s CPU)"
            line += f", peak {peak:,.0f} MiB"
            line += f", ratio {wall / bare:4.1f}"
        load1 = os.getloadavg()[0]
        print(f"{line} | load average {load0:.1f} -> {load1:.1f}", flush=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

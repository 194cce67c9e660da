"""The default screen against a bare DuckDB pass over the same file (issue 16), measured in one run.

    python bench/bench_default.py [N ...] [--partition-rows R] [--dask local:2] [--no-reports] [--bare-only]
    python bench/bench_default.py [N ...] --against REV [--turns K]

For each N: generates (once) ``bench/data/suppliers_N.csv`` with ``bench/gen_suppliers.py``; times a
bare DuckDB read-join-write of it (read every cell as text, join a country table, write CSV and
Parquet); then runs ``screening run FILE --no-store`` (validation and reports on: the defaults) as a
child process and reads its wall time, CPU time and peak RSS (``ru_maxrss`` of that child, by
``os.wait4``; a LocalCluster's workers are children of the screen, so their peak counts only when one is
the largest). Prints one line per N with the ratio and the load average,
since other jobs share this machine's two cores.

``--against REV`` compares this checkout with the code of git revision REV (a temporary worktree, imported
through ``PYTHONPATH``): K turns, each screening with REV's code and then with this checkout's, each with
its own bare pass, both as ``python -m screening run``. The host's speed can drift by more than a change
is worth within an hour; runs in turns, and their ratios, are what compare. The first screen of each code
may also validate the bundled datasets (their outcomes are kept for the next), so use two turns or more.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
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


def screen(path: Path, out: Path, extra: list[str], code: Path | None = None) -> tuple[float, float, float]:
    """``screening run`` as a child process: (wall s, peak RSS MiB, CPU s user + system) of that child
    (``os.wait4``: its own figures, whatever ran before it; a LocalCluster's workers are its children and
    count only when one is the largest process).

    ``code``: run ``python -m screening`` from this source folder (``-m`` puts the working folder first on
    the path, ahead of ``PYTHONPATH`` and the installed package)."""
    args = ["run", str(path), "--out", str(out), "--no-store", "-q", *extra]
    if code is None:
        cmd, env = [str(ROOT / ".venv" / "bin" / "screening"), *args], None
    else:
        cmd = [str(ROOT / ".venv" / "bin" / "python"), "-m", "screening", *args]
        env = {**os.environ, "PYTHONPATH": str(code)}
    t = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, env=env, cwd=code)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - t
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, cmd)
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


@contextlib.contextmanager
def checkout(rev: str) -> Iterator[Path]:
    """The source of git revision ``rev`` in a temporary worktree (removed afterwards)."""
    folder = Path(tempfile.mkdtemp(prefix="bench-against-")) / "src"
    git = ["git", "-C", str(ROOT), "worktree"]
    subprocess.run([*git, "add", "--detach", "-q", str(folder), rev], check=True)
    try:
        yield folder
    finally:
        subprocess.run([*git, "remove", "--force", str(folder)], check=False)
        shutil.rmtree(folder.parent, ignore_errors=True)


def measure(n: int, path: Path, extra: list[str], label: str, keep: Path | None, code: Path | None) -> None:
    """One bare pass and one screen of ``path``; prints their line."""
    work = Path(tempfile.mkdtemp(prefix="bench-default-"))
    load0 = os.getloadavg()[0]
    bare = bare_duckdb(path, work)
    line = f"{n:>11,} rows: bare DuckDB {bare:6.1f} s"
    if label != "bare":
        out = keep / str(n) if keep else work / "out"
        wall, peak, cpu = screen(path, out, extra, code)
        line += f" | screening run {' '.join(extra) or '(defaults)'}{label}: {wall:6.1f} s ({cpu:.0f} s CPU)"
        line += f", peak {peak:,.0f} MiB"
        line += f", ratio {wall / bare:4.1f}"
    load1 = os.getloadavg()[0]
    print(f"{line} | load average {load0:.1f} -> {load1:.1f}", flush=True)
    shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int, nargs="*", default=[1_000_000])
    ap.add_argument("--partition-rows", type=int)
    ap.add_argument("--dask")
    ap.add_argument("--no-reports", action="store_true")
    ap.add_argument("--bare-only", action="store_true")
    ap.add_argument("--keep", type=Path, help="write the screen's outputs to KEEP/<N> and keep them")
    ap.add_argument("--against", metavar="REV", help="also screen with git revision REV's code, in turns")
    ap.add_argument("--turns", type=int, default=2, help="turns of REV's and this checkout's code")
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
        if args.bare_only:
            measure(n, path, extra, "bare", None, None)
        elif args.against is None:
            measure(n, path, extra, "", args.keep, None)
        else:
            with checkout(args.against) as old:
                for _ in range(args.turns):
                    measure(n, path, extra, f" [{args.against}]", None, old)
                    measure(n, path, extra, " [this checkout]", None, ROOT)


if __name__ == "__main__":
    main()

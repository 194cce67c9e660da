"""The scheduled screen of the configured supplier lists: ``monthly_screen``.

Reads the lists file (see screening/rescreen.py or docs/operations.md), screens each list into the
store under its name (``<out_root>/<list>/<run_id>/``), and alerts on high/critical findings that
are new since the list's previous screen. One task per list; a list that fails is reported and the
flow ends Failed after the others ran.

    python -m flows.monthly --lists screening-lists.yml
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from prefect import flow, task

from flows.tasks import TASK_OPTIONS
from screening import rescreen
from screening.errors import ScreeningError


@task(name="read-lists", **TASK_OPTIONS)
def list_names(lists_file: str) -> list[str]:
    return rescreen.configured_names(Path(lists_file))


@task(name="screen-list", **TASK_OPTIONS)
def screen_list(lists_file: str, name: str) -> dict[str, Any]:
    return rescreen.screen_configured(Path(lists_file), only=[name])[0].to_dict()


@flow(name="monthly-screen", log_prints=True)
def monthly_screen(lists_file: str = "screening-lists.yml") -> list[dict[str, Any]]:
    """Screen every configured list; returns, per list, the run id, output folder and new findings."""
    results = [screen_list(lists_file, name) for name in list_names(lists_file)]
    for r in results:
        print(f"{r['list_name']}: {r['status']} -> {r['out_dir']}: {r['new_findings']} new high/critical")
    failed = [r for r in results if r["status"] == "failed"]
    if failed:
        raise ScreeningError(" ".join(str(r["error"]) for r in failed))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flows.monthly", description=__doc__)
    parser.add_argument("--lists", default="screening-lists.yml")
    args = parser.parse_args(argv)
    try:
        results = monthly_screen(args.lists)
    except ScreeningError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

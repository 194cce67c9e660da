"""Re-screen the lists whose latest screen is out of date, and alert on new findings: ``rescreen_lists``.

A list is out of date when a refresh activated a new edition of a dataset it used, or the rules
changed since (its run.json's ``rules_version``). The refresh flow calls this flow after each refresh;
it is also a deployment of its own (run it from the UI or ``prefect deployment run``).

    python -m flows.rescreen --lists screening-lists.yml [--force]
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


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


@task(name="find-stale-lists", **TASK_OPTIONS)
def find_stale(lists_file: str | None, store: str | None, force: bool) -> tuple[Path, list[rescreen.Stale]]:
    return rescreen.plan_rescreen(_path(lists_file), _path(store), force=force)


@task(name="rescreen-list", **TASK_OPTIONS)
def rescreen_one(
    stale: rescreen.Stale, store: Path, out_root: str | None, lists_file: str | None
) -> dict[str, Any]:
    return rescreen.rescreen_list(stale, store, _path(out_root), lists_file=_path(lists_file)).to_dict()


@flow(name="rescreen-lists", log_prints=True)
def rescreen_lists(
    lists_file: str | None = None, store: str | None = None, out_root: str | None = None, force: bool = False
) -> list[dict[str, Any]]:
    """Re-screen every stale list of the store (every list with ``force``); returns what each did."""
    path, stale = find_stale(lists_file, store, force)
    results = [rescreen_one(s, path, out_root, lists_file) for s in stale]
    for r in results:
        print(f"{r['list_name']}: {r['status']} ({r['reason']}): {r['new_findings']} new high/critical")
    failed = [r for r in results if r["status"] == "failed"]
    if failed:
        raise ScreeningError(" ".join(str(r["error"]) for r in failed))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flows.rescreen", description=__doc__)
    parser.add_argument("--lists")
    parser.add_argument("--store")
    parser.add_argument("--out-root")
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    try:
        results = rescreen_lists(args.lists, args.store, args.out_root, args.force)
    except ScreeningError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

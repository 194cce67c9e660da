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

from flows import ops
from flows.cli import LISTS_HELP, STORE_HELP, WEBHOOK_SECRET_HELP, run_flow
from flows.ops import STORE_TASK, retry_unless_reported
from screening import rescreen
from screening.errors import ScreeningError


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


@task(name="find-stale-lists", **STORE_TASK)
def find_stale(lists_file: str | None, store: str | None, force: bool) -> tuple[Path, list[rescreen.Stale]]:
    return rescreen.plan_rescreen(_path(lists_file), _path(store), force=force)


@task(
    name="rescreen-list",
    task_run_name="rescreen-{stale.list_name}",
    retry_condition_fn=retry_unless_reported,
    **STORE_TASK,
)
def rescreen_one(
    stale: rescreen.Stale,
    store: Path,
    out_root: str | None,
    lists_file: str | None,
    webhook_secret: str | None = None,
) -> dict[str, Any]:
    """Re-screen one list and alert on what is new; raises (the task fails) when it failed."""
    settings = ops.settings_with_webhook(webhook_secret)
    record = rescreen.rescreen_list(
        stale, store, _path(out_root), settings, lists_file=_path(lists_file), step=ops.store_step(store)
    ).to_dict()
    if record["status"] == "failed":
        raise ScreeningError(str(record["error"]))
    if (Path(record["out_dir"]) / "run.json").is_file():
        ops.publish_screen(
            json.loads((Path(record["out_dir"]) / "run.json").read_text(encoding="utf-8")),
            Path(record["out_dir"]),
        )
    return record


def rescreen_run_name() -> str:
    return ops.run_name("rescreen")


@flow(name="rescreen-lists", flow_run_name=rescreen_run_name, log_prints=True)
def rescreen_lists(
    lists_file: str | None = None,
    store: str | None = None,
    out_root: str | None = None,
    force: bool = False,
    webhook_secret: str | None = None,
) -> list[dict[str, Any]]:
    """Re-screen every stale list of the store (every list with ``force``) in parallel; returns what
    each did. A list that fails shows Failed, the others complete, and the flow ends Failed."""
    path, stale = find_stale(lists_file, store, force)
    futures = [rescreen_one.submit(s, path, out_root, lists_file, webhook_secret) for s in stale]
    results, failed = ops.outcomes([f.wait() or f.state for f in futures], [s.list_name for s in stale])
    for r in results:
        print(f"{r['list_name']}: {r['status']} ({r['reason']}): {r['new_findings']} new high/critical")
    if failed:
        raise ScreeningError(ops.failure("list", failed))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flows.rescreen", description=__doc__)
    parser.add_argument("--lists", help=LISTS_HELP)
    parser.add_argument("--store", help=STORE_HELP)
    parser.add_argument(
        "--out-root",
        help=(
            "folder of each re-screen's outputs, <out-root>/<list>/<run id> (default: the lists file's "
            "out_root, else rescreens/ beside the store)"
        ),
    )
    parser.add_argument(
        "--force", action="store_true", help="re-screen every list of the store, stale or not"
    )
    parser.add_argument("--webhook-secret", help=WEBHOOK_SECRET_HELP)
    args = parser.parse_args(argv)
    return run_flow(
        lambda: rescreen_lists(args.lists, args.store, args.out_root, args.force, args.webhook_secret)
    )


if __name__ == "__main__":
    sys.exit(main())

"""The scheduled screen of the configured supplier lists: ``monthly_screen``.

Reads the lists file (see screening/rescreen.py or docs/operations.md), screens each list into the
store under its name (``<out_root>/<list>/<run_id>/``), and alerts on high/critical findings that
are new since the list's previous screen. The lists run in parallel, one task each (the store's
stages wait for its one concurrency slot); a list that fails shows Failed, the others complete, and
the flow ends Failed naming it. Each list's screen gets its table and link artifacts.

    python -m flows.monthly --lists screening-lists.yml
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from prefect import flow, task, unmapped

from flows.cli import LISTS_HELP, WEBHOOK_SECRET_HELP, run_flow
from flows.ops import (
    STORE_TASK,
    failure,
    outcomes,
    publish_screen,
    retry_unless_reported,
    run_name,
    settings_with_webhook,
    store_step,
)
from flows.tasks import TASK_OPTIONS
from screening import rescreen
from screening.errors import ScreeningError


@task(name="read-lists", **TASK_OPTIONS)
def list_names(lists_file: str) -> list[str]:
    return rescreen.configured_names(Path(lists_file))


@task(
    name="screen-list", task_run_name="screen-{name}", retry_condition_fn=retry_unless_reported, **STORE_TASK
)
def screen_list(lists_file: str, name: str, webhook_secret: str | None = None) -> dict[str, Any]:
    """Screen one configured list and alert on what is new; raises (the task fails) when it failed."""
    settings = settings_with_webhook(webhook_secret)
    store = rescreen.store_path(
        rescreen.load_lists_config(Path(lists_file)), settings, base=Path(lists_file).resolve().parent
    )
    record = rescreen.screen_configured(Path(lists_file), settings, only=[name], step=store_step(store))[
        0
    ].to_dict()
    if record["status"] == "failed":
        raise ScreeningError(str(record["error"]))
    run_json = Path(record["out_dir"]) / "run.json"
    if run_json.is_file():
        publish_screen(json.loads(run_json.read_text(encoding="utf-8")), Path(record["out_dir"]))
    return record


def monthly_run_name() -> str:
    from prefect.runtime import flow_run

    return run_name("monthly", Path(str(flow_run.parameters.get("lists_file") or "lists")).stem)


@flow(name="monthly-screen", flow_run_name=monthly_run_name, log_prints=True)
def monthly_screen(
    lists_file: str = "screening-lists.yml", webhook_secret: str | None = None
) -> list[dict[str, Any]]:
    """Screen every configured list in parallel; returns, per list, the run id, output folder and new
    findings. ``webhook_secret``: the Prefect Secret block holding the alert webhook URL."""
    names = list_names(lists_file)
    futures = screen_list.map(unmapped(lists_file), names, unmapped(webhook_secret))
    results, failed = outcomes([f.wait() or f.state for f in futures], names)
    for r in results:
        print(f"{r['list_name']}: {r['status']} -> {r['out_dir']}: {r['new_findings']} new high/critical")
    if failed:
        raise ScreeningError(failure("list", failed))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flows.monthly", description=__doc__)
    parser.add_argument("--lists", default="screening-lists.yml", help=LISTS_HELP + "; default: %(default)s")
    parser.add_argument("--webhook-secret", help=WEBHOOK_SECRET_HELP)
    args = parser.parse_args(argv)
    return run_flow(lambda: monthly_screen(args.lists, args.webhook_secret))


if __name__ == "__main__":
    sys.exit(main())

"""Fetch new editions of the indicator datasets, then re-screen what they change: ``refresh_indicators``.

Each source is one task (a failing source does not stop the others). When something new was
activated, or the rules changed since a list's last screen, the ``rescreen_lists`` flow runs as a
subflow and alerts on new high/critical findings. The flow fails, after all that, when any source
could not be refreshed, so the run shows red in the Prefect UI.

    python -m flows.refresh [--source uflpa] [--lists screening-lists.yml] [--no-rescreen]
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from prefect import flow, task

from flows.cli import LISTS_HELP, STORE_HELP, WEBHOOK_SECRET_HELP, run_flow
from flows.ops import NETWORK_TASK, failure, outcomes, publish_refresh, retry_unless_reported, run_name
from flows.rescreen import rescreen_lists
from flows.tasks import TASK_OPTIONS
from screening.errors import SourceError
from screening.indicators import refresh


@task(name="list-sources", **TASK_OPTIONS)
def list_sources() -> list[str]:
    return refresh.refreshable()


@task(
    name="refresh-source",
    task_run_name="refresh-{source}",
    retry_condition_fn=retry_unless_reported,
    **NETWORK_TASK,
)
def refresh_source(source: str, dry_run: bool) -> dict[str, Any]:
    """Fetch, check and (unless ``dry_run``) activate one source; raises (the task fails) when it failed.

    Downloads already retry inside (``SCREENING_HTTP_RETRIES``); the task retries an unexpected error.
    """
    result = refresh.refresh_many([source], dry_run=dry_run)[0].to_dict()
    if result["status"] == "failed":
        raise SourceError(str(result["error"]))
    return result


def refresh_run_name() -> str:
    from prefect.runtime import flow_run

    return run_name("refresh", "-".join(flow_run.parameters.get("sources") or ["all"]))


@flow(name="refresh-indicators", flow_run_name=refresh_run_name, log_prints=True)
def refresh_indicators(
    sources: list[str] | None = None,
    dry_run: bool = False,
    rescreen: bool = True,
    lists_file: str | None = None,
    store: str | None = None,
    webhook_secret: str | None = None,
) -> dict[str, Any]:
    """Refresh each source (a failed one shows Failed, the others complete); re-screen stale lists when
    anything changed; a markdown artifact holds the change report. Returns the refresh results, each
    with its change report, and what each re-screen did. Ends Failed when a source or list failed."""
    names = sources or list_sources()
    states = [refresh_source(s, dry_run, return_state=True) for s in names]
    results, failed = outcomes(states, names)
    for r in results:
        summary = (r.get("changes") or {}).get("summary", "")
        print(f"{r['dataset']}: {r['status']} {r.get('version') or ''} {summary}".rstrip())
    publish_refresh(results + [{"dataset": n, "status": "failed", "error": e} for n, e in failed])
    rescreens: list[dict[str, Any]] = []
    if rescreen and not dry_run and (lists_file or store or _store_configured()):
        state = rescreen_lists(
            lists_file=lists_file, store=store, webhook_secret=webhook_secret, return_state=True
        )
        value = state.result(raise_on_failure=False)
        if state.is_completed():
            rescreens = value
        else:
            failed.append(("re-screen", str(value)))
    if failed:
        raise SourceError(failure("source", failed))
    return {
        "results": results,
        "activated": [r["dataset"] for r in results if r["status"] == "activated"],
        "rescreens": rescreens,
    }


def _store_configured() -> bool:
    from screening.settings import get_settings

    return get_settings().store is not None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flows.refresh", description=__doc__)
    parser.add_argument(
        "--source", action="append", help="dataset id to refresh (repeatable); default: every refreshable one"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="download, check and report changes; stage nothing"
    )
    parser.add_argument(
        "--no-rescreen", action="store_true", help="do not re-screen the stale lists after a change"
    )
    parser.add_argument("--lists", help=LISTS_HELP)
    parser.add_argument("--store", help=STORE_HELP)
    parser.add_argument("--webhook-secret", help=WEBHOOK_SECRET_HELP)
    args = parser.parse_args(argv)
    return run_flow(
        lambda: refresh_indicators(
            args.source, args.dry_run, not args.no_rescreen, args.lists, args.store, args.webhook_secret
        )
    )


if __name__ == "__main__":
    sys.exit(main())

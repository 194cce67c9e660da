"""Fetch new editions of the indicator datasets, then re-screen what they change: ``refresh_indicators``.

Each source is one task (a failing source does not stop the others). When something new was
activated, or the rules changed since a list's last screen, the ``rescreen_lists`` flow runs as a
subflow and alerts on new high/critical findings. The flow fails, after all that, when any source
could not be refreshed, so the run shows red in the Prefect UI.

    python -m flows.refresh [--source uflpa] [--lists screening-lists.yml] [--no-rescreen]
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from prefect import flow, task

from flows.rescreen import rescreen_lists
from flows.tasks import TASK_OPTIONS
from screening.errors import ScreeningError, SourceError
from screening.indicators import refresh


@task(name="list-sources", **TASK_OPTIONS)
def list_sources() -> list[str]:
    return refresh.refreshable()


@task(name="refresh-source", **TASK_OPTIONS)
def refresh_source(source: str, dry_run: bool) -> dict[str, Any]:
    return refresh.refresh_many([source], dry_run=dry_run)[0].to_dict()


@flow(name="refresh-indicators", log_prints=True)
def refresh_indicators(
    sources: list[str] | None = None,
    dry_run: bool = False,
    rescreen: bool = True,
    lists_file: str | None = None,
    store: str | None = None,
) -> dict[str, Any]:
    """Refresh each source; re-screen stale lists when anything changed. Returns the refresh results,
    each with its change report, and what each re-screen did."""
    results = [refresh_source(s, dry_run) for s in (sources or list_sources())]
    for r in results:
        summary = (r.get("changes") or {}).get("summary", "")
        print(f"{r['dataset']}: {r['status']} {r.get('version') or ''} {summary}".rstrip())
    rescreens: list[dict[str, Any]] = []
    if rescreen and not dry_run and (lists_file or store or _store_configured()):
        rescreens = rescreen_lists(lists_file=lists_file, store=store)
    failed = [r for r in results if r["status"] == "failed"]
    if failed:
        raise SourceError(" ".join(str(r["error"]) for r in failed))
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
    parser.add_argument("--source", action="append")
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--no-rescreen", action="store_true")
    parser.add_argument("--lists")
    parser.add_argument("--store")
    args = parser.parse_args(argv)
    try:
        out = refresh_indicators(args.source, args.dry_run, not args.no_rescreen, args.lists, args.store)
    except ScreeningError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    print(json.dumps(out, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Serve the scheduled deployments from this process (needs a running ``prefect server start``).

==================================  =================  ==============================================
deployment                          default schedule   what it runs
==================================  =================  ==============================================
monthly-screen/monthly-screen       06:00 on the 1st   every list of the lists file, alerts on new
refresh-indicators/daily-refresh    05:00 every day    fetch new editions; re-screen stale lists
rescreen-lists/rescreen             none (on demand)   re-screen stale lists; also run by the refresh
screen-suppliers/screen-suppliers   none (on demand)   an ad-hoc screen of the files given as inputs
==================================  =================  ==============================================

The re-screen follows a refresh that activated a new edition, or a change of the rules since a
list's last screen: the refresh flow calls ``rescreen_lists`` after every refresh, and that flow
re-screens exactly the lists whose recorded ``indicator_versions`` or ``rules_version`` differ from
today's. Times are cron expressions in ``--timezone`` (default UTC).

    PREFECT_API_URL=http://127.0.0.1:4200/api python -m flows.serve --lists screening-lists.yml

``--only NAME`` serves some of them; ``--every SECONDS`` replaces the cron schedules with a short
interval (for trying the set-up, and for the test that runs a scheduled deployment).
prefect.yaml declares the same deployments for ``prefect deploy`` with a process work pool.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Collection
from datetime import timedelta
from pathlib import Path
from typing import Any

from flows.monthly import monthly_screen
from flows.refresh import refresh_indicators
from flows.rescreen import rescreen_lists
from flows.screen import screen_suppliers

MONTHLY_CRON = "0 6 1 * *"
REFRESH_CRON = "0 5 * * *"
TAGS = ["screening"]


#: (name, flow, description) of each deployment, in the order they are served.
DEPLOYMENTS: tuple[tuple[str, Any, str], ...] = (
    (
        "monthly-screen",
        monthly_screen,
        "Screen every configured supplier list; alert on new high/critical findings.",
    ),
    (
        "daily-refresh",
        refresh_indicators,
        "Fetch new indicator editions; re-screen lists they (or rule changes) affect.",
    ),
    (
        "rescreen",
        rescreen_lists,
        "Re-screen lists whose last screen used an older edition or rules; alert on new.",
    ),
    (
        "screen-suppliers",
        screen_suppliers,
        "Screen supplier files now (inputs, out, list_name...; partition_rows and dask for large lists).",
    ),
)
#: Deployments whose flows read the lists file (the others take their own parameters).
LIST_FLOWS = ("monthly-screen", "daily-refresh", "rescreen")
NAMES = tuple(name for name, _, _ in DEPLOYMENTS)


def build_deployments(
    lists_file: Path,
    *,
    monthly_cron: str = MONTHLY_CRON,
    refresh_cron: str = REFRESH_CRON,
    timezone: str = "UTC",
    every: float | None = None,
    only: Collection[str] | None = None,
) -> list[Any]:
    """The RunnerDeployments to serve (``every``: an interval in seconds instead of the crons; ``only``:
    those named, default all; the re-screen has no schedule of its own: the refresh runs it, or a user
    from the UI)."""
    from prefect.schedules import Cron, Interval

    crons = {"monthly-screen": monthly_cron, "daily-refresh": refresh_cron}
    out: list[Any] = []
    for name, flow, description in DEPLOYMENTS:
        if only is not None and name not in only:
            continue
        cron = crons.get(name)
        schedule = {}
        if cron is not None:
            schedule["schedules"] = (
                [Interval(timedelta(seconds=every))] if every else [Cron(cron, timezone=timezone)]
            )
        out.append(
            flow.to_deployment(
                name=name,
                parameters={"lists_file": str(lists_file.resolve())} if name in LIST_FLOWS else {},
                tags=TAGS,
                description=description,
                **schedule,
            )
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m flows.serve",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--lists",
        dest="lists_file",
        metavar="LISTS",
        type=Path,
        default=Path("screening-lists.yml"),
        help="the lists file (default: screening-lists.yml)",
    )
    parser.add_argument("--monthly-cron", default=MONTHLY_CRON)
    parser.add_argument("--refresh-cron", default=REFRESH_CRON)
    parser.add_argument("--timezone", default="UTC")
    parser.add_argument("--every", type=float, help="serve with this interval (seconds) instead of the crons")
    parser.add_argument(
        "--only", action="append", choices=NAMES, help="serve only this deployment (repeatable)"
    )
    args = parser.parse_args(argv)
    if not args.lists_file.is_file():
        print(
            f"error: the lists file {args.lists_file} does not exist; see docs/operations.md for its format.",
            file=sys.stderr,
        )
        return 2
    from prefect import serve

    deployments = build_deployments(**vars(args))
    serve(*deployments, pause_on_shutdown=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The command line of a flow module (``python -m flows.<name>``): one way to run it and report.

A :class:`~screening.errors.ScreeningError` is one line on stderr and its exit code, as with
``screening``; otherwise what the flow returned is printed (JSON unless the module says otherwise).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from screening.errors import ScreeningError


def as_json(result: Any) -> str:
    return json.dumps(result, indent=2, default=str)


def run_flow(call: Callable[[], Any], show: Callable[[Any], str] = as_json) -> int:
    """Run ``call`` (a flow with its parsed arguments) and print ``show(result)``; the exit code."""
    try:
        result = call()
    except ScreeningError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    print(show(result))
    return 0

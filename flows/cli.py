"""The command line of a flow module (``python -m flows.<name>``): one way to run it and report.

A :class:`~screening.errors.ScreeningError` is one line on stderr and its exit code, as with
``screening``; otherwise what the flow returned is printed (JSON unless the module says otherwise).
A flow that screens takes the arguments of a screen with the flags and help of ``screening run``, from
their one table (``screening.options.SCREEN_ARGUMENTS``): :func:`add_screen_arguments`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from screening.errors import ScreeningError
from screening.options import SCREEN_ARGUMENTS

#: Help of the flags that several flows share.
LISTS_HELP = (
    "the lists file (screening-lists.yml): each list's name, inputs, mapping and sheet, the store and "
    "out_root (docs/operations.md)"
)
STORE_HELP = (
    "the DuckDB store whose lists are re-screened (default: the lists file's store, else SCREENING_STORE)"
)
WEBHOOK_SECRET_HELP = "Prefect Secret block holding the webhook URL (default: SCREENING_WEBHOOK_URL)"  # noqa: S105


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


class _OnOff(argparse.Action):
    """A switch with an on and an off flag (``--xlsx-all-rows``/``--xlsx-flagged-only``): True or False."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser: Any, namespace: Any, values: Any, option_string: str | None = None) -> None:
        setattr(namespace, self.dest, option_string == self.option_strings[0])


def add_screen_arguments(parser: argparse.ArgumentParser, names: Iterable[str]) -> None:
    """Add the screen arguments ``names`` (keys of ``SCREEN_ARGUMENTS``) to ``parser``, each under its
    own name, with the flag and help of its table row (and its env var, as ``screening run --help`` says).
    The values are those ``screening run`` gives: None where a flag is not given, but False for an
    ``on`` switch, True for an ``off`` one and [] for a repeatable flag."""
    for name in names:
        argument = SCREEN_ARGUMENTS[name]
        flags = argument.flag.split("/")
        envvar = f" [env var: {argument.envvar}]" if argument.envvar else ""
        help = (argument.help + envvar).replace("%", "%%")
        if argument.kind == "on":
            parser.add_argument(*flags, dest=name, action="store_true", help=help)
        elif argument.kind == "off":
            parser.add_argument(*flags, dest=name, action="store_false", help=help)
        elif argument.kind == "on/off":
            parser.add_argument(*flags, dest=name, action=_OnOff, default=None, help=help)
        else:
            metavar = flags[0].lstrip("-").replace("-", "_").upper()
            parser.add_argument(
                *flags,
                dest=name,
                metavar=metavar,
                help=help,
                type=int if argument.kind == "number" else None,
                action="append" if argument.kind == "values" else "store",
                default=[] if argument.kind == "values" else None,
            )

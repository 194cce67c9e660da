"""The ``screening`` command line: a typer app whose commands live in one module per area.

Each area module exposes ``register(app)``. :func:`main` runs the app and turns a
:class:`~screening.errors.ScreeningError` into its one-paragraph message and exit code, so no Python
traceback reaches a user for an input error.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from typing import Annotated

import typer
from rich.text import Text

from screening.cli.terminal import SafeConsole
from screening.errors import ScreeningError

app = typer.Typer(
    name="screening",
    help="Supply-chain forced-labour risk screening with explainable scores.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish, PowerShell
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("fl-screening")
        except PackageNotFoundError:  # a source checkout that was never installed
            from screening import __version__ as found
        typer.echo(f"screening {found}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Supply-chain forced-labour risk screening with explainable scores."""


#: Area modules under screening.cli that add commands; a missing one is skipped.
AREAS = ("run", "match", "rules", "indicators", "review", "diff", "report", "settings", "app_cmd")

_registered = False


def _register_all() -> None:
    global _registered
    if _registered:
        return
    for area in AREAS:
        try:
            module = importlib.import_module(f"screening.cli.{area}")
        except ModuleNotFoundError as exc:
            if exc.name == f"screening.cli.{area}":
                continue
            raise
        module.register(app)
    _registered = True


def _usage_exceptions() -> tuple[type[Exception], ...]:
    """Click's exception base classes: typer >= 0.29 vendors its own click (``typer._click``), older
    typer uses the ``click`` package; both are caught so a usage error never shows a traceback."""
    classes: list[type[Exception]] = []
    try:
        from typer._click import exceptions as vendored

        classes.append(vendored.ClickException)
    except ImportError:  # pragma: no cover - typer < 0.29
        pass
    try:
        import click

        classes.append(click.exceptions.ClickException)
    except ImportError:  # pragma: no cover - typer >= 0.29 does not need click
        pass
    return tuple(classes)


def usage_message(exc: Exception) -> str:
    """One line for a click usage error: what is wrong and where to look for the right usage."""
    message = " ".join(str(getattr(exc, "format_message", lambda: str(exc))()).split())
    ctx = getattr(exc, "ctx", None)
    command = getattr(ctx, "command_path", None) or "screening"
    return f"{message.rstrip('.')}. Fix: see `{command} --help`."


def os_message(exc: OSError) -> str:
    """One line for a file-system error: which path, what the system said, and the fix."""
    where = f" {exc.filename}" if exc.filename else ""
    what = exc.strerror or exc.__class__.__name__
    return (
        f"cannot write or read{where}: {what}. Fix: pass --out (or --store) with a folder you can write "
        "to, on a disk with free space."
    )


def console() -> None:
    """The ``screening`` command: :func:`main`, then a quick exit.

    At exit the interpreter walks every object the libraries made through the cyclic garbage collector
    (Great Expectations alone makes about 550,000): 1.5-2 s after every screen. The command's work is
    written and closed by then, so the objects are frozen (``gc.freeze``) out of that walk; they are freed
    as the modules are torn down, and atexit work (temporary folders, logging) runs as usual. Only the
    process's own exit does this: :func:`main` called in a longer-lived process (tests) leaves the
    collector alone.
    """
    try:
        main()
    finally:
        gc.freeze()


def main(argv: list[str] | None = None) -> None:
    """Console entry point (the command runs :func:`console`)."""
    _register_all()
    if not sys.stdout.isatty() and "COLUMNS" not in os.environ:
        os.environ["COLUMNS"] = "160"  # piped or captured output: wide tables rather than 80-column wraps
    err = SafeConsole(stderr=True, highlight=False, soft_wrap=True)
    usage = _usage_exceptions()
    try:
        code = app(args=argv, prog_name="screening", standalone_mode=False)
    except ScreeningError as exc:
        err.print(Text.assemble(("error: ", "bold red"), str(exc)))
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        err.print("aborted")
        sys.exit(130)
    except OSError as exc:  # a folder that cannot be written: read-only, not a folder, full disk
        err.print(Text.assemble(("error: ", "bold red"), os_message(exc)))
        sys.exit(2)
    except usage as exc:
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
            SafeConsole(highlight=False, soft_wrap=True).print(ctx.get_help(), markup=False)
        else:
            err.print(Text.assemble(("error: ", "bold red"), usage_message(exc)))
        sys.exit(2)
    if isinstance(code, int) and code:  # typer.Exit(code) comes back as the return value here
        sys.exit(code)

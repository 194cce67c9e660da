"""``screening app``: the auditors' review web app over the store; ``screening app-reviewer``: give a
reviewer a sign-in token (the administrator's step)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from screening.cli.params import StoreOption
from screening.cli.review import store_path

ReviewersOption = Annotated[
    Path | None,
    typer.Option(
        "--reviewers",
        help="YAML file of the reviewers allowed to sign in (name and token hash). Without it the app "
        "runs in local mode (a name only) and serves on a loopback address only.",
        dir_okay=False,
    ),
]


def app_command(
    store: StoreOption = None,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8765,
    reviewers: ReviewersOption = None,
    outputs: Annotated[
        list[Path] | None,
        typer.Option(
            "--outputs",
            help="Folder holding the screens' output folders (for report.html, report.xlsx and all of a "
            "supplier's columns); repeatable. Default: the store's folder.",
            file_okay=False,
        ),
    ] = None,
    threads: Annotated[int, typer.Option("--threads", min=1, max=32, help="Worker threads.")] = 4,
) -> None:
    """Serve the auditors' review app (queue, supplier pages, decisions, audit log, diffs)."""
    import waitress

    from screening.app import AppConfig, create_app

    config = AppConfig(
        store_path=store_path(store),
        reviewers_path=reviewers,
        output_roots=tuple(outputs or ()),
        host=host,
    )
    web = create_app(config)
    mode = "local mode (name only)" if reviewers is None else f"reviewers from {reviewers}"
    shown = f"[{host}]" if ":" in host else host
    Console(highlight=False, soft_wrap=True).print(
        Text(f"screening app on http://{shown}:{port}/ over {config.store_path}, {mode}. Ctrl-C stops it.")
    )
    waitress.serve(web, host=host, port=port, threads=threads, ident="screening-app")


def reviewer_command(
    name: Annotated[str, typer.Argument(help="The reviewer's name, recorded with each decision.")],
    reviewers: Annotated[
        Path, typer.Option("--reviewers", help="The reviewers file (created if missing).", dir_okay=False)
    ],
) -> None:
    """Add a reviewer (or give them a new token) and print the token once: hand it to them."""
    from screening.app.reviewers import add_reviewer

    token = add_reviewer(reviewers, name)
    console = Console(highlight=False, soft_wrap=True)
    console.print(Text(f"Reviewer {name.strip()!r} added to {reviewers}. Their token (shown only now):"))
    console.print(Text(token))


def register(app: typer.Typer) -> None:
    app.command("app")(app_command)
    app.command("app-reviewer")(reviewer_command)

"""``screening indicators ...``: the indicator datasets in use.

``list`` shows each dataset's id, edition, rows, licence, the date its source stands as of, its age
in days (STALE past its update cadence), active source and a short coverage note; ``--json`` prints
the full metadata with the edition in use, its age and the stored versions.
The ``refresh`` command (issue 7) joins the same sub-app from ``screening/cli/refresh.py``:
each module named in ``EXTENSIONS`` that exists is imported and its ``register(sub)`` called.
"""

from __future__ import annotations

import importlib
import json
from typing import Annotated, Any

import typer
from rich.table import Table

from screening.cli.params import json_flag
from screening.cli.terminal import SafeConsole
from screening.settings import get_settings

#: Modules that add further commands to the ``indicators`` sub-app (each exposes ``register(sub)``).
EXTENSIONS = ("screening.cli.refresh",)


def _headline(text: str, limit: int = 160) -> str:
    """The first sentence of a coverage note (each note leads with its main caveat), at most ``limit``."""
    text = " ".join(text.split())
    end = text.find(". ")
    if 0 < end < limit:
        return text[: end + 1]
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _list(as_json: bool) -> None:
    from screening.indicators import list_versions, load_catalog
    from screening.indicators.age import ages, today

    settings = get_settings()
    catalog = load_catalog(settings.rules_dir, settings.data_dir)
    versions = catalog.versions()
    age = ages(catalog.datasets, today())
    if as_json:
        out: list[dict[str, Any]] = []
        for dataset_id, meta in catalog.datasets.items():
            item = meta.model_dump(mode="json")
            item["active"] = versions[dataset_id]
            item["age"] = age[dataset_id].as_dict()
            item["stored_versions"] = [
                {
                    "version": v.version,
                    "edition": v.edition,
                    "retrieved": v.retrieved.isoformat(),
                    "sha256": v.sha256,
                    "rows": v.rows,
                    "active": v.active,
                    "path": str(v.path),
                }
                for v in list_versions(settings.data_dir, dataset_id)
            ]
            out.append(item)
        typer.echo(json.dumps({"datasets": out}, indent=2, ensure_ascii=False))
        return
    table = Table(title="Indicator datasets", show_lines=False, highlight=False)
    table.add_column("id", no_wrap=True)
    table.add_column("edition", max_width=28)
    table.add_column("rows", justify="right")
    table.add_column("licence", max_width=24)
    table.add_column("as of", no_wrap=True)
    table.add_column("age", no_wrap=True)
    table.add_column("active")
    table.add_column("coverage", ratio=1, min_width=30)
    for dataset_id, meta in catalog.datasets.items():
        v = versions[dataset_id]
        active = "bundled" if v["source"] == "bundled" else f"refreshed: {v['version']}"
        table.add_row(
            dataset_id,
            meta.edition,
            str(v["rows"]),
            meta.licence,
            v["as_of"],
            f"{age[dataset_id].age_days} d" + (" STALE" if age[dataset_id].stale else ""),
            active,
            _headline(meta.coverage),
        )
    SafeConsole(highlight=False).print(table)


def register(app: typer.Typer) -> None:
    """Add the ``indicators`` sub-app (``list``, plus any extension such as ``refresh``)."""
    sub = typer.Typer(
        name="indicators",
        help="Risk-indicator datasets: editions, licences, coverage; fetch new editions.",
        no_args_is_help=True,
    )

    @sub.command("list")
    def list_cmd(
        as_json: Annotated[bool, json_flag("Print the full metadata and versions as JSON.")] = False,
    ) -> None:
        """Show the datasets in use: id, edition, rows, licence, as-of date and age, source, coverage."""
        _list(as_json)

    for module_name in EXTENSIONS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            raise
        module.register(sub)

    app.add_typer(sub, name="indicators")

"""Re-screen stored supplier lists when what they were screened with has changed, and screen the
configured lists on a schedule; both alert on new high/critical findings (:mod:`screening.alerts`).

**Staleness.** The latest successful screen of each list in the store recorded, in its run.json, the
``rules_version`` and the SHA-256 of every indicator dataset it used. A list is stale when the rules
version differs from today's (``rules/`` changed) or any dataset's active edition differs (a refresh
activated a new one). :func:`stale_lists` says which and why.

**Re-screen.** :func:`rescreen_list` runs the pipeline again on the same input files, under the same
list name and into the same store, writing to ``<out_root>/<list>/<run_id>/`` (default out_root:
``<store folder>/rescreens``), then alerts on what is new against the screen it replaces. Once
re-screened, a list is current again, so a second pass finds nothing to do and sends nothing.

**Configured lists.** A YAML file names the lists a scheduled screen covers::

    store: out/screening.duckdb        # optional; default SCREENING_STORE, else beside this file
    out_root: out/scheduled            # optional; default <store folder>/scheduled
    lists:
      - name: tier1-suppliers          # the list name in the store (diffs, reviews, alerts)
        inputs: [suppliers.csv]        # paths relative to this file
        mapping: mapping.yml           # optional column mapping; sheet: optional sheet name

A re-screen of a configured list uses its mapping and sheet; other lists are re-run with what their
run.json records (input paths as given then, the sheet, and a ``mapping`` path when it records one).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from screening.errors import ConfigError, InputError, ScreeningError
from screening.settings import Settings, get_settings
from screening.yaml_model import load_model

if TYPE_CHECKING:
    from screening.pipeline import Step

Status = Literal["screened", "rescreened", "failed"]


class ListSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    inputs: list[Path] = Field(min_length=1)
    mapping: Path | None = None
    sheet: str | None = None


class ListsConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    store: Path | None = None
    out_root: Path | None = None
    lists: list[ListSpec] = Field(min_length=1)


@dataclass
class ListRun:
    """What happened to one list: screened (scheduled), rescreened, or failed (with the error)."""

    list_name: str
    status: Status
    reason: str
    run_id: str | None = None
    previous_run_id: str | None = None
    out_dir: str | None = None
    new_findings: int = 0
    alert_sent: bool = False
    alert_error: str | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Stale:
    list_name: str
    run_id: str
    reasons: list[str] = field(default_factory=list)


def load_lists_config(path: Path) -> ListsConfig:
    """Read the lists file; relative paths are made absolute against the file's folder."""
    fix = "It needs `lists:` with a `name` and `inputs` per list (see docs/operations.md)."
    config = load_model(path, ListsConfig, what="lists file", fix=fix)
    base = path.resolve().parent
    names = [spec.name for spec in config.lists]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ConfigError(
            f"{path}: list name(s) {repeated} appear more than once; each list needs its own name."
        )

    def absolute(p: Path | None) -> Path | None:
        return None if p is None else (p if p.is_absolute() else base / p).resolve()

    for spec in config.lists:
        spec.inputs = [absolute(p) or p for p in spec.inputs]
        spec.mapping = absolute(spec.mapping)
    config.store = absolute(config.store)
    config.out_root = absolute(config.out_root)
    return config


def store_path(
    config: ListsConfig | None = None, settings: Settings | None = None, base: Path | None = None
) -> Path:
    settings = settings or get_settings()
    if config is not None and config.store is not None:
        return config.store
    if settings.store is not None:
        return settings.store
    if base is not None:
        return base / "screening.duckdb"
    raise InputError(
        "No screening store is configured: set SCREENING_STORE (or `store:` in the lists file) to the DuckDB "
        "store your screens are recorded in."
    )


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._")[:80] or "list"


def new_run_id(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return f"{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


def current_versions(settings: Settings) -> tuple[str, dict[str, str]]:
    """(rules version, dataset id -> sha256 of the active edition) as a screen now would record them."""
    from screening.indicators import load_catalog
    from screening.rules.loader import rules_version

    catalog = load_catalog(settings.rules_dir, settings.data_dir)
    return rules_version(settings.rules_dir), {k: str(v["sha256"]) for k, v in catalog.versions().items()}


def staleness(run: dict[str, Any], rules: str, datasets: dict[str, str]) -> list[str]:
    """Why a screen recorded as ``run`` (its run.json) is out of date; empty when it is current."""
    reasons: list[str] = []
    if run.get("rules_version") != rules:
        reasons.append(f"rules version changed ({run.get('rules_version')} -> {rules})")
    used = run.get("indicator_versions") or {}
    for dataset_id, sha in sorted(datasets.items()):
        old = used.get(dataset_id) or {}
        if old.get("sha256") != sha:
            was = old.get("edition") or "not used"
            reasons.append(f"new {dataset_id} edition (was {was})")
    return reasons


def stale_lists(store: Path, settings: Settings | None = None, *, force: bool = False) -> list[Stale]:
    """The latest successful screen of each list in ``store`` that is out of date (each with ``force``)."""
    from screening.store import SUCCESS_STATUS, open_store

    settings = settings or get_settings()
    if not store.exists():
        return []
    rules, datasets = current_versions(settings)
    out: list[Stale] = []
    with open_store(store, create=False) as db:
        runs = db.runs()
        latest: dict[str, str] = {}
        for row in runs.iter_rows(named=True):
            if row["status"] == SUCCESS_STATUS:
                latest[str(row["list_name"])] = str(row["run_id"])
        for name, run_id in latest.items():
            reasons = staleness(db.run_json(run_id), rules, datasets)
            if reasons or force:
                out.append(Stale(name, run_id, reasons or ["re-screen requested"]))
    return out


def _screen(
    spec: ListSpec, record: ListRun, store: Path, out_root: Path, settings: Settings, step: Step | None
) -> ListRun:
    """Screen the list ``spec`` into ``store`` and ``out_root``; ``record`` (its status, reason and
    previous run) gets the run id, the output folder, the alert and any error."""
    from screening.alerts import alert_for_run
    from screening.pipeline import build_options, direct, run

    list_name, inputs = spec.name, spec.inputs
    run_id = new_run_id()
    out = out_root / _slug(list_name) / run_id
    record.run_id, record.out_dir = run_id, str(out)
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        record.status = "failed"
        record.error = (
            f"list {list_name!r}: input file(s) {missing} no longer exist, so the list cannot be screened "
            "again. Screen it anew with `screening run ... --list-name` (absolute input paths let scheduled "
            "re-screens find them)."
        )
        return record
    options = build_options(
        out,
        store=store,
        list_name=list_name,
        run_id=run_id,
        mapping=spec.mapping,
        sheet=spec.sheet,
        settings=settings,
    )
    try:
        result = run(inputs, options, step or direct)
    except ScreeningError as exc:
        record.status, record.error = "failed", f"list {list_name!r}: {exc}"
        return record
    alert, delivery = alert_for_run(
        store, list_name, run_id, out, result.findings, result.scores, record.reason, settings
    )
    record.previous_run_id = alert.previous_run_id
    record.new_findings = len(alert.findings)
    if delivery is not None:
        record.alert_sent, record.alert_error = delivery.sent, delivery.error
    return record


def plan_rescreen(
    lists_file: Path | None = None,
    store: Path | None = None,
    *,
    force: bool = False,
    settings: Settings | None = None,
) -> tuple[Path, list[Stale]]:
    """(the store, its stale lists): the store is ``store``, else the lists file's, else SCREENING_STORE."""
    settings = settings or get_settings()
    config = load_lists_config(lists_file) if lists_file else None
    path = store or store_path(config, settings, base=lists_file.resolve().parent if lists_file else None)
    return path, stale_lists(path, settings, force=force)


def rescreen_list(
    stale: Stale,
    store: Path,
    out_root: Path | None = None,
    settings: Settings | None = None,
    lists_file: Path | None = None,
    step: Step | None = None,
) -> ListRun:
    """Screen ``stale.list_name`` again with the inputs of run ``stale.run_id``; alert on what is new.

    A list named in ``lists_file`` is screened with that file's inputs, mapping and sheet, and written
    under its ``out_root`` when one is set.
    """
    from screening.store import open_store

    settings = settings or get_settings()
    config = load_lists_config(lists_file) if lists_file else None
    with open_store(store, create=False) as db:
        recorded = db.run_json(stale.run_id)
    spec = next((s for s in (config.lists if config else []) if s.name == stale.list_name), None)
    if spec is None:  # as the run recorded it (not validated again: a recorded list is screened as it was)
        spec = ListSpec.model_construct(
            name=stale.list_name,
            inputs=[Path(str(i["path"])) for i in recorded.get("inputs", [])],
            mapping=Path(str(recorded["mapping"])) if recorded.get("mapping") else None,
            sheet=next((i.get("sheet") for i in recorded.get("inputs", []) if i.get("sheet")), None),
        )
    root = out_root or (config.out_root if config and config.out_root else None) or store.parent / "rescreens"
    record = ListRun(stale.list_name, "rescreened", "; ".join(stale.reasons), previous_run_id=stale.run_id)
    return _screen(spec, record, store, root, settings, step)


def rescreen_all(
    store: Path | None = None,
    out_root: Path | None = None,
    *,
    force: bool = False,
    lists_file: Path | None = None,
    settings: Settings | None = None,
) -> list[ListRun]:
    """Re-screen every stale list of the store (every list with ``force``); one list's failure is reported."""
    settings = settings or get_settings()
    path, stale = plan_rescreen(lists_file, store, force=force, settings=settings)
    return [rescreen_list(s, path, out_root, settings, lists_file) for s in stale]


def configured_names(lists_file: Path) -> list[str]:
    """The names of the lists in the lists file, in order."""
    return [spec.name for spec in load_lists_config(lists_file).lists]


def screen_configured(
    lists_file: Path,
    settings: Settings | None = None,
    *,
    only: list[str] | None = None,
    step: Step | None = None,
) -> list[ListRun]:
    """Screen the lists of the lists file (``only`` those named); alert on what is new. The scheduled run."""
    settings = settings or get_settings()
    config = load_lists_config(lists_file)
    unknown = sorted(set(only or ()) - {spec.name for spec in config.lists})
    if unknown:
        raise InputError(f"{lists_file}: no list named {unknown}; it lists {[s.name for s in config.lists]}.")
    store = store_path(config, settings, base=lists_file.resolve().parent)
    root = config.out_root or store.parent / "scheduled"
    return [
        _screen(spec, ListRun(spec.name, "screened", "scheduled screen"), store, root, settings, step)
        for spec in config.lists
        if only is None or spec.name in only
    ]

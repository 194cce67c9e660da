"""Fetch a new edition of an indicator dataset from its publisher and switch to it safely.

``refresh_dataset("uflpa")`` does, in order, and stops at the first problem:

1. **download** the source (``SCREENING_SOURCE_<ID>_URL`` or the metadata's ``refresh.default_url``)
   with timeouts, retries, a size limit and a checksum (:mod:`.connectors.http`);
2. **parse** the publisher's format, or a plain CSV in the dataset's columns (:mod:`.connectors`);
3. **compare** with the edition in use: identical rows mean nothing to do (``unchanged``);
4. **validate** the candidate rows with the dataset's own expectations (rows within min/max, keys
   not null and unique, categories, formats, countries mapped: all declared in the dataset's YAML);
5. **report** what changed (:mod:`.changes`): entities, goods x country, tier changes;
6. **stage** the edition as a new version beside the old ones and **activate** it atomically, with
   ``changes.json`` written in the version's folder.

A failure at any step raises :class:`~screening.errors.SourceError` (exit 1) naming the source, the
URL (redacted) and the problem; the active edition is untouched and nothing half-made is left.
``dry_run`` stops after step 5.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import polars as pl

from screening.errors import ConfigError, InputError, ScreeningError, SourceError
from screening.indicators.catalog import load_catalog
from screening.indicators.connectors.changes import change_report
from screening.indicators.models import DatasetMeta, load_meta
from screening.indicators.reading import add_country_code, parse_csv, sha256_bytes
from screening.indicators.versions import activate, dataset_dir, stage_version
from screening.settings import Settings, get_settings

if TYPE_CHECKING:
    from screening.indicators.connectors.common import ParsedEdition

Status = Literal["activated", "unchanged", "validated", "failed"]
CHANGES_FILE = "changes.json"


@dataclass
class RefreshResult:
    """What one refresh did (``activated``, ``unchanged``, ``validated`` by a dry run, or ``failed``)."""

    dataset: str
    status: Status
    url: str  # redacted
    format: str | None = None
    edition: str | None = None
    previous: dict[str, Any] = field(default_factory=dict)  # the edition in use before
    version: str | None = None
    sha256: str | None = None
    rows: int | None = None
    changes: dict[str, Any] | None = None
    changes_path: str | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def activated(self) -> bool:
        return self.status == "activated"

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def refreshable(rules_dir: Path | None = None) -> list[str]:
    """Ids of the datasets a refresh can fetch (a connector exists and the metadata has ``refresh``)."""
    from screening.indicators.connectors import CONNECTORS

    folder = (rules_dir or get_settings().rules_dir) / "indicators"
    return [
        i for i in CONNECTORS if (folder / f"{i}.yml").exists() and load_meta(folder / f"{i}.yml").refresh
    ]


def refresh_dataset(
    dataset_id: str,
    *,
    url: str | None = None,
    dry_run: bool = False,
    expected_sha256: str | None = None,
    settings: Settings | None = None,
    now: dt.datetime | None = None,
    backoff_s: float = 1.0,
) -> RefreshResult:
    """Fetch, check and (unless ``dry_run``) activate a new edition of ``dataset_id``; see the module doc."""
    from screening.indicators.connectors import CONNECTORS, Context, HttpClient, redact_url

    settings = settings or get_settings()
    now = now or dt.datetime.now(dt.UTC)
    if dataset_id not in CONNECTORS:
        raise InputError(
            f"{dataset_id!r} cannot be refreshed: refresh knows {', '.join(CONNECTORS)}. The other datasets "
            "are updated with the project's releases."
        )
    template = load_meta(settings.rules_dir / "indicators" / f"{dataset_id}.yml")
    if template.refresh is None:
        raise InputError(
            f"{dataset_id}: its metadata has no `refresh` section, so it has no source to fetch from."
        )
    catalog = load_catalog(settings.rules_dir, settings.data_dir)
    active = catalog.resolved(dataset_id)
    source_url = url or settings.source_url(dataset_id, template.refresh.default_url)
    result = RefreshResult(
        dataset=dataset_id,
        status="failed",
        url=redact_url(source_url),
        previous={
            "version": active.version,
            "edition": active.meta.edition,
            "sha256": active.meta.sha256,
            "rows": active.meta.rows,
        },
    )
    parser = CONNECTORS[dataset_id]
    with HttpClient(settings, backoff_s=backoff_s) as http:
        download = http.get(source_url, source=dataset_id, expected_sha256=expected_sha256)
        ctx = Context(
            meta=active.meta,
            refresh=template.refresh,
            active=catalog.frame(dataset_id),
            fetch=lambda link: http.get(link, source=dataset_id),
            lookup=catalog.frame,
            rules_dir=settings.rules_dir,
        )
        parsed = parser(download, ctx)
    from screening.indicators.connectors.common import write_csv

    csv_bytes = write_csv(parsed.rows, list(template.columns))
    frame = add_country_code(parse_csv(csv_bytes, f"{dataset_id} from {result.url}"), template.country_column)
    result.format, result.edition = parsed.format, parsed.edition
    result.sha256, result.rows = sha256_bytes(csv_bytes), frame.height
    old = ctx.active
    if result.sha256 == active.meta.sha256 or _same_rows(old, frame):
        result.status = "unchanged"
        return result
    meta = _new_meta(template, parsed, csv_bytes, frame.height, now.date())
    result.warnings = _validate(meta, frame, settings.rules_dir, result.url)
    result.changes = change_report(dataset_id, active.meta, old, meta, frame, active.version)
    if dry_run:
        result.status = "validated"
        return result
    version = _version_name(settings.data_dir, dataset_id, now)
    folder = stage_version(settings.data_dir, meta, csv_bytes, version)
    try:
        result.changes["to"]["version"] = version
        changes_path = folder / CHANGES_FILE
        changes_path.write_text(
            json.dumps(result.changes, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        activate(settings.data_dir, dataset_id, version)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # never leave a half-made version listed
        raise
    result.status, result.version, result.changes_path = "activated", version, str(changes_path)
    return result


def refresh_many(
    sources: Iterable[str] | None = None,
    *,
    url: str | None = None,
    dry_run: bool = False,
    settings: Settings | None = None,
    backoff_s: float = 1.0,
) -> list[RefreshResult]:
    """Refresh each source in turn; one that fails is reported (status ``failed``) and the rest go on."""
    settings = settings or get_settings()
    ids = list(sources) if sources else refreshable(settings.rules_dir)
    if url and len(ids) != 1:
        raise InputError("--url names one source's file: give it together with --source ID.")
    out: list[RefreshResult] = []
    for dataset_id in ids:
        try:
            out.append(
                refresh_dataset(dataset_id, url=url, dry_run=dry_run, settings=settings, backoff_s=backoff_s)
            )
        except SourceError as exc:
            out.append(RefreshResult(dataset=dataset_id, status="failed", url="", error=str(exc)))
        except (InputError, ConfigError):
            raise  # a mistake in the command or in rules/: exit 2, not a failed source
        except ScreeningError as exc:
            out.append(RefreshResult(dataset=dataset_id, status="failed", url="", error=str(exc)))
    return out


def _same_rows(old: pl.DataFrame, new: pl.DataFrame) -> bool:
    if old.columns != new.columns or old.height != new.height:
        return False
    return old.equals(new)


def _version_name(data_dir: Path, dataset_id: str, now: dt.datetime) -> str:
    base = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = dataset_dir(data_dir, dataset_id)
    name, n = base, 1
    while (folder / name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def _new_meta(
    template: DatasetMeta, parsed: ParsedEdition, csv_bytes: bytes, rows: int, today: dt.date
) -> DatasetMeta:
    from screening.indicators.connectors import PLAIN_CSV

    first = parsed.downloads[0]
    shown = first.shown
    via = tuple(
        f"{d.shown} (HTTP {d.status}, {len(d.content):,} bytes, sha256 {d.sha256}, "
        f"retrieved {today.isoformat()})"
        for d in parsed.downloads
    )
    if parsed.format == PLAIN_CSV:
        coverage = (
            f"As complete as the mirror copy it was read from ({rows} rows; refreshed {today.isoformat()}). "
            f"Read from a CSV in this dataset's columns at {shown} (a mirror or internal copy); check it "
            f"against the publisher's page ({template.source_url})."
        )
        note = "Copied from a mirror in this dataset's own columns by `screening indicators refresh`."
    else:
        detail = "; ".join(parsed.notes)
        coverage = (
            f"As published ({rows} rows, {parsed.format}; refreshed {today.isoformat()}). Read from the "
            f"publisher's own publication at {shown}{f' ({detail})' if detail else ''}; fields the "
            "publication does not carry are blank or set as the connector documents "
            "(screening/indicators/connectors/)."
        )
        note = "Read from the publisher's file by `screening indicators refresh`; values as published."
    return template.model_copy(
        update={
            "edition": parsed.edition,
            "retrieved": today,
            # A publisher's page stands as of the day it is read; a mirror is taken to be current too
            # (its coverage note says to check it against the publisher).
            "as_of": today,
            "partial": None if parsed.format != PLAIN_CSV else template.partial,
            "coverage": coverage,
            "licence_note": note,
            "obtained_via": via,
            "changes_applied": (),
            "sha256": sha256_bytes(csv_bytes),
            "rows": rows,
        }
    )


def _validate(meta: DatasetMeta, frame: pl.DataFrame, rules_dir: Path, shown: str) -> list[str]:
    """Check the candidate with the dataset's expectations; blocking failures raise, warnings return."""
    from screening.validation.datasets import dataset_batch, dataset_specs
    from screening.validation.engine import run_batch

    specs = dataset_specs(meta)
    batch = dataset_batch(meta, frame, f"new edition of `{meta.id}` ({meta.edition})")
    outcomes = [o for o, _ in run_batch(batch, specs, {})]
    blocking = [o for o in outcomes if not o.success and o.blocking]
    if blocking:
        raise SourceError(
            f"{meta.id}: the edition read from {shown} fails {len(blocking)} of the dataset's expectations, "
            "so it was not activated (the active edition is unchanged and nothing was staged): "
            + " ".join(o.message for o in blocking)
            + " A truncated download, duplicated rows or a changed format cause this; check the source."
        )
    return [o.message for o in outcomes if not o.success]

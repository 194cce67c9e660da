"""How old each indicator dataset is, and whether it is stale, counted to an injectable "today".

Each dataset's metadata says the date its source stood as bundled (``as_of``) and how often the
publisher updates it (``cadence``). :func:`dataset_age` turns that into ``age_days`` and ``stale``
(older than ``cadence.stale_after_days``). "Today" is ``SCREENING_TODAY`` when set (reruns and tests
are then reproducible), else the current UTC date: :func:`today`.

One sentence per dataset that is partial or stale (:func:`notices`) is what the CLI summary, the HTML
banner, the XLSX methods sheet and the evidence pack print; :func:`as_of_range` gives the dates for a
low tier's "no indicator matched in the datasets as of ..." sentence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from screening.errors import ConfigError
from screening.indicators.models import DatasetMeta

if TYPE_CHECKING:
    from screening.indicators.catalog import Catalog


def today(value: str | dt.date | None = None) -> dt.date:
    """``value`` (a date or YYYY-MM-DD), else ``SCREENING_TODAY``, else the current UTC date."""
    if isinstance(value, dt.date):
        return value
    if value is None:
        from screening.settings import get_settings

        value = get_settings().today
    if value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ConfigError(
                f"SCREENING_TODAY={value!r} is not a date. "
                "Write it as YYYY-MM-DD (e.g. 2026-12-01) or unset it."
            ) from None
    return dt.datetime.now(dt.UTC).date()


@dataclass(frozen=True)
class DatasetAge:
    """The age of one dataset edition on a given day."""

    dataset_id: str
    as_of: dt.date
    age_days: int
    stale: bool
    stale_after_days: int
    cadence: str
    partial: str | None

    def as_dict(self) -> dict[str, Any]:
        """The run.json fields: as_of, age_days, stale, cadence, stale_after_days, partial."""
        return {
            "as_of": self.as_of.isoformat(),
            "age_days": self.age_days,
            "stale": self.stale,
            "cadence": self.cadence,
            "stale_after_days": self.stale_after_days,
            "partial": self.partial,
        }


def dataset_age(meta: DatasetMeta, on: dt.date) -> DatasetAge:
    """``meta``'s age on ``on``: days since ``as_of`` (never negative) and stale past its cadence."""
    age = max((on - meta.as_of).days, 0)
    return DatasetAge(
        dataset_id=meta.id,
        as_of=meta.as_of,
        age_days=age,
        stale=age > meta.cadence.stale_after_days,
        stale_after_days=meta.cadence.stale_after_days,
        cadence=meta.cadence.expected,
        partial=meta.partial,
    )


def ages(datasets: Mapping[str, DatasetMeta], on: dt.date) -> dict[str, DatasetAge]:
    """id -> age for every dataset, in id order."""
    return {k: dataset_age(datasets[k], on) for k in sorted(datasets)}


def entry(meta: DatasetMeta, age: DatasetAge) -> dict[str, Any]:
    """What run.json's ``datasets`` entry says of the dataset's age (plus its title and edition)."""
    return {"id": meta.id, "title": meta.title, "edition": meta.edition, **age.as_dict()}


def notice(e: Mapping[str, Any]) -> str | None:
    """One sentence when a ``datasets`` entry (see :func:`entry`) is partial or stale, else None."""
    if not (e.get("stale") or e.get("partial")):
        return None
    parts = [
        f"{e.get('title') or e.get('id')} ({e.get('edition')}) stands as of {e.get('as_of')}, "
        f"{e.get('age_days')} days ago"
    ]
    if e.get("stale"):
        parts.append(
            f"stale: older than its expected update cadence ({e.get('cadence')}; "
            f"stale after {e.get('stale_after_days')} days)"
        )
    if e.get("partial"):
        parts.append(f"partial: {str(e['partial']).rstrip('.')}")
    return "; ".join(parts) + "."


def notices_from_entries(entries: Iterable[Mapping[str, Any]]) -> list[str]:
    """The sentences of :func:`notice` for every partial or stale entry (reports read run.json)."""
    return [s for s in (notice(e) for e in entries) if s]


def data_age_lines(entries: Iterable[Mapping[str, Any]]) -> list[str]:
    """What a reader of a score is told about its data: one sentence per partial or stale dataset,
    or one sentence that all are current and complete (or that the run predates dataset ages)."""
    items = list(entries)
    if not items or not all("as_of" in e for e in items):
        return ["This run did not record how old its datasets are (it predates dataset ages in run.json)."]
    lines = notices_from_entries(items)
    if lines:
        return lines
    dates = sorted(str(e["as_of"]) for e in items)
    return [f"Every dataset is complete and within its update cadence (as of {dates[0]} to {dates[-1]})."]


def notices(datasets: Mapping[str, DatasetMeta], on: dt.date) -> list[str]:
    """The sentences of :func:`notice` for every partial or stale dataset, in id order."""
    return notices_from_entries(entry(datasets[k], a) for k, a in ages(datasets, on).items())


def as_of_range(
    datasets: Mapping[str, DatasetMeta], only: Iterable[str] | None = None
) -> tuple[dt.date, dt.date]:
    """(oldest, newest) ``as_of`` of the datasets (of those named in ``only``, when given).

    The dates of a low tier's "no indicator matched in the datasets as of ..." sentence.
    """
    wanted = set(only) if only is not None else set(datasets)
    dates = [m.as_of for k, m in datasets.items() if k in wanted]
    if not dates:
        raise ConfigError(
            "no indicator datasets to date: cannot say what date the screen's data stands as of "
            f"(asked for {', '.join(sorted(wanted)) or 'none'}; known: {', '.join(sorted(datasets))})."
        )
    return min(dates), max(dates)


#: The metadata fields each run.json ``datasets`` entry copies from the dataset's YAML.
RECORD_FIELDS = ("id", "title", "publisher", "source_url", "edition", "retrieved", "licence", "coverage")


def dataset_records(catalog: Catalog, on: dt.date | None = None) -> list[dict[str, Any]]:
    """run.json's ``datasets``: one entry per dataset with its edition, coverage, rows, source and age.

    ``on`` is the day ages are counted to (default :func:`today`, i.e. ``SCREENING_TODAY`` when set).
    """
    day = today(on)
    versions = catalog.versions()
    out: list[dict[str, Any]] = []
    for ds_id, meta in sorted(catalog.datasets.items()):
        rec = meta.model_dump(mode="json", include=set(RECORD_FIELDS))
        rec["rows"] = versions.get(ds_id, {}).get("rows")
        rec["active_source"] = versions.get(ds_id, {}).get("source")
        rec.update(dataset_age(meta, day).as_dict())
        out.append(rec)
    return out

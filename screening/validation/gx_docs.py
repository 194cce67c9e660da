"""GX Data Docs for a screen: the suites as GX expectation suites in a GX project, run through
checkpoints, and GX's own Data Docs site built beside ``validation.html``.

Asked for with ``screening run --gx-project DIR`` (or ``SCREENING_GX_PROJECT``). While a screen runs,
:func:`recording` collects every batch the engine validates (:func:`record`, called by
:func:`screening.validation.engine.run_batch`) with its expectation specs. :func:`publish` then opens
(or creates) the file-backed GX project in DIR and, per batch, adds or updates the expectation suite
(``<suite>.<batch>``, e.g. ``results.scores``), a pandas dataframe asset, a validation definition and
a checkpoint, and runs the checkpoint on the batch's frame; GX stores the results in the project.
Finally it builds the Data Docs site ``screening`` into ``OUT/gx-data-docs/`` (its ``index.html``
beside ``validation.html``). The screen's own verdict stays the in-memory validation's: this is a
second run of the same expectations, for GX users, and costs the GX import and one pass per batch.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from screening.errors import InputError

if TYPE_CHECKING:
    from screening.validation.engine import Batch
    from screening.validation.spec import ExpectationSpec

SITE: Final = "screening"
DOCS_FOLDER: Final = "gx-data-docs"
DATASOURCE: Final = "screening"


@dataclass(frozen=True)
class Recorded:
    """One validated batch: the frame, its expectation specs and the values they refer to."""

    batch: Batch
    specs: tuple[ExpectationSpec, ...]
    refs: Mapping[str, object]


_RECORDING: ContextVar[list[Recorded] | None] = ContextVar("screening_gx_recording", default=None)


@contextmanager
def recording() -> Iterator[list[Recorded]]:
    """Collect the batches validated inside the ``with`` block (in this thread of control)."""
    batches: list[Recorded] = []
    token = _RECORDING.set(batches)
    try:
        yield batches
    finally:
        _RECORDING.reset(token)


def record(batch: Batch, specs: Sequence[ExpectationSpec], refs: Mapping[str, object]) -> None:
    """Called by the engine for every batch it validates; does nothing outside :func:`recording`."""
    batches = _RECORDING.get()
    if batches is not None:
        batches.append(Recorded(batch, tuple(specs), dict(refs)))


def _get_or_add(getter: Any, adder: Any, name: str) -> Any:
    try:
        return getter(name)
    except Exception:  # GX raises its own not-found errors, which differ by object kind
        return adder(name)


def _context(project: Path, docs: Path) -> Any:
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    from screening.validation.engine import _quiet_gx

    _quiet_gx()
    try:
        project.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"--gx-project {project}: the folder cannot be created ({exc.strerror}).") from None
    context: Any = gx.get_context(mode="file", project_root_dir=str(project))
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    site = {
        "class_name": "SiteBuilder",
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs)},
    }
    if SITE in (context.get_config().data_docs_sites or {}):
        context.update_data_docs_site(site_name=SITE, site_config=site)
    else:
        context.add_data_docs_site(site_name=SITE, site_config=site)
    return context


def publish(batches: Sequence[Recorded], project: Path, out_dir: Path) -> Path:
    """Suites, checkpoints and results in the GX project ``project``; Data Docs in ``OUT/gx-data-docs``.
    Returns the Data Docs ``index.html``."""
    import great_expectations as gx

    from screening.validation.engine import _to_gx

    docs = (out_dir / DOCS_FOLDER).resolve()
    context = _context(project.resolve(), docs)
    sources = context.data_sources
    source = _get_or_add(sources.get, lambda n: sources.add_pandas(name=n), DATASOURCE)
    for item in batches:
        name = f"{item.batch.suite}.{item.batch.name}"
        frame = item.batch.frame
        specs = [s for s in item.specs if all(c in frame.columns for c in s.columns_checked)]
        if not specs:
            continue
        asset = _get_or_add(source.get_asset, lambda n: source.add_dataframe_asset(name=n), name)
        whole = asset.add_batch_definition_whole_dataframe
        definition = _get_or_add(asset.get_batch_definition, whole, "whole")
        suite = context.suites.add_or_update(
            gx.ExpectationSuite(name=name, expectations=[_to_gx(s, item.refs)[0] for s in specs])
        )
        validation = context.validation_definitions.add_or_update(
            gx.ValidationDefinition(name=name, data=definition, suite=suite)
        )
        checkpoint = context.checkpoints.add_or_update(
            gx.Checkpoint(name=f"screening.{name}", validation_definitions=[validation])
        )
        columns = sorted({c for s in specs for c in s.columns_checked}) or frame.columns[:1]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            checkpoint.run(batch_parameters={"dataframe": frame.select(columns).to_pandas()})
    built = context.build_data_docs(site_names=[SITE])
    index = docs / "index.html"
    if SITE not in built or not index.is_file():
        raise InputError(f"GX did not build its Data Docs in {docs}; see the GX project in {project}.")
    return index

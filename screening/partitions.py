"""Partitioned screening: a list in parts of about ``partition_rows`` rows, in bounded memory.

``screening run --partition-rows N`` (or ``SCREENING_PARTITION_ROWS``) runs this mode of
:func:`screening.pipeline.run`, with the same stage functions in the same order:

1. **split** (driver): each input file is read once as text cells and its columns recognised; its
   rows are then built (ingest) slice by slice and each slice is written, with its ingest
   quarantine, to ``OUT/.partitions/part-NNNNN/`` as Parquet. Only one slice is built at a time.
   Exact repeats of a supplier, in a file or across files, are found on the whole list as it is
   split (:func:`split`, :mod:`screening.ingest.repeats`), keeping only key columns.
2. **screen each part** (:func:`screen_part`, anywhere): normalise, validate input, match + rules,
   reviews, score and validate results (:func:`screening.pipeline.screen_rows`), written beside the
   part. Parts run one after another in this process, or on a Dask cluster
   (:mod:`screening.dask_runner`; the flow maps them as Prefect tasks), each reading and writing only
   its own folder: the output folder must be on storage every worker reads.
3. **merge** (driver): scores, findings and quarantine are written part by part into the same
   CSV and Parquet files a one-piece screen writes (byte-identical: same rows, same order, Parquet in
   fixed row groups), then run.json, validation, reports and the store, once.

Parts are contiguous row ranges of each file, not buckets of a hash of ``supplier_key``: once ingest has
decided whether a row is screened (the one decision that looks at other rows: an exact repeat, taken at
the split on the whole list), the screen of a row depends on that row alone (findings and scores are per
row, ordered by the input ordinal ``_key``), so any split gives the same rows, and contiguous ranges
keep the input order without a shuffle and let a file be built slice by slice. What *is* per
supplier-site (tier counts by distinct ``supplier_key``) is computed at the merge over the whole list.
A slice never ends on a blank row, so the blank-row rules of ingest see what they see in one piece.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from screening import stages
from screening.errors import ValidationFailed
from screening.options import Result, RunOptions
from screening.output import tables
from screening.output.safe import neutralise_frame

if TYPE_CHECKING:
    from screening.ingest.read import OpenedTable
    from screening.ingest.repeats import AcrossFiles, FileIds

log = logging.getLogger(__name__)

#: Folder of the parts, inside the output folder (removed after a successful merge).
PARTS_DIR = ".partitions"

#: ``mapper(fn, items)`` -> ``[fn(item) for item in items]``, in order (in process, Dask, Prefect).
Mapper = Callable[[Callable[[Any], Any], Sequence[Any]], list[Any]]


def in_process(fn: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
    """Run the parts one after another in this process."""
    return [fn(item) for item in items]


@dataclass(frozen=True)
class Part:
    """One partition: its folder holds ``rows.parquet`` and ``ingest_quarantine.parquet`` (split),
    then ``scores.parquet``, ``findings.parquet`` and ``quarantine.parquet`` (screened)."""

    index: int
    folder: Path
    options: RunOptions
    list_inputs: tuple[dict[str, Any], ...] = ()
    #: The ingest columns of the whole list (first seen first): a part lacking a column another file
    #: carries gets it empty, as the one-piece ingest frame gives it.
    columns: dict[str, Any] = field(default_factory=dict)


@dataclass
class PartDone:
    """What screening a part returns to the driver (small: the tables stay on disk)."""

    index: int
    counts: dict[str, int]
    ingest_quarantined: int
    checks: list[Any] = field(default_factory=list)


@dataclass
class Split:
    parts: list[Part]
    inputs: list[dict[str, Any]]
    notes: list[str]


def slice_bounds(blank: pl.Series, size: int) -> list[tuple[int, int]]:
    """``(start, end)`` ranges of about ``size`` rows covering every row; no range but the last ends
    on a blank row (so none is all blank), and the last holds a non-blank row (ingest trims and rejects
    blank tails)."""
    n = blank.len()
    nonblank = (~blank).arg_true()
    last = int(nonblank[-1]) + 1 if nonblank.len() else n  # rows after `last` are a blank tail
    bounds: list[tuple[int, int]] = []
    start = 0
    while start < n:
        end = min(start + size, n)
        if end >= last:
            end = n
        else:
            back = end
            while back > start and bool(blank[back - 1]):
                back -= 1
            if back > start:
                end = back
            else:  # every row of the range is blank: run on to the next non-blank row (before `last`)
                while bool(blank[end - 1]):
                    end += 1
        bounds.append((start, end))
        start = end
    return bounds


def merge_file_info(infos: list[dict[str, Any]], notes: list[str]) -> tuple[dict[str, Any], list[str]]:
    """One file's record and notes from the records of its slices: counts add up; a note repeated by
    slices is kept once (notes on supplier ids are the whole file's in every slice: see :func:`split`)."""
    info = dict(infos[0])
    for key in ("rows", "rows_screened", "rows_quarantined", "ids_generated"):
        if key in info:
            info[key] = sum(int(i.get(key) or 0) for i in infos)
    info["trailing_blank_rows"] = infos[-1].get("trailing_blank_rows", 0)
    kept = list(dict.fromkeys(notes))
    info["notes"] = kept
    return info, kept


def whole_file_decisions(opened: Any) -> tuple[Any, bool]:
    """Take ingest's column-wide decisions on the whole file, so that every slice reads alike.

    Ingest reads a share column as 0-100 when any plain value exceeds 1: a column that does so is
    declared a percent column for the slices (the option a mapping file has for it). Ingest reads a
    number column the continental way (``1.250,00``) on evidence anywhere in it; no option forces
    that, so such a file is built in one slice (returns False): correct, but not memory-bounded.
    """
    from screening.ingest.aliases import NUMBER_FIELDS, SHARE_FIELDS
    from screening.ingest.values import _numbers, is_european

    percent: list[str] = []
    sliceable = True
    for name, index in opened.plan.fields.items():
        text = opened.raw.frame[f"c{index}"].str.strip_chars()
        text = pl.select(pl.when(text != "").then(text)).to_series()
        if name in SHARE_FIELDS:
            has_sign = text.str.ends_with("%").fill_null(False)
            numbers, _ = _numbers(text.filter(~has_sign))
            top = numbers.max()
            if isinstance(top, int | float) and top > 1:
                percent.append(opened.raw.headers[index])
        elif name in NUMBER_FIELDS:
            failed = text.filter(text.cast(pl.Float64, strict=False).is_null() & text.is_not_null())
            sliceable = sliceable and not (failed.len() and is_european(text, failed))
    if percent:
        options = opened.options.model_copy(
            update={"percent_columns": [*opened.options.percent_columns, *percent]}
        )
        opened = replace(opened, options=options)
    return opened, sliceable


@dataclass
class _Slice:
    """A slice of a file as :func:`split` built it (what building it again needs)."""

    part: int
    key: int  # _key of its first screened row
    last_row: int  # row number of its last row
    unscreened: pl.DataFrame | None  # repeats.FileIds keys of its rows that cannot be screened
    info: dict[str, Any]
    notes: list[str]


@dataclass
class _Splitter:
    """What :func:`split` carries from file to file: parts, next ``_key``, columns, repeats across files."""

    root: Path
    options: RunOptions
    across: AcrossFiles
    parts: list[Part] = field(default_factory=list)
    columns: dict[str, Any] = field(default_factory=dict)
    key: int = 0

    def write(self, index: int, frame: pl.DataFrame, quarantine: pl.DataFrame, first_key: int) -> None:
        folder = self.root / f"part-{index:05d}"
        folder.mkdir(parents=True, exist_ok=True)
        frame = frame.with_row_index("_key", offset=first_key).with_columns(pl.col("_key").cast(pl.Int64))
        self.columns.update((c, t) for c, t in frame.schema.items() if c not in self.columns)
        frame.write_parquet(folder / "rows.parquet")
        quarantine.write_parquet(folder / "ingest_quarantine.parquet")

    def build(
        self,
        opened: OpenedTable,
        bounds: list[tuple[int, int]],
        s: int,
        repeats: FileIds | None,
        remember: bool,
    ) -> tuple[Any, pl.DataFrame, pl.DataFrame]:
        """Slice ``s`` of ``opened``: built, then without the rows repeating an earlier file's
        (``remember``: its screened rows are compared with the later files')."""
        from screening.ingest.read import build_table

        start, end = bounds[s]
        if s < len(bounds) - 1:  # only the last slice ends where the file ends (a row cut short?)
            opened = replace(opened, raw=replace(opened.raw, unterminated=False))
        built = build_table(opened, opened.raw.frame.slice(start, end - start), repeats)
        frame, quarantine = self.across.apply(
            built.frame, built.quarantine, built.info, built.info["path"], remember=remember
        )
        return built, frame, quarantine

    def file(self, opened: OpenedTable, size: int, later: bool) -> list[_Slice]:
        """Write the parts of one file (``later``: files follow it); its slices."""
        from screening.ingest.build import blank_rows, supplier_ids
        from screening.ingest.readers import ROW
        from screening.ingest.repeats import FileIds

        blank = blank_rows(opened.raw.frame, len(opened.raw.headers))
        ids = supplier_ids(opened.raw, opened.plan, opened.options)
        nonblank = (~blank).arg_true()
        inside = None if ids is None else FileIds.of(ids.head(int(nonblank[-1]) + 1 if nonblank.len() else 0))
        del ids
        bounds = slice_bounds(blank, size or blank.len())
        slices: list[_Slice] = []
        for s, (start, end) in enumerate(bounds):
            built, frame, quarantine = self.build(opened, bounds, s, inside, later)
            unscreened = None
            if inside is not None and built.keys is not None:
                inside.remember(built.keys)
                unscreened = built.keys.filter(~pl.col("ok"))  # all a slice built again needs
            index = len(self.parts)
            last_row = int(opened.raw.frame[ROW][end - 1])
            slices.append(_Slice(index, self.key, last_row, unscreened, built.info, built.notes))
            self.write(index, frame, quarantine, self.key)
            self.key += frame.height
            self.parts.append(Part(index, self.root / f"part-{index:05d}", self.options))
            log.info("partition %d: rows %d-%d of %s", index + 1, start + 1, end, opened.path)
        if inside is None:
            return slices
        whole = inside.whole()
        for s, sl in enumerate(slices):
            if sl.unscreened is None or not inside.late_firsts(sl.unscreened, sl.last_row):
                continue
            built, frame, quarantine = self.build(opened, bounds, s, whole, False)
            if built.info["rows_screened"] != sl.info["rows_screened"]:
                raise RuntimeError(
                    f"internal error: partition {sl.part + 1} of {opened.path} differs when rebuilt"
                )
            self.write(sl.part, frame, quarantine, sl.key)
            sl.info, sl.notes = built.info, built.notes
            log.info("partition %d built again: a quarantined row repeats a row of a later one", sl.part + 1)
        return slices


def split(inputs: Sequence[Path], options: RunOptions) -> Split:
    """Ingest ``inputs`` slice by slice into part folders under ``OUT/.partitions``.

    Every row gets the outcome of a one-piece ingest. Exact repeats (``screening.ingest.repeats``) are
    found on the whole list while it is split, keeping only the key columns of the rows that can repeat:
    within a file, the ids that repeat are known from the whole file's id column before its first
    slice is built, each slice is compared with the first rows of the earlier slices, and a slice holding
    a row that cannot be screened and repeats a row of a later slice (a one-piece ingest names that
    later row in its reason) is built again once the whole file is known; across files, each slice is
    compared with the rows of the earlier files.
    """
    from screening.ingest.mapping import load_mapping
    from screening.ingest.presets import load_presets
    from screening.ingest.read import open_table
    from screening.ingest.repeats import AcrossFiles

    root = options.out.resolve() / PARTS_DIR
    shutil.rmtree(root, ignore_errors=True)
    user = load_mapping(options.mapping) if options.mapping is not None else None
    presets = load_presets()
    splitter = _Splitter(root, options, AcrossFiles())
    infos: list[dict[str, Any]] = []
    notes: list[str] = []
    for n, path in enumerate(inputs, start=1):
        opened, sliceable = whole_file_decisions(
            open_table(Path(path), user=user, sheet=options.sheet, presets=presets)
        )
        slices = splitter.file(opened, options.partition_rows if sliceable else 0, later=n < len(inputs))
        splitter.across.end_file()
        info, kept = merge_file_info([sl.info for sl in slices], [x for sl in slices for x in sl.notes])
        infos.append(info)
        notes += kept
        del opened, slices
    if (note := splitter.across.note()) is not None:
        notes.append(note)
    parts = [replace(p, list_inputs=tuple(infos), columns=splitter.columns) for p in splitter.parts]
    return Split(parts, infos, notes)


def _ingested(inputs: Sequence[dict[str, Any]], notes: Sequence[str] = ()) -> Any:
    """An ingest record without rows: names the list (inputs) for reviews, run.json and the store."""
    from screening.ingest import IngestResult

    return IngestResult(pl.DataFrame(), pl.DataFrame(), list(inputs), list(notes))


_CONTEXTS: dict[str, Any] = {}


def _context(options: RunOptions) -> Any:
    """The screen context of ``options``, loaded once per process (a Dask worker screens many parts)."""
    key = repr((options.rules_dir, options.data_dir, options.watchlists))
    if key not in _CONTEXTS:
        _CONTEXTS.clear()
        _CONTEXTS[key] = stages.load_context(options)
    return _CONTEXTS[key]


def screen_part(part: Part) -> PartDone:
    """Screen one part (the stages of :func:`screening.pipeline.screen_rows`) into its folder."""
    from screening.pipeline import screen_rows

    rows = pl.read_parquet(part.folder / "rows.parquet")
    missing = [pl.lit(None, dtype=t).alias(c) for c, t in part.columns.items() if c not in rows.columns]
    rows = rows.with_columns(missing).select(list(part.columns) or rows.columns)
    quarantine = pl.read_parquet(part.folder / "ingest_quarantine.parquet")
    ingest_quarantined = quarantine.height
    screened = screen_rows(
        rows, quarantine, _ingested(part.list_inputs), _context(part.options), part.options
    )
    screened.scores.write_parquet(part.folder / "scores.parquet")
    screened.findings.write_parquet(part.folder / "findings.parquet")
    screened.quarantine.write_parquet(part.folder / "quarantine.parquet")
    log.info("partition %d: %s", part.index + 1, screened.counts)
    return PartDone(part.index, screened.counts, ingest_quarantined, screened.checks)


def _label_checks(done: Sequence[PartDone]) -> list[Any]:
    checks: list[Any] = []
    for d in done:
        for check in d.checks:
            if check is not None:
                check.suite = f"{check.suite} (partition {d.index + 1} of {len(done)})"
                checks.append(check)
    return checks


def _frames(parts: Sequence[Part], name: str) -> Iterator[pl.DataFrame]:
    for p in parts:
        yield pl.read_parquet(p.folder / f"{name}.parquet")


def _union_schema(
    parts: Sequence[Part], name: str, select: Callable[[pl.DataFrame], pl.DataFrame]
) -> pl.Schema:
    """The columns of every part's table (first seen first), each with its first non-null type."""
    schema: dict[str, pl.DataType] = {}
    for p in parts:
        cols = select(pl.read_parquet(p.folder / f"{name}.parquet", n_rows=0)).schema
        for col, dtype in cols.items():
            if col not in schema or schema[col] == pl.Null:
                schema[col] = dtype
    return pl.Schema(schema)


class _TableWriter:
    """scores/findings as CSV (formula-safe, header once) and Parquet, part by part."""

    def __init__(self, csv: Path, parquet: Path | None, schema: pl.Schema) -> None:
        self.schema = schema
        self.csv = csv.open("wb")
        self.parquet = tables.ParquetParts(parquet, schema) if parquet else None
        self.first = True

    def write(self, df: pl.DataFrame) -> None:
        missing = [pl.lit(None, dtype=t).alias(c) for c, t in self.schema.items() if c not in df.columns]
        df = df.with_columns(missing).select(self.schema.names()).cast(self.schema)
        neutralise_frame(df).write_csv(self.csv, include_header=self.first)
        self.first = False
        if self.parquet is not None:
            self.parquet.write(df)

    def close(self) -> None:
        if self.first:  # no part wrote a row: the header alone, as a one-piece screen writes it
            neutralise_frame(pl.DataFrame(schema=self.schema)).write_csv(self.csv)
        self.csv.close()
        if self.parquet is not None:
            self.parquet.close()


def merge(parts: Sequence[Part], done: Sequence[PartDone], out: Path) -> dict[str, Path]:
    """Write scores, findings and quarantine of every part into the files of a one-piece screen."""
    files = {key: out / name for key, name in tables.TABLE_FILES.items()}
    scores_schema = _union_schema(parts, "scores", tables.public)

    def findings(p: Part, n_rows: int | None = None) -> pl.DataFrame:
        names = ["_key", "supplier_name", "source_file", "source_row"]
        scores = pl.read_parquet(p.folder / "scores.parquet", columns=names, n_rows=n_rows)
        return tables.findings_frame(pl.read_parquet(p.folder / "findings.parquet", n_rows=n_rows), scores)

    findings_schema: dict[str, pl.DataType] = {}
    for p in parts:
        for col, dtype in findings(p, 0).schema.items():
            if col not in findings_schema or findings_schema[col] == pl.Null:
                findings_schema[col] = dtype
    w = _TableWriter(files["scores_csv"], files["scores_parquet"], scores_schema)
    for frame in _frames(parts, "scores"):
        w.write(tables.public(frame))
    w.close()
    w = _TableWriter(files["findings_csv"], files["findings_parquet"], pl.Schema(findings_schema))
    for p in parts:
        w.write(findings(p))
    w.close()
    # One-piece order: every file's ingest quarantine first, then the rows input validation moved.
    quarantines = [pl.read_parquet(p.folder / "quarantine.parquet") for p in parts]
    ingest_rows = [q.head(d.ingest_quarantined) for q, d in zip(quarantines, done, strict=True)]
    validation_rows = [q.slice(d.ingest_quarantined) for q, d in zip(quarantines, done, strict=True)]
    quarantine = pl.concat([*ingest_rows, *validation_rows], how="vertical_relaxed")
    tables.write_csv(tables.quarantine_columns(quarantine), files["quarantine"])
    return files


def tier_frame(parts: Sequence[Part]) -> pl.DataFrame:
    """Tier and supplier-site of every row (for the tier counts by row and by site)."""
    frames = [
        pl.read_parquet(p.folder / "scores.parquet", columns=["risk_tier", "supplier_key"]) for p in parts
    ]
    return pl.concat(frames, how="vertical")


def strongest(parts: Sequence[Part], n: int = 10) -> pl.DataFrame:
    """The ``n`` strongest high and critical rows, in the order a one-piece screen's summary lists them."""
    tops = [
        pl.read_parquet(p.folder / "scores.parquet")
        .filter(pl.col("risk_tier").is_in(["critical", "high"]))
        .sort("risk_score", descending=True, maintain_order=True)
        .head(n)
        for p in parts
    ]
    return (
        pl.concat(tops, how="diagonal_relaxed")
        .sort("risk_score", descending=True, maintain_order=True)
        .head(n)
    )


def _whole(parts: Sequence[Part]) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Every part's scores, findings and quarantine in one frame each (reports and the store need them)."""
    scores = pl.concat(list(_frames(parts, "scores")), how="diagonal_relaxed")
    findings = pl.concat(list(_frames(parts, "findings")), how="diagonal_relaxed")
    quarantine = pl.concat(list(_frames(parts, "quarantine")), how="diagonal_relaxed")
    return scores, findings, quarantine


def run(inputs: Sequence[Path], options: RunOptions, step: Any, mapper: Mapper | None = None) -> Result:
    """The partitioned screen (see the module docstring); ``mapper`` runs :func:`screen_part` over the
    parts (default: in this process, or on the Dask cluster of ``options.dask``)."""
    if mapper is None:
        if options.dask:
            from screening.dask_runner import dask_mapper

            mapper = dask_mapper(options.dask)
        else:
            mapper = in_process
    from screening.pipeline import log_result

    with stages.output_lock(options):
        ctx = step("load-context", stages.load_context)(options)
        _CONTEXTS[repr((options.rules_dir, options.data_dir, options.watchlists))] = ctx
        run = stages.start_run(inputs, options, ctx)
        stages.prewarm_validation(options)
        plan = step("split", split)(inputs, options)
        checks = [step("validate-datasets", stages.validate_datasets)(ctx, options)]
        done: list[PartDone] = step("screen-partitions", mapper)(screen_part, plan.parts)
        done = sorted(done, key=lambda d: d.index)
        files = step("merge", merge)(plan.parts, done, options.out)
        counts = {k: sum(d.counts[k] for d in done) for k in ("rows_in", "rows_screened", "rows_quarantined")}
        report = stages.finish_validation(checks + _label_checks(done), options)
        ingested = _ingested(plan.inputs, plan.notes)
        run = stages.finish_run(run, ingested, counts, report, ctx, options, tier_frame(plan.parts))
        run["partitions"] = {"rows": options.partition_rows, "count": len(plan.parts), "dask": options.dask}
        if options.reports or options.store_path() is not None:
            scores, findings, quarantine = _whole(plan.parts)
        else:
            scores, findings, quarantine = strongest(plan.parts), pl.DataFrame(), pl.DataFrame()
        result: Result = step("write-run", write_run)(
            run, report, options, files, scores, findings, quarantine
        )
        step("write-reports", stages.write_reports)(result, ctx, options)
        step("persist", stages.persist)(result, ingested, options)
        shutil.rmtree(options.out / PARTS_DIR, ignore_errors=True)
    log_result(result)
    if not report.success:
        raise ValidationFailed(stages.failure_message(report, options), result=result)
    return result


def write_run(
    run: dict[str, Any],
    report: Any,
    options: RunOptions,
    files: dict[str, Path],
    scores: pl.DataFrame,
    findings: pl.DataFrame,
    quarantine: pl.DataFrame,
) -> Result:
    """run.json and the validation files beside the merged tables."""
    from screening.validation import write_validation_report

    files = dict(files, run=options.out / "run.json")
    tables.write_json(run, files["run"])
    files.update(write_validation_report(options.out, report))
    return Result(options.out, run, scores, findings, quarantine, files)

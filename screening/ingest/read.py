"""``read_inputs``: every input file into one ingest frame, a quarantine frame and a record of each file."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import polars as pl

from screening.contract import INGEST_SCHEMA
from screening.errors import InputError
from screening.ingest.aliases import FIELD_COLUMN
from screening.ingest.build import Built, build
from screening.ingest.headers import recognise
from screening.ingest.mapping import MappingOptions, load_mapping, merge
from screening.ingest.presets import known_headers, load_presets, match_preset
from screening.ingest.quarantine import QUARANTINE_SCHEMA, empty_quarantine
from screening.ingest.readers import RawTable, read_table
from screening.ingest.repeats import AcrossFiles, FileIds
from screening.ingest.sniff import detect_format
from screening.normalize.countries import to_alpha2

_SAMPLE_VALUES = 2000


@dataclass
class IngestResult:
    """What ingest hands to the pipeline (see :func:`read_inputs`)."""

    frame: pl.DataFrame
    quarantine: pl.DataFrame
    inputs: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def rows_in(self) -> int:
        return sum(int(i["rows"]) for i in self.inputs)


def _read_bytes(path: Path, source: str) -> bytes:
    if not path.exists():
        raise InputError(f"Input file {source} does not exist. Fix: check the path and the spelling.")
    if path.is_dir():
        raise InputError(f"Input {source} is a folder, not a file. Fix: pass the supplier list file itself.")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"Input file {source} cannot be read ({exc.strerror}). Fix: check its permissions."
        ) from None
    if not data[:65536].strip() and not data.strip():
        raise InputError(
            f"Input file {source} is empty ({len(data)} bytes). Fix: export the supplier list again; it "
            "needs a header row and at least one supplier."
        )
    return data


def _require(
    raw: RawTable, fields: dict[str, int], options: MappingOptions, source: str, preset: str | None
) -> None:
    headers = ", ".join(repr(h) for h in raw.headers) or "(none)"
    where = f" (header row {raw.header_row})" if raw.header_row else ""
    for f, words, example in (
        ("supplier_name", "supplier name", "supplier_name, name, company name or factory name"),
        ("country", "country", "country, country code or country of origin"),
    ):
        if f in fields or f in options.constants or any(f in s.targets() for s in options.split.values()):
            continue
        if f == "country" and any(r.to == f for r in options.copy_rules):
            continue
        by = f" with preset {preset}" if preset else ""
        raise InputError(
            f"{source}: no {words} column found{by}. Headers found{where}: {headers}. Fix: rename the "
            f"{words} column to one of {example}, or map it with --mapping (columns: {{YOUR HEADER: {f}}})."
        )


@dataclass
class OpenedTable:
    """One input file read as text cells, its columns recognised, before any row is built."""

    path: Path
    raw: RawTable
    plan: Any
    options: MappingOptions
    digest: str
    preset: Any


def open_table(
    path: Path, *, user: MappingOptions | None, sheet: str | None, presets: list[Any]
) -> OpenedTable:
    """Read ``path`` as text cells and recognise its columns (the cheap part of reading a file)."""
    source = str(path)
    data = _read_bytes(path, source)
    fmt = detect_format(path, data, source)
    known = known_headers(presets, user)
    raw = read_table(
        fmt, path, data, source, sheet=sheet, header_row=user.header_row if user else None, known=known
    )
    digest = hashlib.sha256(data).hexdigest()
    del data  # the raw frame holds everything now
    if raw.frame.height == 0:
        raise InputError(
            f"Input file {source} has a header row but no data rows. Fix: export the list again "
            "with its rows."
        )
    preset = match_preset(presets, raw.headers)
    options = preset.options if preset else MappingOptions()
    if user is not None:
        options = merge(options, user)

    def sample(i: int) -> list[str]:
        return raw.frame[f"c{i}"].drop_nulls().head(_SAMPLE_VALUES).to_list()

    plan = recognise(raw.headers, sample, options)
    _require(raw, plan.fields, options, source, preset.id if preset else None)
    return OpenedTable(path, raw, plan, options, digest, preset)


def build_table(
    opened: OpenedTable, rows: pl.DataFrame | None = None, repeats: FileIds | None = None
) -> Built:
    """Build the screened and quarantined rows of ``opened`` (or of ``rows``, a slice of its cells,
    with ``repeats`` found on the whole file); ``info`` and ``notes`` name the file."""
    path, raw, plan, preset = opened.path, opened.raw, opened.plan, opened.preset
    source = str(path)
    if rows is not None:
        raw = replace(raw, frame=rows)
    built = build(raw, plan, opened.options, source=source, stem=path.stem, repeats=repeats)
    notes = [f"{source}: {n}" for n in built.notes]
    suspect = _garbled_countries(built.frame, raw.encoding)
    if suspect:
        notes.append(
            f"{source}: possible encoding problem: read as {raw.encoding}, these countries are not "
            f"recognised: {', '.join(repr(c) for c in suspect[:5])}. Fix: save the file as UTF-8 (in Excel: "
            "Save As > CSV UTF-8) and screen it again"
        )
    if preset is not None:
        notes.insert(0, f"{source}: read with preset '{preset.id}' ({preset.name})")
    for g in plan.guesses:
        notes.append(
            f"{source}: column '{g['header']}' read as {g['field']} (guess: it contains '{g['alias']}')"
        )
    for c in plan.choices:
        over = f" over {c['over']}" if c["over"] else ""
        notes.append(f"{source}: {c['field']} taken from '{c['chosen']}'{over} ({c['reason']})")
    info: dict[str, Any] = {
        "path": source,
        "sha256": opened.digest,
        "format": raw.format,
        "encoding": raw.encoding,
        "delimiter": raw.delimiter,
        "sheet": raw.sheet,
        "header_row": raw.header_row,
        "preset": preset.id if preset else None,
        **built.info,
        "notes": notes,
    }
    return Built(built.frame, built.quarantine, info, notes, built.keys)


def _garbled_countries(frame: pl.DataFrame, encoding: str | None) -> list[str]:
    """Country texts with non-ASCII letters that no country is called, in a file not read as UTF-8:
    most likely accents decoded in the wrong code page ("C¶te d'Ivoire"), not a gap in the data."""
    if (
        encoding is None
        or encoding.startswith(("utf-8", "utf-16", "utf-32"))
        or "country_raw" not in frame.columns
    ):
        return []
    values = frame["country_raw"].drop_nulls().unique(maintain_order=True).head(_SAMPLE_VALUES).to_list()
    return [v for v in values if not v.isascii() and to_alpha2(v) is None]


def read_inputs(
    paths: Sequence[Path], *, mapping: Path | None = None, sheet: str | None = None
) -> IngestResult:
    """Read every input file into one ingest frame (``contract.INGEST_SCHEMA`` plus carried columns).

    ``_key`` numbers the screened rows 0..n-1 in input order across all files. Unreadable rows go
    to ``quarantine``; ``inputs`` records per file how it was read and how many rows went where
    (``rows == rows_screened + rows_quarantined``). Raises ``InputError`` for a file that cannot be
    read as a supplier table at all.
    """
    if not paths:
        raise InputError("No input file given. Fix: pass one or more supplier lists, e.g. suppliers.csv.")
    user = load_mapping(mapping) if mapping is not None else None
    presets = load_presets()
    frames: list[pl.DataFrame] = []
    quarantines: list[pl.DataFrame] = []
    inputs: list[dict[str, Any]] = []
    notes: list[str] = []
    across = AcrossFiles()  # exact repeats of an earlier file's rows (see ingest.repeats)
    for n, path in enumerate(paths, start=1):
        built = build_table(open_table(Path(path), user=user, sheet=sheet, presets=presets))
        frame, quarantine = across.apply(
            built.frame, built.quarantine, built.info, built.info["path"], remember=n < len(paths)
        )
        across.end_file()
        frames.append(frame)
        quarantines.append(quarantine)
        inputs.append(built.info)
        notes.extend(built.notes)
    if (note := across.note()) is not None:
        notes.append(note)
    frame = pl.concat(frames, how="diagonal") if len(frames) > 1 else frames[0]
    frame = frame.with_row_index("_key").with_columns(pl.col("_key").cast(pl.Int64))
    canonical = list(INGEST_SCHEMA)
    frame = frame.select([*canonical, *[c for c in frame.columns if c not in INGEST_SCHEMA]])
    quarantine = pl.concat(quarantines) if quarantines else empty_quarantine()
    rows = sum(int(i["rows"]) for i in inputs)
    if rows != frame.height + quarantine.height:
        raise RuntimeError(
            f"internal error: {rows} rows read but {frame.height} screened + {quarantine.height} quarantined"
        )
    assert quarantine.schema == pl.Schema(QUARANTINE_SCHEMA)
    assert set(FIELD_COLUMN.values()) <= set(frame.columns)
    return IngestResult(frame, quarantine, inputs, notes)

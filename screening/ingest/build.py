"""One file's raw text table -> its rows of the ingest frame, its quarantine rows, and what was done.

The order: drop blank rows at the very end of the file (spreadsheet leftovers), gather each field's
raw text (a recognised column, a split part, tick flags, a copy, a constant), parse typed fields,
generate missing ids, collect every row's problems, then part the screenable rows from the rest.
Columns that fill no field are carried through under their header text (``input_`` is put in
front only when that text collides with a frame column or one a later stage adds, or starts with
``_``, which marks internal columns).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from screening.contract import (
    INGEST_SCHEMA,
    NORMALIZED_SCHEMA,
    SCORE_BASE_COLUMNS,
    SCORE_CATEGORY_COLUMNS,
    SCORE_TAIL_COLUMNS,
)
from screening.errors import InputError
from screening.ingest.aliases import (
    BOOL_FIELDS,
    FIELD_COLUMN,
    NUMBER_FIELDS,
    SHARE_FIELDS,
    normalise_header,
)
from screening.ingest.cut import cut_country
from screening.ingest.headers import ColumnPlan
from screening.ingest.mapping import MappingOptions
from screening.ingest.quarantine import Problems, quarantine_frame
from screening.ingest.readers import EXTRA, PROBLEM, ROW, RawTable
from screening.ingest.repeats import FileIds, repeat_key
from screening.ingest.values import (
    COUNTRY_NULL_TOKENS,
    NULL_TOKENS,
    Parsed,
    clean_text,
    parse_bool,
    parse_number,
    parse_share,
)

_PHRASE = {"workers": "worker count", "migrant_worker_share": "migrant worker share"}


@dataclass
class Built:
    frame: pl.DataFrame  # screened rows: _source, _row, canonical columns, carried columns (no _key)
    quarantine: pl.DataFrame
    info: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    #: ``id, same, row, ok`` of the rows whose supplier id repeats in the file (see repeats.FileIds)
    keys: pl.DataFrame | None = None


@dataclass
class _Sources:
    exprs: dict[str, pl.Expr] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # field -> where it came from
    extras: dict[str, pl.Expr] = field(default_factory=dict)  # new columns from split targets

    def put(self, name: str, expr: pl.Expr, label: str) -> None:
        if name in FIELD_COLUMN:
            old = self.exprs.get(name)
            self.exprs[name] = expr if old is None else pl.coalesce(expr, old)
            self.labels[name] = label if old is None else f"{label}, else {self.labels[name]}"
        else:
            self.extras[name] = expr


def _index(raw: RawTable, header: str) -> int | None:
    key = normalise_header(header)
    for i, h in enumerate(raw.headers):
        if normalise_header(h) == key:
            return i
    return None


def _gather(raw: RawTable, plan: ColumnPlan, options: MappingOptions, notes: list[str]) -> _Sources:
    src = _Sources()
    for f, i in plan.fields.items():
        src.put(f, pl.col(f"c{i}"), raw.headers[i])
    for header, spec in options.split.items():
        si = _index(raw, header)
        if si is None:
            notes.append(f"split column '{header}' of the mapping is not in the file")
            continue
        column = pl.col(f"c{si}")
        targets = spec.targets()
        if spec.pattern is not None:
            groups = column.str.extract_groups(spec.pattern)
            parts = [groups.struct.field(g) for g in re.compile(spec.pattern).groupindex]
            unmatched = pl.all_horizontal([p.is_null() for p in parts])
            parts[0] = pl.when(unmatched).then(column).otherwise(parts[0])
        else:
            split = column.str.splitn(spec.separator or ";", len(targets))
            parts = [split.struct.field(f"field_{j}") for j in range(len(targets))]
        for target, part in zip(targets, parts, strict=True):
            src.put(target, part, f"{raw.headers[si]} (split)")
    for rule in options.copy_rules:
        ci = _index(raw, rule.source)
        w = _index(raw, rule.when_column) if rule.when_column else ci
        if ci is None or w is None:
            notes.append(f"copy rule from '{rule.source}' skipped: its columns are not in the file")
            continue
        copied = pl.col(f"c{ci}")
        if rule.when_matches is not None:
            copied = pl.when(pl.col(f"c{w}").str.strip_chars().str.contains(rule.when_matches)).then(copied)
        if rule.to in src.exprs:
            src.exprs[rule.to] = pl.coalesce(src.exprs[rule.to], copied)
            src.labels[rule.to] += f", else {raw.headers[ci]} (copied)"
        else:
            src.put(rule.to, copied, f"{raw.headers[ci]} (copied)")
    for f, value in options.constants.items():
        if f in src.exprs:
            src.exprs[f] = pl.coalesce(src.exprs[f], pl.lit(value))
            src.labels[f] += f", else the constant '{value}'"
        else:
            src.put(f, pl.lit(value, pl.String), f"constant '{value}'")
    return src


def _flags(
    raw: RawTable, frame: pl.DataFrame, options: MappingOptions, problems: Problems
) -> dict[str, tuple[pl.Series, str]]:
    """Tick columns -> a "; "-joined list of their labels per field."""
    out: dict[str, tuple[pl.Series, str]] = {}
    for f, columns in options.flags.items():
        ticked: list[pl.Series] = []
        used: list[str] = []
        for header, label in columns.items():
            i = _index(raw, header)
            if i is None:
                continue
            text = clean_text(frame[f"c{i}"], NULL_TOKENS | {v.lower() for v in options.null_values})
            parsed = parse_bool(
                text, f"the tick in column '{raw.headers[i]}'", options.true_values, options.false_values
            )
            problems.add(parsed.problem, raw.headers[i])
            ticked.append(
                pl.select(pl.when(parsed.values).then(pl.lit(label))).to_series().alias(f"t{len(ticked)}")
            )
            used.append(raw.headers[i])
        if ticked:
            joined = pl.DataFrame(ticked).select(pl.concat_str(pl.all(), separator="; ", ignore_nulls=True))
            series = joined.to_series()
            out[f] = (pl.select(pl.when(series != "").then(series)).to_series(), ", ".join(used) + " (ticks)")
    return out


def _parse_field(f: str, text: pl.Series, where: str, options: MappingOptions) -> Parsed | None:
    phrase = _PHRASE.get(f, f.replace("_", " "))
    label = f"{phrase} in column '{where}'"
    if f in BOOL_FIELDS:
        return parse_bool(text, label, options.true_values, options.false_values)
    if f in NUMBER_FIELDS:
        return parse_number(text, label, bands=f == "workers", negative=f != "workers")
    if f in SHARE_FIELDS:
        percents = {normalise_header(h) for h in options.percent_columns}
        percent = "%" in where or "percent" in where.lower() or normalise_header(where) in percents
        return parse_share(text, label, percent=percent)
    return None


#: Names a carried input column may not take: the frame's own columns and those later stages add.
RESERVED = frozenset(
    c.casefold()
    for c in (
        *INGEST_SCHEMA,
        *NORMALIZED_SCHEMA,
        *SCORE_BASE_COLUMNS,
        *SCORE_CATEGORY_COLUMNS,
        *SCORE_TAIL_COLUMNS,
    )
)


def _carried_name(header: str, taken: set[str]) -> str:
    """The header itself, or ``input_<header>`` when it collides (or starts with ``_``: internal)."""
    name = header
    if name.casefold() in taken or name.startswith("_"):
        name = f"input_{header}"
    n = 2
    while name.casefold() in taken:
        name, n = f"input_{header} ({n})", n + 1
    taken.add(name.casefold())
    return name


def blank_rows(frame: pl.DataFrame, width: int) -> pl.Series:
    """Which rows of a raw frame (``width`` cells) are blank: every cell empty, no read problem."""
    cells = [pl.col(f"c{i}").str.strip_chars().fill_null("") == "" for i in range(width)]
    blank_expr = (pl.all_horizontal(cells) if cells else pl.lit(True)) & pl.col(PROBLEM).is_null()
    return frame.select(blank_expr.alias("b")).to_series()


def _trim(
    frame: pl.DataFrame, width: int, source: str, notes: list[str]
) -> tuple[pl.DataFrame, pl.Series, int]:
    """Drop blank rows at the very end (spreadsheet leftovers); ``blank`` marks the blank rows left."""
    blank = blank_rows(frame, width)
    nonblank = (~blank).arg_true()
    tail = frame.height - (int(nonblank.max()) + 1 if nonblank.len() else 0)  # type: ignore[arg-type]
    if tail == frame.height:
        raise InputError(
            f"Input file {source} has a header row but every row below it is empty. Fix: export the list "
            "again with its rows."
        )
    if tail:
        notes.append(f"{tail} blank row(s) at the end of the file ignored")
        frame, blank = frame.head(frame.height - tail), blank.head(frame.height - tail)
    return frame, blank, tail


def _fields(
    raw: RawTable,
    frame: pl.DataFrame,
    plan: ColumnPlan,
    options: MappingOptions,
    problems: Problems,
    notes: list[str],
    only: frozenset[str] | None = None,
) -> tuple[dict[str, pl.Series], dict[str, str], int | None]:
    """Each ingest-frame column that the file fills, where it came from, and a banded workers column
    (``only``: just these fields)."""
    src = _gather(raw, plan, options, notes)
    if only is not None:
        src.exprs = {f: e for f, e in src.exprs.items() if f in only}
        src.extras = {}
    texts = frame.select([e.alias(f) for f, e in src.exprs.items()]) if src.exprs else pl.DataFrame()
    extra_nulls = {v.lower() for v in options.null_values}
    out: dict[str, pl.Series] = {}
    carry_workers: int | None = None
    for f, column in FIELD_COLUMN.items():
        if f not in src.exprs:
            continue
        tokens = (COUNTRY_NULL_TOKENS if f == "country" else NULL_TOKENS) | extra_nulls
        text = clean_text(texts[f], tokens)
        parsed = _parse_field(f, text, src.labels[f], options)
        if parsed is None:
            out[column] = text
            continue
        out[column] = parsed.values
        problems.add(parsed.problem, src.labels[f])
        if parsed.has_bands and f in plan.fields:
            carry_workers = plan.fields[f]
            notes.append(
                f"column '{src.labels[f]}' holds ranges (e.g. 501-1500): workers left empty for those, "
                "the column is carried through"
            )
    for f, (series, label) in _flags(raw, frame, options, problems).items():
        if only is not None and f not in only:
            continue
        column = FIELD_COLUMN[f]
        old = out.get(column)
        if old is not None:
            both = pl.select(pl.concat_str([old, series], separator="; ", ignore_nulls=True)).to_series()
            series = pl.select(pl.when(both != "").then(both)).to_series()
        out[column] = series
        src.labels[f] = label if f not in src.labels else f"{src.labels[f]} + {label}"
    for name, series in frame.select([e.alias(n) for n, e in src.extras.items()]).to_dict().items():
        out[f"+{name}"] = clean_text(series)  # a new column from a split, carried through
    return out, src.labels, carry_workers


def supplier_ids(raw: RawTable, plan: ColumnPlan, options: MappingOptions) -> pl.Series | None:
    """The supplier id of every row of ``raw`` as :func:`build` reads it (null where a row has none), or
    None when the file has no id: what a file read in slices compares repeats on (repeats.FileIds)."""
    out, _, _ = _fields(
        raw, raw.frame, plan, options, Problems(raw.frame.height), [], frozenset({"supplier_id"})
    )
    return out.get("supplier_id")


def _require(out: dict[str, pl.Series], labels: dict[str, str], problems: Problems) -> None:
    name = out.get("supplier_name")
    if name is not None:
        where = labels["supplier_name"]
        problems.add_where(
            name.is_null(), f"no supplier name: column '{where}' is empty (fill in the name)", where
        )
    country = out.get("country_raw")
    if country is not None:
        where = labels["country"]
        problems.add_where(
            country.is_null(),
            f"no country: column '{where}' is empty (fill in the country, or set constants: {{country: ...}} "
            "in a --mapping file)",
            where,
        )


def _assemble(
    raw: RawTable,
    frame: pl.DataFrame,
    out: dict[str, pl.Series],
    plan: ColumnPlan,
    carry_workers: int | None,
    source: str,
) -> tuple[pl.DataFrame, list[str]]:
    """The ingest frame of all rows (contract columns, then carried columns) and the carried headers."""
    columns: dict[str, pl.Series] = {
        "_source": pl.repeat(source, frame.height, dtype=pl.String, eager=True),
        "_row": frame[ROW],
    }
    for column, dtype in INGEST_SCHEMA.items():
        if column in ("_key", "_source", "_row"):
            continue
        got = out.get(column)
        empty = pl.repeat(None, frame.height, dtype=dtype, eager=True)
        columns[column] = (empty if got is None else got.cast(dtype)).alias(column)
    taken = set(RESERVED)
    mapped = set(plan.fields.values()) - ({carry_workers} if carry_workers is not None else set())
    unmapped: list[str] = []
    for i, header in enumerate(raw.headers):
        if i not in mapped and i not in plan.consumed:
            columns[_carried_name(header, taken)] = frame[f"c{i}"]
            unmapped.append(header)
    for key, series in out.items():
        if key.startswith("+"):
            columns[_carried_name(key[1:], taken)] = series
    return pl.DataFrame([s.alias(n) for n, s in columns.items()]), unmapped


def _cut_last_row(
    raw: RawTable,
    frame: pl.DataFrame,
    plan: ColumnPlan,
    out: dict[str, pl.Series],
    labels: dict[str, str],
    problems: Problems,
) -> None:
    """Quarantine the last row of a file that ends mid-value in its country cell (see ingest.cut)."""
    country, column = out.get("country_raw"), plan.fields.get("country")
    if country is None or column is None or frame.height == 0:
        return
    last = frame.row(frame.height - 1, named=True)
    filled = [i for i in range(len(raw.headers)) if (last.get(f"c{i}") or "").strip()]
    value = country[-1]
    if not filled or filled[-1] != column or value is None:
        return
    whole = cut_country(str(value))
    if whole is None:
        return
    mask = pl.int_range(frame.height, eager=True) == frame.height - 1
    problems.add_where(
        mask,
        f"row cut short? the file ends without a line break and this row's country '{value}' is the "
        f"start of '{whole}' (a failed download or a full disk?). Fix: export or download the file again",
        labels["country"],
    )


def build(
    raw: RawTable,
    plan: ColumnPlan,
    options: MappingOptions,
    *,
    source: str,
    stem: str,
    repeats: FileIds | None = None,
) -> Built:
    """Assemble one file's screened rows and quarantine rows. ``stem`` prefixes generated ids.

    ``repeats``: for a slice of a file, the whole file's ids (exact repeats are found, and the notes
    count, across the whole file); by default ``raw`` is the whole file."""
    notes: list[str] = list(raw.notes) + list(plan.notes)
    frame, blank, tail = _trim(raw.frame, len(raw.headers), source, notes)
    problems = Problems(frame.height)
    problems.add(frame[PROBLEM], "")  # what the reader found comes first: it explains the rest
    out, labels, carry_workers = _fields(raw, frame, plan, options, problems, notes)
    _require(out, labels, problems)
    if raw.unterminated:
        _cut_last_row(raw, frame, plan, out, labels, problems)
    generated = pl.select(pl.format("{}-{}", pl.lit(stem), frame[ROW])).to_series()
    ids = out.get("supplier_id")
    made = pl.repeat(True, frame.height, eager=True) if ids is None else ids.is_null()
    inside = None if ids is None else repeats if repeats is not None else FileIds.of(ids)
    keys = None
    if ids is not None and inside is not None and inside.any():  # most lists repeat no id: nothing to compare
        ok = problems.frame(blank)["__reason"].is_null()
        same = repeat_key(out, frame.height)
        reason, keys = inside.reasons(ids, frame[ROW], ok, same, labels["supplier_id"])
        problems.add(reason, labels["supplier_id"])
    out["supplier_id"] = generated if ids is None else pl.select(pl.coalesce(ids, generated)).to_series()
    verdict = problems.frame(blank)
    bad = verdict["__reason"].is_not_null()
    full, unmapped = _assemble(raw, frame, out, plan, carry_workers, source)
    screened = full.filter(~bad)
    quarantine = quarantine_frame(source, frame.with_columns(verdict).filter(bad), raw.headers, ROW, EXTRA)
    duplicates = [] if inside is None else inside.repeated.to_list()  # the whole file's
    n_generated = int(made.sum())
    if ids is None:
        notes.append(f"no supplier id column: ids made from the row number ({stem}-<row>)")
    elif inside is not None and inside.missing:  # the whole file's count
        notes.append(
            f"{inside.missing} row(s) without a supplier id got one made from the row number ({stem}-<row>)"
        )
    if duplicates:
        shown = ", ".join(str(d) for d in duplicates[:10])
        more = f" and {len(duplicates) - 10} more" if len(duplicates) > 10 else ""
        notes.append(
            f"{len(duplicates)} supplier id(s) appear on more than one row: {shown}{more} (a row repeating "
            "an earlier one's name, country, site, goods and spend is quarantined, so that no supplier is "
            "screened or counted twice; rows that differ, such as order lines, are each screened)"
        )
    info: dict[str, Any] = {
        "rows": frame.height,
        "rows_screened": screened.height,
        "rows_quarantined": quarantine.height,
        "columns": dict(labels),
        "guesses": plan.guesses,
        "choices": plan.choices,
        "id_generated": ids is None,
        "ids_generated": n_generated,
        "duplicate_ids": duplicates[:1000],
        "duplicate_id_count": len(duplicates),
        "unmapped_columns": unmapped,
        "trailing_blank_rows": tail,
    }
    if info["rows"] != info["rows_screened"] + info["rows_quarantined"]:
        raise RuntimeError(f"internal error: {source} rows do not reconcile: {info}")
    return Built(screened, quarantine, info, notes, keys)

"""The one boundary with Great Expectations: build GX expectations from specs, run them, read results.

GX is imported lazily (about 4-6 s) on the first validation of a process, which also creates the one
ephemeral data context, pandas data source, dataframe asset and whole-dataframe batch definition that
every suite of the process reuses. Measured choices (see bench/bench_validation.py):

* Progress bars are switched off with ``ProgressBarsConfig(globally=False)``; GX's loggers are set to
  ERROR and its warnings ignored, so a screen's console stays readable.
* GX fingerprints every pandas batch under 1 GB by hashing the whole frame
  (``pandas_execution_engine.HASH_THRESHOLD``), and ``Batch.validate`` builds the batch twice: 1.2 s
  of 1.3 s for a 1M-row frame. The fingerprint only labels the batch in its markers, so we set the
  threshold to 0; the checks themselves are unchanged.
* Suites run through ``Batch.validate`` (public API) rather than ``ValidationDefinition.run``, which
  also serialises every result into the context's in-memory results store (1 s for 300k unexpected
  indices, and memory that grows with every screen of a long-lived process).
* Results are matched to expectations by the ``meta.id`` we give each one: GX does not return them in
  the order they were added.
* Only the columns a batch's expectations read are converted to pandas (polars frames are rejected).
"""

from __future__ import annotations

import logging
import math
import threading
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from screening.errors import ConfigError
from screening.validation.gx_docs import record
from screening.validation.outcome import JSONValue, Outcome
from screening.validation.spec import (
    Between,
    ExpectationSpec,
    InSet,
    IsNull,
    MatchesRegex,
    NotNull,
    PairEqual,
    RowCountBetween,
    RowCountEquals,
    Unique,
)

#: Examples of unexpected values kept per failed expectation (in the report and run.json).
EXAMPLES = 10

_LOCK = threading.Lock()
_STATE: dict[str, Any] = {}


def _quiet_gx() -> None:
    for name in ("great_expectations", "great_expectations.core", "great_expectations.data_context"):
        logging.getLogger(name).setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", module=r"great_expectations(\..*)?$")


def batch_definition() -> Any:
    """The process-wide whole-dataframe batch definition (imports GX and builds the context once)."""
    with _LOCK:
        if "batch_definition" not in _STATE:
            _quiet_gx()
            import great_expectations as gx
            from great_expectations.data_context.types.base import ProgressBarsConfig
            from great_expectations.execution_engine import pandas_execution_engine

            pandas_execution_engine.HASH_THRESHOLD = 0  # see the module docstring
            context: Any = gx.get_context(mode="ephemeral")
            context.variables.progress_bars = ProgressBarsConfig(globally=False)
            source = context.data_sources.add_pandas(name="screening")
            asset = source.add_dataframe_asset(name="frame")
            _STATE["context"] = context
            _STATE["batch_definition"] = asset.add_batch_definition_whole_dataframe("whole")
        return _STATE["batch_definition"]


@dataclass(frozen=True)
class Batch:
    """One frame to validate and how to name it in messages."""

    suite: str
    name: str  # e.g. "scores" or a dataset id
    subject: str  # e.g. "results (scores)" or "indicator dataset `uflpa`"
    frame: pl.DataFrame
    label_column: str | None = None  # a column naming rows in the report (e.g. _row); None: positions
    column_alias: Mapping[str, str] | None = None  # derived column -> the column reported to people


def _threshold(spec: ExpectationSpec, values: Sequence[str] | None, value: int | None) -> str:
    if isinstance(spec, NotNull):
        return "no null values"
    if isinstance(spec, IsNull):
        return "null in every row"
    if isinstance(spec, InSet):
        shown = ", ".join(list(values or ())[:12])
        more = f", ... ({len(values or ())} values)" if len(values or ()) > 12 else ""
        named = f" [{spec.values_ref}]" if spec.values_ref else ""
        return f"one of: {shown}{more}{named}"
    if isinstance(spec, Between | RowCountBetween):
        unit = " rows" if isinstance(spec, RowCountBetween) else ""
        parts = []
        if spec.min is not None:
            parts.append(f">= {_num(spec.min)}{unit}")
        if spec.max is not None:
            parts.append(f"<= {_num(spec.max)}{unit}")
        return " and ".join(parts)
    if isinstance(spec, MatchesRegex):
        return f"matches /{spec.regex}/"
    if isinstance(spec, Unique):
        return "unique" if len(spec.columns) == 1 else f"unique combination of {', '.join(spec.columns)}"
    if isinstance(spec, RowCountEquals):
        named = f" [{spec.value_ref}]" if spec.value_ref else ""
        return f"exactly {value} rows{named}"
    if isinstance(spec, PairEqual):
        return f"{spec.column_a} == {spec.column_b} (rows where either is null skipped)"
    return f"{spec.column_a} >= {spec.column_b} (rows where either is null skipped)"


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _to_gx(spec: ExpectationSpec, refs: Mapping[str, object]) -> tuple[Any, str]:
    """The GX expectation for ``spec`` (values resolved from ``refs``) and its threshold text."""
    import great_expectations.expectations as gx_expectations

    gxe: Any = gx_expectations  # GX's classes are not typed for mypy: Any at this boundary only

    common: dict[str, Any] = {
        "meta": {"id": spec.id},
        "severity": "critical" if spec.blocking else "warning",
        "catch_exceptions": True,
        "description": spec.description,
    }
    values: Sequence[str] | None = None
    value: int | None = None
    exp: Any
    if isinstance(spec, NotNull):
        exp = gxe.ExpectColumnValuesToNotBeNull(column=spec.column, **common)
    elif isinstance(spec, IsNull):
        exp = gxe.ExpectColumnValuesToBeNull(column=spec.column, **common)
    elif isinstance(spec, InSet):
        values = (
            sorted(str(v) for v in _ref(spec.values_ref, refs))
            if spec.values_ref
            else list(spec.values or ())
        )
        exp = gxe.ExpectColumnValuesToBeInSet(column=spec.column, value_set=list(values), **common)
    elif isinstance(spec, Between):
        exp = gxe.ExpectColumnValuesToBeBetween(
            column=spec.column, min_value=spec.min, max_value=spec.max, **common
        )
    elif isinstance(spec, MatchesRegex):
        exp = gxe.ExpectColumnValuesToMatchRegex(column=spec.column, regex=spec.regex, **common)
    elif isinstance(spec, Unique):
        if len(spec.columns) == 1:
            exp = gxe.ExpectColumnValuesToBeUnique(column=spec.columns[0], **common)
        else:
            exp = gxe.ExpectCompoundColumnsToBeUnique(column_list=list(spec.columns), **common)
    elif isinstance(spec, RowCountBetween):
        exp = gxe.ExpectTableRowCountToBeBetween(min_value=spec.min, max_value=spec.max, **common)
    elif isinstance(spec, RowCountEquals):
        raw = _ref(spec.value_ref, refs) if spec.value_ref else spec.value
        if not isinstance(raw, int):
            raise ConfigError(f"value_ref {spec.value_ref!r} must name a whole number, got {raw!r}.")
        value = raw
        exp = gxe.ExpectTableRowCountToEqual(value=value, **common)
    elif isinstance(spec, PairEqual):
        exp = gxe.ExpectColumnPairValuesToBeEqual(
            column_A=spec.column_a, column_B=spec.column_b, ignore_row_if="either_value_is_missing", **common
        )
    else:
        exp = gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=spec.column_a,
            column_B=spec.column_b,
            or_equal=True,
            ignore_row_if="either_value_is_missing",
            **common,
        )
    return exp, spec.threshold or _threshold(spec, values, value)


def _ref(name: str, refs: Mapping[str, object]) -> Any:
    try:
        return refs[name]
    except KeyError:
        raise ConfigError(f"unknown ref {name!r}; available: {', '.join(sorted(refs))}.") from None


def _clean(value: Any) -> JSONValue:
    """A JSON-ready copy of a GX result value (numpy scalars, NaN, tuples, long strings)."""
    if value is None or isinstance(value, bool | int | str):
        return value[:200] if isinstance(value, str) else value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_clean(v) for v in value]
    item = getattr(value, "item", None)  # numpy scalar
    if callable(item):
        return _clean(item())
    return str(value)[:200]


def _exception(result: Any) -> str | None:
    info = getattr(result, "exception_info", None) or {}
    candidates = [info] + [v for v in info.values() if isinstance(v, dict)]
    for entry in candidates:
        if entry.get("raised_exception"):
            return str(entry.get("exception_message") or "the check raised an error")
    return None


def _observed(result: Any, batch: Batch) -> tuple[JSONValue, str]:
    """What GX observed, as a JSON value and as words."""
    res: dict[str, Any] = dict(getattr(result, "result", None) or {})
    error = _exception(result)
    if error is not None:
        return {"error": error}, f"the check could not run ({error})"
    if "observed_value" in res:
        value = _clean(res["observed_value"])
        return value, f"{value:,} rows" if isinstance(value, int) else str(value)
    n = int(res.get("unexpected_count") or 0)
    total = int(res.get("element_count") or 0)
    examples = [e for e in _clean(res.get("partial_unexpected_list") or [])[:EXAMPLES] if e is not None]
    positions = [int(i) for i in (res.get("partial_unexpected_index_list") or [])[:EXAMPLES]]
    if batch.label_column and positions:
        col = batch.frame.get_column(batch.label_column)
        at: list[Any] = [_clean(col[p]) for p in positions if 0 <= p < col.len()]
    else:
        at = positions
    obs: dict[str, Any] = {"unexpected": n, "rows": total, "examples": examples, "at": at}
    if batch.label_column:
        obs["at_column"] = batch.label_column  # what the values under "at" are (else: 0-based positions)
    words = f"{n:,} of {total:,} rows"
    if examples:
        words += f", e.g. {', '.join(repr(e) for e in examples[:5])}"
    if at and batch.label_column:
        where = batch.label_column.lstrip("_")
        words += f" (at {where} {', '.join(str(a) for a in at[:5])})"
    return obs, words


def run_batch(
    batch: Batch, specs: Sequence[ExpectationSpec], refs: Mapping[str, object], *, want_rows: bool = False
) -> list[tuple[Outcome, list[int]]]:
    """Validate one frame against ``specs``: one outcome per spec, plus the failing row positions
    (0-based, filled only with ``want_rows``; for the input suite's quarantine)."""
    ids = [spec.id for spec in specs]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ConfigError(f"{batch.subject}: expectation id(s) {repeated} are declared more than once.")
    record(batch, specs, refs)  # kept for GX Data Docs when a screen asks for them (--gx-project)
    definition = batch_definition()  # first: imports GX with its logging and warnings quietened
    built = [(spec, *_to_gx(spec, refs)) for spec in specs]
    alias = batch.column_alias or {}
    out: list[tuple[Outcome, list[int]]] = []
    missing_outcomes: dict[str, Outcome] = {}
    needed: list[str] = []
    for spec, exp, threshold in built:
        absent = [c for c in spec.columns_checked if c not in batch.frame.columns]
        if absent:
            missing_outcomes[spec.id] = _outcome(
                batch,
                spec,
                str(exp.expectation_type),
                threshold,
                False,
                {"error": f"missing column(s) {absent}"},
                f"the frame has no column {', '.join(absent)}",
                alias,
            )
        needed += [c for c in spec.columns_checked if c not in needed]
    to_run = [(spec, exp, thr) for spec, exp, thr in built if spec.id not in missing_outcomes]
    results: dict[str, Any] = {}
    if to_run:
        import great_expectations as gx

        cols = [c for c in needed if c in batch.frame.columns]
        frame = (
            batch.frame.select(cols)
            if cols
            else pl.DataFrame({"_rows": pl.zeros(batch.frame.height, eager=True)})
        )
        suite = gx.ExpectationSuite(
            name=f"{batch.suite}.{batch.name}", expectations=[e for _, e, _ in to_run]
        )
        result_format: dict[str, Any] = {
            "result_format": "COMPLETE" if want_rows else "SUMMARY",
            "partial_unexpected_count": EXAMPLES,
            "return_unexpected_index_query": False,
        }
        with warnings.catch_warnings():  # pandas warnings raised inside GX's metrics: not the user's concern
            warnings.simplefilter("ignore")
            gx_batch = definition.get_batch(batch_parameters={"dataframe": frame.to_pandas()})
            validated = gx_batch.validate(suite, result_format=result_format)
        results = {str((r.expectation_config.meta or {}).get("id")): r for r in validated.results}
    for spec, exp, threshold in built:
        gx_type = str(exp.expectation_type)
        if spec.id in missing_outcomes:
            out.append((missing_outcomes[spec.id], []))
            continue
        r = results.get(spec.id)
        if r is None:  # never seen; keep the verdict honest rather than silently passing
            out.append(
                (
                    _outcome(
                        batch, spec, gx_type, threshold, False, {"error": "no result"}, "no result", alias
                    ),
                    [],
                )
            )
            continue
        observed, words = _observed(r, batch)
        rows: list[int] = []
        if want_rows and not r.success:
            rows = [int(i) for i in ((r.result or {}).get("unexpected_index_list") or [])]
        out.append((_outcome(batch, spec, gx_type, threshold, bool(r.success), observed, words, alias), rows))
    return out


def _outcome(
    batch: Batch,
    spec: ExpectationSpec,
    gx_type: str,
    threshold: str,
    success: bool,
    observed: JSONValue,
    words: str,
    alias: Mapping[str, str],
) -> Outcome:
    cols = [alias.get(c, c) for c in spec.columns_checked]
    column = ", ".join(dict.fromkeys(cols)) or None
    errored = isinstance(observed, dict) and "error" in observed
    blocking = spec.blocking or errored  # a check that could not run never passes quietly
    if success:
        message = f"{batch.subject}: `{spec.id}` passed ({spec.description})."
    else:
        where = f" column `{column}`" if column else ""
        message = (
            f"{batch.subject}:{where} expectation `{spec.id}` ({gx_type}) failed: {spec.description}; "
            f"observed {words}; expected {threshold}."
        )
    return Outcome(
        suite=batch.suite,
        batch=batch.name,
        expectation=spec.id,
        gx_type=gx_type,
        column=column,
        description=spec.description,
        success=success,
        blocking=blocking,
        observed=observed,
        threshold=threshold,
        message=message,
    )

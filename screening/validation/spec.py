"""Validation suites declared as data: the YAML schema of ``rules/expectations/<suite>.yml``.

A suite file names its ``batches`` (the frames it checks, e.g. ``scores`` and ``findings``) and, per
batch, a list of expectations. Each expectation has an ``id`` (unique in the suite), an ``expect``
kind from the small vocabulary below, the column(s) it checks, its threshold and a ``description``
a person can read in the validation report. Unknown keys and unknown kinds are rejected, every error
names the file and the field.

Kinds (each becomes one Great Expectations expectation, see :mod:`screening.validation.engine`):

``not_null`` / ``is_null`` (column), ``in_set`` (column, ``values`` or ``values_ref``), ``between``
(column, ``min`` and/or ``max``), ``matches_regex`` (column, ``regex``), ``unique`` (``columns``),
``row_count_between`` (``min`` and/or ``max``), ``row_count_equals`` (``value`` or ``value_ref``),
``pair_equal`` / ``pair_at_least`` (``column_a``, ``column_b``; rows where either is null are skipped).

``values_ref`` / ``value_ref`` name a value the calling module supplies at run time (e.g. the ISO
country codes, the known rule ids, the number of screened rows). Columns starting with ``_`` are
derived by the calling module in polars before validation (documented in its docstring).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from screening.errors import ConfigError
from screening.indicators.models import RegexPattern
from screening.yaml_model import read_yaml, validate_model

_ID_RE = r"^[a-z][a-z0-9_:.\-]{0,79}$"


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=_ID_RE, description="unique within the suite; shown in reports")
    description: str = Field(min_length=1, description="what holds when the expectation passes")
    blocking: bool = Field(default=True, description="a failure blocks the screen (false: a warning only)")
    reason: str | None = Field(default=None, description="quarantine reason for a failing row (input suite)")
    threshold: str | None = Field(
        default=None, description="the threshold as the report states it (default: generated)"
    )

    @property
    def columns_checked(self) -> tuple[str, ...]:
        return ()

    @property
    def row_level(self) -> bool:
        """Whether a failure points at individual rows (only these can quarantine rows)."""
        return True


class _Table(_Base):
    """An expectation on the whole frame (a failure points at no row)."""

    @property
    def row_level(self) -> bool:
        return False


class _Bounded(_Base):
    """A check with ``min`` and/or ``max``."""

    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _bounds(self) -> Self:
        if self.min is None and self.max is None:
            raise ValueError("give `min`, `max` or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        return self


class _OneSource(_Base):
    """A check given either a value in the file or a reference to one the calling module supplies."""

    #: (the value's field, the reference's field, how the error message names the two)
    one_of: ClassVar[tuple[str, str, str]]

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        given, ref, what = self.one_of
        if (getattr(self, given) is None) == (getattr(self, ref) is None):
            raise ValueError(f"give exactly one of {what}")
        return self


class _Column(_Base):
    column: str = Field(min_length=1)

    @property
    def columns_checked(self) -> tuple[str, ...]:
        return (self.column,)


class NotNull(_Column):
    expect: Literal["not_null"]


class IsNull(_Column):
    expect: Literal["is_null"]


class InSet(_Column, _OneSource):
    one_of: ClassVar[tuple[str, str, str]] = (
        "values",
        "values_ref",
        "`values` (a list) or `values_ref` (a named set)",
    )
    expect: Literal["in_set"]
    values: tuple[str, ...] | None = None
    values_ref: str | None = None


class Between(_Column, _Bounded):
    expect: Literal["between"]


class MatchesRegex(_Column):
    expect: Literal["matches_regex"]
    regex: RegexPattern


class Unique(_Table):
    expect: Literal["unique"]
    columns: tuple[str, ...] = Field(min_length=1)

    @property
    def columns_checked(self) -> tuple[str, ...]:
        return self.columns


class RowCountBetween(_Table, _Bounded):
    expect: Literal["row_count_between"]
    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)


class RowCountEquals(_Table, _OneSource):
    one_of: ClassVar[tuple[str, str, str]] = (
        "value",
        "value_ref",
        "`value` (a number) or `value_ref` (a named count)",
    )
    expect: Literal["row_count_equals"]
    value: int | None = Field(default=None, ge=0)
    value_ref: str | None = None


class _Pair(_Base):
    column_a: str = Field(min_length=1)
    column_b: str = Field(min_length=1)

    @property
    def columns_checked(self) -> tuple[str, ...]:
        return (self.column_a, self.column_b)


class PairEqual(_Pair):
    expect: Literal["pair_equal"]


class PairAtLeast(_Pair):
    """``column_a >= column_b`` in every row where both are given."""

    expect: Literal["pair_at_least"]


ExpectationSpec = Annotated[
    NotNull
    | IsNull
    | InSet
    | Between
    | MatchesRegex
    | Unique
    | RowCountBetween
    | RowCountEquals
    | PairEqual
    | PairAtLeast,
    Field(discriminator="expect"),
]


class BatchSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    description: str = Field(min_length=1)
    expectations: tuple[ExpectationSpec, ...] = Field(min_length=1)


class SuiteSpec(BaseModel):
    """One suite file: what happens on failure and the expectations of each batch (frame)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    suite: str = Field(pattern=r"^[a-z][a-z0-9_]{0,47}$")
    description: str = Field(min_length=1)
    on_failure: Literal["quarantine", "block"]
    batches: dict[str, BatchSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> SuiteSpec:
        seen: set[str] = set()
        for batch, spec in self.batches.items():
            for exp in spec.expectations:
                if exp.id in seen:
                    raise ValueError(f"expectation id {exp.id!r} appears more than once")
                seen.add(exp.id)
                if self.on_failure == "quarantine":
                    if not exp.row_level:
                        raise ValueError(
                            f"{batch}.{exp.id}: a quarantine suite can only hold row-level expectations "
                            f"(`{exp.expect}` does not point at rows)"
                        )
                    if not exp.reason:
                        raise ValueError(
                            f"{batch}.{exp.id}: a quarantine suite needs a `reason` per expectation"
                        )
        return self

    def refs(self) -> set[str]:
        """Every ``values_ref`` / ``value_ref`` the suite needs at run time."""
        out: set[str] = set()
        for spec in self.batches.values():
            for exp in spec.expectations:
                if isinstance(exp, InSet) and exp.values_ref:
                    out.add(exp.values_ref)
                if isinstance(exp, RowCountEquals) and exp.value_ref:
                    out.add(exp.value_ref)
        return out

    def require(self, batches: Sequence[str], refs: Mapping[str, object], source: Path | str) -> None:
        """Raise ConfigError when the file names a batch or a ref the calling module does not supply."""
        unknown_batches = sorted(set(self.batches) - set(batches))
        missing_refs = sorted(self.refs() - set(refs))
        problems = []
        if unknown_batches:
            problems.append(f"unknown batches {unknown_batches} (this suite checks: {', '.join(batches)})")
        if missing_refs:
            problems.append(f"unknown refs {missing_refs} (available: {', '.join(sorted(refs))})")
        if problems:
            raise ConfigError(f"{source}: " + "; ".join(problems) + ".")


SUITE_FIX = "Compare with rules/expectations/input.yml and the kinds listed in screening/validation/spec.py."


def parse_suite(data: Any, source: Path | str, text: str | None = None) -> SuiteSpec:
    """Validate parsed YAML; a bad file is a ConfigError naming ``source`` and every bad field."""
    return validate_model(data, SuiteSpec, source, what="expectation suite", fix=SUITE_FIX, text=text)


def load_suite(rules_dir: Path, name: str) -> SuiteSpec:
    """Read and validate ``rules_dir/expectations/<name>.yml``."""
    path = rules_dir / "expectations" / f"{name}.yml"
    data, text = read_yaml(path, what="expectation suite", fix=SUITE_FIX)
    spec = parse_suite(data, path, text)
    if spec.suite != name:
        raise ConfigError(f"{path}: `suite: {spec.suite}` does not match the file name ({name}).")
    return spec

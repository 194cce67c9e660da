"""The metadata that travels beside every indicator dataset (``<id>.yml`` next to ``<id>.csv``).

One pydantic model, :class:`DatasetMeta`, validates a dataset's YAML: where the data came from
(publisher, official page, edition, retrieved date, licence), what is partial or inferred
(``coverage``), the checksum and row count of the CSV it describes, what each column means, and the
expectations the validation layer turns into checks (a breach of ``rows.min`` blocks, of
``rows.max`` only warns). Unknown keys are rejected; every error names the file and the field.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from screening.yaml_model import load_model, validate_model

#: A dataset id doubles as part of a DuckDB table name (``ind_<id>``): keep it a safe identifier.
DATASET_ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RowBounds(_Strict):
    """Expected number of rows: fewer than ``min`` blocks a screen, more than ``max`` warns."""

    min: int = Field(ge=0)
    max: int = Field(ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> RowBounds:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        return self


def _valid_regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression: {exc}") from None
    return value


#: A regular expression that compiles (used by dataset formats and the expectation suites).
RegexPattern = Annotated[str, Field(min_length=1), AfterValidator(_valid_regex)]


class FormatCheck(_Strict):
    """A column's values, when given, match ``regex`` (e.g. an ISO date); blank values pass."""

    regex: RegexPattern
    description: str = Field(min_length=1)


class Expectations(_Strict):
    """Checks declared as data: the one place a dataset's expectations live (GX suites read them)."""

    rows: RowBounds
    not_null: tuple[str, ...] = ()
    unique: tuple[tuple[str, ...], ...] = ()
    values_in: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    formats: dict[str, FormatCheck] = Field(default_factory=dict)

    @field_validator("unique")
    @classmethod
    def _non_empty_groups(cls, value: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
        for group in value:
            if not group:
                raise ValueError("each entry of `unique` must name at least one column")
        return value


class ChangeApplied(_Strict):
    """A published change of a later edition applied to the bundled rows (a 2024 removal or addition)."""

    edition: str
    change: Literal["removed", "added", "not_applied"]
    good: str
    country: str
    listing: Literal["child_labor", "forced_labor", "both", "derived"]
    effect: str
    source_urls: tuple[str, ...] = Field(min_length=1)
    notes: str | None = None


#: A column name as a publisher writes it (matched by its :func:`header_key`).
PublisherColumn = Annotated[str, Field(min_length=1)]


def header_key(text: str) -> str:
    """A header as it is matched: lower case, letters and digits only ("Country/Area" -> "countryarea")."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


class RefreshSpec(_Strict):
    """How ``screening indicators refresh`` fetches and reads a new edition (URL overridable by a setting).

    ``format`` names the publication format the dataset's connector reads; ``columns`` maps each field
    the connector reads to the column names the publisher has used for it, the first the name it uses
    now (named in errors). A renamed publisher column is accepted by adding its name here.
    """

    format: str = Field(min_length=1)
    default_url: str = Field(pattern=r"^https?://")
    columns: dict[str, tuple[PublisherColumn, ...]] = Field(default_factory=dict)
    notes: str | None = None

    @field_validator("columns")
    @classmethod
    def _names_given_once(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        seen: dict[str, tuple[str, str]] = {}  # header key -> (field, name as written)
        for name, options in value.items():
            if not options:
                raise ValueError(f"`{name}` lists no column name")
            for option in options:
                key = header_key(option)
                if not key:
                    raise ValueError(f"`{name}`: {option!r} has no letter or digit to match a header by")
                if key in seen:
                    field, written = seen[key]
                    raise ValueError(
                        f"`{name}`: {option!r} is the same header as {written!r} of `{field}` (names are "
                        "matched ignoring case, spaces and punctuation)"
                    )
                seen[key] = (name, option)
        return value


class Cadence(_Strict):
    """How often the publisher updates the source, and when a bundled copy counts as stale."""

    expected: str = Field(min_length=1)  # e.g. "every two years (September)"
    stale_after_days: int = Field(ge=1)


class DatasetMeta(_Strict):
    """The metadata of one indicator dataset edition (bundled or refreshed)."""

    id: str
    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    source_url: str = Field(pattern=r"^https?://")
    edition: str = Field(min_length=1)
    retrieved: dt.date
    as_of: dt.date  # the date the source stood as bundled (not the date it was copied)
    cadence: Cadence
    partial: str | None = None  # one sentence saying what is missing, when the edition is partial
    licence: str = Field(min_length=1)
    licence_note: str | None = None
    coverage: str = Field(min_length=1)
    obtained_via: tuple[str, ...] = ()
    sha256: str
    rows: int = Field(ge=0)
    columns: dict[str, str] = Field(min_length=1)
    key_columns: tuple[str, ...] = Field(min_length=1)
    country_column: str | None
    expectations: Expectations
    changes_applied: tuple[ChangeApplied, ...] = ()
    refresh: RefreshSpec | None = None

    @field_validator("edition", mode="before")
    @classmethod
    def _edition_as_text(cls, value: object) -> object:
        # `edition: 2022` in YAML is an int; an edition is a label, so accept it as text.
        return str(value) if isinstance(value, int) else value

    @field_validator("id")
    @classmethod
    def _id_is_identifier(cls, value: str) -> str:
        if not DATASET_ID_RE.match(value):
            raise ValueError(
                f"{value!r} is not a valid dataset id (lower-case letters, digits and '_', "
                "starting with a letter, at most 48 characters)"
            )
        return value

    @field_validator("sha256")
    @classmethod
    def _sha256_hex(cls, value: str) -> str:
        if not SHA256_RE.match(value):
            raise ValueError("must be the 64 lower-case hex digits of the CSV's SHA-256")
        return value

    @model_validator(mode="after")
    def _columns_declared(self) -> DatasetMeta:
        declared = set(self.columns)
        referenced: list[tuple[str, str]] = [("key_columns", c) for c in self.key_columns]
        if self.country_column is not None:
            referenced.append(("country_column", self.country_column))
        referenced += [("expectations.not_null", c) for c in self.expectations.not_null]
        referenced += [("expectations.unique", c) for g in self.expectations.unique for c in g]
        referenced += [("expectations.values_in", c) for c in self.expectations.values_in]
        referenced += [("expectations.formats", c) for c in self.expectations.formats]
        unknown = [f"{where}: {col!r}" for where, col in referenced if col not in declared]
        if unknown:
            raise ValueError(
                "refers to columns not listed under `columns`: "
                + "; ".join(unknown)
                + f" (declared: {', '.join(sorted(declared))})"
            )
        if "country_code" in declared:
            raise ValueError("`country_code` is added on load; a dataset must not declare it as a column")
        return self


META_FIX = "Fix these fields (see rules/indicators/PROVENANCE.md and any bundled <id>.yml for the schema)."


def parse_meta(data: Any, source: Path | str, text: str | None = None) -> DatasetMeta:
    """Validate already-parsed YAML ``data``; errors name ``source`` and each bad field."""
    return validate_model(data, DatasetMeta, source, what="dataset metadata", fix=META_FIX, text=text)


def load_meta(path: Path) -> DatasetMeta:
    """Read and validate one metadata YAML file."""
    return load_model(path, DatasetMeta, what="dataset metadata", fix=META_FIX)


def dump_meta(meta: DatasetMeta) -> str:
    """The YAML text of ``meta`` (used when a refreshed edition is written beside its CSV)."""
    data = meta.model_dump(mode="json")
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110)

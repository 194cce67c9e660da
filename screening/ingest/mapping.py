"""The ``--mapping`` YAML file: a user's own column names and quirks (presets use the same options).

Every key is optional; unknown keys are refused. Source headers are matched the way aliases are
(case, spaces, ``_ - . #`` ignored). Fields are the contract's names (``supplier_id``,
``supplier_name``, ``parent_name``, ``country``, ``region``, ``city``, ``address``, ``goods``,
``hs_code``, ``sector``, ``production_phase``, ``facility_type``, ``workers``, ``spend``, ``tier``,
``migrant_worker_share`` and the yes/no workforce fields) or the ingest-frame names
(``country_raw``, ``region_raw``, ``goods_raw``, ``sector_raw``).

.. code-block:: yaml

    columns:                  # source header -> field; "keep" = carry through as it is
      Lieferant: supplier_name
      Land: country
      Weltregion: keep
    header_row: 3             # 1-based row of the header (default: found automatically)
    true_values: [ja, "√"]    # extra words meaning yes / no / empty, on top of the built-in ones
    false_values: [nein]
    null_values: [unbekannt]
    percent_columns: [Anteil Migranten]   # shares written 0-100 (divided by 100)
    split:                    # one column into several fields (or new columns)
      Anschrift: {separator: ";", into: [address, city, region]}   # extra parts stay in the last
      Site: {pattern: '^(?P<address>.*);\\s*(?P<city>[^;]*)$'}       # named groups, Rust/Python syntax
    flags:                    # tick columns -> a list in one field ("Apparel; Footwear")
      goods: {APPAREL: Apparel, SHOES: Footwear}
    copy:                     # also put a column's value into a field when a condition holds
      - {from: supplier_address, to: region, when_column: year, when_matches: '^202\\d$'}
    constants:                # fill a field where it is empty (or absent): one value for all rows
      country: CN

See ``tests/fixtures/ingest/mapping_example.yml`` for a complete example.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from screening.errors import InputError
from screening.ingest.aliases import (
    BOOL_FIELDS,
    FIELD_BY_NAME,
    NUMBER_FIELDS,
    SHARE_FIELDS,
    normalise_header,
)
from screening.yaml_model import read_yaml, validate_model

#: A ``columns`` target meaning "carry this column through as it is".
KEEP: Final = "keep"

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_ ]*$")


def _field(value: str) -> str:
    field = FIELD_BY_NAME.get(value.strip())
    if field is None:
        raise ValueError(
            f"'{value}' is not a field; use one of: {', '.join(sorted(set(FIELD_BY_NAME.values())))}"
        )
    return field


def _target(value: str) -> str:
    """A split target: a field (normalised to its contract name) or a new column name."""
    name = value.strip()
    if name in FIELD_BY_NAME:
        return FIELD_BY_NAME[name]
    if not _NAME.match(name):
        raise ValueError(f"'{value}' is neither a field nor a plain column name (letters, digits, _)")
    return name


class SplitSpec(BaseModel):
    """Split one column: by a separator into a list of targets, or by a regex with named groups."""

    model_config = ConfigDict(extra="forbid")

    separator: str | None = None
    into: list[str] | None = None
    pattern: str | None = None

    @model_validator(mode="after")
    def _one_form(self) -> SplitSpec:
        if self.pattern is not None:
            if self.separator is not None or self.into is not None:
                raise ValueError("give either 'pattern' or 'separator' with 'into', not both")
            try:
                compiled = re.compile(self.pattern)
            except re.error as exc:
                raise ValueError(f"'pattern' is not a valid regular expression: {exc}") from exc
            if not compiled.groupindex:
                raise ValueError("'pattern' needs named groups such as (?P<city>...)")
            for group in compiled.groupindex:
                _target(group)
        else:
            if not self.separator or not self.into:
                raise ValueError("give 'separator' and 'into' (a list of fields), or a 'pattern'")
            self.into = [_target(t) for t in self.into]
        return self

    def targets(self) -> list[str]:
        if self.pattern is not None:
            return [_target(g) for g in re.compile(self.pattern).groupindex]
        return list(self.into or [])


class CopySpec(BaseModel):
    """Also put ``from``'s value into field ``to`` (where empty), optionally only when a column matches."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    source: str = Field(alias="from")
    to: str
    when_column: str | None = None
    when_matches: str | None = None

    @field_validator("to")
    @classmethod
    def _to_field(cls, value: str) -> str:
        return _field(value)

    @field_validator("when_matches")
    @classmethod
    def _regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"not a valid regular expression: {exc}") from exc
        return value


class MappingOptions(BaseModel):
    """What a mapping file (or a preset's ``options``) may say. See the module docstring."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    columns: dict[str, str] = Field(default_factory=dict)
    header_row: int | None = Field(default=None, ge=1)
    true_values: list[str] = Field(default_factory=list)
    false_values: list[str] = Field(default_factory=list)
    null_values: list[str] = Field(default_factory=list)
    percent_columns: list[str] = Field(default_factory=list)
    split: dict[str, SplitSpec] = Field(default_factory=dict)
    flags: dict[str, dict[str, str]] = Field(default_factory=dict)
    copy_rules: list[CopySpec] = Field(default_factory=list, alias="copy")
    constants: dict[str, str] = Field(default_factory=dict)

    @field_validator("columns")
    @classmethod
    def _columns(cls, value: dict[str, str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for source, target in value.items():
            out[str(source)] = KEEP if str(target).strip().lower() == KEEP else _field(str(target))
        return out

    @field_validator("flags")
    @classmethod
    def _flags(cls, value: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for key, columns in value.items():
            field = _field(key)
            if field in BOOL_FIELDS | NUMBER_FIELDS | SHARE_FIELDS:
                raise ValueError(f"flags can only fill a text field such as goods, not '{key}'")
            out[field] = {str(s): str(label) for s, label in columns.items()}
        return out

    @field_validator("constants", mode="before")
    @classmethod
    def _constants(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {_field(str(k)): str(v) for k, v in value.items()}
        return value

    def is_empty(self) -> bool:
        return self == MappingOptions()


def merge(base: MappingOptions, override: MappingOptions) -> MappingOptions:
    """``override`` (a user's mapping) on top of ``base`` (a preset): the user's word wins."""
    over_keys = {normalise_header(k) for k in override.columns}
    over_fields = {v for v in override.columns.values() if v != KEEP}
    columns = {
        k: v
        for k, v in base.columns.items()
        if normalise_header(k) not in over_keys and (v == KEEP or v not in over_fields)
    }
    columns.update(override.columns)
    return MappingOptions(
        columns=columns,
        header_row=override.header_row or base.header_row,
        true_values=[*base.true_values, *override.true_values],
        false_values=[*base.false_values, *override.false_values],
        null_values=[*base.null_values, *override.null_values],
        percent_columns=[*base.percent_columns, *override.percent_columns],
        split={**base.split, **override.split},
        flags={**base.flags, **override.flags},
        copy_rules=[*base.copy_rules, *override.copy_rules],
        constants={**base.constants, **override.constants},
    )


MAPPING_FIX = "See tests/fixtures/ingest/mapping_example.yml for the format."


def parse_options(data: Any, source: str) -> MappingOptions:
    """Validate already-loaded YAML data; raise ``InputError`` naming ``source`` on any problem."""
    return validate_model(
        {} if data is None else data, MappingOptions, source, what="mapping file", fix=MAPPING_FIX,
        error=InputError,
    )  # fmt: skip


def load_mapping(path: Path) -> MappingOptions:
    """Read and validate a ``--mapping`` YAML file (a user's file: its problems are input errors)."""
    data, text = read_yaml(path, what="mapping file", fix=f"Check the path given to --mapping. {MAPPING_FIX}",
                           error=InputError)  # fmt: skip
    return validate_model(
        {} if data is None else data, MappingOptions, path, what="mapping file", fix=MAPPING_FIX, text=text,
        error=InputError,
    )  # fmt: skip

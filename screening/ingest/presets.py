"""Presets: known published list formats, recognised by their headers and read without a mapping.

A preset is data, one YAML file in ``<rules_dir>/presets/``::

    id: nike_manufacturing_map
    name: Nike, Inc. manufacturing map export
    source: where the format comes from (provenance)
    description: what the preset does and why
    signature: [Factory Name, Supplier Group, Country / Region, ...]   # all must be present
    options: {columns: ..., percent_columns: ..., split: ..., flags: ..., copy: ...}

``options`` takes exactly what a ``--mapping`` file takes (:mod:`screening.ingest.mapping`). When a
file's headers contain every header of a signature (compared like aliases), the preset applies; when
several do, the one with the longest signature. A user's ``--mapping`` is laid over the preset.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from screening.errors import ConfigError
from screening.ingest.aliases import normalise_header
from screening.ingest.mapping import MappingOptions
from screening.settings import get_settings
from screening.yaml_model import load_model


class Preset(BaseModel):
    """One known published format."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    source: str
    description: str
    signature: list[str] = Field(min_length=2)
    options: MappingOptions

    @field_validator("signature")
    @classmethod
    def _distinct(cls, value: list[str]) -> list[str]:
        keys = [normalise_header(v) for v in value]
        if len(set(keys)) != len(keys):
            raise ValueError("signature lists the same header twice")
        return value

    def signature_keys(self) -> frozenset[str]:
        return frozenset(normalise_header(h) for h in self.signature)


def presets_dir() -> Path:
    return get_settings().rules_dir / "presets"


def load_presets(directory: Path | None = None) -> list[Preset]:
    """Every preset in ``directory`` (default ``<rules_dir>/presets``), validated; sorted by id."""
    folder = presets_dir() if directory is None else directory
    if not folder.is_dir():
        return []
    presets: list[Preset] = []
    seen: dict[str, Path] = {}
    for path in sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml")):
        preset = load_model(path, Preset, what="preset file", fix="See the presets in rules/presets/.")
        if preset.id in seen:
            raise ConfigError(
                f"Preset id '{preset.id}' is declared twice, in {seen[preset.id]} and {path}. "
                "Fix: give each preset its own id."
            )
        seen[preset.id] = path
        presets.append(preset)
    return sorted(presets, key=lambda p: p.id)


def match_preset(presets: Sequence[Preset], headers: Sequence[str]) -> Preset | None:
    """The preset whose signature the headers contain (the longest signature if several)."""
    have = {normalise_header(h) for h in headers}
    fitting = [p for p in presets if p.signature_keys() <= have]
    if not fitting:
        return None
    return max(fitting, key=lambda p: (len(p.signature), p.id))


def known_headers(presets: Sequence[Preset], options: MappingOptions | None) -> frozenset[str]:
    """Normalised headers named by presets and a mapping (they help find the header row)."""
    keys = {k for p in presets for k in p.signature_keys()}
    if options is not None:
        keys |= {normalise_header(k) for k in options.columns}
        keys |= {normalise_header(k) for k in options.split}
    return frozenset(keys)

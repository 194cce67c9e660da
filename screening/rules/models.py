"""The schema of a rule file (pydantic): what a rule maintainer writes in ``rules/risk/*.yml``."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from screening.contract import CATEGORIES, SEVERITIES
from screening.rules.kinds import FIELD, KINDS, RELATIONS

Op = Literal[
    "eq",
    "ne",
    "in",
    "not_in",
    "ge",
    "gt",
    "le",
    "lt",
    "is_null",
    "not_null",
    "is_true",
    "is_false",
    "nonempty",
    "startswith",
]

_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_ID_EXAMPLES = {"id": "ilab-forced-labor-good", "count_once": "ilab-listing"}
#: A rule's fields that take one of a fixed set of values, and those values.
_ALLOWED: dict[str, Collection[str]] = {"category": CATEGORIES, "severity": SEVERITIES, "kind": KINDS}


class Condition(BaseModel):
    """One test on one field: ``{field: ind.forced_labor, op: eq, value: "Yes"}``."""

    model_config = ConfigDict(extra="forbid")
    field: str = Field(description="namespace.column, e.g. supplier.country_code, ind.tier, good.name")
    op: Op
    value: Any = None

    @field_validator("field")
    @classmethod
    def _field_form(cls, v: str) -> str:
        if not FIELD.match(v):
            forms = " or ".join(f"{ns}.<col>" for ns in RELATIONS)
            raise ValueError(f"field {v!r} must look like {forms}")
        return v

    @model_validator(mode="after")
    def _value_form(self) -> Condition:
        needs_none = self.op in ("is_null", "not_null", "is_true", "is_false", "nonempty")
        if needs_none and self.value is not None:
            raise ValueError(f"op {self.op} takes no value")
        if self.op in ("in", "not_in") and not (isinstance(self.value, list) and self.value):
            raise ValueError(f"op {self.op} needs a non-empty list value")
        if self.op in ("ge", "gt", "le", "lt") and not isinstance(self.value, int | float):
            raise ValueError(f"op {self.op} needs a number")
        if self.op in ("eq", "ne", "startswith") and (self.value is None or isinstance(self.value, list)):
            raise ValueError(f"op {self.op} needs a single value")
        return self

    @property
    def namespace(self) -> str:
        return self.field.split(".", 1)[0]

    @property
    def column(self) -> str:
        return self.field.split(".", 1)[1]


class RuleCase(BaseModel):
    """A supplier the rule must fire on (``expect: fire``) or a near-miss it must not fire on."""

    model_config = ConfigDict(extra="forbid")
    name: str
    expect: Literal["fire", "no_fire"]
    supplier: dict[str, Any]
    evidence_contains: str | None = None
    skip: str | None = Field(None, description="why this case is skipped (required to skip)")


class Rule(BaseModel):
    """A validated rule. ``datasets`` names what the rule rests on; the first is the finding's source."""

    model_config = ConfigDict(extra="forbid")
    id: str
    version: int = Field(ge=1)
    title: str = Field(min_length=5)
    description: str = ""
    category: str
    severity: str
    points: float = Field(ge=0, le=100)
    basis: Literal["supplier", "site", "input", "country"] = Field(
        description="what a finding rests on: a fact about this supplier, its site, its inputs, or only its "
        "country (country-level findings alone never make a supplier high or critical)"
    )
    count_once: str | None = Field(
        None,
        description="findings of the rules sharing this group count once per supplier (and good, for goods "
        "rules): the one with the most points; the others are reported with 0 points",
    )
    kind: str = Field(description="an entry of screening.rules.kinds.KINDS")
    datasets: list[str] = Field(min_length=1)
    indicator: str | None = Field(
        None, description="the dataset a kind with an indicator join joins (e.g. country, goods_country)"
    )
    where: list[Condition] = Field(default_factory=list)
    evidence: str = Field(min_length=10)
    references: list[str] = Field(default_factory=list)
    cases: list[RuleCase] = Field(min_length=2)

    @field_validator("id", "count_once")
    @classmethod
    def _id_form(cls, v: str | None, info: ValidationInfo) -> str | None:
        if v is not None and not _ID.match(v):
            example = _ID_EXAMPLES[info.field_name or ""]
            raise ValueError(f"{info.field_name} must be lower-case words joined by '-', e.g. {example}")
        return v

    @field_validator("category", "severity", "kind")
    @classmethod
    def _one_of(cls, v: str, info: ValidationInfo) -> str:
        allowed = _ALLOWED[info.field_name or ""]
        if v not in allowed:
            raise ValueError(f"{info.field_name} {v!r} is not one of {', '.join(allowed)}")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> Rule:
        kind = KINDS[self.kind]
        for cond in self.where:
            if cond.namespace not in kind.namespaces:
                allowed = ", ".join(kind.namespaces)
                raise ValueError(
                    f"condition on {cond.field}: a {self.kind} rule may only test {allowed} fields"
                )
        if kind.needs_indicator and not self.indicator:
            raise ValueError(f"a {self.kind} rule needs `indicator: <dataset id>`")
        if not kind.needs_indicator and self.indicator:
            raise ValueError(f"a {self.kind} rule takes no `indicator`")
        if self.indicator and self.indicator not in self.datasets:
            raise ValueError("the indicator dataset must also be listed in `datasets`")
        kinds = {c.expect for c in self.cases}
        if kinds != {"fire", "no_fire"}:
            raise ValueError("cases need at least one `expect: fire` and one `expect: no_fire` case")
        names = [c.name for c in self.cases]
        if len(set(names)) != len(names):
            raise ValueError("case names must be unique within a rule")
        return self

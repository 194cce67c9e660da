"""Declared matching algorithms: a name, a typed config, weighted features, one shared engine.

An algorithm is a class with ``NAME``, ``CONFIG`` (typed variables with defaults and descriptions)
and ``FEATURES`` (comparators from :mod:`screening.matching.features`, each with the config
variable that weighs it and a role). The engine (:meth:`Algorithm.compare`) runs them the same way
for every algorithm:

1. *evidence* features each say how strongly the names agree; the strongest weighted one carries
   the score (``score = max(weight * value)``);
2. *penalty* features subtract ``weight * value`` (legal forms, places, numbers, country);
3. *cap* features, when they fire, hold the score just below the match threshold: the pair can be
   a possible match for a person to confirm, never a confirmed one.

Algorithms are looked up by name with :func:`get_algorithm`; unknown names and unknown or
mistyped config keys are a :class:`~screening.errors.ConfigError`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar

from screening.errors import ConfigError
from screening.matching.align import TokenWeights
from screening.matching.features import (
    FeatureResult,
    Pair,
    acronym,
    approximate,
    compact_spelling,
    country_mismatch,
    legal_form_conflict,
    name_tokens,
    national_qualifier,
    number_extra,
    number_mismatch,
    places_differ,
    words_differ,
)
from screening.matching.names import NameForm

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Role = Literal["evidence", "penalty", "cap"]
Comparator = Callable[[Pair, Mapping[str, float]], FeatureResult]
Configured = TypeVar("Configured", bound="DataclassInstance")


def from_config(
    cls: type[Configured], config: Mapping[str, float], renamed: Mapping[str, str], **given: Any
) -> Configured:
    """A ``cls`` whose fields are read from an algorithm's ``config``, but those in ``given``.

    A field is read from the variable of its own name, or the one ``renamed`` names for it; a variable
    missing from ``config`` is a KeyError (every declared variable has a value once configured).
    """
    read = {f.name: config[renamed.get(f.name, f.name)] for f in fields(cls) if f.name not in given}
    return cls(**read, **given)


@dataclass(frozen=True)
class ConfigVar:
    """One typed setting of an algorithm."""

    type: type
    default: float | int
    description: str


@dataclass(frozen=True)
class FeatureSpec:
    """A comparator, its role, and the config variable holding its weight."""

    name: str
    func: Comparator
    role: Role
    weight: str | None  # config key of its weight; None for caps


@dataclass(frozen=True)
class Comparison:
    """The result of comparing two names: score in [0, 1], decision, sentence, feature details."""

    score: float
    decision: str  # "match" | "review" | "no_match"
    explanation: str
    features: dict[str, dict[str, Any]]


def _entry(spec: FeatureSpec, res: FeatureResult, weight: float | None) -> dict[str, Any]:
    return {"role": spec.role, "value": round(res.value, 4), "weight": weight, "detail": res.detail}


class Algorithm:
    """Base class: subclasses declare NAME, CONFIG and FEATURES; the engine is shared."""

    NAME: ClassVar[str]
    DESCRIPTION: ClassVar[str]
    CONFIG: ClassVar[dict[str, ConfigVar]]
    FEATURES: ClassVar[tuple[FeatureSpec, ...]]

    def __init__(self, config: Mapping[str, Any] | None = None) -> None:
        self.config: dict[str, float] = {k: float(v.default) for k, v in self.CONFIG.items()}
        for key, value in (config or {}).items():
            var = self.CONFIG.get(key)
            if var is None:
                raise ConfigError(
                    f"Unknown matching config key {key!r} for algorithm {self.NAME!r}.",
                    hint=f"Known keys: {', '.join(sorted(self.CONFIG))}.",
                )
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ConfigError(
                    f"Matching config {key!r} must be a {var.type.__name__}, got {value!r}.",
                    hint=var.description,
                )
            if var.type is int and not float(value).is_integer():
                raise ConfigError(f"Matching config {key!r} must be a whole number, got {value!r}.")
            self.config[key] = float(value)

    def token_weights(self, doc_freq: Mapping[str, int]) -> TokenWeights:
        renamed = {"generic": "generic_weight", "place": "place_weight", "weak": "weak_weight"}
        return from_config(TokenWeights, self.config, renamed, doc_freq=doc_freq)

    def score_pair(self, pair: Pair, match_threshold: float) -> tuple[float, dict[str, dict[str, Any]]]:
        """The shared engine: evidence max, minus penalties, then caps. Returns unrounded score."""
        c = self.config
        feats: dict[str, dict[str, Any]] = {}
        best, best_name, best_value = 0.0, "", 0.0
        for spec in self.FEATURES:
            if spec.role != "evidence" or spec.weight is None:
                continue
            res = spec.func(pair, c)
            weighted = c[spec.weight] * res.value
            feats[spec.name] = _entry(spec, res, c[spec.weight])
            if weighted > best + 1e-12:
                best, best_name, best_value = weighted, spec.name, res.value
        pair = pair.with_evidence(best_name, best_value)
        score = best
        capped: list[str] = []
        for spec in self.FEATURES:
            if spec.role == "evidence":
                continue
            res = spec.func(pair, c)
            weight = c[spec.weight] if spec.weight is not None else None
            feats[spec.name] = _entry(spec, res, weight)
            if weight is not None:
                score -= weight * res.value
            elif res.value > 0:
                capped.append(spec.name)
        score = min(1.0, max(0.0, score))
        if capped:
            score = min(score, max(0.0, match_threshold - c["cap_margin"]))
        feats["_engine"] = {"evidence": best_name, "capped_by": capped}
        return score, feats

    def compare_forms(
        self,
        a: NameForm,
        b: NameForm,
        weights: TokenWeights,
        *,
        country_a: str | None = None,
        country_b: str | None = None,
        match_threshold: float = 0.9,
    ) -> tuple[float, dict[str, dict[str, Any]], Pair]:
        pair = Pair.of(a, b, weights, country_a, country_b)
        score, feats = self.score_pair(pair, match_threshold)
        return score, feats, pair


class SupplierNameV1(Algorithm):
    """Company names as suppliers write them against names as watch lists write them."""

    NAME = "supplier-name-v1"
    DESCRIPTION = (
        "Weighted token agreement (rare words count more than business words, places and group "
        "suffixes), initials and spacing-insensitive spelling as evidence; legal-form, place, number "
        "and country qualifiers; approximate spellings and differing numbers held below the match "
        "threshold."
    )
    CONFIG: ClassVar[dict[str, ConfigVar]] = {
        "tokens_weight": ConfigVar(float, 1.0, "Weight of the weighted token agreement (evidence)."),
        "acronym_weight": ConfigVar(float, 0.85, "Score given when one name is the initials of the other."),
        "acronym_min_length": ConfigVar(int, 2, "Shortest initials compared (letters)."),
        "compact_weight": ConfigVar(float, 1.0, "Weight of spacing-insensitive spelling agreement."),
        "legal_conflict_penalty": ConfigVar(
            float, 0.3, "Points lost when legal forms conflict (AG vs GmbH)."
        ),
        "places_penalty": ConfigVar(float, 0.2, "Points lost when each name has a place the other lacks."),
        "words_differ_penalty": ConfigVar(
            float, 0.1, "Points lost when each name has a word the other lacks."
        ),
        "number_extra_penalty": ConfigVar(float, 0.2, "Points lost when only one name carries a number."),
        "country_penalty": ConfigVar(float, 0.12, "Points lost when both countries are known and differ."),
        "cap_margin": ConfigVar(float, 0.02, "A capped pair scores at most match threshold minus this."),
        "generic_weight": ConfigVar(float, 0.4, "Weight of a common business word (textile, trading)."),
        "place_weight": ConfigVar(float, 0.4, "Weight of a place word (Xinjiang, Hetian, Europe)."),
        "weak_weight": ConfigVar(float, 0.15, "Weight of group / holdings / .com."),
        "qualifier_factor": ConfigVar(float, 0.5, "Factor applied to words in parentheses."),
        "rarity_floor": ConfigVar(float, 0.6, "Lowest weight of a distinctive word common in the lists."),
    }
    FEATURES: ClassVar[tuple[FeatureSpec, ...]] = (
        FeatureSpec("name_tokens", name_tokens, "evidence", "tokens_weight"),
        FeatureSpec("compact_spelling", compact_spelling, "evidence", "compact_weight"),
        FeatureSpec("acronym", acronym, "evidence", "acronym_weight"),
        FeatureSpec("legal_form_conflict", legal_form_conflict, "penalty", "legal_conflict_penalty"),
        FeatureSpec("places_differ", places_differ, "penalty", "places_penalty"),
        FeatureSpec("words_differ", words_differ, "penalty", "words_differ_penalty"),
        FeatureSpec("number_extra", number_extra, "penalty", "number_extra_penalty"),
        FeatureSpec("country_mismatch", country_mismatch, "penalty", "country_penalty"),
        FeatureSpec("number_mismatch", number_mismatch, "cap", None),
        FeatureSpec("approximate", approximate, "cap", None),
        FeatureSpec("national_qualifier", national_qualifier, "cap", None),
    )


ALGORITHMS: dict[str, type[Algorithm]] = {SupplierNameV1.NAME: SupplierNameV1}


def get_algorithm(name: str) -> type[Algorithm]:
    """The algorithm class declared under ``name``; unknown names are a ConfigError."""
    try:
        return ALGORITHMS[name]
    except KeyError:
        raise ConfigError(
            f"Unknown matching algorithm {name!r} (rules/policy.yml matching.algorithm).",
            hint=f"Known algorithms: {', '.join(sorted(ALGORITHMS))}.",
        ) from None

"""The goods vocabulary: rules/goods/*.yml parsed, validated and compiled for matching.

``load_vocabulary(rules_dir)`` reads four files (all under ``rules_dir/goods/``): ``goods.yml`` (the
canonical goods with synonyms, broader goods and inputs, plus multi-good phrases), ``hs_codes.yml``
(tariff code prefixes), ``inference.yml`` (production phases and facility types) and ``sectors.yml``
(sector vocabulary, keywords, NAICS and ISIC codes). Each file goes through a pydantic model; then the
cross-file checks run: every good named anywhere exists, and no phrase belongs to two goods (or two
phases, facility types or sectors). Any failure is a :class:`~screening.errors.ConfigError` naming the
file and what to fix.

Text is compared after :func:`tokens`: accents stripped, case folded, punctuation dropped, each word
made singular. A :class:`PhraseMatcher` then finds the longest known phrase at each position.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Generic, Literal, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from screening.errors import ConfigError
from screening.yaml_model import load_model

SectorGroup = Literal[
    "agriculture", "fishing", "forestry", "mining", "manufacturing",
    "construction", "domestic_work", "hospitality", "services", "logistics",
]  # fmt: skip
#: The coarse sector groups (``sector_group`` column), in a fixed order. The finer ``sector``
#: vocabulary is data: the keys of ``rules/goods/sectors.yml`` ``sectors``, each in one group.
SECTOR_GROUPS: Final[tuple[str, ...]] = get_args(SectorGroup)
#: Where a row's sector came from (``sector_source`` column), in precedence order.
SECTOR_SOURCES: Final[tuple[str, ...]] = (
    "code", "description", "facility_type", "phase", "goods", "name", "inferred_goods",
)  # fmt: skip
#: How sure an inferred good is (rules/goods/inference.yml ``inferred_goods``).
CERTAINTIES: Final[tuple[str, ...]] = ("near_certain", "likely")

# ------------------------------------------------------------------------------------------ text

_SEP_RE = re.compile(r"[\W_]+")
_KEEP_ES: Final = frozenset({"tomatoes", "potatoes", "mangoes", "cargoes", "heroes", "echoes"})


def _singular(word: str) -> str:
    """A crude English singular, applied alike to vocabulary and input so both sides agree."""
    if len(word) <= 3 or not word.isascii() or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")) or word in _KEEP_ES:
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> tuple[str, ...]:
    """Words of ``text`` with accents, case, punctuation and plurals removed ("T-Shirts" -> t, shirt)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.casefold().replace("&", " and ").replace("'", "").replace("\u2019", "")
    return tuple(_singular(w) for w in _SEP_RE.split(plain) if w)


T = TypeVar("T")


class PhraseMatcher(Generic[T]):
    """Finds known phrases in a token sequence, longest phrase first at each position."""

    def __init__(self) -> None:
        self._phrases: dict[tuple[str, ...], T] = {}
        self._longest = 0

    def __len__(self) -> int:
        return len(self._phrases)

    def add(self, phrase: tuple[str, ...], value: T) -> None:
        self._phrases[phrase] = value
        self._longest = max(self._longest, len(phrase))

    def scan(self, toks: Sequence[str]) -> list[tuple[int, int, T]]:
        """Every match as ``(start, end, value)``, left to right, never overlapping."""
        found: list[tuple[int, int, T]] = []
        i, n = 0, len(toks)
        while i < n:
            for size in range(min(self._longest, n - i), 0, -1):
                value = self._phrases.get(tuple(toks[i : i + size]))
                if value is not None:
                    found.append((i, i + size, value))
                    i += size
                    break
            else:
                i += 1
        return found


# ------------------------------------------------------------------------------------------ file models


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GoodSpec(_Strict):
    name: str = Field(min_length=1)
    source: Literal["ilab", "ilab_2024", "ours"]
    ilab_sector: Literal["Agriculture", "Manufacturing", "Mining", "Other"] | None = None
    sector: SectorGroup
    synonyms: list[str] = []
    match_name: bool = True
    broader: list[str] = []
    inputs: list[str] = []
    note: str | None = None

    @model_validator(mode="after")
    def _source_rules(self) -> GoodSpec:
        if self.source == "ilab" and self.ilab_sector is None:
            raise ValueError(f"ILAB good {self.name!r} needs its ilab_sector as the list gives it")
        if self.source == "ours" and self.ilab_sector is not None:
            raise ValueError(f"good {self.name!r} is not on an ILAB list: remove ilab_sector")
        if self.source != "ilab" and not self.note:
            raise ValueError(
                f"good {self.name!r} is not from the ILAB 2022 list: add a note saying why it exists"
            )
        return self


class PhraseSpec(_Strict):
    phrase: list[str] = Field(min_length=1)
    goods: list[str]
    note: str | None = None


class GoodsFile(_Strict):
    version: str
    goods: list[GoodSpec] = Field(min_length=1)
    phrases: list[PhraseSpec] = []


class HsSpec(_Strict):
    prefix: str = Field(pattern=r"^\d{2,10}$")
    goods: list[str] = Field(min_length=1)
    description: str = Field(min_length=1)


class HsFile(_Strict):
    version: str
    hs_edition: str
    codes: list[HsSpec]


class PhaseSpec(_Strict):
    terms: list[str] = Field(min_length=1)
    infer: list[str] = []
    sector: str | None = None
    why: str = Field(min_length=1)


class InferWhenSpec(_Strict):
    goods: list[str] = Field(min_length=1)
    infer: list[str] = Field(min_length=1)
    sector: str | None = None
    why: str = Field(min_length=1)


class FacilitySpec(_Strict):
    terms: list[str] = Field(min_length=1)
    sector: str | None = None
    infer_when: list[InferWhenSpec] = []
    why: str = Field(min_length=1)


class InferredGoodSpec(_Strict):
    certainty: Literal["near_certain", "likely"] = "likely"
    not_when: list[str] = []
    near_certain_when: list[str] = []
    confirm: str = Field(min_length=1)


class InferenceFile(_Strict):
    version: str
    production_phases: list[PhaseSpec]
    facility_types: list[FacilitySpec]
    default_confirm: str = Field(min_length=1, pattern=r"\{good\}")
    inferred_goods: dict[str, InferredGoodSpec] = {}


class SectorSpec(_Strict):
    group: SectorGroup
    label: str = Field(min_length=1)


class SectorsFile(_Strict):
    version: str
    generic: list[str]
    catch_all: str
    sectors: dict[str, SectorSpec] = Field(min_length=1)
    goods: dict[str, str] = {}
    processed: dict[SectorGroup, str] = {}
    processed_goods: dict[str, str] = {}
    keywords: dict[str, list[str]]
    name_words: dict[str, list[str]] = {}
    naics: dict[str, str]
    isic_sections: dict[str, str]
    isic_divisions: dict[str, str]
    unspsc: dict[str, str] = {}


# ------------------------------------------------------------------------------------------ compiled


@dataclass(frozen=True)
class Good:
    name: str
    source: str
    sector: str
    ilab_sector: str | None
    broader: tuple[str, ...]
    inputs: tuple[str, ...]
    note: str | None


@dataclass(frozen=True)
class PhaseRule:
    infer: tuple[str, ...]
    sector: str | None


@dataclass(frozen=True)
class FacilityRule:
    sector: str | None
    infer_when: tuple[tuple[frozenset[str], tuple[str, ...], str | None], ...]  # goods, infer, sector


@dataclass(frozen=True)
class InferredGood:
    """How sure an inferred good is, what rules it out and what would confirm it."""

    certainty: str
    not_when: frozenset[tuple[str, ...]]  # hint words (tokens; Vocabulary.hint_pattern) ruling it out
    near_certain_when: frozenset[tuple[str, ...]]  # hint words making it near-certain (win over not_when)
    confirm: str


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """The compiled vocabulary. Treat as read-only; build it with :func:`load_vocabulary`."""

    version: str
    goods: Mapping[str, Good]
    phrases: PhraseMatcher[tuple[str, ...]]
    expand: Mapping[str, tuple[str, ...]]  # good -> itself, then its broader goods (transitively)
    hs: Mapping[str, tuple[str, ...]]
    hs_descriptions: Mapping[str, str]
    phases: PhraseMatcher[PhaseRule]
    facilities: PhraseMatcher[FacilityRule]
    sector_keywords: PhraseMatcher[str]
    catch_all: str
    naics: Mapping[str, str]
    isic_sections: Mapping[str, str]
    isic_divisions: Mapping[str, str]
    sector_groups: Mapping[str, str] = field(default_factory=dict)  # sector -> its group
    sector_labels: Mapping[str, str] = field(default_factory=dict)
    generic_sectors: frozenset[str] = frozenset()
    goods_sectors: Mapping[str, str] = field(default_factory=dict)  # good -> sector, when not its group
    processed: Mapping[str, str] = field(default_factory=dict)  # group or good -> processing sector
    unspsc: Mapping[str, str] = field(default_factory=dict)
    name_words: Mapping[tuple[str, ...], str] = field(default_factory=dict)  # tokens -> sector
    inferred_goods: Mapping[str, InferredGood] = field(default_factory=dict)
    default_confirm: str = "purchase records or a bill of materials naming the {good} and its origin"
    hint_pattern: str = r"(?!)"  # a regex (Rust and Python alike) finding name and fibre hint words

    def sector_of(self, good: str) -> str | None:
        """The sector of a good: sectors.yml ``goods``, else the good's own sector (its group)."""
        spec = self.goods.get(good)
        return None if spec is None else self.goods_sectors.get(good, spec.sector)

    def group_of(self, sector: str | None) -> str | None:
        return None if sector is None else self.sector_groups.get(sector)

    def processing_sector(self, good: str) -> str | None:
        """The sector of a site that processes ``good`` (shrimp -> seafood_processing), if it is primary."""
        spec = self.goods.get(good)
        if spec is None:
            return None
        return self.processed.get(good) or self.processed.get(self.sector_of(good) or "")

    def inferred_good(self, good: str) -> InferredGood:
        found = self.inferred_goods.get(good)
        if found is None:
            text = self.default_confirm.replace("{good}", good)
            return InferredGood("likely", frozenset(), frozenset(), text)
        return found

    def narrower(self, good: str) -> tuple[str, ...]:
        """Goods that count as ``good`` too (``Bricks`` -> ``Bricks (clay)``), for optional family joins."""
        return tuple(g for g, chain in self.expand.items() if g != good and good in chain)


def _read(path: Path, model: type[BaseModel]) -> Any:
    if not path.is_file():
        raise ConfigError(
            f"The goods vocabulary file {path} is missing; restore it from the project's rules/goods/."
        )
    fix = "Compare with the project's rules/goods/ files (the header of each explains its fields)."
    return load_model(path, model, what="goods vocabulary", fix=fix)


class _Registry:
    """Collects phrase -> owner and rejects a phrase claimed by two owners."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.owner: dict[tuple[str, ...], str] = {}

    def claim(self, text: str, owner: str) -> tuple[str, ...]:
        key = tokens(text)
        if not key:
            raise ConfigError(f"{self.path}: the phrase {text!r} of {owner} has no letters or digits.")
        other = self.owner.setdefault(key, owner)
        if other != owner:
            raise ConfigError(
                f"{self.path}: the phrase {text!r} (read as {' '.join(key)!r}) belongs to both {other} and "
                f"{owner}. A phrase may name one entry only; move it to one of them (or, for a phrase "
                "that names several goods, to `phrases`)."
            )
        return key


def _check_known(path: Path, names: Iterable[str], known: Mapping[str, Good], where: str) -> None:
    for name in names:
        if name not in known:
            raise ConfigError(f"{path}: {where} names the good {name!r}, which goods.yml does not define.")


def _closure(goods: Mapping[str, Good]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for name in goods:
        seen: list[str] = []
        stack = [name]
        while stack:
            current = stack.pop(0)
            if current not in seen:
                seen.append(current)
                stack.extend(goods[current].broader)
        out[name] = tuple(seen)
    return out


def _compile_goods(path: Path, spec: GoodsFile) -> tuple[dict[str, Good], PhraseMatcher[tuple[str, ...]]]:
    goods: dict[str, Good] = {}
    for g in spec.goods:
        if g.name in goods:
            raise ConfigError(f"{path}: the good {g.name!r} is defined twice.")
        goods[g.name] = Good(
            g.name, g.source, g.sector, g.ilab_sector, tuple(g.broader), tuple(g.inputs), g.note
        )
    registry = _Registry(path)
    matcher: PhraseMatcher[tuple[str, ...]] = PhraseMatcher()
    for g in spec.goods:
        _check_known(path, [*g.broader, *g.inputs], goods, f"the good {g.name!r}")
        for text in ([g.name] if g.match_name else []) + g.synonyms:
            matcher.add(registry.claim(text, f"the good {g.name!r}"), (g.name,))
    for p in spec.phrases:
        _check_known(path, p.goods, goods, f"the phrase {p.phrase[0]!r}")
        for text in p.phrase:
            matcher.add(registry.claim(text, f"the phrase entry {p.phrase[0]!r}"), tuple(p.goods))
    return goods, matcher


def _code_prefixes(path: Path, name: str, raw: Mapping[str, str]) -> dict[str, str]:
    """Code prefix -> sector; a key is 2 to 4 digits or a range of equal length ("10-33", "323-324")."""
    out: dict[str, str] = {}
    for key, sector in raw.items():
        m = re.fullmatch(r"(\d{2,4})(?:-(\d{2,4}))?", key)
        if m is None or (m.group(2) and len(m.group(2)) != len(m.group(1))):
            raise ConfigError(
                f"{path}: {name} key {key!r} must be 2 to 4 digits or a range like '10-33' or '323-324'."
            )
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
        for code in range(first, last + 1):
            out[f"{code:0{len(m.group(1))}d}"] = sector
    return out


def _check_sectors(path: Path, known: Mapping[str, Any], where: str, sectors: Iterable[str | None]) -> None:
    for sector in sectors:
        if sector is not None and sector not in known:
            raise ConfigError(
                f"{path}: {where} names the sector {sector!r}, which rules/goods/sectors.yml does not "
                f"define; use one of: {', '.join(known)}."
            )


def _word_pattern(words: Iterable[str]) -> str:
    """One regex finding any of ``words`` as whole words (plural "s" optional), longest first."""
    alternatives = sorted(
        {r"[\s\-_]+".join(re.escape(w) for w in word.casefold().split()) for word in words if word.strip()},
        key=lambda a: (-len(a), a),
    )
    return r"\b(?:" + "|".join(alternatives) + r")s?\b" if alternatives else r"(?!)"


def _compile_sectors(path: Path, spec: SectorsFile, goods: Mapping[str, Good]) -> dict[str, Any]:
    known = spec.sectors
    _check_sectors(path, known, "generic", spec.generic)
    _check_sectors(path, known, "catch_all", [spec.catch_all])
    _check_known(path, [*spec.goods, *spec.processed_goods], goods, "goods / processed_goods")
    _check_sectors(path, known, "goods", spec.goods.values())
    _check_sectors(path, known, "processed", [*spec.processed.values(), *spec.processed_goods.values()])
    for good in goods.values():
        _check_sectors(path, known, f"the good {good.name!r} (goods.yml)", [good.sector])
    registry, keywords = _Registry(path), PhraseMatcher[str]()
    _check_sectors(path, known, "keywords", spec.keywords)
    for sector, words in spec.keywords.items():
        for word in words:
            keywords.add(registry.claim(word, f"the sector {sector!r}"), sector)
    name_words: dict[tuple[str, ...], str] = {}
    _check_sectors(path, known, "name_words", spec.name_words)
    for sector, words in spec.name_words.items():
        for word in words:
            other = name_words.setdefault(tokens(word), sector)
            if other != sector:
                raise ConfigError(f"{path}: the name word {word!r} belongs to both {other} and {sector}.")
    for naics_code in spec.naics:
        if not re.fullmatch(r"\d{2,6}", naics_code):
            raise ConfigError(f"{path}: NAICS key {naics_code!r} must be 2 to 6 digits.")
    for letter in spec.isic_sections:
        if not re.fullmatch(r"[A-U]", letter):
            raise ConfigError(f"{path}: isic_sections key {letter!r} must be one letter A-U.")
    tables = (spec.naics, spec.isic_sections, spec.isic_divisions, spec.unspsc)
    _check_sectors(path, known, "a code table", [s for t in tables for s in t.values()])
    return {
        "sector_keywords": keywords,
        "catch_all": spec.catch_all,
        "naics": dict(spec.naics),
        "isic_sections": dict(spec.isic_sections),
        "isic_divisions": _code_prefixes(path, "isic_divisions", spec.isic_divisions),
        "unspsc": _code_prefixes(path, "unspsc", spec.unspsc),
        "sector_groups": {name: s.group for name, s in known.items()},
        "sector_labels": {name: s.label for name, s in known.items()},
        "generic_sectors": frozenset(spec.generic),
        "goods_sectors": dict(spec.goods),
        "processed": {**spec.processed, **spec.processed_goods},
        "name_words": name_words,
    }


def _compile_inference(
    path: Path, spec: InferenceFile, goods: Mapping[str, Good], sectors: Mapping[str, Any]
) -> dict[str, Any]:
    phase_registry, phases = _Registry(path), PhraseMatcher[PhaseRule]()
    for ph in spec.production_phases:
        _check_known(path, ph.infer, goods, f"the production phase {ph.terms[0]!r}")
        _check_sectors(path, sectors, f"the production phase {ph.terms[0]!r}", [ph.sector])
        rule = PhaseRule(tuple(ph.infer), ph.sector)
        for term in ph.terms:
            phases.add(phase_registry.claim(term, f"the production phase {ph.terms[0]!r}"), rule)
    fac_registry, facilities = _Registry(path), PhraseMatcher[FacilityRule]()
    for fac in spec.facility_types:
        conditions = []
        where = f"the facility type {fac.terms[0]!r}"
        _check_sectors(path, sectors, where, [fac.sector, *(c.sector for c in fac.infer_when)])
        for cond in fac.infer_when:
            _check_known(path, [*cond.goods, *cond.infer], goods, where)
            conditions.append((frozenset(cond.goods), tuple(cond.infer), cond.sector))
        frule = FacilityRule(fac.sector, tuple(conditions))
        for term in fac.terms:
            facilities.add(fac_registry.claim(term, where), frule)
    _check_known(path, spec.inferred_goods, goods, "inferred_goods")
    inferred = {
        good: InferredGood(
            g.certainty,
            frozenset(tokens(w) for w in g.not_when),
            frozenset(tokens(w) for w in g.near_certain_when),
            g.confirm,
        )
        for good, g in spec.inferred_goods.items()
    }
    hints = [w for g in spec.inferred_goods.values() for w in (*g.not_when, *g.near_certain_when)]
    return {
        "phases": phases,
        "facilities": facilities,
        "inferred_goods": inferred,
        "default_confirm": spec.default_confirm,
        "hint_words": hints,
    }


def load_vocabulary(rules_dir: Path) -> Vocabulary:
    """Parse and check ``rules_dir/goods/*.yml`` into a :class:`Vocabulary` (ConfigError if invalid)."""
    folder = Path(rules_dir) / "goods"
    goods_path, hs_path = folder / "goods.yml", folder / "hs_codes.yml"
    inf_path, sec_path = folder / "inference.yml", folder / "sectors.yml"
    goods_spec: GoodsFile = _read(goods_path, GoodsFile)
    hs_spec: HsFile = _read(hs_path, HsFile)
    inf_spec: InferenceFile = _read(inf_path, InferenceFile)
    sec_spec: SectorsFile = _read(sec_path, SectorsFile)

    goods, matcher = _compile_goods(goods_path, goods_spec)

    hs: dict[str, tuple[str, ...]] = {}
    hs_desc: dict[str, str] = {}
    for code in hs_spec.codes:
        if code.prefix in hs:
            raise ConfigError(f"{hs_path}: the prefix {code.prefix} is listed twice.")
        _check_known(hs_path, code.goods, goods, f"HS prefix {code.prefix}")
        hs[code.prefix] = tuple(code.goods)
        hs_desc[code.prefix] = code.description

    sectors = _compile_sectors(sec_path, sec_spec, goods)
    inference = _compile_inference(inf_path, inf_spec, goods, sec_spec.sectors)
    hint_words = [*inference.pop("hint_words")]
    hint_words += [w for words in sec_spec.name_words.values() for w in words]

    version = " ".join(
        f"{name}={v}"
        for name, v in (
            ("goods", goods_spec.version),
            ("hs", hs_spec.version),
            ("inference", inf_spec.version),
            ("sectors", sec_spec.version),
        )
    )
    return Vocabulary(
        version=version,
        goods=goods,
        phrases=matcher,
        expand=_closure(goods),
        hs=hs,
        hs_descriptions=hs_desc,
        **inference,
        **sectors,
        hint_pattern=_word_pattern(hint_words),
    )

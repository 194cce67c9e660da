"""Goods and sector normalisation: free text, HS codes, phases and facility types -> canonical goods.

``add_goods(df, vocab)`` reads the ingest columns ``goods_raw, hs_code, sector_raw, production_phase,
facility_type`` and adds ``goods`` (canonical goods joined by ";"), ``sector``, ``_goods`` (stated then
inferred goods), ``_goods_inferred`` and ``_goods_unmapped`` (goods terms and codes that matched
nothing, as written). It parses distinct values only and joins the answers back (see add_goods).

Reading a goods cell: it is split on ";", ",", "|" and line breaks (not inside parentheses, so
"Beans (green, soy, yellow)" stays whole); each part is scanned for known phrases, longest first, so
"cocoa beans and chocolate" finds Cocoa and "organic cotton T-shirts" finds Cotton and Garments.
Within a part, "/", "+", "&" and " and " separate sub-terms for reporting: a part in which nothing
matched is reported whole, otherwise each sub-term in which nothing matched is reported. A sub-term
that looks like an HS code ("6109.10") is looked up as one.

Stated goods come in the order written, each followed by the broader goods it is a kind of
(``Bricks (clay)`` -> ``Bricks``), then goods from HS codes. Inferred goods follow: inputs of stated
goods (crude palm oil -> Palm Fruit), then what production phases and facility types imply
(rules/goods/inference.yml). The sector precedence is documented in rules/goods/sectors.yml.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import polars as pl

from screening.normalize.goods_vocab import FacilityRule, PhaseRule, Vocabulary, load_vocabulary, tokens
from screening.normalize.sectors import Candidate, choose_sector, name_sector, raw_candidate
from screening.settings import get_settings

INPUT_COLUMNS: Final = ("goods_raw", "hs_code", "sector_raw", "production_phase", "facility_type")
OUTPUT_COLUMNS: Final = (
    "goods",
    "sector",
    "sector_group",
    "sector_source",
    "_goods",
    "_goods_inferred",
    "_goods_unmapped",
    "_goods_inferred_certain",
    "_goods_inferred_confirm",
)

_UNIT: Final = "\x1f"  # joins confirm texts, which may hold ";" and ","
_HARD_SEPARATORS: Final = frozenset(";,|\n\r\t；，、")
_SUB_SEPARATORS: Final = frozenset("/+&")
_NULL_WORDS: Final = ("na", "n/a", "none", "nil", "null", "nan", "not applicable", "unknown", "tbd")
_NULL_TOKENS: Final = frozenset(tokens(word) for word in _NULL_WORDS)
_HS_RE: Final = re.compile(
    r"^(?:(?:htsus|hts|hs|hs\s*code|tariff\s*code|cn|chapter|ch)\b\s*[:#.]?\s*)?(\d[\d\s.\-]*)$",
    re.IGNORECASE,
)
_CODE_SLASH_RE: Final = re.compile(r"(?<=\d)\s*/\s*(?=(?:hts?|hs)?\s*\d)", re.IGNORECASE)  # "5201/5203"


@dataclass(frozen=True)
class GoodsResult:
    """What one combination of the five input columns normalises to."""

    stated: tuple[str, ...]
    inferred: tuple[str, ...]
    unmapped: tuple[str, ...]
    sector: str | None
    sector_source: str | None = None
    inferred_certain: tuple[str, ...] = ()
    inferred_confirm: tuple[str, ...] = ()  # what would confirm each inferred good, in order

    @property
    def goods(self) -> tuple[str, ...]:
        return self.stated + self.inferred


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _split(text: str, separators: frozenset[str], *, word_and: bool = False) -> list[str]:
    """Split on single-character separators (and optionally " and ") outside parentheses."""
    parts: list[str] = []
    depth, start, i = 0, 0, 0
    lowered = text.lower()
    while i < len(text):
        ch = text[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in separators:
            parts.append(text[start:i])
            start = i + 1
        elif depth == 0 and word_and and ch.isspace() and lowered.startswith("and", i + 1):
            end = i + 4
            if end < len(text) and text[end].isspace():
                parts.append(text[start:i])
                start = i = end
        i += 1
    parts.append(text[start:])
    return parts


def _is_blank(text: str) -> bool:
    toks = tokens(text)
    return not toks or toks in _NULL_TOKENS


def _hs_lookup(digits: str, vocab: Vocabulary) -> tuple[str, ...] | None:
    if len(digits) % 2:
        digits = "0" + digits  # a leading zero lost in a spreadsheet: 30617 -> 030617
    for size in range(min(len(digits), 10), 1, -1):
        found = vocab.hs.get(digits[:size])
        if found is not None:
            return found
    return None


def _hs_digits(text: str, min_digits: int) -> str | None:
    m = _HS_RE.match(text.strip())
    if m is None:
        return None
    digits = re.sub(r"\D", "", m.group(1))
    return digits if min_digits <= len(digits) <= 10 else None


def _expand(goods: Iterable[str], vocab: Vocabulary) -> list[str]:
    return [g for good in goods for g in vocab.expand[good]]


def canonicalise(raw: str | None, vocab: Vocabulary) -> tuple[list[str], list[str]]:
    """Free-text goods -> (canonical goods in the order written, terms that matched nothing as written)."""
    if raw is None:
        return [], []
    goods: list[str] = []
    unmapped: list[str] = []
    for part in _split(raw, _HARD_SEPARATORS):
        written = part.strip()
        if _is_blank(written):
            continue
        subterms = _split(written, _SUB_SEPARATORS, word_and=True)
        toks: list[str] = []
        owner: list[int] = []
        for k, sub in enumerate(subterms):
            sub_toks = tokens(sub)
            toks.extend(sub_toks)
            owner.extend([k] * len(sub_toks))
        matched: set[int] = set()
        for start, end, found in vocab.phrases.scan(toks):
            if found:
                matched.update(owner[start:end])
                goods.extend(_expand(found, vocab))
        for k, sub in enumerate(subterms):
            digits = None if k in matched else _hs_digits(sub, 4)
            found_hs = None if digits is None else _hs_lookup(digits, vocab)
            if found_hs is not None:
                matched.add(k)
                goods.extend(_expand(found_hs, vocab))
        if not matched:
            unmapped.append(written)
        else:
            unmapped.extend(
                s.strip() for k, s in enumerate(subterms) if k not in matched and not _is_blank(s)
            )
    return _dedupe(goods), _dedupe(unmapped)


def hs_goods(raw: str | None, vocab: Vocabulary) -> tuple[list[str], list[str]]:
    """HS/HTS codes -> (canonical goods, codes that are malformed or not in hs_codes.yml, as written)."""
    if raw is None:
        return [], []
    goods: list[str] = []
    unmapped: list[str] = []
    for part in _split(_CODE_SLASH_RE.sub(";", raw), _HARD_SEPARATORS):
        written = part.strip()
        if _is_blank(written):
            continue
        digits = _hs_digits(written, 2)
        found = None if digits is None else _hs_lookup(digits, vocab)
        if found is None:
            unmapped.append(written)
        else:
            goods.extend(_expand(found, vocab))
    return _dedupe(goods), _dedupe(unmapped)


def sector_from_raw(raw: str | None, vocab: Vocabulary) -> str | None:
    """A sector column's value (NAICS/ISIC/NACE/UNSPSC code, words, or goods) -> sector, or None."""
    if raw is None or _is_blank(raw):
        return None
    found = raw_candidate(raw, vocab, canonicalise(raw, vocab)[0])
    return None if found is None else found.sector


#: What a site's goods are inferred from: its stated goods, phase, facility type and name hints.
_SiteKey = tuple[tuple[str, ...], str | None, str | None, frozenset[tuple[str, ...]]]


@dataclass(frozen=True)
class _Site:
    """What the goods, phases, facility type and name hints of a row say (before the sector column)."""

    inferred: tuple[str, ...]
    certain: tuple[str, ...]  # the inferred goods that are near-certain
    confirm: tuple[str, ...]  # one text per inferred good, in the order of ``inferred``
    candidates: tuple[Candidate, ...]  # sector candidates after the sector column, in precedence order


class _Resolver:
    """Resolves combinations of the input columns; every distinct cell (and combination) is parsed once."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self._hint_re = re.compile(vocab.hint_pattern)
        # Each lookup is computed once per distinct argument (lists repeat the same cells).
        self._phases = functools.cache(self._read_phases)
        self._facilities = functools.cache(self._read_facilities)
        self.hints = functools.cache(self._read_hints)
        self.raw = functools.cache(self._read_raw)
        self.stated = functools.cache(self._read_stated)
        self._site = functools.cache(self._compute_site)

    def _read_phases(self, text: str | None) -> tuple[PhaseRule, ...]:
        return tuple(r for _, _, r in self.vocab.phases.scan(tokens(text or "")))

    def _read_facilities(self, text: str | None) -> tuple[FacilityRule, ...]:
        return tuple(r for _, _, r in self.vocab.facilities.scan(tokens(text or "")))

    def _read_hints(self, text: str | None) -> frozenset[tuple[str, ...]]:
        """Hint words (fibres, sector words; vocab.hint_pattern) in a name, phase or facility type."""
        words = self._hint_re.findall(text.casefold()) if text else []
        return frozenset(tokens(w) for w in words)

    def _read_raw(self, sector_raw: str | None) -> Candidate | None:
        if sector_raw is None or _is_blank(sector_raw):
            return None
        return raw_candidate(sector_raw, self.vocab, canonicalise(sector_raw, self.vocab)[0])

    def _read_stated(
        self, goods_raw: str | None, hs_code: str | None
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(stated goods, unmapped terms and codes) of a goods cell and an HS code cell."""
        text_goods, unmapped = canonicalise(goods_raw, self.vocab)
        code_goods, bad_codes = hs_goods(hs_code, self.vocab)
        return tuple(_dedupe(text_goods + code_goods)), tuple(_dedupe(unmapped + bad_codes))

    def site(
        self,
        stated: tuple[str, ...],
        phase: str | None,
        facility: str | None,
        name_hints: frozenset[tuple[str, ...]] = frozenset(),
    ) -> _Site:
        """Inferred goods (with certainty and confirm texts) and the sector candidates of a site."""
        return self._site((stated, phase, facility, name_hints))

    def _compute_site(self, key: _SiteKey) -> _Site:
        stated, phase, facility, name_hints = key
        vocab, stated_set = self.vocab, frozenset(stated)
        from_inputs = _dedupe(_expand((i for g in stated for i in vocab.goods[g].inputs), vocab))
        implied: list[str] = []
        # Phases are read from the phase column and from the facility type ("Spinning mill").
        facility_phases, column_phases = self._phases(facility), self._phases(phase)
        for rule in facility_phases + column_phases:
            implied.extend(_expand(rule.infer, vocab))
        facility_rules = self._facilities(facility)
        site_specific: list[Candidate] = []
        for frule in facility_rules:
            for condition, implies, sector in frule.infer_when:
                if condition & stated_set:
                    implied.extend(_expand(implies, vocab))
                    if sector is not None:
                        site_specific.append(Candidate(sector, "facility_type"))
        hints = name_hints | self.hints(phase) | self.hints(facility)
        inferred, certain, confirm = [], [], []
        for good in _dedupe([*from_inputs, *implied]):
            if good in stated_set:
                continue
            spec = vocab.inferred_good(good)
            sure = (
                good in from_inputs
                or spec.certainty == "near_certain"
                or bool(hints & spec.near_certain_when)
            )
            if not sure and hints & spec.not_when:
                continue  # the name or phases name another fibre: no cotton for a polyester mill
            inferred.append(good)
            confirm.append(spec.confirm)
            if sure:
                certain.append(good)
        goods_cand = next(
            (Candidate(s, "goods", g) for g in stated if (s := vocab.sector_of(g)) is not None), None
        )
        inferred_cand = next(
            (Candidate(s, "inferred_goods", g) for g in inferred if (s := vocab.sector_of(g)) is not None),
            None,
        )
        name = name_sector(name_hints, vocab)
        # A generic phase (MANUFACTURING) says the site makes its stated, manufactured good.
        generic_phase = any(r.sector in vocab.generic_sectors for r in column_phases) and (
            goods_cand is not None and vocab.group_of(goods_cand.sector) == "manufacturing"
        )
        candidates = [
            *site_specific,
            *([goods_cand] if goods_cand is not None and generic_phase else []),
            *(Candidate(r.sector, "facility_type") for r in facility_rules if r.sector is not None),
            *(Candidate(r.sector, "facility_type") for r in facility_phases if r.sector is not None),
            *(Candidate(r.sector, "phase") for r in column_phases if r.sector is not None),
            *([goods_cand] if goods_cand is not None else []),
            *([Candidate(name, "name")] if name is not None else []),
            *([inferred_cand] if inferred_cand is not None else []),
        ]
        return _Site(tuple(inferred), tuple(certain), tuple(confirm), tuple(candidates))

    def sector(self, sector_raw: str | None, site: _Site) -> Candidate | None:
        raw = self.raw(sector_raw)
        return choose_sector(((raw,) if raw is not None else ()) + site.candidates, self.vocab)

    def resolve(
        self,
        goods_raw: str | None,
        hs_code: str | None,
        sector_raw: str | None,
        production_phase: str | None,
        facility_type: str | None,
        name: str | None = None,
    ) -> GoodsResult:
        stated, unmapped = self.stated(goods_raw, hs_code)
        site = self.site(stated, production_phase, facility_type, self.hints(name))
        chosen = self.sector(sector_raw, site)
        return GoodsResult(
            stated,
            site.inferred,
            unmapped,
            None if chosen is None else chosen.sector,
            None if chosen is None else chosen.source,
            site.certain,
            site.confirm,
        )


def resolve(
    goods_raw: str | None,
    hs_code: str | None,
    sector_raw: str | None,
    production_phase: str | None,
    facility_type: str | None,
    vocab: Vocabulary,
    name: str | None = None,
) -> GoodsResult:
    """Normalise one combination of the input columns (see the module docstring)."""
    return _Resolver(vocab).resolve(goods_raw, hs_code, sector_raw, production_phase, facility_type, name)


def _lists(name: str, joined: list[str]) -> pl.Series:
    """A List[String] column from ";"-joined values (no good, term or code contains ";")."""
    return pl.Series(name, joined, dtype=pl.String).str.split(";").list.filter(pl.element() != "")


@functools.lru_cache(maxsize=4)
def _default_vocabulary(rules_dir: Path) -> Vocabulary:
    return load_vocabulary(rules_dir)


def _name_hints(work: pl.DataFrame, name_col: str, vocab: Vocabulary) -> pl.Series:
    """Per row, the hint words of the supplier name joined by ";" (a vectorised regex; list.unique and
    list.sort cost 20 times the regex on a million rows, and the caller reads the words as a set)."""
    return (
        work.get_column(name_col)
        .str.to_lowercase()
        .str.extract_all(vocab.hint_pattern)
        .list.join(";")
        .fill_null("")
        .alias("__goods_hints")
    )


def add_goods(df: pl.DataFrame, vocab: Vocabulary | None = None) -> pl.DataFrame:
    """Add goods, sector, sector_group, sector_source and the _goods* columns to an ingest frame.

    ``vocab`` defaults to the vocabulary of ``SCREENING_RULES_DIR``. Missing input columns count as
    null. Existing output columns are replaced. Row order and every other column are kept.

    Joins over distinct values keep the Python work independent of the row count: distinct
    (goods_raw, hs_code) pairs give the stated goods; distinct (stated goods, production_phase,
    facility_type, hint words of the supplier name) give the inferred goods and the site's sector
    candidates; distinct (site, sector_raw) pairs give the sector.
    """
    if vocab is None:
        vocab = _default_vocabulary(get_settings().rules_dir)
    base = df.drop([c for c in OUTPUT_COLUMNS if c in df.columns])
    g, h, s, p, f, n = (f"__goods_{c}" for c in (*INPUT_COLUMNS, "supplier_name"))
    work = base.select(
        (pl.col(c).cast(pl.String) if c in base.columns else pl.lit(None, dtype=pl.String)).alias(k)
        for c, k in zip((*INPUT_COLUMNS, "supplier_name"), (g, h, s, p, f, n), strict=True)
    )
    work = work.with_columns(_name_hints(work, n, vocab)).drop(n)
    resolver = _Resolver(vocab)

    pairs = work.select(g, h).unique(maintain_order=True)
    stated_ids: dict[tuple[str, ...], int] = {}
    pair_ids, pair_unmapped = [], []
    for goods_raw, hs_code in pairs.iter_rows():
        stated, unmapped = resolver.stated(goods_raw, hs_code)
        pair_ids.append(stated_ids.setdefault(stated, len(stated_ids)))
        pair_unmapped.append(";".join(unmapped))
    pairs = pairs.with_columns(
        pl.Series("__goods_stated", pair_ids, dtype=pl.UInt32), _lists("_goods_unmapped", pair_unmapped)
    )
    work = work.join(pairs, on=[g, h], how="left", nulls_equal=True, maintain_order="left")

    stated_by_id = list(stated_ids)
    site_keys = ["__goods_stated", p, f, "__goods_hints"]
    sites_frame = work.select(site_keys).unique(maintain_order=True)
    candidate_ids: dict[
        tuple[Candidate, ...], int
    ] = {}  # distinct sector candidates: few, however many sites
    cols: dict[str, list[Any]] = {k: [] for k in ("goods", "inferred", "certain", "confirm", "candidates")}
    for stated_id, phase, facility, hint_text in sites_frame.iter_rows():
        stated = stated_by_id[stated_id]
        site = resolver.site(stated, phase, facility, frozenset(tokens(w) for w in hint_text.split(";") if w))
        cols["goods"].append(";".join(stated + site.inferred))
        cols["inferred"].append(";".join(site.inferred))
        cols["certain"].append(";".join(site.certain))
        cols["confirm"].append(_UNIT.join(site.confirm))
        cols["candidates"].append(candidate_ids.setdefault(site.candidates, len(candidate_ids)))
    sites_frame = sites_frame.with_columns(
        pl.Series("__goods_candidates", cols["candidates"], dtype=pl.UInt32),
        pl.Series("goods", cols["goods"], dtype=pl.String),
        _lists("_goods", cols["goods"]),
        _lists("_goods_inferred", cols["inferred"]),
        _lists("_goods_inferred_certain", cols["certain"]),
        pl.Series("_goods_inferred_confirm", cols["confirm"], dtype=pl.String)
        .str.split(_UNIT)
        .list.filter(pl.element() != ""),
    )
    work = work.join(sites_frame, on=site_keys, how="left", nulls_equal=True, maintain_order="left")

    candidates_by_id = list(candidate_ids)
    combos = work.select("__goods_candidates", s).unique(maintain_order=True)
    chosen = [
        choose_sector(((r,) if (r := resolver.raw(raw)) else ()) + candidates_by_id[i], vocab)
        for i, raw in combos.iter_rows()
    ]
    sector = [None if c is None else c.sector for c in chosen]
    combos = combos.with_columns(
        pl.Series("sector", sector, dtype=pl.String),
        pl.Series("sector_group", [vocab.group_of(x) for x in sector], dtype=pl.String),
        pl.Series("sector_source", [None if c is None else c.source for c in chosen], dtype=pl.String),
    )
    work = work.join(
        combos, on=["__goods_candidates", s], how="left", nulls_equal=True, maintain_order="left"
    )
    return pl.concat([base, work.select(OUTPUT_COLUMNS)], how="horizontal")


def inferred_goods_table(vocab: Vocabulary | None = None) -> pl.DataFrame:
    """One row per good that may be inferred: ``good, certainty, confirm`` (what would confirm it).

    The confirm text depends on the good only (rules/goods/inference.yml ``inferred_goods``, else
    ``default_confirm``): the same text as the frame's ``_goods_inferred_confirm``, as a lookup table
    for reports and rules that start from a good. ``certainty`` is the default for an inference from
    phases or facility types; a row's own certainty is in ``_goods_inferred_certain``.
    """
    if vocab is None:
        vocab = _default_vocabulary(get_settings().rules_dir)
    specs = [(good, vocab.inferred_good(good)) for good in vocab.goods]
    return pl.DataFrame(
        {
            "good": [g for g, _ in specs],
            "certainty": [spec.certainty for _, spec in specs],
            "confirm": [spec.confirm for _, spec in specs],
        },
        schema={"good": pl.String, "certainty": pl.String, "confirm": pl.String},
    )

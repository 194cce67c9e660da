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
from typing import Final

import polars as pl

from screening.normalize.goods_vocab import FacilityRule, PhaseRule, Vocabulary, load_vocabulary, tokens
from screening.settings import get_settings

INPUT_COLUMNS: Final = ("goods_raw", "hs_code", "sector_raw", "production_phase", "facility_type")
OUTPUT_COLUMNS: Final = ("goods", "sector", "_goods", "_goods_inferred", "_goods_unmapped")

_HARD_SEPARATORS: Final = frozenset(";,|\n\r\t；，、")
_SUB_SEPARATORS: Final = frozenset("/+&")
_NULL_WORDS: Final = ("na", "n/a", "none", "nil", "null", "nan", "not applicable", "unknown", "tbd")
_NULL_TOKENS: Final = frozenset(tokens(word) for word in _NULL_WORDS)
_HS_RE: Final = re.compile(
    r"^(?:(?:htsus|hts|hs|hs\s*code|tariff\s*code|cn|chapter|ch)\b\s*[:#.]?\s*)?(\d[\d\s.\-]*)$",
    re.IGNORECASE,
)
_CODE_SLASH_RE: Final = re.compile(r"(?<=\d)\s*/\s*(?=(?:hts?|hs)?\s*\d)", re.IGNORECASE)  # "5201/5203"
_SCHEME_RE: Final = re.compile(r"\b(naics|isic|nace)\b(?:\s*rev\.?\s*\d(?:\.\d)?)?", re.IGNORECASE)
_SECTION_RE: Final = re.compile(r"^(?:section\s+)?([A-Ua-u])(?=$|\s*\d|\s*[.:\-\u2013])", re.IGNORECASE)
_CODE_RE: Final = re.compile(r"^(\d{2,6})(?=$|[\s.:\-\u2013])")


@dataclass(frozen=True)
class GoodsResult:
    """What one combination of the five input columns normalises to."""

    stated: tuple[str, ...]
    inferred: tuple[str, ...]
    unmapped: tuple[str, ...]
    sector: str | None

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


def _sector_from_code(text: str, vocab: Vocabulary) -> str | None:
    m = _SCHEME_RE.search(text)
    scheme = m.group(1).lower() if m else None
    rest = _SCHEME_RE.sub(" ", text).strip(" :#-\u2013\t")
    section = _SECTION_RE.match(rest)
    if section and (scheme in ("isic", "nace") or section.group(1).isupper()):
        return vocab.isic_sections.get(section.group(1).upper())
    code_m = _CODE_RE.match(rest)
    if code_m is None:
        return None
    code = code_m.group(1)
    if scheme == "naics" or (scheme is None and code[:2] in vocab.naics):
        for size in range(len(code), 1, -1):
            found = vocab.naics.get(code[:size])
            if found is not None:
                return found
        return None
    return vocab.isic_divisions.get(code[:2])


def sector_from_raw(raw: str | None, vocab: Vocabulary) -> str | None:
    """A sector column's value (NAICS/ISIC/NACE code, words, or goods) -> sector, or None."""
    if raw is None or _is_blank(raw):
        return None
    text = raw.strip()
    coded = _sector_from_code(text, vocab)
    if coded is not None:
        return coded
    hits = [sector for _, _, sector in vocab.sector_keywords.scan(tokens(text))]
    specific = [s for s in hits if s != vocab.catch_all]
    if specific:
        return specific[-1]
    for good in canonicalise(text, vocab)[0]:
        return vocab.sector_of(good)
    return vocab.catch_all if hits else None


class _Resolver:
    """Resolves combinations of the five input columns; every distinct cell (and pair) is parsed once."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self._sector: dict[str | None, str | None] = {}
        self._phase: dict[str | None, tuple[PhaseRule, ...]] = {}
        self._facility: dict[str | None, tuple[FacilityRule, ...]] = {}
        self._stated: dict[tuple[str | None, str | None], tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._inferred: dict[
            tuple[tuple[str, ...], str | None, str | None], tuple[tuple[str, ...], str | None]
        ] = {}

    def _phases(self, text: str | None) -> tuple[PhaseRule, ...]:
        found = self._phase.get(text)
        if found is None:
            found = tuple(r for _, _, r in self.vocab.phases.scan(tokens(text or "")))
            self._phase[text] = found
        return found

    def _facilities(self, text: str | None) -> tuple[FacilityRule, ...]:
        found = self._facility.get(text)
        if found is None:
            found = tuple(r for _, _, r in self.vocab.facilities.scan(tokens(text or "")))
            self._facility[text] = found
        return found

    def stated(self, goods_raw: str | None, hs_code: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(stated goods, unmapped terms and codes) of a goods cell and an HS code cell."""
        key = (goods_raw, hs_code)
        found = self._stated.get(key)
        if found is None:
            text_goods, unmapped = canonicalise(goods_raw, self.vocab)
            code_goods, bad_codes = hs_goods(hs_code, self.vocab)
            found = (tuple(_dedupe(text_goods + code_goods)), tuple(_dedupe(unmapped + bad_codes)))
            self._stated[key] = found
        return found

    def inferred(
        self, stated: tuple[str, ...], phase: str | None, facility: str | None
    ) -> tuple[tuple[str, ...], str | None]:
        """(inferred goods, the site's sector from facility type or phase) for stated goods."""
        key = (stated, phase, facility)
        found = self._inferred.get(key)
        if found is None:
            vocab, stated_set = self.vocab, frozenset(stated)
            goods: list[str] = []
            for good in stated:
                goods.extend(_expand(vocab.goods[good].inputs, vocab))
            # Phases are read from the phase column and from the facility type ("Spinning mill").
            phase_rules = self._phases(phase) + self._phases(facility)
            for rule in phase_rules:
                goods.extend(_expand(rule.infer, vocab))
            facility_rules = self._facilities(facility)
            for frule in facility_rules:
                for condition, implied in frule.infer_when:
                    if condition & stated_set:
                        goods.extend(_expand(implied, vocab))
            site = [r.sector for r in facility_rules] + [r.sector for r in phase_rules]
            found = (
                tuple(g for g in _dedupe(goods) if g not in stated_set),
                next((s for s in site if s is not None), None),
            )
            self._inferred[key] = found
        return found

    def resolve(
        self,
        goods_raw: str | None,
        hs_code: str | None,
        sector_raw: str | None,
        production_phase: str | None,
        facility_type: str | None,
    ) -> GoodsResult:
        stated, unmapped = self.stated(goods_raw, hs_code)
        inferred, site_sector = self.inferred(stated, production_phase, facility_type)
        if sector_raw not in self._sector:
            self._sector[sector_raw] = sector_from_raw(sector_raw, self.vocab)
        # Sector precedence (rules/goods/sectors.yml): column, facility/phase, stated, inferred goods.
        sector = self._sector[sector_raw] or site_sector
        if sector is None:
            sector = next((s for g in (*stated, *inferred) if (s := self.vocab.sector_of(g))), None)
        return GoodsResult(stated, inferred, unmapped, sector)


def resolve(
    goods_raw: str | None,
    hs_code: str | None,
    sector_raw: str | None,
    production_phase: str | None,
    facility_type: str | None,
    vocab: Vocabulary,
) -> GoodsResult:
    """Normalise one combination of the five input columns (see the module docstring)."""
    return _Resolver(vocab).resolve(goods_raw, hs_code, sector_raw, production_phase, facility_type)


def _lists(name: str, joined: list[str]) -> pl.Series:
    """A List[String] column from ";"-joined values (no good, term or code contains ";")."""
    return pl.Series(name, joined, dtype=pl.String).str.split(";").list.filter(pl.element() != "")


@functools.lru_cache(maxsize=4)
def _default_vocabulary(rules_dir: Path) -> Vocabulary:
    return load_vocabulary(rules_dir)


def add_goods(df: pl.DataFrame, vocab: Vocabulary | None = None) -> pl.DataFrame:
    """Add goods, sector, _goods, _goods_inferred and _goods_unmapped to an ingest frame.

    ``vocab`` defaults to the vocabulary of ``SCREENING_RULES_DIR``. Missing input columns count as
    null. Existing output columns are replaced. Row order and every other column are kept.

    Three joins over distinct values keep the Python work independent of the row count: distinct
    (goods_raw, hs_code) pairs give the stated goods; distinct (stated goods, production_phase,
    facility_type) give the inferred goods and the site's sector; distinct sector_raw values give the
    sector column's own answer, which comes first.
    """
    if vocab is None:
        vocab = _default_vocabulary(get_settings().rules_dir)
    base = df.drop([c for c in OUTPUT_COLUMNS if c in df.columns])
    g, h, s, p, f = (f"__goods_{c}" for c in INPUT_COLUMNS)
    work = base.select(
        (pl.col(c).cast(pl.String) if c in base.columns else pl.lit(None, dtype=pl.String)).alias(k)
        for c, k in zip(INPUT_COLUMNS, (g, h, s, p, f), strict=True)
    )
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
    triples = work.select("__goods_stated", p, f).unique(maintain_order=True)
    goods_col, inferred_col, site_col = [], [], []
    for stated_id, phase, facility in triples.iter_rows():
        stated = stated_by_id[stated_id]
        inferred, site = resolver.inferred(stated, phase, facility)
        goods_col.append(";".join(stated + inferred))
        inferred_col.append(";".join(inferred))
        site_col.append(site or next((x for x in map(vocab.sector_of, stated + inferred) if x), None))
    triples = triples.with_columns(
        pl.Series("goods", goods_col, dtype=pl.String),
        _lists("_goods", goods_col),
        _lists("_goods_inferred", inferred_col),
        pl.Series("__goods_site_sector", site_col, dtype=pl.String),
    )
    work = work.join(
        triples, on=["__goods_stated", p, f], how="left", nulls_equal=True, maintain_order="left"
    )

    sectors = work.select(s).unique(maintain_order=True)
    sectors = sectors.with_columns(
        pl.Series("__goods_raw_sector", [sector_from_raw(x, vocab) for x in sectors[s]], dtype=pl.String)
    )
    work = work.join(sectors, on=s, how="left", nulls_equal=True, maintain_order="left")
    added = work.select(
        "goods",
        pl.coalesce("__goods_raw_sector", "__goods_site_sector").alias("sector"),
        "_goods",
        "_goods_inferred",
        "_goods_unmapped",
    )
    return pl.concat([base, added], how="horizontal")

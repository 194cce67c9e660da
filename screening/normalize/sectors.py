"""A supplier row's sector: from a sector column, its site (facility type, phases), goods or name.

The vocabulary, its groups, code tables and the precedence are data (``rules/goods/sectors.yml``,
whose header explains them). This module reads a sector column (:func:`sector_from_raw`), finds sector
words in a supplier name (:func:`name_sector`) and picks one sector from the candidates the row offers
(:func:`choose_sector`). :mod:`screening.normalize.goods` calls them over distinct values only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from screening.normalize.goods_vocab import Vocabulary, tokens

_SCHEME_RE: Final = re.compile(r"\b(naics|isic|nace|unspsc)\b(?:\s*rev\.?\s*\d(?:\.\d)?)?", re.IGNORECASE)
_SECTION_RE: Final = re.compile(r"^(?:section\s+)?([A-Ua-u])(?=$|\s*\d|\s*[.:\-\u2013])", re.IGNORECASE)
_CODE_RE: Final = re.compile(r"^(\d{2,8})(?=$|[\s.:\-\u2013])")
_PRIMARY: Final = frozenset({"agriculture", "fishing", "forestry", "mining"})


@dataclass(frozen=True)
class Candidate:
    """One source's answer: the sector, where it came from, and the good it rests on (if any)."""

    sector: str
    source: str  # one of goods_vocab.SECTOR_SOURCES
    good: str | None = None


def _longest_prefix(code: str, table: Mapping[str, str]) -> str | None:
    for size in range(len(code), 1, -1):
        found = table.get(code[:size])
        if found is not None:
            return found
    return None


def sector_from_code(text: str, vocab: Vocabulary) -> str | None:
    """An industry code (NAICS, ISIC / NACE, UNSPSC) -> sector, or None when the text is not one."""
    m = _SCHEME_RE.search(text)
    scheme = m.group(1).lower() if m else None
    rest = _SCHEME_RE.sub(" ", text).strip(" :#-\u2013\t")
    section = _SECTION_RE.match(rest)
    if section and (scheme in ("isic", "nace") or section.group(1).isupper()):
        letter = section.group(1).upper()
        digits = re.sub(r"\D", "", rest[section.end() :].split(" ")[0] if rest[section.end() :] else "")
        return (_longest_prefix(digits, vocab.isic_divisions) if len(digits) >= 2 else None) or (
            vocab.isic_sections.get(letter)
        )
    code_m = _CODE_RE.match(rest.replace(".", "", 1) if scheme in ("isic", "nace") else rest)
    if code_m is None:
        return None
    code = code_m.group(1)
    if scheme == "unspsc":
        return _longest_prefix(code, vocab.unspsc)
    if scheme == "naics" or (scheme is None and code[:2] in vocab.naics):
        return _longest_prefix(code, vocab.naics)
    return _longest_prefix(code[:4], vocab.isic_divisions)


def raw_candidate(raw: str | None, vocab: Vocabulary, goods: Sequence[str]) -> Candidate | None:
    """A sector column's answer: a code, else words (the last specific one wins), else the goods it names.

    ``goods`` are the canonical goods the cell names (the caller parses them once).
    """
    if raw is None:
        return None
    text = raw.strip()
    if not text:
        return None
    coded = sector_from_code(text, vocab)
    if coded is not None:
        return Candidate(coded, "code")
    hits = [sector for _, _, sector in vocab.sector_keywords.scan(tokens(text))]
    specific = [s for s in hits if s != vocab.catch_all]
    if specific:
        return Candidate(specific[-1], "description")
    for good in goods:
        sector = vocab.sector_of(good)
        if sector is not None:
            return Candidate(sector, "description", good)
    return Candidate(vocab.catch_all, "description") if hits else None


def name_sector(hints: Iterable[tuple[str, ...]], vocab: Vocabulary) -> str | None:
    """The sector a supplier name's words suggest (the first sector of sectors.yml that any word names)."""
    found = {vocab.name_words[h] for h in hints if h in vocab.name_words}
    return next((s for s in vocab.sector_groups if s in found), None)


def choose_sector(candidates: Sequence[Candidate], vocab: Vocabulary) -> Candidate | None:
    """The row's sector from its candidates, given in precedence order (see rules/goods/sectors.yml).

    The first specific candidate wins; a generic one (manufacturing, services) only when nothing more
    specific follows. A primary sector (agriculture, fishing, forestry, mining) that a generic
    manufacturing candidate precedes is a processing site: the processing sector of its goods
    (shrimp -> seafood_processing), from the generic candidate's source.
    """
    if not candidates:
        return None
    generic = vocab.generic_sectors
    chosen = next((c for c in candidates if c.sector not in generic), candidates[0])
    if chosen.sector not in _PRIMARY:
        return chosen
    before = candidates[: candidates.index(chosen)]
    site = next((c for c in before if vocab.group_of(c.sector) == "manufacturing"), None)
    if site is None:
        return chosen
    goods = [c.good for c in candidates if c.good is not None]
    processing = next((p for g in goods if (p := vocab.processing_sector(g))), None)
    return Candidate(processing or site.sector, site.source, chosen.good)

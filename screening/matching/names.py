"""Company-name normalisation: one name -> classified tokens a comparator can weigh.

Steps, in order: Unicode NFKC; Chinese characters to pinyin and English business terms
(:mod:`screening.matching.chinese`); Cyrillic to Latin; accents stripped; Korean, Arabic and every
other script to Latin (:mod:`screening.matching.scripts`); case folded;
apostrophes dropped; ``&`` read as "and"; dotted initials joined (``A.B.C.`` -> ``abc``); words
inside parentheses marked as qualifiers. Then, per token: runs of single letters joined
(``P & G`` -> ``pg``); legal forms recognised, also as phrases ("company limited", "youxian
gongsi", "joint stock company") and kept apart as codes; multi-word places joined ("hong kong");
number words and Roman numerals read as numbers; abbreviations expanded (Ind -> industry, Intl ->
international); stop words dropped. Each remaining token gets a kind:

* ``distinctive`` - a name's own word (Hoshine, Zhongtai): what identifies the entity;
* ``generic`` - a common business word (textile, trading, technology);
* ``place`` - a province, city, country or region (Xinjiang, Hetian, Europe);
* ``weak`` - group / holdings / .com: little more than a legal form;
* ``number`` - digits, number words and Roman numerals (compared on their own).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

from screening.matching.chinese import CJK_RE, romanize
from screening.matching.places import PLACE_PHRASES, PLACE_VARIANTS, place_tokens
from screening.matching.scripts import to_latin
from screening.matching.vocab import (
    ABBREVIATIONS,
    BUSINESS_WORDS,
    CYRILLIC,
    LEGAL_PHRASES,
    LEGAL_TOKENS,
    NUMBER_WORDS,
    ROMAN_NUMERALS,
    STOPWORDS,
    TENS_WORDS,
    WEAK_SUFFIXES,
)

Kind = Literal["distinctive", "generic", "place", "weak", "number"]
_PLACE: Final[Kind] = "place"

_APOSTROPHES: Final = re.compile(r"['’`ʼ´‘]")
_DOTTED_INITIALS: Final = re.compile(r"\b[^\W\d_](?:\.[^\W\d_])+\b\.?")
_SLASH_LETTERS: Final = re.compile(r"\b([^\W\d_])/([^\W\d_])\b")
_TOKEN: Final = re.compile(r"[()\[\]]|[^\W_]+")
_CYRILLIC_RE: Final = re.compile(r"[\u0400-\u04ff]")
#: Letters outside Latin (with its accents), Cyrillic and Chinese: Greek, Arabic, Hangul, Thai, ...
_OTHER_SCRIPT: Final = re.compile(
    r"[\u0370-\u03ff\u0530-\u1dff\u1f00-\u1fff\u3040-\u30ff\u3130-\u318f\uac00-\ud7af]"
)
_ALTERNATIVE_SPLIT: Final = re.compile(r"\s*/\s*")
_LETTERS: Final = re.compile(r"[^\W\d_]")
_NON_ALNUM: Final = re.compile(r"[\W_]+")

#: Legal forms that stand first in a name ("PT Astra", "OOO Oboronnye", "JSC Murom").
_PREFIX_LEGAL: Final = frozenset(
    {"pt", "ooo", "oao", "zao", "jsc", "ojsc", "cjsc", "pjsc", "pao", "ao", "ano", "llc"}
)
_MAX_LEGAL_PHRASE: Final = max(len(k) for k in LEGAL_PHRASES)
_MAX_PLACE_PHRASE: Final = max(len(k) for k in PLACE_PHRASES)


@dataclass(frozen=True, slots=True)
class Tok:
    """One comparable token: ``text`` canonical, ``raw`` as written (lower case), its ``kind``."""

    text: str
    raw: str
    kind: Kind
    qualifier: bool = False  # inside parentheses: "(Shanshan)", "(Hong Kong)"


@dataclass(frozen=True, slots=True)
class NameForm:
    """A normalised name: its comparable tokens, its legal-form codes, and its numbers."""

    original: str
    tokens: tuple[Tok, ...]
    legal: frozenset[str]
    numbers: tuple[str, ...]
    compact: str = ""  # letters and digits only, a leading "the" dropped

    @property
    def key(self) -> str:
        """The tokens joined: equal keys mean equal names up to legal form and spelling."""
        return " ".join(t.text for t in self.tokens)

    @property
    def core(self) -> tuple[Tok, ...]:
        """Tokens that identify: everything but weak suffixes."""
        return tuple(t for t in self.tokens if t.kind != "weak")


def is_transliterated(text: str) -> bool:
    """Whether ``text`` is written in a script that reaches Latin letters by transliteration (not
    Chinese, whose pinyin is exact, nor Cyrillic, read letter by letter)."""
    return bool(_OTHER_SCRIPT.search(text))


def fold(text: str) -> str:
    """NFKC, Chinese to pinyin, Cyrillic to Latin, accents stripped, other scripts to Latin, case folded."""
    text = unicodedata.normalize("NFKC", text)
    if CJK_RE.search(text):
        text = romanize(text)
    if _CYRILLIC_RE.search(text):
        text = "".join(CYRILLIC.get(ch, ch) for ch in text.casefold())
    if _OTHER_SCRIPT.search(text):
        text = to_latin(text)  # Korean, Arabic, Greek, Thai, ... (before NFKD splits Hangul)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.casefold()


def split_alternatives(name: str) -> list[str]:
    """``"Al-Qa'ida/Islamic Army"`` -> both names; ``"Mendez A/S"`` stays one name."""
    parts = [p for p in _ALTERNATIVE_SPLIT.split(name) if p.strip()]
    if len(parts) > 1 and all(len(_LETTERS.findall(p)) >= 4 for p in parts):
        return parts
    return [name]


#: A token and whether it stood in brackets (a qualifier).
Token = tuple[str, bool]


def _raw_tokens(name: str, text: str) -> list[Token]:
    text = _APOSTROPHES.sub("", text).replace("&", " and ").replace("+", " and ")
    text = _DOTTED_INITIALS.sub(lambda m: m.group(0).replace(".", ""), text)
    text = _SLASH_LETTERS.sub(r"\1\2", text)
    out: list[Token] = []
    depth = 0
    for piece in _TOKEN.findall(text):
        if piece in "([":
            depth += 1
        elif piece in ")]":
            depth = max(0, depth - 1)
        else:
            out.append((piece, depth > 0))
    return out


def _rewrite(tokens: list[Token], step: Callable[[list[Token], int], tuple[Token, int]]) -> list[Token]:
    """Walk ``tokens`` left to right: ``step(tokens, i)`` gives the token the ones from ``i`` on become
    and how many of them it took."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        made, used = step(tokens, i)
        out.append(made)
        i += used
    return out


def _initials_at(tokens: list[Token], i: int) -> tuple[Token, int]:
    """A run of single letters, possibly joined by "and", becomes one token: p and g -> pg."""
    tok, qual = tokens[i]
    if len(tok) == 1 and tok.isalpha():
        letters = [tok]
        j = i + 1
        while j < len(tokens):
            nxt = tokens[j][0]
            if len(nxt) == 1 and nxt.isalpha():
                letters.append(nxt)
                j += 1
            elif nxt == "and" and j + 1 < len(tokens) and len(tokens[j + 1][0]) == 1:
                j += 1
            else:
                break
        if len(letters) > 1:
            return ("".join(letters), qual), j - i
    return (tok, qual), 1


def _number_at(tokens: list[Token], i: int) -> tuple[Token, int]:
    """Number words and "forty four" / "forty 4" to digits."""
    tok, qual = tokens[i]
    if tok in TENS_WORDS and i + 1 < len(tokens):
        unit = NUMBER_WORDS.get(tokens[i + 1][0], tokens[i + 1][0])
        if unit.isdigit() and len(unit) == 1:
            return (str(TENS_WORDS[tok] + int(unit)), qual), 2
    if tok in TENS_WORDS:
        return (str(TENS_WORDS[tok]), qual), 1
    if tok in NUMBER_WORDS:
        return (NUMBER_WORDS[tok], qual), 1
    if i > 0 and tok in ROMAN_NUMERALS:
        return (ROMAN_NUMERALS[tok], qual), 1
    return (tok, qual), 1


def _phrases(
    tokens: list[Token], table: dict[tuple[str, ...], str], longest: int
) -> list[tuple[str, bool, bool]]:
    """Replace phrases from ``table``; the third field says the token came from a phrase."""
    out: list[tuple[str, bool, bool]] = []
    i = 0
    words = [t for t, _ in tokens]
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 1, -1):
            hit = table.get(tuple(words[i : i + size]))
            if hit is not None:
                out.append((hit, tokens[i][1], True))
                i += size
                break
        else:
            out.append((tokens[i][0], tokens[i][1], False))
            i += 1
    return out


@lru_cache(maxsize=65536)
def classify(token: str) -> tuple[str, Kind]:
    """Canonical text and kind of one (folded) word that is not a legal form or stop word."""
    if token.isdigit():
        return token.lstrip("0") or "0", "number"
    token = ABBREVIATIONS.get(token, token)
    token = PLACE_VARIANTS.get(token, token)
    if token in WEAK_SUFFIXES:
        return token, "weak"
    if token in place_tokens():
        return token, "place"
    if token in BUSINESS_WORDS:
        return token, "generic"
    if len(token) > 4 and token.endswith("s") and token[:-1] in BUSINESS_WORDS:
        return token[:-1], "generic"
    return token, "distinctive"


def name_form(name: str) -> NameForm:
    """Normalise one company name (see the module docstring for every step)."""
    folded = fold(name)
    raw = _rewrite(_rewrite(_raw_tokens(name, folded), _initials_at), _number_at)
    with_legal = _phrases(raw, LEGAL_PHRASES, _MAX_LEGAL_PHRASE)
    legal: set[str] = set()
    kept: list[Token] = []
    has_core = any(not p and t not in LEGAL_TOKENS and t not in STOPWORDS for t, _, p in with_legal)
    for pos, (tok, qual, is_phrase) in enumerate(with_legal):
        if is_phrase:
            legal.add(tok)
            continue
        code = LEGAL_TOKENS.get(tok)
        if code is not None and has_core and (pos > 0 or tok in _PREFIX_LEGAL or len(tok) > 3):
            legal.add(code)
            continue
        if tok in STOPWORDS and len(with_legal) > 1:
            continue
        kept.append((tok, qual))
    placed = _phrases(kept, PLACE_PHRASES, _MAX_PLACE_PHRASE)
    tokens: list[Tok] = []
    numbers: list[str] = []
    for tok, qual, is_phrase in placed:
        text, kind = classify(tok) if not is_phrase else (tok, _PLACE)
        if kind == "number":
            numbers.append(text)
        else:
            tokens.append(Tok(text=text, raw=tok, kind=kind, qualifier=qual))
    compact = _NON_ALNUM.sub("", folded)
    compact = compact[3:] if compact.startswith("the") and len(compact) > 6 else compact
    return NameForm(
        original=name,
        tokens=tuple(tokens),
        legal=frozenset(legal),
        numbers=tuple(sorted(numbers)),
        compact=compact,
    )

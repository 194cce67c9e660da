"""Names in every other script to comparable Latin text (Chinese has its own module, :mod:`chinese`).

Korean and Arabic company names are read the way their companies register them in Latin script:
legal forms and common business words are translated first, longest match first (주식회사 ->
"co ltd", 자동차 -> "motor", شركة -> "company", السعودية -> "saudi"), and what is left (the brand) is
transliterated. Hangul goes through anyascii (Revised Romanization) with the vowel "eo" written "u"
the way brands write it (현대 -> "hyundae" for Hyundai, 삼성 -> "samsung"). Arabic letters are read
with a table that keeps the long vowels (أرامكو -> "aramko"; anyascii drops them), and the article
"ال" becomes "al ". Every other script (Greek, Thai, Hebrew, Devanagari, Armenian, Georgian, ...)
goes through anyascii, a maintained Unicode-to-ASCII table.
"""

from __future__ import annotations

import re
from typing import Final

from anyascii import anyascii

from screening.matching.segment import segment

HANGUL_RE: Final = re.compile(r"[\uac00-\ud7a3]+")
ARABIC_RE: Final = re.compile(r"[\u0600-\u06ff]+")
_NON_ASCII: Final = re.compile(r"[^\x00-\x7f]")

#: Korean legal forms and business words -> the English words registrations use for them.
KO_TERMS: Final[dict[str, str]] = {
    "주식회사": "co ltd",
    "유한회사": "ltd",
    "유한책임회사": "llc",
    "㈜": "co ltd",
    "그룹": "group",
    "홀딩스": "holdings",
    "지주": "holdings",
    "전자": "electronics",
    "자동차": "motor",
    "중공업": "heavy industries",
    "공업": "industrial",
    "산업": "industrial",
    "실업": "industrial",
    "섬유": "textile",
    "방직": "spinning",
    "어패럴": "apparel",
    "패션": "fashion",
    "무역": "trading",
    "상사": "trading",
    "물산": "trading",
    "화학": "chemical",
    "제철": "steel",
    "철강": "steel",
    "건설": "construction",
    "수산": "fisheries",
    "원양": "ocean",
    "해운": "shipping",
    "전기": "electric",
    "코리아": "korea",
    "글로벌": "global",
    "인터내셔널": "international",
}

#: Arabic legal forms and business words (with their article or "for the" prefix) -> English.
AR_TERMS: Final[dict[str, str]] = {
    "شركة": "company",
    "الشركة": "company",
    "مجموعة": "group",
    "المحدودة": "limited",
    "محدودة": "limited",
    "ذ.م.م": "llc",
    "القابضة": "holdings",
    "قابضة": "holdings",
    "مؤسسة": "establishment",
    "للتجارة": "trading",
    "التجارية": "trading",
    "تجارة": "trading",
    "للصناعات": "industries",
    "الصناعية": "industrial",
    "صناعات": "industries",
    "للمقاولات": "contracting",
    "للنسيج": "textile",
    "النسيج": "textile",
    "السعودية": "saudi",
    "العربية": "arabian",
    "الوطنية": "national",
    "المتحدة": "united",
    "الدولية": "international",
    "مصر": "misr",
}

#: Arabic letters -> Latin, keeping long vowels (alef, waw, yeh) as vowels.
_AR_LETTERS: Final[dict[str, str]] = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "", "ؤ": "u", "ئ": "i",
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n",
    "ه": "h", "ة": "a", "و": "w", "ي": "y", "ى": "a", "پ": "p", "چ": "ch", "گ": "g", "ک": "k", "ی": "y",
}  # fmt: skip
_AR_VOWEL_LETTERS: Final = {"و": "u", "ي": "i"}


_KO_LONGEST: Final = max(len(k) for k in KO_TERMS)


def _hangul_word(word: str) -> list[str]:
    return [anyascii(word).lower().replace("eo", "u")]


def _arabic_word(word: str) -> str:
    """One Arabic word (no business term) -> Latin: the article apart, waw/yeh as vowels inside."""
    article = ""
    if word.startswith("ال") and len(word) > 3:
        article, word = "al ", word[2:]
    out: list[str] = []
    for i, ch in enumerate(word):
        if i > 0 and ch in _AR_VOWEL_LETTERS:
            out.append("o" if ch == "و" and i == len(word) - 1 else _AR_VOWEL_LETTERS[ch])
        else:
            out.append(_AR_LETTERS.get(ch, anyascii(ch)))
    return article + "".join(out)


def romanize_hangul(text: str) -> str:
    """Runs of Hangul -> business terms in English and brands in Revised Romanization."""

    def read(run: str) -> str:
        return " " + " ".join(segment(run, KO_TERMS, _KO_LONGEST, _hangul_word)) + " "

    return HANGUL_RE.sub(lambda m: read(m.group(0)), text)


def romanize_arabic(text: str) -> str:
    """Arabic words -> business terms in English, the rest letter by letter (see the module docstring)."""
    words = []
    for word in text.split():
        term = AR_TERMS.get(word)
        if term is None and word.startswith("ل") and word[1:] in AR_TERMS:
            term = AR_TERMS[word[1:]]  # "ل" + term: "for the ..."
        words.append(term if term is not None else ARABIC_RE.sub(lambda m: _arabic_word(m.group(0)), word))
    return " ".join(words)


def to_latin(text: str) -> str:
    """Korean and Arabic as above, then anyascii for any other non-ASCII character that remains."""
    if HANGUL_RE.search(text):
        text = romanize_hangul(text)
    if ARABIC_RE.search(text):
        text = romanize_arabic(text)
    if _NON_ASCII.search(text):
        text = anyascii(text)
    return text

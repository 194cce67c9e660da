"""Cell values: trimmed text, yes/no flags, numbers, worker counts and shares.

Each parser takes a column of raw text and returns the typed values and, per row, the problem
(a readable sentence naming the column, the value and the fix) or null. Work is vectorised: plain
values go through polars casts; only the distinct values polars cannot read are looked at in
Python, once each.

- Empty: ``""``, ``-``, ``n/a``, ``na``, ``n.a.``, ``#n/a``, ``null``, ``none`` (case ignored).
- Yes/no: yes/no, y/n, true/false, t/f, 1/0, x, ticks (✓ ✔ ☑ ✅), and ``l`` / ``ü`` (Wingdings ticks
  after a font change) for yes; ✗ ✘ for no; plus a mapping file's ``true_values``/``false_values``.
- Numbers: ``1200.5``, ``$1,200.50``, ``USD 1 200``, ``1.200,50`` (dots for thousands with a
  decimal comma), ``12,5``; ``1,200`` is read as twelve hundred. ``(1,200)`` is negative.
- Worker counts: a number, or a band (``501-1500``, ``>5000``, ``5000+``) which gives null.
- Shares: 0 to 1, or 0 to 100 when the header has ``%``, the column is a percent column, or any
  value exceeds 1; ``25%`` is always 0.25. Above 100% or below 0 is a problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

import polars as pl

NULL_TOKENS: Final[frozenset[str]] = frozenset(
    {"", "-", "--", "—", "–", "n/a", "na", "n.a.", "n.a", "#n/a", "null", "none", "nan", "?"}
)
#: A country column keeps "NA" (Namibia's code).
COUNTRY_NULL_TOKENS: Final[frozenset[str]] = NULL_TOKENS - {"na"}

TRUE_WORDS: Final[frozenset[str]] = frozenset(
    {
        "yes",
        "y",
        "true",
        "t",
        "1",
        "1.0",
        "x",
        "✓",
        "✔",
        "☑",
        "✅",
        "l",
        "ü",
        "checked",
        "ja",
        "oui",
        "sí",
        "si",
    }
)
FALSE_WORDS: Final[frozenset[str]] = frozenset(
    {"no", "n", "false", "f", "0", "0.0", "✗", "✘", "☐", "unchecked", "nein", "non"}
)

_CURRENCY = re.compile(
    r"^(?:usd|us\$|eur|gbp|cny|rmb|jpy|inr|bdt|vnd|idr|try|chf|hkd|twd|krw|thb|myr|cad|aud|[$€£¥₹])\s*"
    r"|\s*(?:usd|eur|gbp|cny|rmb|jpy|inr|bdt|vnd|idr|try|chf|hkd|twd|krw|thb|myr|cad|aud|[$€£¥₹])$",
    re.IGNORECASE,
)
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_THOUSANDS_EN = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_THOUSANDS_EU = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$|^[+-]?\d{1,3}(\.\d{3})*,\d+$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
#: Values only a continental writer produces / only an English-style writer produces.
_EU_ONLY = r"^[+-]?\d{1,3}(\.\d{3})+,\d+$|^[+-]?\d{1,3}(\.\d{3}){2,}$|^[+-]?\d+,(\d{1,2}|\d{4,})$"
_EN_ONLY = r"^[+-]?\d{1,3}(,\d{3})+\.\d+$|^[+-]?\d{1,3}(,\d{3}){2,}$|^[+-]?\d+\.(\d{1,2}|\d{4,})$"
_BAND = re.compile(
    r"^(\d[\d,. ]*\s*(-|–|—|to)\s*\d[\d,. ]*|[<>≤≥]=?\s*\d[\d,. ]*|\d[\d,. ]*\s*\+"
    r"|(more|less|fewer) than\s*\d[\d,. ]*|(over|under|above|below|up to)\s*\d[\d,. ]*)$",
    re.IGNORECASE,
)


@dataclass
class Parsed:
    """Typed values and, per row, a problem sentence (null when the value is fine)."""

    values: pl.Series
    problem: pl.Series
    has_bands: bool = False


def _variants(tokens: Iterable[str]) -> list[str]:
    out: set[str] = set()
    for t in tokens:
        out.update({t, t.lower(), t.upper(), t.title(), t.capitalize()})
    return sorted(out)


def clean_text(raw: pl.Series, null_tokens: frozenset[str] = NULL_TOKENS) -> pl.Series:
    """Trim, collapse runs of whitespace (line breaks in a cell) to one space, empty words to null."""
    text = raw.str.strip_chars()
    spaced = text.str.contains(r"\s\s|[\r\n\t\u00a0\u202f\u2028\u2029]").fill_null(False)
    if spaced.any():
        index = spaced.arg_true()
        text = text.scatter(index, text.gather(index).str.replace_all(r"\s+", " "))
    nulls = text.is_in(_variants(null_tokens)).fill_null(False)
    if nulls.any():
        text = text.scatter(nulls.arg_true(), None)
    return text.alias(raw.name)


def _problem_series(keys: pl.Series, bad: dict[str, str]) -> pl.Series:
    if not bad:
        return pl.repeat(None, len(keys), dtype=pl.String, eager=True)
    return keys.replace_strict(bad, default=None, return_dtype=pl.String)


def parse_bool(
    text: pl.Series, label: str, true_extra: Iterable[str] = (), false_extra: Iterable[str] = ()
) -> Parsed:
    """Yes/no cells of ``text`` (already cleaned) -> Boolean; ``label`` names the column in problems."""
    trues = TRUE_WORDS | {v.strip().lower() for v in true_extra}
    falses = FALSE_WORDS | {v.strip().lower() for v in false_extra}
    mapping: dict[str, bool] = {}
    bad: dict[str, str] = {}
    for value in text.drop_nulls().unique().to_list():
        key = value.lower()
        if key in trues:
            mapping[value] = True
        elif key in falses:
            mapping[value] = False
        else:
            bad[value] = (
                f"{label} is '{value}', which is not yes/no: write yes/no, true/false, 1/0 or a tick, or "
                "list the word under true_values/false_values in a --mapping file"
            )
    if mapping:
        values = text.replace_strict(mapping, default=None, return_dtype=pl.Boolean)
    else:
        values = pl.repeat(None, len(text), dtype=pl.Boolean, eager=True)
    return Parsed(values.alias(text.name), _problem_series(text, bad))


def number_value(text: str, *, european: bool = False) -> float | None:
    """One number as people write it in supplier lists, or ``None`` if it is not one.

    ``european``: the column writes ``1.200`` for twelve hundred (decided per column).
    """
    t = text.strip()
    negative = t.startswith("(") and t.endswith(")")
    if negative:
        t = t[1:-1].strip()
    t = _CURRENCY.sub("", t).strip()
    t = re.sub(r"(?<=\d)[\s\u00a0\u202f'’](?=\d{3}\b)", "", t)
    if european and (_THOUSANDS_EU.match(t) or _DECIMAL_COMMA.match(t)):
        number = float(t.replace(".", "").replace(",", "."))
    elif _PLAIN.match(t):
        number = float(t)
    elif _THOUSANDS_EN.match(t):
        number = float(t.replace(",", ""))
    elif _THOUSANDS_EU.match(t) or _DECIMAL_COMMA.match(t):
        number = float(t.replace(".", "").replace(",", "."))
    else:
        return None
    return -number if negative else number


def is_european(text: pl.Series, failed: pl.Series) -> bool:
    """Whether a column writes numbers the continental way (``1.250.000,00``, ``0,5``).

    Evidence is looked for among the values a plain cast ``failed`` on; a column with any value only
    an English-style writer produces (``1,200.50``, ``250000.50``) is not continental.
    """
    if not failed.str.contains(_EU_ONLY).any():
        return False
    return not text.str.contains(_EN_ONLY).any()


def _vector_numbers(text: pl.Series, *, european: bool) -> pl.Series:
    """The common written forms, vectorised: ``$1,200.50``, ``1,200``, ``1.200,50``, ``12,5``."""
    t = text.str.replace(r"^[$€£¥₹]\s?", "")
    if european:
        t = t.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)
        return t.cast(pl.Float64, strict=False)
    english = t.str.contains(_THOUSANDS_EN.pattern).fill_null(False)
    continental = (t.str.contains(_THOUSANDS_EU.pattern) | t.str.contains(_DECIMAL_COMMA.pattern)).fill_null(
        False
    )
    t = pl.select(
        pl.when(english)
        .then(t.str.replace_all(",", "", literal=True))
        .when(continental)
        .then(t.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True))
        .otherwise(t)
    ).to_series()
    return t.cast(pl.Float64, strict=False)


def _numbers(text: pl.Series) -> tuple[pl.Series, list[str]]:
    """Float values (null where unreadable) and the distinct unreadable texts."""
    values = text.cast(pl.Float64, strict=False)
    values = values.scatter((~values.is_finite()).fill_null(False).arg_true(), None)
    need = (values.is_null() & text.is_not_null()).fill_null(False)
    if not need.any():
        return values, []
    index = need.arg_true()
    european = is_european(text, text.gather(index))
    if european:
        index = (text.is_not_null() & text.str.contains(r"[.,]")).fill_null(False).arg_true()
    values = values.scatter(index, _vector_numbers(text.gather(index), european=european))
    need = (values.is_null() & text.is_not_null()).fill_null(False)
    if not need.any():
        return values, []
    mapping: dict[str, float] = {}
    unreadable: list[str] = []
    for value in text.filter(need).unique().to_list():
        number = number_value(value, european=european)
        if number is None:
            unreadable.append(value)
        else:
            mapping[value] = number
    if mapping:
        index = need.arg_true()
        values = values.scatter(
            index, text.gather(index).replace_strict(mapping, default=None, return_dtype=pl.Float64)
        )
    return values, unreadable


#: Largest number a numeric field may hold (a spend of a quadrillion in any currency): far above any
#: real value, and low enough that the sum of a billion such rows stays a finite float.
MAX_NUMBER = 1e15


def parse_number(text: pl.Series, label: str, *, bands: bool = False, negative: bool = True) -> Parsed:
    """Numbers (spend, workers). With ``bands``, ranges like ``501-1500`` give null, not a problem."""
    values, unreadable = _numbers(text)
    bad: dict[str, str] = {}
    found_band = False
    for value in unreadable:
        if bands and _BAND.match(value.strip()):
            found_band = True
            continue
        bad[value] = (
            f"{label} is '{value}', which is not a number: write a plain number such as 1200.50 "
            "(currency signs and thousands separators are fine) or leave the cell empty"
        )
    if not negative:
        for value in text.filter(values < 0).unique().to_list():
            bad[value] = f"{label} is '{value}', which is negative: a count cannot be below 0"
        values = pl.select(pl.when(values >= 0).then(values)).to_series()
    huge = (values.abs() > MAX_NUMBER) | values.is_nan() | values.is_infinite()
    if huge.fill_null(False).any():
        for value in text.filter(huge.fill_null(False)).unique().to_list():
            bad[value] = (
                f"{label} is '{value}', which is beyond {MAX_NUMBER:.0e} (or not a finite number): check "
                "the cell; a total of such values cannot be computed"
            )
        values = pl.select(pl.when(~huge).then(values)).to_series()
    return Parsed(values.alias(text.name), _problem_series(text, bad), found_band)


def parse_share(text: pl.Series, label: str, *, percent: bool) -> Parsed:
    """Shares to 0..1. ``percent``: the column is written 0-100 (its header has ``%``, or declared)."""
    has_sign = text.str.ends_with("%").fill_null(False)
    bare = pl.select(
        pl.when(has_sign).then(text.str.strip_chars_end("%").str.strip_chars()).otherwise(text)
    ).to_series()
    numbers, unreadable = _numbers(bare)
    plain_max = numbers.filter(~has_sign).max()
    scale_column = percent or (isinstance(plain_max, int | float) and plain_max > 1)
    divide = has_sign | scale_column
    shares = pl.select(pl.when(divide).then(numbers / 100).otherwise(numbers)).to_series()
    signed = set(bare.filter(has_sign).unique().to_list())
    bad: dict[str, str] = {}
    for value in unreadable:
        bad[value] = f"{label} is '{value}', which is not a share: write a number from 0 to 100 (or 0 to 1)"
    out_of_range = ((shares > 1) | (shares < 0)).fill_null(False)
    for value in bare.filter(out_of_range).unique().to_list():
        shown = f"{value}%" if scale_column or value in signed else value
        bad[value] = (
            f"{label} is '{shown}', which is outside 0-100%: write a share between 0 and 100 (or 0 and 1) "
            "or leave the cell empty"
        )
    shares = pl.select(pl.when(out_of_range).then(None).otherwise(shares)).to_series()
    return Parsed(shares.alias(text.name), _problem_series(bare, bad))


def plausible(field_kind: str, values: Iterable[str]) -> bool:
    """Whether a sample of a column's values could fill a typed field (used to vet header guesses).

    ``field_kind`` is ``bool``, ``number``, ``workers``, ``share`` or ``text`` (always plausible).
    At least half of the non-empty values must read as that type.
    """
    if field_kind == "text":
        return True
    seen = ok = 0
    for raw in values:
        value = raw.strip()
        if value.lower() in NULL_TOKENS:
            continue
        seen += 1
        if field_kind == "bool":
            ok += value.lower() in TRUE_WORDS or value.lower() in FALSE_WORDS
        elif field_kind == "workers":
            ok += number_value(value) is not None or bool(_BAND.match(value))
        else:
            ok += number_value(value.rstrip("%")) is not None
    return seen == 0 or ok * 2 >= seen

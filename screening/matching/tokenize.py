"""Vectorised name normalisation: :func:`screening.matching.names.name_form` for many names at once.

Screening a million supplier rows cannot afford the Python normaliser on every unique name
(~100 µs each), yet the candidate bounds in :mod:`screening.matching.bounds` are only safe when
they see exactly the tokens the scorer sees. So this module reproduces ``name_form`` step by step
with polars string expressions for the names where every step has an exact vectorised form, and
calls ``name_form`` itself for the others:

* fast path - ASCII names without brackets (qualifiers), without single letters left after dotted
  initials are joined (runs of initials), without dotted runs of four or more letters, and without
  number words or Roman numerals; everything else (legal and place phrases, legal forms by
  position, stop words, abbreviations, token kinds) is reproduced exactly;
* fallback - every other name goes through ``name_form``.

Both paths give, per name, the tokens of ``name_form(name).tokens`` (text, kind, qualifier) and its
``compact`` spelling; ``tests/matching/test_tokenize.py`` checks the equality on thousands of names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import numpy as np
import polars as pl

from screening.matching import vocab
from screening.matching.align import TokenWeights
from screening.matching.key_runs import key_runs
from screening.matching.names import _PREFIX_LEGAL, Tok, classify, name_form
from screening.matching.places import PLACE_PHRASES

_SEP: Final = "  "  # tokens are joined by two spaces so that a phrase pattern can own one each side
_LEGAL_MARK: Final = "\x01"
_PLACE_MARK: Final = "\x02"
TOKEN_SCHEMA: Final[dict[str, pl.DataType]] = {
    "sid": pl.UInt32(),
    "pos": pl.UInt32(),
    "tok": pl.String(),
    "kind": pl.String(),
    "qual": pl.Boolean(),
}
#: Columns added for the bounds: the scorer's token weight, the first letter's code point, length.
EXTRA_SCHEMA: Final[dict[str, pl.DataType]] = {"w": pl.Float64(), "c0": pl.Int64(), "len": pl.Int64()}


def _phrase_regex(phrases: list[tuple[str, ...]]) -> str:
    ordered = sorted(phrases, key=lambda p: (-len(p), p))  # longest first: leftmost-first = Python scan
    return " (?:" + "|".join(_SEP.join(re.escape(w) for w in p) for p in ordered) + ") "


def _overlapping(phrases: Mapping[tuple[str, ...], str]) -> bool:
    """True when replacing phrases one by one could differ from the left-to-right scan."""
    firsts = {p[0] for p in phrases}
    lasts = {w for p in phrases for w in p[1:]}
    return bool(firsts & lasts)


_LEGAL_RE: Final = _phrase_regex(list(vocab.LEGAL_PHRASES))
_PLACE_SEQUENTIAL: Final = not _overlapping(PLACE_PHRASES)
_PLACE_FIRST: Final = sorted({p[0] for p in PLACE_PHRASES})
_NUMBERISH: Final = sorted(set(vocab.NUMBER_WORDS) | set(vocab.TENS_WORDS) | set(vocab.ROMAN_NUMERALS))
_LEGAL_LIST: Final = sorted(vocab.LEGAL_TOKENS)
_STOP_LIST: Final = sorted(vocab.STOPWORDS)
_PREFIX_LIST: Final = sorted(_PREFIX_LEGAL)


@dataclass(frozen=True)
class NameTokens:
    """Tokens (sid, pos, tok, kind, qual) and compact spellings (sid, compact, key_len: letters of
    the tokens) of many names."""

    tokens: pl.DataFrame
    compact: pl.DataFrame
    fallback: int  # how many names went through the Python normaliser


def _prepared(names: pl.DataFrame) -> pl.DataFrame:
    """sid, name -> sid, text (tokenisable text), compact (fast-path compact spelling), fast."""
    low = pl.col("name").str.to_lowercase()
    text = pl.col("low").str.replace_all(r"['`]", "").str.replace_all(r"[&+]", " and ")
    dotted = (
        pl.col("text")
        .str.replace_all(r"\b([a-z])\.([a-z])\.([a-z])\b\.?", "${1}${2}${3}")
        .str.replace_all(r"\b([a-z])\.([a-z])\b\.?", "${1}${2}")
        .str.replace_all(r"\b([a-z])/([a-z])\b", "${1}${2}")
    )
    simple = (
        ~pl.col("name").str.contains(r"[^\x00-\x7F]")
        & ~pl.col("name").str.contains(r"[()\[\]]")
        & ~pl.col("text").str.contains(r"[a-z]\.[a-z]\.[a-z]\.[a-z]")
    )
    bare = pl.col("compact")
    compact = (
        pl.when(bare.str.starts_with("the") & (bare.str.len_chars() > 6))
        .then(bare.str.slice(3))
        .otherwise(bare)
    )
    # dotted initials and slashed letters are rare: replace only where a letter-dot-letter occurs
    frame = (
        names.select("sid", "name")
        .with_columns(low.alias("low"))
        .with_columns(text.alias("text"), pl.col("low").str.replace_all(r"[^a-z0-9]+", "").alias("compact"))
        .with_columns(simple.alias("fast"), compact.alias("compact"))
        .drop("low", "name")
    )
    marked = pl.col("text").str.contains(r"[a-z][./][a-z]")
    return pl.concat([frame.filter(~marked), frame.filter(marked).with_columns(dotted.alias("text"))]).sort(
        "sid"
    )


def _alternation(words: list[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))) + ")"


_SHORT_LEGAL: Final = sorted(w for w in vocab.LEGAL_TOKENS if w not in _PREFIX_LEGAL and len(w) <= 3)
_BAD_RE: Final = " (?:[a-z]|" + _alternation(_NUMBERISH)[3:] + " "
_DROPPABLE_RE: Final = (
    "^(?: (?:" + _alternation([*vocab.LEGAL_TOKENS, *vocab.STOPWORDS, _LEGAL_MARK])[3:] + " )*$"
)
_LEGAL_TOK_RE: Final = " " + _alternation(_LEGAL_LIST) + " "
_STOP_RE: Final = " " + _alternation(_STOP_LIST) + " "
_FIRST_SHORT_RE: Final = "^ (" + _alternation(_SHORT_LEGAL) + ") "
_GUARD: Final = "\x03"
#: Any place phrase with any run of spaces between its words (legal forms and stop words removed
#: from between two words leave wider gaps; the scorer then sees the words as adjacent).
_PLACE_ANY_LOOSE: Final = " (?:" + "|".join(" +".join(re.escape(w) for w in p) for p in PLACE_PHRASES) + ") "


def _fast_tokens(prep: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Tokens of fast-path names (raw, before classification), and the sids found not to be fast
    after tokenising. Every token is held as " token " in a string of tokens joined by two spaces,
    so that each normalisation step is one regular-expression replacement over all names."""
    seq = " " + pl.col("text").str.replace_all(r"[^a-z0-9]+", _SEP).str.strip_chars(" ") + " "
    words = prep.select("sid", seq.alias("s"))
    bad_mask = pl.col("s").str.contains(_BAD_RE)
    if not _PLACE_SEQUENTIAL:
        bad_mask = bad_mask | pl.col("s").str.contains(" " + _alternation(_PLACE_FIRST) + " ")
    bad = words.filter(bad_mask).select("sid")
    words = words.filter(~bad_mask)
    s = pl.col("s")
    legal = s.str.replace_all(_LEGAL_RE, f" {_LEGAL_MARK} ")
    n = s.str.count_matches(_SEP) + 1  # elements after legal phrases (tokens and phrase marks)
    core = ~s.str.contains(_DROPPABLE_RE)
    # legal forms go when the name has a core word, except a short non-prefix form standing first
    guarded = s.str.replace(_FIRST_SHORT_RE, f" {_GUARD}$1 ")
    no_legal = guarded.str.replace_all(_LEGAL_TOK_RE, " ").str.replace(_GUARD, "", literal=True)
    words = (
        words.with_columns(legal.alias("s"))
        .with_columns(n.alias("n"), core.alias("core"))
        .with_columns(pl.when(pl.col("core")).then(no_legal).otherwise(s).alias("s"))
        .with_columns(
            pl.when(pl.col("n") > 1)
            .then(s.str.replace_all(_STOP_RE, " "))
            .otherwise(s)
            .str.replace_all(_LEGAL_MARK, "", literal=True)
            .alias("s")
        )
    )
    # place phrases, one pattern at a time (they do not overlap), only where one occurs; the
    # tokens in between must be adjacent again (two spaces) for a phrase to match across them
    has_place = pl.col("s").str.contains(_PLACE_ANY_LOOSE)
    placed = pl.col("s").str.replace_all(" {2,}", _SEP)
    for phrase in sorted(PLACE_PHRASES, key=lambda p: (-len(p), p)):
        pattern = " " + _SEP.join(re.escape(w) for w in phrase) + " "
        placed = placed.str.replace_all(pattern, f" {_PLACE_MARK}{PLACE_PHRASES[phrase]} ")
    words = pl.concat(
        [words.filter(~has_place), words.filter(has_place).with_columns(placed.alias("s"))]
    ).sort("sid")
    raw = pl.col("s").str.replace_all(" [0-9]+ ", " ").str.extract_all(r"[^ ]+")
    toks = (
        words.select("sid", raw.alias("raw"))
        .with_columns(pl.int_ranges(0, pl.col("raw").list.len(), dtype=pl.UInt32).alias("pos"))
        .explode("raw", "pos")
        .drop_nulls("raw")
    )
    return toks, bad


def _extras(tok: str, kind: str, qual: bool, weights: TokenWeights) -> tuple[float, int, int]:
    """Weight, first code point and length of a token (see :data:`EXTRA_SCHEMA`)."""
    return weights.weight(Tok(tok, tok, kind, qual)), ord(tok[0]) if tok else 0, len(tok)  # type: ignore[arg-type]


def _classified(toks: pl.DataFrame, weights: TokenWeights) -> pl.DataFrame:
    vocab = toks.select(pl.col("raw").unique())
    rows: list[tuple[str, str, str, float, int, int]] = []
    for raw in vocab["raw"].to_list():
        tok, kind = (raw[1:], "place") if raw.startswith(_PLACE_MARK) else classify(raw)
        rows.append((raw, tok, kind, *_extras(tok, kind, False, weights)))
    schema: dict[str, pl.DataType] = {
        "raw": pl.String(),
        "tok": pl.String(),
        "kind": pl.String(),
        **EXTRA_SCHEMA,
    }
    table = pl.DataFrame(rows, schema=schema, orient="row")
    out = toks.join(table, on="raw", how="left", maintain_order="left")
    return out.select(
        pl.col("sid").cast(pl.UInt32), "pos", "tok", "kind", pl.lit(False).alias("qual"), *EXTRA_SCHEMA
    )


def token_frame(names: pl.DataFrame, weights: TokenWeights) -> NameTokens:
    """``names`` (sid UInt32, name String; sids unique) -> the tokens ``name_form`` would give,
    sorted by (sid, pos), with their weights under ``weights`` (:data:`EXTRA_SCHEMA`)."""
    prep = _prepared(names)
    fast = prep.filter(pl.col("fast"))
    toks, bad = _fast_tokens(fast.select("sid", "text"))
    fast = fast.join(bad, on="sid", how="anti")
    frames = [_classified(toks, weights)] if not toks.is_empty() else []
    compact = [fast.select(pl.col("sid").cast(pl.UInt32), "compact")]
    slow = names.select("sid", "name").join(prep.filter(~pl.col("fast")).select("sid"), on="sid", how="semi")
    slow = pl.concat([slow, names.select("sid", "name").join(bad, on="sid", how="semi")])
    rows: list[tuple[int, int, str, str, bool, float, int, int]] = []
    comp: list[tuple[int, str]] = []
    for sid, name in slow.iter_rows():
        form = name_form(name)
        rows.extend(
            (sid, pos, t.text, t.kind, t.qualifier, *_extras(t.text, t.kind, t.qualifier, weights))
            for pos, t in enumerate(form.tokens)
        )
        comp.append((sid, form.compact))
    if rows:
        frames.append(
            pl.DataFrame(rows, schema={**TOKEN_SCHEMA, **EXTRA_SCHEMA}, orient="row").sort("sid", "pos")
        )
    if comp:
        compact.append(pl.DataFrame(comp, schema={"sid": pl.UInt32, "compact": pl.String}, orient="row"))
    # both parts are sorted by (sid, pos) and a name is in one part only: merge, do not sort
    full = {**TOKEN_SCHEMA, **EXTRA_SCHEMA}
    frames = [f.cast(full) for f in frames]  # type: ignore[arg-type]
    tokens = frames[0] if frames else pl.DataFrame(schema=full)
    for extra in frames[1:]:
        tokens = tokens.merge_sorted(extra, key="sid")
    tokens, starts, _ = key_runs(tokens, "sid")
    letters = tokens.get_column("tok").str.len_chars().cast(pl.Int64).to_numpy()
    keys = pl.DataFrame(
        {
            "sid": tokens.get_column("sid").gather(starts),
            "key_len": np.add.reduceat(letters, starts) if letters.size else letters,
        }
    )
    compact_frame = (
        pl.concat(compact)
        .join(keys, on="sid", how="left")
        .with_columns(pl.col("key_len").fill_null(0).cast(pl.Int64))
    )
    return NameTokens(tokens=tokens, compact=compact_frame, fallback=slow.height)

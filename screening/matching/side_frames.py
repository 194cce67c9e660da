"""The two sides of a screening as frames: tokens with weights, totals, compact spellings, runs
of consecutive tokens, and initials; and the prepared list side (:class:`ListIndex`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from screening.matching.align import TokenWeights
from screening.matching.bounds import Side
from screening.matching.key_runs import key_runs
from screening.matching.names import NameForm, Tok
from screening.matching.relations import runs
from screening.matching.tokenize import TOKEN_SCHEMA, NameTokens


def _weighted(tokens: pl.DataFrame, weights: TokenWeights) -> pl.DataFrame:
    """tokens + w (the scorer's token weight), len (letters) and c0 (code point of the first letter)."""
    vocab = tokens.select("tok", "kind", "qual").unique()
    rows = vocab.iter_rows()
    w = [weights.weight(Tok(t, t, k, q)) for t, k, q in rows]
    c0 = [ord(t[0]) if t else 0 for t in vocab["tok"].to_list()]
    table = vocab.with_columns(pl.Series("w", w, dtype=pl.Float64), pl.Series("c0", c0, dtype=pl.Int64))
    return tokens.join(table, on=["tok", "kind", "qual"], how="left", maintain_order="left").with_columns(
        pl.col("tok").str.len_chars().cast(pl.Int64).alias("len")
    )


#: Initials are encoded exactly as integers: three code points of 21 bits in each of two columns.
INIT_COLS = ("h1", "h2", "n")


def encode_initials(text: str) -> tuple[int, int, int]:
    """The integer key of a string of at most six letters (as :func:`_initials` encodes them)."""
    codes = [ord(c) for c in text]
    h1 = sum(c << (21 * k) for k, c in enumerate(codes[:3]))
    h2 = sum(c << (21 * k) for k, c in enumerate(codes[3:6]))
    return h1, h2, len(codes)


def _initials(t: pl.DataFrame, key: str, prefix: str) -> pl.DataFrame:
    """key, <prefix>_h1, <prefix>_h2, <prefix>_n: the first letters of each name's tokens (rows in
    (key, pos) order), encoded by :func:`encode_initials`; null beyond six tokens or below two."""
    t, starts, k = key_runs(t, key)
    value = t.get_column("c0").to_numpy().astype(np.int64) * np.array([1, 2**21, 2**42], np.int64)[k % 3]
    n = np.diff(np.r_[starts, k.size])
    ok = pl.Series((n >= 2) & (n <= 6))
    columns = {
        "h1": np.add.reduceat(np.where(k < 3, value, 0), starts) if k.size else n,
        "h2": np.add.reduceat(np.where((k >= 3) & (k < 6), value, 0), starts) if k.size else n,
        "n": n,
    }
    out = {f"{prefix}_{c}": pl.Series(v, dtype=pl.Int64) for c, v in columns.items()}
    return pl.DataFrame({key: t.get_column(key).gather(starts), **out}).with_columns(
        pl.when(ok).then(pl.col(f"{prefix}_{c}")).alias(f"{prefix}_{c}") for c in INIT_COLS
    )


def _firsts(t: pl.DataFrame, key: str, core: pl.Expr) -> pl.DataFrame:
    """Per name: n_full (tokens), n_core (``core`` tokens), core_tok (the first core token), f1 and f2
    (the first letters of the first token and of the first core token)."""
    t, starts, _ = key_runs(t, key)
    is_core = t.select(core).to_series().to_numpy()
    rows = np.arange(is_core.size)
    n_full = np.diff(np.r_[starts, is_core.size])
    n_core = np.add.reduceat(is_core.astype(np.int64), starts) if is_core.size else n_full
    none = is_core.size  # past the end: a name without a core token
    first_core = np.minimum.reduceat(np.where(is_core, rows, none), starts) if is_core.size else n_full
    at = pl.Series(first_core).replace(none, None)
    return pl.DataFrame(
        {
            key: t.get_column(key).gather(starts),
            "n_full": pl.Series(n_full, dtype=pl.UInt32),
            "n_core": pl.Series(n_core, dtype=pl.UInt32),
            "core_tok": t.get_column("tok").gather(at),
            "f1": t.get_column("c0").gather(starts),
            "f2": t.get_column("c0").gather(at),
        }
    )


def _acronyms(
    tokens: pl.DataFrame, key: str, min_len: int, targets: pl.DataFrame | None = None
) -> pl.DataFrame:
    """key, abbr_* (the one core word when alphabetic, min_len..6 letters), full_* and core_*
    (initials of the non-weak tokens, and of those that are not places: the acronym comparator),
    each encoded by :func:`encode_initials`. With ``targets`` (the other side's acronyms), initials
    are only spelled out for names whose length and first letter can equal one of its one-word
    names (the others could never be compared with initials)."""
    t = tokens.filter(pl.col("kind") != "weak").select(key, "pos", "tok", "kind", "c0")
    core = pl.col("kind") != "place"
    counts = _firsts(t, key, core)
    n = pl.col("core_tok").str.len_chars()
    cand = counts.filter((pl.col("n_core") == 1) & (n >= min_len) & (n <= 6)).select(key, "core_tok")
    words = cand["core_tok"].unique().to_list()
    codes = [(w, *encode_initials(w)) for w in words if w.isalpha()]
    table = pl.DataFrame(
        codes,
        schema={"core_tok": pl.String, "abbr_h1": pl.Int64, "abbr_h2": pl.Int64, "abbr_n": pl.Int64},
        orient="row",
    )
    abbr = cand.join(table, on="core_tok").drop("core_tok")
    if targets is not None:
        tg = targets.drop_nulls("abbr_n")
        lengths = tg["abbr_n"].unique().implode()
        firsts = (tg["abbr_h1"] % (2**21)).unique().implode()
        keep = counts.filter(
            (pl.col("n_full").is_in(lengths) & pl.col("f1").is_in(firsts))
            | (pl.col("n_core").is_in(lengths) & pl.col("f2").is_in(firsts))
        )
        t = t.join(keep.select(key), on=key, how="semi", maintain_order="left")
    full = _initials(t, key, "full").join(counts.select(key, "n_full"), on=key)
    core_i = _initials(t.filter(core), key, "core")
    out = (
        counts.select(key)
        .join(abbr, on=key, how="left")
        .join(full, on=key, how="left")
        .join(core_i, on=key, how="left")
    )
    # the comparator needs two non-weak tokens before it looks at the non-place ones
    return out.with_columns(
        *(pl.when(pl.col("n_full") >= 2).then(pl.col(f"core_{c}")).alias(f"core_{c}") for c in INIT_COLS)
    ).drop("n_full")


def make_side(
    nt: NameTokens, key: str, weights: TokenWeights, min_len: int, other: Side | None = None
) -> Side:
    """One side's frames. A supplier side (``other`` = the list's side) gets its runs later, from
    :func:`relations`, restricted to those that can matter, and initials only where the list has
    one-word names they could equal."""
    tokens = nt.tokens if "w" in nt.tokens.columns else _weighted(nt.tokens, weights)
    tokens = tokens.rename({"sid": key}) if key != "sid" else tokens
    tokens, starts, _ = key_runs(tokens, key)
    weights_ = tokens.get_column("w").to_numpy()
    totals = pl.DataFrame(
        {
            key: tokens.get_column(key).gather(starts),
            "W": np.add.reduceat(weights_, starts) if weights_.size else np.zeros(0),
        }
    )
    compact = nt.compact.rename({"sid": key}) if key != "sid" else nt.compact
    return Side(
        tokens=tokens,
        totals=totals,
        compact=compact,
        runs=pl.DataFrame() if other is not None else runs(tokens, key),
        acronyms=_acronyms(tokens, key, min_len, None if other is None else other.acronyms),
    )


def forms_tokens(forms: Sequence[NameForm]) -> NameTokens:
    """NameTokens of already normalised forms (the listed names)."""
    rows = [(i, p, t.text, t.kind, t.qualifier) for i, f in enumerate(forms) for p, t in enumerate(f.tokens)]
    tokens = pl.DataFrame(rows, schema=TOKEN_SCHEMA, orient="row").sort("sid", "pos")
    keys = [(i, f.compact, sum(len(t.text) for t in f.tokens)) for i, f in enumerate(forms)]
    compact = pl.DataFrame(
        keys, schema={"sid": pl.UInt32, "compact": pl.String, "key_len": pl.Int64}, orient="row"
    )
    return NameTokens(tokens=tokens, compact=compact, fallback=0)


@dataclass(frozen=True)
class ListIndex:
    """The listed names (``lid`` = position in ``forms``) prepared for blocking and bounds."""

    forms: tuple[NameForm, ...]
    side: Side
    doc_freq: pl.DataFrame  # tok, ldf (listed names containing the token)

    @classmethod
    def build(
        cls, forms: Sequence[NameForm], weights: TokenWeights, acronym_min_length: int = 2
    ) -> ListIndex:
        side = make_side(forms_tokens(forms), "lid", weights, acronym_min_length)
        df = side.tokens.group_by("tok").agg(pl.col("lid").n_unique().alias("ldf"))
        return cls(forms=tuple(forms), side=side, doc_freq=df)

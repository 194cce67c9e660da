"""Token relations computed once per vocabulary, not per pair: which words can align.

The scorer (:func:`screening.matching.align.align`) links two tokens when they are equal, when
:func:`~screening.matching.align.token_similarity` is above 0 (one or two typing errors), or when one
token equals two or three consecutive tokens of the other name written together with similarity
0.9 or more ("hoshinesilicon" / "hoshine silicon"). This module finds such relations between a
supplier vocabulary and a list vocabulary with deletion neighbourhoods (every string with up to k
characters deleted; two strings within k OSA edits share a neighbour) and verifies each with the
scorer's own similarity, vectorised with rapidfuzz.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from rapidfuzz.distance import OSA
from rapidfuzz.process import cdist, cpdist

SIM_SCHEMA: dict[str, pl.DataType] = {
    "tok": pl.String(),
    "ltok": pl.String(),
    "sim": pl.Float64(),
    "d": pl.Int64(),
    "close": pl.Boolean(),
}


def _one_deletion(frame: pl.DataFrame, src: str, dst: str) -> pl.DataFrame:
    """``frame`` with ``dst`` = a list of ``src`` and every form of it with one character removed
    (rows grouped by length, so that each group slices only as often as its strings are long)."""
    out = []
    frame = frame.with_columns(pl.col(src).str.len_chars().alias("_n"))
    for (n,), part in frame.group_by("_n"):
        s = pl.col(src)
        forms = [s] + [s.str.slice(0, i) + s.str.slice(i + 1) for i in range(int(str(n)))]
        out.append(part.with_columns(pl.concat_list(forms).list.unique().alias(dst)))
    return pl.concat(out).drop("_n")


def variants(frame: pl.DataFrame, col: str, max_del: pl.Expr) -> pl.DataFrame:
    """``frame`` with one row per (row, deletion variant) in column ``var``: the string itself and
    every form with up to ``max_del`` (0, 1 or 2) characters removed."""
    if frame.is_empty():
        return frame.with_columns(pl.lit(None, dtype=pl.String).alias("var"))
    frame = frame.with_columns(max_del.alias("_k"))
    zero = frame.filter(pl.col("_k") == 0).with_columns(pl.col(col).alias("var"))
    one = _one_deletion(frame.filter(pl.col("_k") >= 1), col, "var").explode("var")
    two = one.filter(pl.col("_k") >= 2)
    if not two.is_empty():
        two = _one_deletion(two.rename({"var": "_v1"}), "_v1", "var").drop("_v1").explode("var")
    out = pl.concat([zero, one, two.select(one.columns)] if not two.is_empty() else [zero, one])
    return out.drop("_k").unique()


def edits_allowed(length: pl.Expr) -> pl.Expr:
    """:func:`screening.matching.align.allowed_edits` as an expression."""
    return pl.when(length >= 7).then(2).when(length >= 3).then(1).otherwise(0)


def osa(left: pl.Series, right: pl.Series) -> pl.Series:
    """OSA distance of aligned string pairs (rapidfuzz, all cores)."""
    if left.len() == 0:
        return pl.Series(values=[], dtype=pl.Int64)
    dist = cpdist(left.to_list(), right.to_list(), scorer=OSA.distance, workers=-1, dtype=np.int32)
    return pl.Series(values=dist, dtype=pl.Int64)


def token_sim(frame: pl.DataFrame, a: str, b: str, out: str) -> pl.DataFrame:
    """Add ``out`` = token_similarity(a, b) for every row (exact re-implementation, vectorised)."""
    la, lb = pl.col(a).str.len_chars().cast(pl.Int64), pl.col(b).str.len_chars().cast(pl.Int64)
    length = pl.max_horizontal(la, lb)
    limit = edits_allowed(length)
    frame = frame.with_columns(length.alias("_len"), limit.alias("_lim"))
    need = (
        (pl.col(a) != pl.col(b))
        & (pl.col("_lim") > 0)
        & ((la - lb).abs() <= pl.col("_lim"))
        & ~pl.col(a).str.contains(r"^\d+$")
        & ~pl.col(b).str.contains(r"^\d+$")
    )
    frame = frame.with_columns(need.alias("_need"))
    todo = frame.filter(pl.col("_need"))
    dist = osa(todo[a], todo[b])
    full = pl.Series("_d", [None] * frame.height, dtype=pl.Int64)
    idx = frame.select(pl.arg_where(pl.col("_need"))).to_series()
    if idx.len():
        full = full.scatter(idx, dist)
    frame = frame.with_columns(full)
    sim = (
        pl.when(pl.col(a) == pl.col(b))
        .then(1.0)
        .when(pl.col("_need") & (pl.col("_d") <= pl.col("_lim")))
        .then(1.0 - pl.col("_d") / pl.col("_len"))
        .otherwise(0.0)
    )
    edits = pl.when(pl.col(a) == pl.col(b)).then(0).otherwise(pl.col("_d"))
    return frame.with_columns(sim.alias(out), edits.alias(f"{out}_d")).drop("_len", "_lim", "_need", "_d")


#: Above this many token comparisons, fuzzy pairs come from deletion neighbourhoods instead.
_CDIST_MAX = 300_000_000


def max_int(values: pl.Series, default: int) -> int:
    """The largest value of an integer series, or ``default`` when it is empty."""
    top = values.max()
    return int(top) if isinstance(top, int | float) else default


def _deletions(col: str) -> pl.Expr:
    """Characters to delete from a token for fuzzy look-up: two from seven letters, else one."""
    return pl.when(pl.col(col).str.len_chars() >= 7).then(2).otherwise(1)


def fuzzy_pairs(svocab: pl.Series, lvocab: pl.Series) -> pl.DataFrame:
    """(tok, ltok, sim, d, close) for different tokens with token_similarity > 0 (tok supplier,
    ltok listed; d = typing errors; close = one typo, or one letter deleted from each gives the
    same spelling).

    Small vocabularies are compared all against all (rapidfuzz, OSA distance cut at two edits);
    large ones through deletion neighbourhoods: k OSA edits are undone by deleting at most k
    characters on each side, and a token shorter than seven letters never needs two (its partners
    within two edits are at least seven letters long and differ from it in length, so its own side
    needs at most one deletion). Every candidate is then verified with the scorer's similarity."""
    s = pl.DataFrame({"tok": svocab.unique()}).filter(pl.col("tok").str.len_chars() >= 2)
    lt = pl.DataFrame({"ltok": lvocab.unique()}).filter(pl.col("ltok").str.len_chars() >= 2)
    if s.is_empty() or lt.is_empty():
        return pl.DataFrame(schema=SIM_SCHEMA)
    if s.height * lt.height <= _CDIST_MAX:
        left, right = s["tok"].to_list(), lt["ltok"].to_list()
        found: list[pl.DataFrame] = []
        step = max(1, 20_000_000 // len(right))
        for lo in range(0, len(left), step):
            block = left[lo : lo + step]
            dist = cdist(block, right, scorer=OSA.distance, score_cutoff=2, dtype=np.int8, workers=-1)
            i, j = np.nonzero(dist <= 2)
            found.append(
                pl.DataFrame(
                    {"tok": [block[k] for k in i], "ltok": [right[k] for k in j]},
                    schema={"tok": pl.String, "ltok": pl.String},
                )
            )
        pairs = pl.concat(found)
    else:
        lv = variants(lt, "ltok", _deletions("ltok"))
        found = []
        for part in s.iter_slices(5_000):  # bound the variant rows held at once
            sv = variants(part, "tok", _deletions("tok"))
            found.append(sv.join(lv, on="var").select("tok", "ltok").unique())
        pairs = pl.concat(found)
    pairs = pairs.filter(pl.col("tok") != pl.col("ltok"))
    pairs = token_sim(pairs, "tok", "ltok", "sim").filter(pl.col("sim") > 0)
    pairs = pairs.select("tok", "ltok", "sim", pl.col("sim_d").cast(pl.Int64).alias("d"))
    return pairs.join(_close(pairs.filter(pl.col("d") == 2)), on=["tok", "ltok"], how="left").with_columns(
        ((pl.col("d") <= 1) | pl.col("close").fill_null(False)).alias("close")
    )


def _shift_equal(a: str, b: str) -> bool:
    """Equal-length a and b give one spelling when one letter is deleted from each: they differ
    only inside a stretch where one is the other shifted by one place ("haifang" / "huafang")."""
    p = 0
    while p < len(a) and a[p] == b[p]:
        p += 1
    q = len(a) - 1
    while q > p and a[q] == b[q]:
        q -= 1
    return a[p + 1 : q + 1] == b[p:q] or b[p + 1 : q + 1] == a[p:q]


def _close(pairs: pl.DataFrame) -> pl.DataFrame:
    """(tok, ltok, close=True) for pairs two edits apart that share a spelling once one letter is
    deleted from each. Only equal lengths can (a length difference of one with one deletion each
    leaves lengths apart; with none on the shorter side it is one edit)."""
    same = pairs.filter(pl.col("tok").str.len_chars() == pl.col("ltok").str.len_chars())
    keep = [(a, b) for a, b in same.select("tok", "ltok").iter_rows() if _shift_equal(a, b)]
    return pl.DataFrame(
        [(a, b, True) for a, b in keep],
        schema={"tok": pl.String, "ltok": pl.String, "close": pl.Boolean},
        orient="row",
    )


def runs(tokens: pl.DataFrame, key: str) -> pl.DataFrame:
    """Two- and three-token runs of each name: key, start, stop (exclusive), run (concatenated).
    ``tokens`` must be sorted by (key, pos)."""
    t = tokens.select(key, "pos", "tok")
    same1 = pl.col(key).shift(-1) == pl.col(key)
    same2 = pl.col(key).shift(-2) == pl.col(key)
    nxt = pl.when(same1).then(pl.col("tok").shift(-1))
    nxt2 = pl.when(same2).then(pl.col("tok").shift(-2))
    start = pl.col("pos").cast(pl.Int64)
    two = t.select(key, start.alias("start"), (start + 2).alias("stop"), (pl.col("tok") + nxt).alias("run"))
    three = t.select(
        key, start.alias("start"), (start + 3).alias("stop"), (pl.col("tok") + nxt + nxt2).alias("run")
    )
    return pl.concat([two, three]).drop_nulls("run")


def runs_towards(tokens: pl.DataFrame, key: str, targets: pl.Series) -> pl.DataFrame:
    """:func:`runs` restricted to runs that :func:`run_pairs` could pair with one of ``targets``
    (tokens of 5+ letters of the other side): a run starting with the first four letters of a
    target (or with a shorter token that is its start), ending with its last four (or a shorter
    token that is its end), or, for targets of 19+ letters, long enough to be two edits away."""
    tg = pl.DataFrame({"y": targets.unique()}).filter(pl.col("y").str.len_chars() >= 5)
    if tg.is_empty():
        return pl.DataFrame(
            schema={key: tokens.schema[key], "start": pl.Int64, "stop": pl.Int64, "run": pl.String}
        )
    tg = tg.with_columns(pl.col("y").str.len_chars().cast(pl.Int64).alias("ly"))
    # the longest target per start (first 1-4 letters) and per end: a run may be one letter longer
    heads = (
        pl.concat([tg.select(pl.col("y").str.slice(0, k).alias("h"), "ly") for k in (1, 2, 3, 4)])
        .group_by("h")
        .agg(pl.col("ly").max().alias("hmax"))
    )
    tails = (
        pl.concat([tg.select(pl.col("y").str.slice(-k).alias("h"), "ly") for k in (1, 2, 3, 4)])
        .group_by("h")
        .agg(pl.col("ly").max().alias("tmax"))
    )
    long_min = max_int(tg["ly"].filter(tg["ly"] >= 19), 10**9) - 2
    tok = pl.col("tok")
    n = tok.str.len_chars()
    t = (
        tokens.select(key, "pos", "tok")
        .with_columns(
            pl.when(n >= 4).then(tok.str.slice(0, 4)).otherwise(tok).alias("_h"),
            pl.when(n >= 4).then(tok.str.slice(-4)).otherwise(tok).alias("_t"),
            n.cast(pl.Int64).alias("n"),
        )
        .join(heads.rename({"h": "_h"}), on="_h", how="left", maintain_order="left")
        .join(tails.rename({"h": "_t"}), on="_t", how="left", maintain_order="left")
        .with_columns(pl.col("hmax").fill_null(-10), pl.col("tmax").fill_null(-10))
    )
    out = []
    for size in (2, 3):
        same = [(pl.col(key).shift(-k) == pl.col(key)).fill_null(False) for k in range(1, size)]
        ok_same = same[0] if size == 2 else same[0] & same[1]
        last_max = pl.col("tmax").shift(-(size - 1)).fill_null(-10)
        length = pl.col("n") + sum((pl.col("n").shift(-k) for k in range(1, size)), pl.lit(0))
        keep = ok_same & ((length <= pl.col("hmax") + 1) | (length <= last_max + 1) | (length >= long_min))
        run = pl.col("tok") + pl.col("tok").shift(-1) + (pl.col("tok").shift(-2) if size == 3 else pl.lit(""))
        part = (
            t.with_columns(keep.alias("_k"))
            .with_columns(pl.when(pl.col("_k")).then(run).alias("run"))
            .filter(pl.col("_k"))
        )
        out.append(
            part.select(
                key,
                pl.col("pos").cast(pl.Int64).alias("start"),
                (pl.col("pos").cast(pl.Int64) + size).alias("stop"),
                "run",
            )
        )
    return pl.concat(out)


def run_pairs(singles: pl.Series, runs_frame: pl.DataFrame) -> pl.DataFrame:
    """(tok, run) where token ``tok`` (5+ letters) and ``run`` (two or three consecutive tokens of a
    name written together, at most one letter longer) reach similarity 0.9: the scorer's joined-word
    rule. Similarity >= 0.9 allows no edit below 10 letters, one below 20, two from 20: with at
    most one edit the two strings share their first four or their last four letters (the edit is
    either at position 4 or later, or leaves the last length-5 letters in place); tokens of 19+
    letters (two edits possible) are compared with every run of a compatible length."""
    s = pl.DataFrame({"tok": singles.unique()}).filter(pl.col("tok").str.len_chars() >= 5)
    r = runs_frame.select(pl.col("run").unique())
    empty = pl.DataFrame(schema={"tok": pl.String, "run": pl.String})
    if s.is_empty() or r.is_empty():
        return empty
    s = s.with_columns(pl.col("tok").str.len_chars().cast(pl.Int64).alias("tl"))
    r = r.with_columns(pl.col("run").str.len_chars().cast(pl.Int64).alias("rl"))
    short, long = s.filter(pl.col("tl") < 19), s.filter(pl.col("tl") >= 19)
    found = [empty]
    if not short.is_empty():
        # the run is at most one letter longer and at most one shorter (one edit) than the token
        sk = (
            pl.concat(
                [
                    short.with_columns(pl.col("tok").str.slice(0, 4).alias("key"), pl.lit("p").alias("k")),
                    short.with_columns(pl.col("tok").str.slice(-4).alias("key"), pl.lit("s").alias("k")),
                ]
            )
            .with_columns(pl.int_ranges(pl.col("tl") - 1, pl.col("tl") + 2).alias("rl"))
            .explode("rl")
        )
        rk = pl.concat(
            [
                r.with_columns(pl.col("run").str.slice(0, 4).alias("key"), pl.lit("p").alias("k")),
                r.with_columns(pl.col("run").str.slice(-4).alias("key"), pl.lit("s").alias("k")),
            ]
        )
        found.append(sk.join(rk, on=["k", "key", "rl"]).select("tok", "run"))
    if not long.is_empty():
        lo, hi = int(long["tl"].min()) - 2, int(long["tl"].max()) + 1  # type: ignore[arg-type]
        cand = r.filter(pl.col("rl").is_between(lo, hi))
        found.append(
            long.join(cand, how="cross")
            .filter((pl.col("rl") <= pl.col("tl") + 1) & (pl.col("rl") >= pl.col("tl") - 2))
            .select("tok", "run")
        )
    pairs = pl.concat(found).unique()
    if pairs.is_empty():
        return empty
    pairs = token_sim(pairs.rename({"run": "r"}), "tok", "r", "sim").rename({"r": "run"})
    return pairs.filter(pl.col("sim") >= 0.9).select("tok", "run")

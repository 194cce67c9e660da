"""Candidate routes of blocking (see :mod:`screening.matching.blocking` for why each is needed):
probe sets for names one token can carry, witness-pair keys for names that need two aligned
tokens, and exact probes for names aligning one distinctive word exactly and the rest with two
typos."""

from __future__ import annotations

import numpy as np
import polars as pl

from screening.matching.bounds import Side
from screening.matching.key_runs import key_runs

#: Tokens reaching at most this many names of the other side join a name's probe set for free.
_CHEAP = 0
_PROBE_CHUNKS = 8


def probe_set(tokens: pl.DataFrame, key: str, cost: pl.DataFrame, share: float) -> pl.DataFrame:
    """Each name's probe set P: (key, pos, tok, w, need).

    P starts with the shortest prefix (tokens cheapest per unit of weight first; ``cost`` = how
    many names of the other side a token reaches) weighing more than ``share`` of the name, and
    takes in every further token that costs no more than the dearest prefix token (or at most
    ``_CHEAP``): a larger P makes the test stronger for little more look-up work. ``need`` = w(P) - share * W:
    a pair can pass only if the tokens of P align with at least that much weight (see
    :func:`candidate_pairs`)."""
    t = (
        tokens.select(key, "pos", "tok", "w")
        .join(cost, on="tok", how="left")
        .with_columns(pl.col("cost").fill_null(0))
    )
    t = t.with_columns((pl.col("cost") / pl.col("w")).alias("ratio")).sort(key, "ratio", "pos")
    # running sums per name without hashing: rows are grouped by key after the sort
    start = (pl.col(key) != pl.col(key).shift(1)).fill_null(True)
    end = (pl.col(key) != pl.col(key).shift(-1)).fill_null(True)
    run = pl.col("w").cum_sum()
    t = t.with_columns(run.alias("_c"), start.alias("_s"), end.alias("_e"))
    base = pl.when(pl.col("_s")).then(pl.col("_c") - pl.col("w")).forward_fill()
    t = t.with_columns(base.alias("_b"))
    t = t.with_columns(
        (pl.col("_c") - pl.col("w") - pl.col("_b")).alias("before"),
        (pl.when(pl.col("_e")).then(pl.col("_c")).backward_fill() - pl.col("_b")).alias("W"),
    )
    t = t.with_columns((pl.col("before") <= share * pl.col("W") + 1e-6).alias("head"))
    t = t.with_columns(pl.col("cost").filter(pl.col("head")).max().over(key).alias("paid"))
    wp = pl.col("w").sum().over(key)
    n = pl.len().over(key)
    return (
        t.with_columns(n.alias("n_all"))
        .filter(pl.col("head") | (pl.col("cost") <= pl.max_horizontal(pl.col("paid"), pl.lit(_CHEAP))))
        .select(
            key,
            "pos",
            "tok",
            "w",
            (wp - share * pl.col("W")).alias("need"),
            (pl.col("W") - wp).alias("rest"),
            "W",
            pl.col("n_all").alias("n"),
        )
    )


def _top_weights(tokens: pl.DataFrame, key: str, ids: pl.Series) -> pl.DataFrame:
    """(key, W_o, top1..top5): total weight and the weights of the 1..5 heaviest tokens of the
    names ``ids``."""
    t = tokens.filter(pl.col(key).is_in(ids.unique().implode())).select(key, "w")
    agg = t.group_by(key).agg(
        pl.col("w").sum().alias("W_o"), pl.col("w").sort(descending=True).head(5).cum_sum().alias("c")
    )
    return agg.select(
        key,
        "W_o",
        *(
            pl.col("c").list.get(k, null_on_oob=True).fill_null(pl.col("W_o")).alias(f"top{k + 1}")
            for k in range(5)
        ),
    )


def passing(rows: pl.DataFrame, key: str, other: pl.DataFrame, okey: str, t: float) -> pl.DataFrame:
    """rows (sid, lid, pos, sim, w, need, rest, W, n) of one side's probes -> pairs passing both
    tests: the probe tokens align with at least ``need`` weight (each at its best similarity),
    and the weighted agreement could reach ``t``: at most got + rest on the probing name, and at
    most the weight of the other name's n heaviest tokens (single-word alignments pair one token
    with one token; pairs with words written together come from their own route)."""
    best = rows.group_by("sid", "lid", "pos").agg(
        pl.col("sim").max(),
        pl.col("w").first(),
        pl.col("need").first(),
        pl.col("rest").first(),
        pl.col("W").first(),
        pl.col("n").first(),
    )
    got = best.group_by("sid", "lid").agg(
        (pl.col("w") * pl.col("sim")).sum().alias("got"),
        *(pl.col(c).first() for c in ("need", "rest", "W", "n")),
    )
    got = got.filter(pl.col("got") >= pl.col("need") - 1e-6)
    if got.is_empty():
        return got.select("sid", "lid")
    tops = _top_weights(other, okey, got[okey])
    got = got.join(tops, on=okey, how="left")
    top: pl.Expr = pl.col("W_o")
    for k in range(5, 0, -1):
        top = pl.when(pl.col("n") == k).then(pl.col(f"top{k}")).otherwise(top)
    bound = (pl.col("got") + pl.col("rest") + top) / (pl.col("W") + pl.col("W_o"))
    return got.filter(bound >= t - 1e-6).select("sid", "lid")


def single_names(tokens: pl.DataFrame, key: str, need_share: float) -> pl.DataFrame:
    """(key, single) per name: True when one token alone may carry the name (w >= t * W)."""
    tokens, starts, _ = key_runs(tokens, key)
    w = tokens.get_column("w").to_numpy()
    if not w.size:
        return pl.DataFrame(schema={key: tokens.schema[key], "single": pl.Boolean})
    single = np.maximum.reduceat(w, starts) >= need_share * np.add.reduceat(w, starts) - 1e-6
    return pl.DataFrame({key: tokens.get_column(key).gather(starts), "single": single})


def one_exact(tokens: pl.DataFrame, key: str, need_share: float, far: pl.DataFrame) -> pl.DataFrame:
    """Probe rows (key, pos, tok, w, need, rest, W, n) for aligned sets whose one exactly aligned
    token g is a distinctive word and whose other tokens are two typos away: possible when w_g
    plus every other token at its best two-typo similarity (``far``) reaches ``need_share`` of
    the name. (Place and business words are not probed this way: each reaches a large share of
    all names.)"""
    t = tokens.select(key, "pos", "tok", "w", "kind").join(far, on="tok", how="left", maintain_order="left")
    t = t.with_columns((pl.col("fsim").fill_null(0.0) * pl.col("w")).alias("fw"))
    t, starts, _ = key_runs(t, key)
    lengths = np.diff(np.r_[starts, t.height])
    per_name = {"W": t.get_column("w").to_numpy(), "F": t.get_column("fw").to_numpy()}
    t = t.with_columns(
        *(
            pl.Series(name, np.repeat(np.add.reduceat(v, starts), lengths) if v.size else v)
            for name, v in per_name.items()
        ),
        pl.Series("n", np.repeat(lengths, lengths), dtype=pl.UInt32),
    )
    ok = (pl.col("w") - pl.col("fw") + pl.col("F") >= need_share * pl.col("W") - 1e-6) & (
        pl.col("kind") == "distinctive"
    )
    share = 1.0 - need_share
    return t.filter(ok).select(
        key,
        "pos",
        "tok",
        "w",
        (pl.col("w") - share * pl.col("W")).alias("need"),
        (pl.col("W") - pl.col("w")).alias("rest"),
        "W",
        "n",
    )


def witness_pairs(
    tokens: pl.DataFrame,
    key: str,
    need_share: float,
    far: pl.DataFrame,
    useful: pl.Series | None = None,
    allow_far: bool = False,
) -> pl.DataFrame:
    """(key, a, b): pairs of tokens one of which must be the first two *closely* aligned tokens
    (equal, one typo, or one letter deleted each side; heaviest first) of any aligned set carrying
    ``need_share`` of the name. Pair (i, j) is kept when i, j and every token after j could weigh
    that much (with ``allow_far``, also the tokens before j aligned through two typing errors at
    their best such similarity, ``far``: tok, fsim - complete, but costly on dense vocabularies).
    With ``useful``, only pairs of those tokens are returned."""
    t = tokens.select(key, "tok", "w").join(far, on="tok", how="left", maintain_order="left")
    # any fixed order makes the argument; among equal weights, words with a two-typo partner on
    # the other side go last, so that the first two aligned words are more often both close
    t = t.with_columns(pl.col("fsim").is_not_null().alias("_hf"))
    t = t.sort(key, "w", "_hf", "tok", descending=[False, True, False, False])
    allowance = pl.col("fsim").fill_null(0.0) * pl.col("w") if allow_far else pl.lit(0.0)
    t = t.with_columns(allowance.alias("fw")).drop("fsim", "_hf")
    start = (pl.col(key) != pl.col(key).shift(1)).fill_null(True)
    end = (pl.col(key) != pl.col(key).shift(-1)).fill_null(True)
    t = t.with_columns(
        pl.col("w").cum_sum().alias("_c"),
        pl.col("fw").cum_sum().alias("_f"),
        start.alias("_s"),
        end.alias("_e"),
    )
    t = t.with_columns(
        pl.when(pl.col("_s")).then(pl.col("_c") - pl.col("w")).forward_fill().alias("_b"),
        pl.when(pl.col("_e")).then(pl.col("_c")).backward_fill().alias("_t"),
        pl.when(pl.col("_s")).then(pl.col("_f") - pl.col("fw")).forward_fill().alias("_fb"),
    )
    t = t.select(
        key,
        "tok",
        "w",
        "fw",
        (pl.col("_t") - pl.col("_b")).alias("W"),
        (pl.col("_t") - pl.col("_c")).alias("after"),
        (pl.col("_f") - pl.col("fw") - pl.col("_fb")).alias("far_before"),
    )
    out = []
    d = 1
    while True:
        same = (pl.col(key).shift(-d) == pl.col(key)).fill_null(False)
        pair = t.with_columns(
            same.alias("_ok"),
            pl.col("tok").shift(-d).alias("b"),
            pl.col("w").shift(-d).alias("wj"),
            pl.col("after").shift(-d).alias("aj"),
            pl.col("far_before").shift(-d).alias("fj"),
        ).filter(pl.col("_ok"))
        if pair.is_empty():
            break
        bound = pl.col("w") + pl.col("wj") + pl.col("aj") + pl.col("fj") - pl.col("fw")
        keep = bound >= need_share * pl.col("W") - 1e-6
        if useful is not None:
            keep = keep & pl.col("tok").is_in(useful.implode()) & pl.col("b").is_in(useful.implode())
        out.append(pair.filter(keep).select(key, pl.col("tok").alias("a"), "b"))
        t = t.join(pair.select(key).unique(), on=key, how="semi", maintain_order="left")
        d += 1
    if not out:
        return pl.DataFrame(schema={key: tokens.schema[key], "a": pl.String, "b": pl.String})
    return pl.concat(out)


def _all_pairs(tokens: pl.DataFrame, key: str) -> pl.DataFrame:
    """(key, a, b) for every two token positions of each name."""
    t = tokens.select(key, "pos", "tok")
    return (
        t.join(t, on=key, suffix="_2")
        .filter(pl.col("pos") < pl.col("pos_2"))
        .select(key, pl.col("tok").alias("a"), pl.col("tok_2").alias("b"))
    )


def _ordered(frame: pl.DataFrame) -> pl.DataFrame:
    a, b = pl.col("a"), pl.col("b")
    return frame.with_columns(pl.min_horizontal(a, b).alias("a"), pl.max_horizontal(a, b).alias("b"))


def _expanded(pairs: pl.DataFrame, links: pl.DataFrame) -> pl.DataFrame:
    """Listed token pairs (lid, a, b) -> every supplier token pair that aligns with them."""
    back = links.select(pl.col("ltok").alias("a"), pl.col("tok").alias("x"))
    out = pairs.join(back, on="a").join(back.rename({"a": "b", "x": "y"}), on="b")
    return _ordered(out.select("lid", pl.col("x").alias("a"), pl.col("y").alias("b"))).unique()


def two_token(
    s: Side, lt: Side, close: pl.DataFrame, far_s: pl.DataFrame, far_l: pl.DataFrame, need_share: float
) -> list[pl.DataFrame]:
    """Pairs whose carrying name needs several aligned tokens (see :func:`candidate_pairs`).

    Single-token links pair one token with one token, so two closely aligned supplier tokens face
    two closely aligned listed tokens: such pairs share a (supplier pair, listed pair) key."""
    out = []
    # supplier side carries: its witness pairs against all listed pairs
    lall = _expanded(_all_pairs(lt.tokens, "lid"), close)
    keys = pl.concat([lall["a"], lall["b"]]).unique()
    # (two-typo allowances in witness pairs cost too much on dense pinyin vocabularies: the
    # witness is the first two aligned tokens, which must both align closely; see blocking.py)
    sw = _ordered(witness_pairs(s.tokens, "sid", need_share, far_s, keys)).unique()
    out.append(sw.join(lall, on=["a", "b"]).select("sid", "lid"))
    # listed side carries: its witness pairs against all supplier pairs
    lw = _expanded(witness_pairs(lt.tokens, "lid", need_share, far_l), close)
    useful = pl.concat([lw["a"], lw["b"]]).unique().implode()
    s_some = s.tokens.filter(pl.col("tok").is_in(useful))
    sall = _ordered(_all_pairs(s_some, "sid")).unique()
    out.append(sall.join(lw, on=["a", "b"]).select("sid", "lid"))
    return out

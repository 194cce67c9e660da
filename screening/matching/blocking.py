"""Blocking: which (supplier name, listed name) pairs can reach a threshold, found without scoring.

Vectorised with polars over unique supplier names (``sid``) and listed names (``lid``), on the
exact tokens the scorer sees (:mod:`screening.matching.tokenize`). With t = threshold / w_tokens,
a pair reaches the threshold through the weighted token agreement D only if one of its names
aligns at least t of its own weight (D is at most the larger of the two shares): that name
*carries* the pair. Routes, each a necessary condition for a case:

* a name one token can carry (that token weighs >= t of it): a probe set P of its tokens, cheapest
  to look up first, weighing more than 1 - t of the name, must contain an aligned token, and the
  tokens of P must align with at least w(P) - (1 - t) W weight; every alignment rule is probed
  (equal, one or two typing errors). Pairs also pass a size test: the other name's n heaviest
  tokens (n = tokens of the probing name) bound what it can contribute;
* a name that needs two aligned tokens: its first two aligned tokens (heaviest first) must both
  align *closely* (equal, one typo, or one letter deleted from each: "haifang"/"huafang"); the
  pair then shares a (token pair, token pair) key with the other name;
* a name aligning one distinctive word exactly and its other words two typos away, when that can
  reach t (checked with each word's best two-typo similarity in the other vocabulary): probed
  through the exact word, with the same tests;
* words written together (a token equal, similarity >= 0.9, to a run of the other name), equal
  compact spellings, and initials: their own joins.

**Exception** (pairs that can reach the threshold and may not be found): the carrying name needs
two aligned words and its first two aligned words (heaviest first; among equal weights, words with
a two-typo partner on the other side last) are not both close, unless the third route applies -
e.g. "Chaohu Youneuor Color Spinning Technology" for "Chaohu Youngor Color Spinning Technology"
(the heaviest word two typos away). Such pairs are typically reviews (a distinctive word two typos
away caps the score below the match threshold). Allowing two-typo words in the keys (complete) was
measured at 146 s and 11 GiB on the synthetic 20k list, against 18 s.
``tests/matching/test_bounds.py`` counts the exception (6 of 168 raised pairs among random
supplier-style variants, 2026-11-28) and finds every other pair that scoring all pairs raises;
``bench/bench_matching.py --check`` on the labelled benchmark pairs: 6 + 7 of ~1,200 pairs that
``Matcher.compare`` raises are missed, all reviews of this kind (the earlier blocking: 47 + 43).

Candidates then meet the bound of :mod:`screening.matching.bounds`; only pairs whose bound reaches
the threshold are scored.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import polars as pl

from screening.matching.bounds import BoundConfig, Side, upper_bounds
from screening.matching.candidate_routes import (
    _PROBE_CHUNKS,
    one_exact,
    passing,
    probe_set,
    single_names,
    two_token,
)
from screening.matching.relations import fuzzy_pairs, run_pairs, runs_towards
from screening.matching.side_frames import INIT_COLS, ListIndex, make_side

__all__ = ["ListIndex", "Relations", "candidate_pairs", "candidates", "make_side", "relations"]

_PAIR_SCHEMA: dict[str, pl.DataType] = {"sid": pl.UInt32(), "lid": pl.UInt32()}


@dataclass(frozen=True)
class Relations:
    """Token relations between this supplier vocabulary and the list (see relations.py)."""

    near: pl.DataFrame  # tok, ltok, sim: different tokens with token_similarity > 0
    ra: pl.DataFrame  # tok, run: a supplier token written as a run of listed tokens
    rb: pl.DataFrame  # ltok, run: a listed token written as a run of supplier tokens
    side: Side  # the supplier side with the runs that rb can pair


def relations(s: Side, index: ListIndex) -> Relations:
    lt = index.side
    svocab, lvocab = s.tokens["tok"], lt.tokens["tok"]
    s = replace(s, runs=runs_towards(s.tokens, "sid", lvocab))
    return Relations(
        near=fuzzy_pairs(svocab, lvocab),
        ra=run_pairs(svocab, lt.runs),
        rb=run_pairs(lvocab, s.runs).rename({"tok": "ltok"}),
        side=s,
    )


def candidate_pairs(
    s: Side, index: ListIndex, rel: Relations, cfg: BoundConfig, threshold: float
) -> pl.DataFrame:
    """Unique (sid, lid) pairs that blocking cannot rule out, before the bound."""
    lt = index.side
    t = threshold - 1e-4 - cfg.negative_slack
    parts: list[pl.DataFrame] = []
    if cfg.tokens_weight > 0 and t / cfg.tokens_weight <= 1.0:
        share = 1.0 - max(t, 0.0) / cfg.tokens_weight
        lvocab = lt.tokens["tok"]
        links = pl.concat(
            [
                rel.near.select("tok", "ltok", "sim"),
                pl.DataFrame({"tok": lvocab.unique()}).with_columns(
                    pl.col("tok").alias("ltok"), pl.lit(1.0).alias("sim")
                ),
            ]
        )
        ltok = lt.tokens.select("lid", pl.col("tok").alias("ltok")).unique()
        stok = s.tokens.select("sid", "tok")
        # each side's probe set, its tokens reaching fewest names of the other side first
        sdf = stok.group_by("tok").len("sdf")
        ldf = ltok.group_by("ltok").len("ldf")
        scost = links.join(ldf, on="ltok").group_by("tok").agg(pl.col("ldf").sum().alias("cost"))
        lcost = links.join(sdf, on="tok").group_by("ltok").agg(pl.col("sdf").sum().alias("cost"))
        # names one token can carry: probe sets; the others: two-token keys
        single_s = single_names(s.tokens, "sid", 1.0 - share).filter(pl.col("single"))
        single_l = single_names(lt.tokens, "lid", 1.0 - share).filter(pl.col("single"))
        sp = probe_set(s.tokens.join(single_s, on="sid", how="semi"), "sid", scost, share)
        cols = ["sid", "lid", "pos", "sim", "w", "need", "rest", "W", "n"]
        rows = sp.join(links, on="tok").join(ltok, on="ltok").select(cols)
        parts.append(passing(rows, "sid", lt.tokens, "lid", 1.0 - share))
        lp = probe_set(
            lt.tokens.join(single_l, on="lid", how="semi"), "lid", lcost.rename({"ltok": "tok"}), share
        )
        lp = lp.rename({"tok": "ltok"})
        for c in range(_PROBE_CHUNKS):  # listed names can reach many suppliers: bound the rows held
            chunk = lp.filter(pl.col("lid") % _PROBE_CHUNKS == c)
            rows = chunk.join(links, on="ltok").join(stok, on="tok").select(cols)
            parts.append(passing(rows, "lid", s.tokens, "sid", 1.0 - share))
        close = links.join(
            rel.near.filter(~pl.col("close")).select("tok", "ltok"), on=["tok", "ltok"], how="anti"
        )
        far = rel.near.filter(~pl.col("close"))
        far_s = far.group_by("tok").agg(pl.col("sim").max().alias("fsim"))
        far_l = far.group_by("ltok").agg(pl.col("sim").max().alias("fsim")).rename({"ltok": "tok"})
        parts.extend(two_token(s, lt, close.select("tok", "ltok"), far_s, far_l, 1.0 - share))
        # aligned sets with a single closely aligned token (the others two typos away)
        exact = links.filter(pl.col("tok") == pl.col("ltok"))
        rows = one_exact(s.tokens, "sid", 1.0 - share, far_s).join(exact, on="tok").join(ltok, on="ltok")
        parts.append(passing(rows.select(cols), "sid", lt.tokens, "lid", 1.0 - share))
        one_l = one_exact(lt.tokens, "lid", 1.0 - share, far_l).rename({"tok": "ltok"})
        for c in range(_PROBE_CHUNKS):
            rows = (
                one_l.filter(pl.col("lid") % _PROBE_CHUNKS == c).join(exact, on="ltok").join(stok, on="tok")
            )
            parts.append(passing(rows.select(cols), "lid", s.tokens, "sid", 1.0 - share))
        # words written together: a token equal (sim >= 0.9) to a run of the other name
        parts.append(
            stok.join(rel.ra, on="tok").join(lt.runs.select("lid", "run"), on="run").select("sid", "lid")
        )
        srun = s.runs.select("sid", "run").unique()
        parts.append(srun.join(rel.rb, on="run").join(ltok, on="ltok").select("sid", "lid"))
    if cfg.compact_weight >= t:
        parts.append(
            s.compact.filter(pl.col("compact") != "").join(lt.compact, on="compact").select("sid", "lid")
        )
    if cfg.acronym_weight >= t:
        sa, la = s.acronyms, lt.acronyms
        abbr = [f"abbr_{c}" for c in INIT_COLS]
        for kind in ("full", "core"):
            cols = [f"{kind}_{c}" for c in INIT_COLS]
            parts.append(
                sa.drop_nulls(abbr)
                .join(la.drop_nulls(cols), left_on=abbr, right_on=cols)
                .select("sid", "lid")
            )
            parts.append(
                la.drop_nulls(abbr)
                .join(sa.drop_nulls(cols), left_on=abbr, right_on=cols)
                .select("sid", "lid")
            )
    if not parts:
        return pl.DataFrame(schema=_PAIR_SCHEMA)
    return pl.concat([p.cast(_PAIR_SCHEMA) for p in parts]).unique()  # type: ignore[arg-type]


def candidates(s: Side, index: ListIndex, cfg: BoundConfig, threshold: float) -> pl.DataFrame:
    """(sid, lid, ub) pairs whose score bound reaches ``threshold``, sorted."""
    rel = relations(s, index)
    pairs = candidate_pairs(rel.side, index, rel, cfg, threshold)
    ub = upper_bounds(pairs, rel.side, index.side, rel.near, rel.ra, rel.rb, cfg)
    return ub.filter(pl.col("ub") >= threshold - 1e-4).sort("sid", "lid")

"""An upper bound on the score of a name pair, computed for many pairs at once.

The engine (:meth:`screening.matching.algorithm.Algorithm.score_pair`) scores a pair as the
strongest weighted evidence (weighted token agreement D, spacing-insensitive spelling C, initials A)
minus penalties, then caps. So, with non-negative penalty weights,

    score <= max(w_tokens * D, w_compact * C, w_acronym * A) - (penalties certain to fire).

D is a weighted Dice coefficient: sum over aligned groups of similarity * (weights of the group's
tokens on both sides), over the weight of all tokens. Each token sits in at most one group and a
group's similarity is at most the best similarity the token reaches with any token of the other
name (equal: 1; one or two typing errors: the scorer's ``token_similarity``; written together: at
most 1). Hence ``D <= (sum_s w * best_s + sum_l w * best_l) / (W_s + W_l)`` where ``best`` is 0 for a
token no rule can align. C and A are computed exactly. A token no rule can align is certainly
unaligned, so "places differ" and "words differ" certainly fire when each name has such a place
(resp. distinctive or business word). Caps only lower a score. The bound is compared with the
threshold less 1e-4 (scores are rounded to four decimals) and less any negative penalty weight.
``tests/matching/test_bounds.py`` checks bound >= score on thousands of pairs.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import polars as pl

from screening.matching.relations import max_int, osa

_PAIR = ["sid", "lid"]
_CHUNK = 3_000_000  # token pairs per chunk
_PLACE, _WORD, _OTHER = 0, 1, 2


@dataclass(frozen=True)
class BoundConfig:
    tokens_weight: float
    compact_weight: float
    acronym_weight: float
    places_penalty: float
    words_penalty: float
    negative_slack: float  # sum of |w| over negative penalty weights (they can raise a score)


@dataclass(frozen=True)
class Side:
    """One side of the pairs: tokens (id, pos, tok, kind, w, len), totals (id, W), compact (id,
    compact, key_len), runs (id, start, stop, run), acronyms (id, abbr, init_full, init_core)."""

    tokens: pl.DataFrame
    totals: pl.DataFrame
    compact: pl.DataFrame
    runs: pl.DataFrame
    acronyms: pl.DataFrame


@dataclass(frozen=True)
class _Packed:
    """A side as arrays: names' tokens contiguous (ptr), token ids, weights, kind codes."""

    ptr: np.ndarray
    tid: np.ndarray
    w: np.ndarray
    kind: np.ndarray


def _pack(side: Side, key: str, n: int, vocab: pl.DataFrame, ids: pl.Series | None = None) -> _Packed:
    """Only the names ``ids`` (all when None) get their tokens; the others look empty."""
    t = side.tokens.select(key, "pos", "tok", "w", "kind")
    if ids is not None:
        t = t.filter(pl.col(key).is_in(ids.unique().implode()))
    t = t.join(vocab, on="tok", how="left", maintain_order="left")
    counts = np.bincount(t[key].to_numpy().astype(np.int64), minlength=n)
    code = (
        pl.when(pl.col("kind") == "place")
        .then(_PLACE)
        .when(pl.col("kind").is_in(["distinctive", "generic"]))
        .then(_WORD)
        .otherwise(_OTHER)
    )
    return _Packed(
        ptr=np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
        tid=t["tid"].to_numpy().astype(np.int64),
        w=t["w"].to_numpy().astype(np.float64),
        kind=t.select(code.alias("c"))["c"].to_numpy().astype(np.int8),
    )


def _ids(values: list[pl.Series]) -> list[np.ndarray]:
    """Integer ids (-1 for null) of strings, shared across the given series."""
    allv = pl.concat([v.cast(pl.String) for v in values]).drop_nulls().unique()
    table = pl.DataFrame({"v": allv, "i": np.arange(allv.len(), dtype=np.int64)})
    out = []
    for v in values:
        frame = pl.DataFrame({"v": v.cast(pl.String)}).with_row_index("r")
        joined = frame.join(table, on="v", how="left").sort("r")
        out.append(joined["i"].fill_null(-1).to_numpy().astype(np.int64))
    return out


class _Bounder:
    """Computes the bound for chunks of pairs (sid, lid arrays)."""

    def __init__(self, s: Side, lt: Side, near: pl.DataFrame, cfg: BoundConfig, sids: pl.Series) -> None:
        self.cfg = cfg
        self.ns = max(max_int(s.totals["sid"], 0), max_int(s.compact["sid"], 0)) + 1
        self.nl = max_int(lt.compact["lid"], 0) + 1
        vocab = pl.concat([s.tokens["tok"], lt.tokens["tok"]]).unique()
        self.v = vocab.len() + 1
        vt = pl.DataFrame({"tok": vocab, "tid": np.arange(vocab.len(), dtype=np.int64)})
        self.s = _pack(s, "sid", self.ns, vt, sids)
        self.l = _pack(lt, "lid", self.nl, vt)
        rel = (
            near.join(vt, on="tok")
            .join(vt.rename({"tok": "ltok", "tid": "ltid"}), on="ltok")
            .select((pl.col("tid") * self.v + pl.col("ltid")).alias("k"), "sim")
            .group_by("k")
            .agg(pl.col("sim").max())
            .sort("k")
        )
        self.keys = rel["k"].to_numpy().astype(np.int64)
        self.sims = rel["sim"].to_numpy().astype(np.float64)
        self.s_near = np.zeros(self.v, dtype=bool)
        self.l_near = np.zeros(self.v, dtype=bool)
        self.s_near[(self.keys // self.v).astype(np.int64)] = True
        self.l_near[(self.keys % self.v).astype(np.int64)] = True
        keep = sids.unique().implode()
        sc = s.compact.filter(pl.col("sid").is_in(keep))
        lc = lt.compact
        self.s_comp = self._by_id(sc, "sid", self.ns)
        self.l_comp = self._by_id(lc, "lid", self.nl)
        # compact spellings compared by id: the ids must come from one shared table
        self.s_comp["id"], self.l_comp["id"] = _ids([self.s_comp["text"], self.l_comp["text"]])  # type: ignore[list-item]
        self.s_acr = self._acr(s.acronyms.filter(pl.col("sid").is_in(keep)), "sid", self.ns)
        self.l_acr = self._acr(lt.acronyms, "lid", self.nl)

    @staticmethod
    def _acr(frame: pl.DataFrame, key: str, n: int) -> dict[str, np.ndarray]:
        """Per name (index = id): hash of each encoded initials group, and whether it is set."""
        full = pl.DataFrame({key: np.arange(n, dtype=np.uint32)}).join(
            frame, on=key, how="left", maintain_order="left"
        )
        out: dict[str, np.ndarray] = {}
        for group in ("abbr", "full", "core"):
            cols = [f"{group}_h1", f"{group}_h2", f"{group}_n"]
            valid = full.select(pl.all_horizontal(pl.col(c).is_not_null() for c in cols)).to_series()
            out[group] = full.select(pl.struct(cols).hash(seed=7)).to_series().to_numpy().astype(np.uint64)
            out[f"{group}_ok"] = valid.to_numpy().astype(bool)
        return out

    @staticmethod
    def _by_id(frame: pl.DataFrame, key: str, n: int) -> dict[str, object]:
        full = pl.DataFrame({key: np.arange(n, dtype=np.uint32)}).join(
            frame, on=key, how="left", maintain_order="left"
        )
        comp = full["compact"].fill_null("")
        return {
            "text": comp,
            "len": comp.str.len_chars().to_numpy().astype(np.int64),
            "key": full["key_len"].fill_null(0).to_numpy().astype(np.int64),
        }

    def tokens(
        self, ps: np.ndarray, pls: np.ndarray, joined: tuple[np.ndarray, ...]
    ) -> tuple[np.ndarray, np.ndarray]:
        """(d_ub, certain penalty) for pairs (ps[i], pls[i])."""
        s, lt, cfg = self.s, self.l, self.cfg
        p = ps.size
        cs = s.ptr[ps + 1] - s.ptr[ps]
        cl = lt.ptr[pls + 1] - lt.ptr[pls]
        s_slot0 = np.concatenate([[0], np.cumsum(cs)])[:-1]
        l_slot0 = np.concatenate([[0], np.cumsum(cl)])[:-1]
        best_s = np.zeros(int(cs.sum()))
        best_l = np.zeros(int(cl.sum()))
        m = cs * cl
        total = int(m.sum())
        if total:
            pidx = np.repeat(np.arange(p), m)
            off = np.arange(total) - np.repeat(np.cumsum(m) - m, m)
            nlp = cl[pidx]
            i, j = off // nlp, off % nlp
            a = s.tid[s.ptr[ps[pidx]] + i]
            b = lt.tid[lt.ptr[pls[pidx]] + j]
            sim = (a == b).astype(np.float64)
            look = np.flatnonzero(self.s_near[a] & self.l_near[b] & (a != b))
            if look.size:
                q = a[look] * self.v + b[look]
                pos = np.minimum(np.searchsorted(self.keys, q), self.keys.size - 1)
                sim[look] = np.where(self.keys[pos] == q, self.sims[pos], 0.0)
            np.maximum.at(best_s, s_slot0[pidx] + i, sim)
            np.maximum.at(best_l, l_slot0[pidx] + j, sim)
        jp, js, jl_p, jl = joined
        if jp.size:
            best_s[s_slot0[jp] + js] = 1.0
        if jl_p.size:
            best_l[l_slot0[jl_p] + jl] = 1.0
        sp = np.repeat(np.arange(p), cs)
        lp = np.repeat(np.arange(p), cl)
        s_rows = s.ptr[ps][sp] + (np.arange(best_s.size) - s_slot0[sp])
        l_rows = lt.ptr[pls][lp] + (np.arange(best_l.size) - l_slot0[lp])
        ws, wl = s.w[s_rows], lt.w[l_rows]
        num = np.bincount(sp, ws * best_s, p) + np.bincount(lp, wl * best_l, p)
        den = np.bincount(sp, ws, p) + np.bincount(lp, wl, p)
        d = np.divide(num, den, out=np.zeros(p), where=den > 0)
        free_s, free_l = best_s == 0, best_l == 0
        ks, kl = s.kind[s_rows], lt.kind[l_rows]
        place = (np.bincount(sp, free_s & (ks == _PLACE), p) > 0) & (
            np.bincount(lp, free_l & (kl == _PLACE), p) > 0
        )
        word = (np.bincount(sp, free_s & (ks == _WORD), p) > 0) & (
            np.bincount(lp, free_l & (kl == _WORD), p) > 0
        )
        pen = place * max(cfg.places_penalty, 0.0) + word * max(cfg.words_penalty, 0.0)
        return d, pen

    def compact(self, ps: np.ndarray, pls: np.ndarray) -> np.ndarray:
        """The compact_spelling comparator, exactly."""
        sc, lc = self.s_comp, self.l_comp
        sid_, lid_ = sc["id"][ps], lc["id"][pls]  # type: ignore[index]
        sl, ll = sc["len"][ps], lc["len"][pls]  # type: ignore[index]
        out = np.where((sid_ == lid_) & (sl > 0), 1.0, 0.0)
        near = (
            (sid_ != lid_)
            & (sl > 0)
            & (ll > 0)
            & (np.minimum(sc["key"][ps], lc["key"][pls]) >= 10)  # type: ignore[index]
            & (np.abs(sl - ll) <= 1)
        )
        idx = np.flatnonzero(near)
        if idx.size:
            left = sc["text"].gather(ps[idx])  # type: ignore[attr-defined]
            right = lc["text"].gather(pls[idx])  # type: ignore[attr-defined]
            dist = osa(left, right).to_numpy()
            length = np.maximum(sl[idx], ll[idx])
            out[idx] = np.where(dist <= 1, 1.0 - 1.0 / length, 0.0)
        return out

    def acronym(self, ps: np.ndarray, pls: np.ndarray) -> np.ndarray:
        """1 when one name is the initials of the other (hash equality: a collision only raises
        the bound)."""
        sa, la = self.s_acr, self.l_acr
        hit = np.zeros(ps.size, dtype=bool)
        for short, long, a, b in ((sa, la, ps, pls), (la, sa, pls, ps)):
            ok = short["abbr_ok"][a]
            for group in ("full", "core"):
                hit |= ok & long[f"{group}_ok"][b] & (short["abbr"][a] == long[group][b])
        return hit.astype(np.float64)


def _joined_slots(pairs: pl.DataFrame, s: Side, lt: Side, ra: pl.DataFrame, rb: pl.DataFrame) -> pl.DataFrame:
    """(pair, side, pos) of tokens in a possible joined-word group: a supplier token equal (>= 0.9)
    to a run of listed tokens (``ra``: tok, run) and the run's tokens, and the reverse (``rb``)."""
    out = []
    for rel, single, many, skey, mkey, sside, mside in (
        (ra, s, lt, "sid", "lid", "s", "l"),
        (rb.rename({"ltok": "tok"}) if "ltok" in rb.columns else rb, lt, s, "lid", "sid", "l", "s"),
    ):
        if rel.is_empty():
            continue
        rows = (
            rel.join(single.tokens.select(skey, "pos", "tok"), on="tok")
            .join(many.runs.select(mkey, "start", "stop", "run"), on="run")
            .join(pairs, on=_PAIR)
        )
        if rows.is_empty():
            continue
        out.append(rows.select("pair", pl.lit(sside).alias("side"), pl.col("pos").cast(pl.Int64)))
        out.append(
            rows.select("pair", pl.lit(mside).alias("side"), pl.int_ranges("start", "stop").alias("pos"))
            .explode("pos")
            .with_columns(pl.col("pos").cast(pl.Int64))
        )
    if not out:
        return pl.DataFrame(schema={"pair": pl.UInt32, "side": pl.String, "pos": pl.Int64})
    return pl.concat(out).unique()


def upper_bounds(
    pairs: pl.DataFrame,
    s: Side,
    lt: Side,
    near: pl.DataFrame,
    ra: pl.DataFrame,
    rb: pl.DataFrame,
    cfg: BoundConfig,
) -> pl.DataFrame:
    """(sid, lid, ub) for unique candidate pairs. ``near`` (tok, ltok, sim): every supplier/listed
    token pair with token_similarity > 0; ``ra`` (tok, run) and ``rb`` (ltok, run): every joined-
    word relation (see :mod:`screening.matching.relations`)."""
    if pairs.is_empty():
        return pairs.with_columns(pl.lit(0.0).alias("ub"))
    b = _Bounder(s, lt, near, cfg, pairs["sid"])
    pairs = pairs.sort(_PAIR).with_row_index("pair")
    slots = _joined_slots(pairs, s, lt, ra, rb)
    ps_all = pairs["sid"].to_numpy().astype(np.int64)
    pl_all = pairs["lid"].to_numpy().astype(np.int64)
    cs = b.s.ptr[ps_all + 1] - b.s.ptr[ps_all]
    cl = b.l.ptr[pl_all + 1] - b.l.ptr[pl_all]
    work = np.cumsum(cs * cl + cs + cl)
    bounds = np.searchsorted(work, np.arange(_CHUNK, int(work[-1]) + _CHUNK, _CHUNK), side="right")
    edges = np.unique(np.concatenate([[0], bounds, [ps_all.size]]))
    ub = np.empty(ps_all.size)
    js = slots.filter(pl.col("side") == "s")
    jl = slots.filter(pl.col("side") == "l")
    jsp, jsq = js["pair"].to_numpy().astype(np.int64), js["pos"].to_numpy().astype(np.int64)
    jlp, jlq = jl["pair"].to_numpy().astype(np.int64), jl["pos"].to_numpy().astype(np.int64)
    for lo, hi in itertools.pairwise(edges):
        if hi <= lo:
            continue
        ps, pls = ps_all[lo:hi], pl_all[lo:hi]
        ms, ml = (jsp >= lo) & (jsp < hi), (jlp >= lo) & (jlp < hi)
        d, pen = b.tokens(ps, pls, (jsp[ms] - lo, jsq[ms], jlp[ml] - lo, jlq[ml]))
        c = b.compact(ps, pls)
        a = b.acronym(ps, pls)
        best = np.maximum(np.maximum(cfg.tokens_weight * d, cfg.compact_weight * c), cfg.acronym_weight * a)
        ub[lo:hi] = np.maximum(best - pen, 0.0) + cfg.negative_slack
    return pairs.select(*_PAIR).with_columns(pl.Series("ub", ub))

"""Blocking: which (supplier name, listed name) pairs are worth scoring at all.

Vectorised with polars over unique supplier names. A supplier name becomes a candidate for a listed
name when it shares with it:

* a distinctive token (never a business word, place, legal form or stop word);
* a token one typing error away from a distinctive listed token (found by joining deletion
  neighbourhoods: each token and every form of it with one character removed; pairs are then
  verified with rapidfuzz's OSA distance);
* a character 5-gram key: a supplier token containing a listed token written together with others
  ("hoshinesilicon"), or the reverse;
* initials: the supplier's initials equal a listed acronym, or a one-word supplier name equals a
  listed name's initials;
* for listed names made only of common words: the same set of words.

Candidates found only through shared exact tokens go through a cheap weighted-overlap prefilter
(an upper estimate of the final token score); the others are always scored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl
from rapidfuzz.distance import OSA
from rapidfuzz.process import cpdist

from screening.matching.align import TokenWeights, allowed_edits
from screening.matching.names import NameForm, Tok, classify, fold
from screening.matching.vocab import LEGAL_PHRASES, LEGAL_TOKENS, STOPWORDS

_FUZZY_MIN, _FUZZY_MAX = 4, 24
_GRAM = 5
#: Words dropped from supplier tokens before blocking: legal forms (also words of legal phrases).
_DROP = frozenset(LEGAL_TOKENS) | STOPWORDS | {w for phrase in LEGAL_PHRASES for w in phrase}


def _deletions(token: str) -> list[str]:
    return [token] + [token[:i] + token[i + 1 :] for i in range(len(token))]


@dataclass(frozen=True)
class ListIndex:
    """Blocking keys of every listed name (``lid`` = position in ``forms``)."""

    forms: tuple[NameForm, ...]
    exact: pl.DataFrame  # tok, lid
    variants: pl.DataFrame  # variant, ltok
    grams: pl.DataFrame  # gram, ltok  (first 5 letters of a distinctive listed token)
    subgrams: pl.DataFrame  # gram, ltok (every 5-gram of a long distinctive listed token)
    acronyms: pl.DataFrame  # tok, lid  (listed names that are one short alphabetic word)
    initials: pl.DataFrame  # init, lid
    fullkeys: pl.DataFrame  # fullkey, lid (listed names with no distinctive token)
    weights: pl.DataFrame  # lid, tok, lw
    totals: pl.DataFrame  # lid, lW

    @classmethod
    def build(cls, forms: Sequence[NameForm], weights: TokenWeights) -> ListIndex:
        exact: list[tuple[str, int]] = []
        variants: list[tuple[str, str]] = []
        grams: list[tuple[str, str]] = []
        subgrams: list[tuple[str, str]] = []
        acr: list[tuple[str, int]] = []
        inits: list[tuple[str, int]] = []
        full: list[tuple[str, int]] = []
        wts: list[tuple[int, str, float]] = []
        tot: list[tuple[int, float]] = []
        for lid, form in enumerate(forms):
            distinct = [t.text for t in form.tokens if t.kind == "distinctive"]
            for tok in set(distinct):
                exact.append((tok, lid))
                if _FUZZY_MIN <= len(tok) <= _FUZZY_MAX:
                    variants.extend((v, tok) for v in _deletions(tok))
                if len(tok) >= _GRAM:
                    grams.append((tok[:_GRAM], tok))
                if len(tok) > _GRAM:
                    subgrams.extend((tok[i : i + _GRAM], tok) for i in range(len(tok) - _GRAM + 1))
            core = [t for t in form.tokens if t.kind not in ("weak", "place")]
            if len(core) == 1 and core[0].text.isalpha() and 2 <= len(core[0].text) <= 6:
                acr.append((core[0].text, lid))
            named = [t for t in form.tokens if t.kind != "weak"]
            if len(named) >= 2:
                inits.append(("".join(t.text[0] for t in named), lid))
            if not distinct and form.tokens:
                full.append((_fullkey(form.tokens), lid))
            for t in form.tokens:
                wts.append((lid, t.text, weights.weight(Tok(t.text, t.raw, t.kind))))
            tot.append((lid, sum(weights.weight(t) for t in form.tokens)))

        def frame(rows: Sequence[tuple[object, ...]], schema: dict[str, type[pl.DataType]]) -> pl.DataFrame:
            return pl.DataFrame(rows, schema=schema, orient="row").unique(maintain_order=True)

        return cls(
            forms=tuple(forms),
            exact=frame(exact, {"tok": pl.String, "lid": pl.UInt32}),
            variants=frame(variants, {"variant": pl.String, "ltok": pl.String}),
            grams=frame(grams, {"gram": pl.String, "ltok": pl.String}),
            subgrams=frame(subgrams, {"gram": pl.String, "ltok": pl.String}),
            acronyms=frame(acr, {"tok": pl.String, "lid": pl.UInt32}),
            initials=frame(inits, {"init": pl.String, "lid": pl.UInt32}),
            fullkeys=frame(full, {"fullkey": pl.String, "lid": pl.UInt32}),
            weights=pl.DataFrame(
                wts, schema={"lid": pl.UInt32, "tok": pl.String, "lw": pl.Float64}, orient="row"
            )
            .group_by("lid", "tok")
            .agg(pl.col("lw").max()),
            totals=frame(tot, {"lid": pl.UInt32, "lW": pl.Float64}),
        )


def _fullkey(tokens: Sequence[Tok]) -> str:
    return " ".join(sorted(t.text for t in tokens))


_NON_LATIN = r"[\p{Han}\p{Cyrillic}]"


def supplier_tokens(names: pl.DataFrame, weights: TokenWeights) -> pl.DataFrame:
    """``names`` (sid, name) -> one row per comparable token: sid, pos, tok, kind, w."""
    folded = names.with_columns(
        pl.when(pl.col("name").str.contains(_NON_LATIN))
        .then(pl.col("name").map_elements(fold, return_dtype=pl.String))
        .otherwise(pl.col("name"))
        .alias("text")
    )
    text = (
        pl.col("text")
        .str.normalize("NFKD")
        .str.replace_all(r"\p{M}", "")
        .str.to_lowercase()
        .str.replace_all(r"['’`ʼ´‘]", "")
        .str.replace_all(r"[&+]", " and ")
        .str.replace_all(r"\b(\p{L})\.", "$1")
        .str.replace_all(r"[^\p{L}\p{N}]+", " ")
        .str.strip_chars()
        .str.split(" ")
    )
    toks = (
        folded.select("sid", text.alias("raw"))
        .explode("raw")
        .filter(pl.col("raw").is_not_null() & (pl.col("raw") != ""))
        .with_columns(pl.int_range(pl.len()).over("sid").alias("pos"))
    )
    vocab = toks.select(pl.col("raw").unique())
    rows = []
    for raw in vocab["raw"].to_list():
        if raw in _DROP:
            rows.append((raw, raw, "drop", 0.0))
            continue
        canon, kind = classify(raw)
        w = 0.0 if kind == "number" else weights.weight(Tok(canon, raw, kind))
        rows.append((raw, canon, kind, w))
    table = pl.DataFrame(
        rows, schema={"raw": pl.String, "tok": pl.String, "kind": pl.String, "w": pl.Float64}, orient="row"
    )
    return toks.join(table, on="raw", how="left").filter(pl.col("kind") != "drop").sort("sid", "pos")


def _fuzzy_pairs(stoks: pl.DataFrame, index: ListIndex) -> pl.DataFrame:
    """(tok, ltok) pairs one typing error apart (verified), tok from suppliers, ltok listed."""
    cand = stoks.filter(
        (pl.col("kind") == "distinctive") & pl.col("tok").str.len_chars().is_between(_FUZZY_MIN, _FUZZY_MAX)
    ).select(pl.col("tok").unique())
    if cand.is_empty() or index.variants.is_empty():
        return pl.DataFrame(schema={"tok": pl.String, "ltok": pl.String})
    longest = int(cand["tok"].str.len_chars().max() or 0)  # type: ignore[arg-type]
    dels = [pl.col("tok")] + [
        pl.when(pl.col("tok").str.len_chars() > i).then(
            pl.col("tok").str.slice(0, i) + pl.col("tok").str.slice(i + 1)
        )
        for i in range(longest)
    ]
    variants = cand.select("tok", pl.concat_list(dels).alias("variant")).explode("variant").drop_nulls()
    pairs = variants.join(index.variants, on="variant").select("tok", "ltok").unique()
    pairs = pairs.filter(pl.col("tok") != pl.col("ltok"))
    if pairs.is_empty():
        return pairs
    dist = cpdist(pairs["tok"].to_list(), pairs["ltok"].to_list(), scorer=OSA.distance, workers=-1)
    limit = [allowed_edits(max(len(a), len(b))) for a, b in zip(pairs["tok"], pairs["ltok"], strict=True)]
    keep = pl.Series([int(d) <= lim for d, lim in zip(dist, limit, strict=True)])
    return pairs.filter(keep)


def _gram_pairs(stoks: pl.DataFrame, index: ListIndex) -> pl.DataFrame:
    """(tok, ltok) pairs where one token starts with the other and is at least three letters
    longer (words written together: "hoshinesilicon" / "hoshine"), via 5-gram prefix keys."""
    dist = stoks.filter((pl.col("kind") == "distinctive") & (pl.col("tok").str.len_chars() >= _GRAM))
    heads = dist.select(pl.col("tok").unique()).with_columns(pl.col("tok").str.slice(0, _GRAM).alias("gram"))
    pairs = heads.join(index.grams, on="gram").filter(pl.col("tok") != pl.col("ltok"))
    longer = pl.max_horizontal(pl.col("tok").str.len_chars(), pl.col("ltok").str.len_chars())
    shorter = pl.min_horizontal(pl.col("tok").str.len_chars(), pl.col("ltok").str.len_chars())
    joined = pl.col("tok").str.starts_with(pl.col("ltok")) | pl.col("ltok").str.starts_with(pl.col("tok"))
    return pairs.filter(joined & (shorter >= 6) & (longer - shorter >= 3)).select("tok", "ltok").unique()


def candidates(
    stoks: pl.DataFrame, index: ListIndex, review_threshold: float, slack: float = 0.1
) -> pl.DataFrame:
    """Candidate (sid, lid) pairs after blocking and the weighted-overlap prefilter."""
    schema: dict[str, pl.DataType] = {"sid": pl.UInt32(), "lid": pl.UInt32()}
    toks = stoks.select("sid", "tok", "w")
    lids = index.exact.rename({"tok": "ltok"})
    # token-level agreements: exact distinctive tokens, near spellings, joined words
    parts = [
        toks.join(index.exact, on="tok").select(
            "sid", "lid", pl.lit(1.0).alias("sim"), "tok", pl.col("tok").alias("ltok")
        )
    ]
    for pairs, sim in ((_fuzzy_pairs(stoks, index), None), (_gram_pairs(stoks, index), 1.0)):
        if pairs.is_empty():
            continue
        if sim is None:
            longest = pl.max_horizontal(pl.col("tok").str.len_chars(), pl.col("ltok").str.len_chars())
            dist = pl.Series(
                [OSA.distance(a, b) for a, b in zip(pairs["tok"], pairs["ltok"], strict=True)],
                dtype=pl.Float64,
            )
            pairs = pairs.with_columns((1.0 - dist / longest).alias("sim"))
        else:
            pairs = pairs.with_columns(pl.lit(sim).alias("sim"))
        parts.append(
            toks.select("sid", "tok")
            .join(pairs, on="tok")
            .join(lids, on="ltok")
            .select("sid", "lid", "sim", "tok", "ltok")
        )
    links = pl.concat(parts).unique(["sid", "lid", "tok", "ltok"])
    pairs_all = links.select("sid", "lid").unique()
    # prefilter: weighted overlap of exact tokens (all kinds) plus near/joined distinctive tokens
    sw = stoks.group_by("sid").agg(pl.col("w").sum().alias("sW"))
    shared = (
        pairs_all.join(toks, on="sid")
        .join(index.weights, on=["lid", "tok"])
        .join(
            links.filter(pl.col("sim") == 1.0).select("sid", "lid", "tok"),
            on=["sid", "lid", "tok"],
            how="anti",
        )
        .group_by("sid", "lid")
        .agg((pl.col("w") + pl.col("lw")).sum().alias("m_common"))
    )
    near = (
        links.join(toks.rename({"tok": "t2"}), left_on=["sid", "tok"], right_on=["sid", "t2"])
        .join(index.weights.rename({"tok": "ltok"}), on=["lid", "ltok"])
        .group_by("sid", "lid")
        .agg((pl.col("sim") * (pl.col("w") + pl.col("lw"))).sum().alias("m_link"))
    )
    est = (
        pairs_all.join(shared, on=["sid", "lid"], how="left")
        .join(near, on=["sid", "lid"], how="left")
        .join(sw, on="sid")
        .join(index.totals, on="lid")
        .with_columns(
            (
                (pl.col("m_common").fill_null(0) + pl.col("m_link").fill_null(0))
                / (pl.col("sW") + pl.col("lW"))
            ).alias("est")
        )
    )
    kept = est.filter(pl.col("est") >= review_threshold - slack).select("sid", "lid")
    # always scored: a one-word supplier name equal to a listed name's initials; all-common-word names
    forced: list[pl.DataFrame] = [kept]
    named = stoks.filter(~pl.col("kind").is_in(["weak", "number"]))
    core = stoks.filter(~pl.col("kind").is_in(["weak", "number", "place"]))
    single = core.group_by("sid").agg(pl.col("tok").first(), pl.len().alias("n")).filter(pl.col("n") == 1)
    forced.append(single.join(index.initials.rename({"init": "tok"}), on="tok").select("sid", "lid"))
    if not index.fullkeys.is_empty():
        keys = named.group_by("sid").agg(pl.col("tok").sort().str.join(" ").alias("fullkey"))
        forced.append(keys.join(index.fullkeys, on="fullkey").select("sid", "lid"))
    return pl.concat([f.cast(schema) for f in forced]).unique().sort("sid", "lid")  # type: ignore[arg-type]

"""The prefilter is a safe bound, and screening finds what scoring every pair finds.

* bound >= score for every pair (random variants of listed names, near-misses, unrelated names,
  and all pairs of the committed supplier set), so discarding pairs whose bound is below the
  review threshold never drops a pair the scorer would raise;
* screening with the bound equals screening that scores every blocked pair;
* screening equals exhaustive scoring (every supplier name against every listed name), apart from
  the documented blocking exception (see :mod:`screening.matching.blocking`), which is counted.
"""

from __future__ import annotations

import random

import polars as pl
import pytest

from screening.matching import Matcher, WatchEntry, WatchList, blocking
from screening.matching.blocking import make_side, relations
from screening.matching.bounds import upper_bounds
from screening.matching.names import name_form
from screening.matching.relations import _shift_equal
from screening.matching.tokenize import token_frame
from screening.matching.watchlist import ListedName

LEGAL = ["Co., Ltd.", "Co Ltd", "Company Limited", "Limited", "Corp", "Group Co., Ltd.", "", "Inc."]
PLACES = ["Xinjiang", "Hetian", "Ningbo", "Hong Kong", "Aksu", "Shanghai"]


def _typo(word: str, rng: random.Random, edits: int) -> str:
    for _ in range(edits):
        if len(word) < 3:
            return word
        i = rng.randrange(len(word))
        op = rng.random()
        if op < 0.4:
            word = word[:i] + rng.choice("aeiounghx") + word[i + 1 :]
        elif op < 0.7:
            word = word[:i] + word[i + 1 :]
        else:
            word = word[:i] + rng.choice("aeiou") + word[i:]
    return word


def variant(name: str, rng: random.Random) -> str:
    """A supplier-style spelling of ``name``: case, legal form, typos, dropped/added/joined words,
    word order, initials."""
    words = [
        w for w in name.replace(",", " ").split() if w.lower().strip(".") not in ("co", "ltd", "limited")
    ]
    if not words:
        return name
    r = rng.random()
    if r < 0.15:
        i = rng.randrange(len(words))
        words[i] = _typo(words[i], rng, 1)
    elif r < 0.3:
        i = rng.randrange(len(words))
        words[i] = _typo(words[i], rng, 2)
    elif r < 0.4 and len(words) > 1:
        words.pop(rng.randrange(len(words)))
    elif r < 0.5:
        words.insert(rng.randrange(len(words) + 1), rng.choice(PLACES))
    elif r < 0.6 and len(words) > 1:
        i = rng.randrange(len(words) - 1)
        words[i : i + 2] = [words[i] + words[i + 1]]
    elif r < 0.7:
        rng.shuffle(words)
    elif r < 0.75:
        return "".join(w[0] for w in words).upper()
    elif r < 0.85:
        for i in range(len(words)):
            if rng.random() < 0.5:
                words[i] = _typo(words[i], rng, 1)
    text = " ".join(words) + " " + rng.choice(LEGAL)
    return text.upper() if rng.random() < 0.3 else text


@pytest.fixture(scope="module")
def pairs_data(lists, supplier_pairs):
    rng = random.Random(42)
    listed = [n.text for e in lists.entries for n in e.names]
    rights = [rng.choice(listed) for _ in range(2500)]
    lefts = [variant(r, rng) for r in rights]
    lefts += [variant(rng.choice(listed), rng) for _ in range(500)]  # unrelated pairs
    rights += [rng.choice(listed) for _ in range(500)]
    lefts += supplier_pairs["left"].to_list()
    rights += supplier_pairs["right"].to_list()
    return lefts, rights


def _matcher(names: list[str]) -> Matcher:
    uniq = list(dict.fromkeys(names))
    entries = tuple(
        WatchEntry("user:t", f"user:t:{i}", n, (ListedName(n, "primary"),), None, True)
        for i, n in enumerate(uniq)
    )
    return Matcher(WatchList(entries))


def _side(matcher: Matcher, names: list[str]):
    frame = pl.DataFrame(
        {"sid": list(range(len(names))), "name": names}, schema={"sid": pl.UInt32, "name": pl.String}
    )
    side = make_side(
        token_frame(frame, matcher.weights), "sid", matcher.weights, matcher._min_len, matcher.index.side
    )
    return relations(side, matcher.index)


def _score(matcher: Matcher, name: str, lid: int) -> float:
    score, _, _ = matcher.algorithm.compare_forms(
        name_form(name), matcher.index.forms[lid], matcher.weights, match_threshold=matcher.match_threshold
    )
    return score


def _name_rows(names: list[str]) -> pl.DataFrame:
    """The rows Matcher.screen takes: one supplier name each, no country."""
    return pl.DataFrame(
        {
            "_key": list(range(len(names))),
            "name": names,
            "country_code": [None] * len(names),
            "field": ["f"] * len(names),
        },
        schema={"_key": pl.Int64, "name": pl.String, "country_code": pl.String, "field": pl.String},
    )


def test_bound_is_never_below_the_score(pairs_data):
    lefts, rights = pairs_data
    matcher = _matcher(rights)
    lid_of = {f.original: i for i, f in enumerate(matcher.index.forms)}
    rel = _side(matcher, lefts)
    pairs = pl.DataFrame(
        {"sid": list(range(len(lefts))), "lid": [lid_of[r] for r in rights]},
        schema={"sid": pl.UInt32, "lid": pl.UInt32},
    ).unique()
    ub = upper_bounds(pairs, rel.side, matcher.index.side, rel.near, rel.ra, rel.rb, matcher._bound)
    raised = 0
    for sid, lid, bound in ub.iter_rows():
        score = _score(matcher, lefts[sid], lid)
        raised += score >= matcher.review_threshold
        assert bound >= score - 1e-9, (lefts[sid], matcher.index.forms[lid].original, bound, score)
    assert ub.height >= 3000 and raised >= 1000  # the pairs exercise the threshold region


def test_screening_with_the_bound_equals_scoring_every_blocked_pair(pairs_data, monkeypatch):
    lefts, rights = pairs_data
    matcher = _matcher(rights)
    rows = _name_rows(lefts)
    bounded = matcher.screen(rows)

    def no_bound(pairs, *args, **kwargs):
        return pairs.with_columns(pl.lit(float("inf")).alias("ub"))

    monkeypatch.setattr(blocking, "upper_bounds", no_bound)
    everything = matcher.screen(rows)
    assert bounded.height > 1000
    assert bounded.equals(everything)


def _close(a: str, b: str) -> bool:
    if a == b:
        return True
    from rapidfuzz.distance import OSA

    d = OSA.distance(a, b)
    return d <= 1 or (d == 2 and len(a) == len(b) and _shift_equal(a, b))


def _exception(matcher: Matcher, name: str, lid: int) -> bool:
    """The blocking exception: on each name carrying the agreement (aligning at least t/w of its
    weight), no single word can carry it and its two first aligned words (heaviest first) are
    not both close (equal, one typo, or one letter deleted from each)."""
    a, b = name_form(name), matcher.index.forms[lid]
    _, _, pair = matcher.algorithm.compare_forms(
        a, b, matcher.weights, match_threshold=matcher.match_threshold
    )
    links = pair.alignment.links
    if any(link.how == "joined" for link in links):
        return False
    need = (matcher.review_threshold - 1e-4) / matcher.algorithm.config["tokens_weight"]
    for side, toks in ((0, a.tokens), (1, b.tokens)):
        w = [matcher.weights.weight(t) for t in toks]
        total = sum(w)
        partner: dict[int, tuple[str, float]] = {}
        for link in links:
            i, j = link.left[0], link.right[0]
            mine, other = (i, j) if side == 0 else (j, i)
            partner[mine] = ((b.tokens if side == 0 else a.tokens)[other].text, link.similarity)
        got = sum(w[i] * partner[i][1] for i in partner)
        if total == 0 or got < need * total:
            continue  # this name does not carry the agreement
        if max(w) >= need * total - 1e-6:
            return False  # one word can carry it: probed word by word, with every link
        order = sorted(range(len(toks)), key=lambda i: (-w[i], toks[i].text))
        first = [i for i in order if i in partner][:2]
        if all(_close(toks[i].text, partner[i][0]) for i in first):
            return False
    return True


@pytest.mark.slow  # exhaustive scoring of every pair as the reference: about 13 s (CI: make test-slow)
def test_screening_finds_what_exhaustive_scoring_finds(lists):
    rng = random.Random(7)
    listed = [n.text for e in lists.entries for n in e.names]
    names = [variant(rng.choice(listed), rng).strip() for _ in range(150)]
    matcher = Matcher(lists)
    rows = _name_rows(names)
    scored = matcher._score_candidates(rows.select("name", "country_code"), matcher.review_threshold)
    found = set(scored.select("name", "matched_name").iter_rows())
    missed, exceptions, raised = [], 0, 0
    for name in dict.fromkeys(names):
        for lid, listed_form in enumerate(matcher.index.forms):
            if round(_score(matcher, name, lid), 4) < matcher.review_threshold:
                continue
            raised += 1
            text = matcher._listed[lid].name.text
            if (name, text) in found:
                continue
            if _exception(matcher, name, lid):
                exceptions += 1
            else:
                missed.append((name, listed_form.original))
    assert raised >= 100
    assert missed == []
    # the documented exception: 6 of 168 raised pairs here on 2026-11-28 (heaviest word two typos)
    assert exceptions <= raised * 0.06, (exceptions, raised)

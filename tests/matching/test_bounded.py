"""Bounded work: a hostile 40 KB "name" is matched on its first words, quickly, and the hit says so."""

from __future__ import annotations

import random
import time

import polars as pl

from screening.matching.matcher import MAX_NAME_CHARS


def _screen(matcher, names: list[str]) -> pl.DataFrame:
    frame = pl.DataFrame(
        {
            "_key": list(range(len(names))),
            "name": names,
            "country_code": ["CN"] * len(names),
            "field": ["supplier_name"] * len(names),
        }
    )
    return matcher.screen(frame)


def test_a_40kb_name_is_matched_on_its_first_words_and_says_so(matcher):
    # legal forms repeated: the cut name still matches, so the hit can be read
    name = "Hefei Bitland Information Technology Co., Ltd. " + "Co Ltd " * 6000
    rng = random.Random(14)
    words = ["HEFEI", "BITLAND", "TRADING", "GARMENT", "TEXTILE", "XINJIANG", "COTTON", "INFO"]
    noise = " ".join(rng.choice(words) for _ in range(8000))  # the reproducer: 3.6 GiB before the cut
    assert len(name) > 40_000 and len(noise) > 40_000
    started = time.monotonic()
    hits = _screen(matcher, [name, noise])
    assert time.monotonic() - started < 30
    hit = hits.filter(pl.col("_key") == 0).row(0, named=True)
    assert hit["matched_entity"].startswith("Hefei Bitland Information Technology")
    # cut at a word break: "... Co Ltd" is 196 characters, the next word would pass MAX_NAME_CHARS
    assert MAX_NAME_CHARS == 200
    said = f"matched on the first 196 characters of a {len(name.strip())}-character name"
    assert said in hit["explanation"]


def test_names_within_the_limit_are_matched_whole(matcher):
    hits = _screen(matcher, ["Hefei Bitland Information Technology Co., Ltd."])
    assert hits.height >= 1
    assert "cut for matching" not in hits["explanation"][0]


def test_compare_cuts_a_huge_name_like_the_screen_does(matcher):
    from screening.matching.matcher import cut_name

    name = "Hefei Bitland Information Technology Co., Ltd. " + "Co Ltd " * 6000
    started = time.monotonic()
    assert matcher.compare(name, "Hefei Bitland Information Technology Co., Ltd.").score == 1.0
    assert time.monotonic() - started < 5
    assert len(cut_name(name)) == 196 and cut_name("Acme") == "Acme"

"""Trade and customs data shorten words (INFO, TECH, IND, CHEM, SI for silicon, XJ for Xinjiang):
a correct word, however written, must help a match, never lower it."""

from __future__ import annotations

import pytest

from screening.matching.names import name_form


def _best(matcher, name: str) -> tuple[str, float]:
    found = matcher.candidates(name, "CN", limit=1)
    return (found["matched_entity"][0], found["score"][0]) if found.height else ("", 0.0)


@pytest.mark.parametrize(
    ("short", "listed"),
    [
        ("HEFEI BITLAND INFO TECH CO", "Hefei Bitland Information Technology Co., Ltd."),
        ("HF BITLAND INFO TECH CO", "Hefei Bitland Information Technology Co., Ltd."),
        ("HOSHINE SI IND SHANSHAN CO", "Hoshine Silicon Industry (Shanshan) Co., Ltd."),
        ("XJ ZHONGTAI CHEM CO", "Xinjiang Zhongtai Chemical Co. Ltd."),
    ],
)
def test_trade_data_abbreviations_match_the_listed_entity(matcher, short, listed):
    entity, score = _best(matcher, short)
    assert entity == listed
    assert score >= matcher.match_threshold


def test_adding_a_correct_abbreviated_word_does_not_lower_the_score(matcher):
    # the reproducer: "HEFEI BITLAND" alone was a possible match (0.77), with the two
    # correct words INFO TECH it fell to 0.61, below review
    _, bare = _best(matcher, "HEFEI BITLAND")
    _, more = _best(matcher, "HEFEI BITLAND INFO TECH")
    _, most = _best(matcher, "HEFEI BITLAND INFO TECH CO")
    assert bare <= more <= most
    assert most == 1.0


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("info", "information"), ("tech", "technology"), ("ind", "industry"), ("intl", "international"),
        ("mfg", "manufacturing"), ("elec", "electric"), ("prod", "products"), ("chem", "chemical"),
        ("si", "silicon"), ("equip", "equipment"), ("agri", "agricultural"), ("sci", "science"),
    ],
)  # fmt: skip
def test_abbreviation_normalises_like_the_full_word(short, full):
    assert name_form(f"Acme {short.upper()} Co").key == name_form(f"Acme {full.title()} Co").key


@pytest.mark.parametrize(
    ("short", "full"),
    [("xj", "Xinjiang"), ("gd", "Guangdong"), ("zj", "Zhejiang"), ("sz", "Shenzhen"), ("hf", "Hefei")],
)
def test_province_and_city_initials_normalise_like_the_place(short, full):
    assert name_form(f"{short.upper()} Acme Textile Co").key == name_form(f"{full} Acme Textile Co").key

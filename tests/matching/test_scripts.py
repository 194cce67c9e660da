"""Names in other scripts match their listed Latin forms (screening.matching.scripts)."""

from __future__ import annotations

import pytest

from screening.matching import Matcher, WatchList
from screening.matching.names import fold
from screening.matching.watchlist import ListedName, WatchEntry


def _list(*names: str) -> WatchList:
    return WatchList(
        tuple(
            WatchEntry("user:test", f"user:test:{i}", n, (ListedName(n, "primary"),), None, True)
            for i, n in enumerate(names)
        )
    )


LISTED = _list(
    "Samsung Electronics Co., Ltd.", "Hyundai Motor Company", "Saudi Aramco", "Hellenic Petroleum S.A."
)


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("삼성전자 주식회사", "samsung electronics co ltd"),
        ("أرامكو السعودية", "aramko saudi"),
        ("Ελληνικά Πετρέλαια Α.Ε.", "ellinika petrelaia a.e."),
        ("ทรู คอร์ปอเรชั่น", "thru khorpoerchan"),
        ("Straße", "strasse"),
    ],
)
def test_every_script_folds_to_latin(written, folded):
    assert " ".join(fold(written).split()) == folded


def test_a_korean_company_name_matches_its_listed_latin_form():
    matcher = Matcher(LISTED)
    best = matcher.candidates("삼성전자 주식회사", limit=1)
    assert best.item(0, "matched_entity") == "Samsung Electronics Co., Ltd."
    assert best.item(0, "decision") == "match"
    hyundai = matcher.candidates("현대자동차 주식회사", limit=1)
    assert hyundai.item(0, "matched_entity") == "Hyundai Motor Company"
    assert hyundai.item(0, "decision") == "match"  # hyundae ~ hyundai: the transliteration's spelling


def test_an_arabic_company_name_matches_its_listed_latin_form():
    best = Matcher(LISTED).candidates("أرامكو السعودية", limit=2)
    assert best.get_column("matched_entity").to_list() == ["Saudi Aramco"]
    assert best.item(0, "decision") == "match"  # aramko ~ aramco: the transliteration's spelling
    assert best.item(0, "score") >= 0.9


def test_a_close_latin_spelling_stays_a_possible_match():
    # Outside transliteration, an approximate distinctive word is still for a person to confirm.
    best = Matcher(LISTED).candidates("Saudi Aramko", limit=1)
    assert best.item(0, "decision") == "review"

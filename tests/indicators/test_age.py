"""Dataset ages: as_of, age_days and stale counted to an injectable day (SCREENING_TODAY)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from screening.errors import ConfigError
from screening.indicators import as_of_range, dataset_age, dataset_records, load_catalog, today
from screening.indicators.age import notices

RULES = Path(__file__).resolve().parents[2] / "rules"


@pytest.fixture(scope="module")
def datasets():
    return load_catalog(RULES).datasets


def test_today_comes_from_the_setting_and_a_bad_value_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SCREENING_TODAY", "2027-01-31")
    assert today() == dt.date(2027, 1, 31)
    assert today("2026-12-02") == dt.date(2026, 12, 2)
    monkeypatch.setenv("SCREENING_TODAY", "31/01/2027")
    with pytest.raises(
        ConfigError, match=r"SCREENING_TODAY='31/01/2027' is not a date. Write it as YYYY-MM-DD"
    ):
        today()


def test_stale_only_past_the_cadence(datasets) -> None:
    uflpa = datasets["uflpa"]  # as of 2026-07-09, stale after 180 days
    assert dataset_age(uflpa, dt.date(2027, 1, 5)).stale is False  # 180 days
    late = dataset_age(uflpa, dt.date(2027, 1, 6))
    assert (late.age_days, late.stale) == (181, True)
    assert dataset_age(uflpa, dt.date(2026, 1, 1)).age_days == 0  # never negative


def test_records_are_the_same_for_the_same_day(datasets) -> None:
    catalog = load_catalog(RULES)
    day = dt.date(2026, 12, 2)
    first, second = dataset_records(catalog, day), dataset_records(catalog, day)
    assert first == second and [r["id"] for r in first] == sorted(datasets)
    ilab = next(r for r in first if r["id"] == "ilab_goods")
    assert (ilab["as_of"], ilab["age_days"], ilab["stale"], ilab["cadence"]) == (
        "2024-09-05",
        818,
        True,
        "every two years (September of even years)",
    )


def test_one_sentence_per_partial_or_stale_dataset(datasets) -> None:
    lines = notices(datasets, dt.date(2026, 12, 2))
    # All but uflpa (complete, 146 days) and ilo_fl_indicators (2012, rarely updated): the curated risk
    # contexts (sector_risk, region_contexts, migrant_corridors) and the UFLPA priority sectors say they are
    # partial.
    assert len(lines) == 11
    assert not any(line.startswith("UFLPA Entity List") for line in lines)
    assert all(line.endswith(".") and line.count(" stands as of ") == 1 for line in lines)


def test_as_of_range_for_the_low_tier_sentence(datasets) -> None:
    assert as_of_range(datasets, ["uflpa", "cbp_wro", "ilab_goods"]) == (
        dt.date(2024, 9, 5),
        dt.date(2026, 7, 9),
    )
    assert as_of_range(datasets)[0] == dt.date(2012, 10, 1)
    with pytest.raises(ConfigError, match="no indicator datasets to date"):
        as_of_range(datasets, ["nope"])

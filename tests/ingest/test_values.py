"""Cell values: text, yes/no, numbers, worker counts and shares."""

from __future__ import annotations

import polars as pl
import pytest

from screening.ingest import read_inputs
from screening.ingest.values import (
    clean_text,
    number_value,
    parse_bool,
    parse_number,
    parse_share,
    plausible,
)


def test_text_is_trimmed_line_breaks_collapsed_and_empty_words_null():
    raw = pl.Series(
        ["  Acme  Ltd ", "n/a", "N/A", "-", "", "AAC Acoustic\nIncorporated", "4P Empirme\xa0San.", None]
    )
    assert clean_text(raw).to_list() == [
        "Acme Ltd", None, None, None, None, "AAC Acoustic Incorporated", "4P Empirme San.", None,
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("yes", True), ("Y", True), ("TRUE", True), ("1", True), ("x", True), ("✓", True), ("✔", True),
     ("l", True), ("no", False), ("N", False), ("false", False), ("0", False), ("✗", False)],
)  # fmt: skip
def test_yes_no_words_and_ticks(raw, expected):
    parsed = parse_bool(pl.Series([raw]), "flag")
    assert parsed.values.to_list() == [expected]
    assert parsed.problem.to_list() == [None]


def test_unknown_yes_no_word_is_a_problem_unless_declared():
    parsed = parse_bool(pl.Series(["maybe", "yes", None]), "passport retention in column 'P'")
    assert parsed.values.to_list() == [None, True, None]
    assert parsed.problem.to_list()[0].startswith("passport retention in column 'P' is 'maybe'")
    declared = parse_bool(pl.Series(["trifft zu"]), "p", true_extra=["trifft zu"])
    assert declared.values.to_list() == [True]


@pytest.mark.parametrize(
    ("text", "value"),
    [("1200.50", 1200.5), ("$1,200.50", 1200.5), ("1,200", 1200.0), ("1.200,50", 1200.5), ("12,5", 12.5),
     ("USD 1 200", 1200.0), ("€ 12.500,00", 12500.0), ("(1,200)", -1200.0), ("1.200.000", 1_200_000.0),
     ("abc", None), ("1-2", None), ("", None)],
)  # fmt: skip
def test_numbers_as_people_write_them(text, value):
    assert number_value(text) == value


def test_spend_column_vectorised_matches_the_single_value_reader():
    texts = ["1200.50", "$1,200.50", "1,200", "12,5", "USD 1 200", "(1,200)", "abc", None]
    parsed = parse_number(pl.Series(texts), "spend in column 'S'")
    assert parsed.values.to_list() == [1200.5, 1200.5, 1200.0, 12.5, 1200.0, -1200.0, None, None]
    assert [p is not None for p in parsed.problem.to_list()] == [False] * 6 + [True, False]


def test_a_continental_column_reads_one_point_two_hundred_as_twelve_hundred():
    parsed = parse_number(pl.Series(["1.250.000,00", "40.000", "0,5"]), "spend")
    assert parsed.values.to_list() == [1_250_000.0, 40_000.0, 0.5]
    english = parse_number(pl.Series(["250000.50", "40.000"]), "spend")
    assert english.values.to_list() == [250_000.5, 40.0]


def test_worker_bands_give_null_without_a_problem_but_garbage_is_a_problem():
    parsed = parse_number(
        pl.Series(["501-1500", ">5000", "5000+", "1,200", "many", "-3"]), "w", bands=True, negative=False
    )
    assert parsed.values.to_list() == [None, None, None, 1200.0, None, None]
    assert parsed.has_bands
    problems = parsed.problem.to_list()
    assert problems[:4] == [None] * 4
    assert "'many', which is not a number" in problems[4] and "negative" in problems[5]


def test_shares_from_fractions_percent_columns_and_percent_signs():
    assert parse_share(pl.Series(["0.25", "0.5"]), "s", percent=False).values.to_list() == [0.25, 0.5]
    assert parse_share(pl.Series(["25", "0.5"]), "s", percent=False).values.to_list() == [0.25, 0.005]
    assert parse_share(pl.Series(["1", "0"]), "s", percent=True).values.to_list() == [0.01, 0.0]
    assert parse_share(pl.Series(["25%", "0.5"]), "s", percent=False).values.to_list() == [0.25, 0.5]


def test_share_above_100_percent_or_unreadable_is_a_problem():
    parsed = parse_share(pl.Series(["250", "10", "lots", "-5"]), "share in column '% M'", percent=True)
    assert parsed.values.to_list() == [None, pytest.approx(0.1), None, None]
    problems = parsed.problem.to_list()
    assert "'250%', which is outside 0-100%" in problems[0]
    assert problems[1] is None and "not a share" in problems[2] and "outside" in problems[3]


def test_plausible_checks_a_column_sample_against_a_field_type():
    assert plausible("workers", ["120", "501-1500", "n/a"])
    assert not plausible("workers", ["l", "n/a", "l", "l"])
    assert plausible("bool", ["l", "n/a", "yes"])
    assert not plausible("share", ["Apparel", "Footwear"])


def test_a_spend_beyond_a_quadrillion_or_infinite_is_quarantined_so_totals_stay_finite(write):
    # 1e400 is inf; two 1e308 spends sum to inf: the XLSX writer failed after the store said success
    text = "name,country,spend\nAcme,China,1e400\nBeta,India,1e308\nGamma,India,2500\n"
    res = read_inputs([write("s.csv", text)])
    assert res.frame["supplier_name"].to_list() == ["Gamma"] and res.frame["spend"].to_list() == [2500.0]
    reasons = res.quarantine.sort("row_number")["reason"].to_list()
    assert reasons[0] == (
        "spend in column 'spend' is '1e400', which is beyond 1e+15 (or not a finite number): check the "
        "cell; a total of such values cannot be computed"
    )
    assert "'1e308'" in reasons[1]

"""Spreadsheet formula neutralisation of CSV exports (OWASP CSV injection)."""

from __future__ import annotations

import polars as pl
import pytest

from screening.output.safe import neutralise, neutralise_frame

HOSTILE = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_like_values_get_a_leading_quote(value):
    assert neutralise(value) == "'" + value
    out = neutralise_frame(pl.DataFrame({"name": [value, "Acme Ltd"], "n": [1, 2]}))
    assert out.get_column("name").to_list() == ["'" + value, "Acme Ltd"]
    assert out.get_column("n").to_list() == [1, 2]


def test_ordinary_values_and_nulls_are_untouched():
    df = pl.DataFrame({"name": ["Acme Ltd", None, "A=B"]})
    assert neutralise_frame(df).equals(df)
    assert neutralise(None) is None


def test_a_formula_header_is_neutralised_in_the_csv_header(tmp_path):
    from screening.output.tables import write_csv

    df = pl.DataFrame({"supplier_id": ["V1"], '=HYPERLINK("http://x","y")': ["=1+1"], "+cmd": ["ok"]})
    path = tmp_path / "scores.csv"
    write_csv(df, path)
    header, row = path.read_text(encoding="utf-8").splitlines()
    assert header == 'supplier_id,"\'=HYPERLINK(""http://x"",""y"")",\'+cmd'
    assert row == "V1,'=1+1,ok"

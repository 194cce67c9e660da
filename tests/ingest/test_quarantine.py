"""Nothing lost: rows that cannot be screened are quarantined with their row, column and reason."""

from __future__ import annotations

import polars as pl

from screening.ingest import read_inputs


def _by_row(res):
    return {r["row_number"]: r for r in res.quarantine.iter_rows(named=True)}


def test_every_row_is_screened_or_quarantined(fixture_path):
    res = read_inputs([fixture_path("bad_values.csv")])
    info = res.inputs[0]
    assert (info["rows"], info["rows_screened"], info["rows_quarantined"]) == (10, 3, 7)
    assert res.frame.height + res.quarantine.height == res.rows_in == 10


def test_missing_name_and_missing_country_are_quarantined_with_the_column(fixture_path):
    rows = _by_row(read_inputs([fixture_path("bad_values.csv")]))
    assert rows[3]["column"] == "Supplier Name" and rows[3]["reason"].startswith("no supplier name")
    assert rows[4]["column"] == "Country" and rows[4]["reason"].startswith("no country")
    # "n/a" is an empty name, not a name
    assert rows[11]["column"] == "Supplier Name"


def test_unreadable_typed_values_are_quarantined_with_the_value_and_the_fix(fixture_path):
    rows = _by_row(read_inputs([fixture_path("bad_values.csv")]))
    assert rows[5]["column"] == "Annual Spend"
    assert "'abc', which is not a number" in rows[5]["reason"]
    assert rows[6]["column"] == "% Migrant Workers"
    assert "'250%', which is outside 0-100%" in rows[6]["reason"]
    assert rows[7]["column"] == "Passport Retention"
    assert "'maybe', which is not yes/no" in rows[7]["reason"] and "true_values" in rows[7]["reason"]
    assert rows[5]["source_file"].endswith("bad_values.csv")


def test_blank_row_inside_the_list_is_quarantined_and_trailing_blank_rows_are_not_rows(fixture_path):
    res = read_inputs([fixture_path("bad_values.csv")])
    rows = _by_row(res)
    assert rows[8]["reason"].startswith("blank row") and rows[8]["column"] == ""
    assert res.inputs[0]["trailing_blank_rows"] == 2
    assert max(rows) == 11  # rows 12 and 13 (blank, at the end) are not counted


def test_rows_sharing_an_id_but_naming_different_suppliers_are_each_screened_and_noted(fixture_path):
    res = read_inputs([fixture_path("bad_values.csv")])
    assert res.frame.filter(pl.col("supplier_id") == "B-1")["supplier_name"].to_list() == [
        "Good Supplier Ltd", "Duplicate Id Ltd",
    ]  # fmt: skip
    assert res.inputs[0]["duplicate_ids"] == ["B-1"]
    assert any("B-1" in n and "more than one row" in n for n in res.notes)


def test_an_exact_repeat_of_a_row_is_quarantined_naming_the_first(write):
    # the issue: the repeated row was screened twice and its spend counted twice in the report
    src = write(
        "dup.csv", "id,name,country,spend,notes\nV1,Acme,China,100,a\nV2,Beta,India,5,\nV1,Acme,China,100,b\n"
    )
    res = read_inputs([src])
    assert res.frame["supplier_id"].to_list() == ["V1", "V2"] and res.frame["spend"].sum() == 105
    row = res.quarantine.row(0, named=True)
    assert row["row_number"] == 4 and row["column"] == "id"
    assert row["reason"].startswith("supplier id 'V1' is already on row 2 with the same name, country, site")


def test_order_lines_of_one_supplier_are_each_screened(write):
    src = write("po.csv", "id,name,country,goods,spend\nV1,Acme,China,cotton,100\nV1,Acme,China,yarn,40\n")
    res = read_inputs([src])
    assert res.frame["spend"].to_list() == [100.0, 40.0] and res.quarantine.height == 0


def test_a_row_without_an_id_gets_one_from_its_row_number(fixture_path):
    res = read_inputs([fixture_path("bad_values.csv")])
    row = res.frame.filter(pl.col("supplier_name") == "Missing Id Ltd").row(0, named=True)
    assert row["supplier_id"] == "bad_values-10" and row["_row"] == 10
    assert res.inputs[0]["ids_generated"] == 2  # row 10 here, and row 8 (blank, quarantined)


def test_row_with_more_cells_than_the_header_is_quarantined_and_the_rest_read(fixture_path):
    res = read_inputs([fixture_path("ragged.csv")])
    assert res.frame["supplier_name"].to_list() == ["Alpha Ltd", "Gamma Ltd"]
    assert res.frame["city"].to_list() == ["Dongguan", None]  # short row padded
    (row,) = res.quarantine.iter_rows(named=True)
    assert row["row_number"] == 3 and "4 cells but the header has 3" in row["reason"]
    assert '"(cells beyond the header)": ["Tirupur"]' in row["raw_values"]


def test_several_problems_in_one_row_give_one_quarantine_row_naming_each(write):
    path = write("two.csv", "name,country,spend,passport retention\nAlpha Ltd,,lots,perhaps\n")
    res = read_inputs([path])
    (row,) = res.quarantine.iter_rows(named=True)
    assert row["column"] == "spend, passport retention, country"
    assert row["reason"].count("; ") == 2


def test_a_supplier_id_in_two_files_is_screened_once_from_the_first(write):
    a = write("jan.csv", "id,name,country,spend\nV1,Acme,China,100\nV2,Beta,India,50\n")
    b = write("feb.csv", "id,name,country,spend\nV3,Gamma,Peru,10\nV1,Acme,China,100\n")
    res = read_inputs([a, b])
    assert res.frame["supplier_id"].to_list() == ["V1", "V2", "V3"]
    row = res.quarantine.row(0, named=True)
    assert row["source_file"].endswith("feb.csv") and row["row_number"] == 3
    assert row["reason"].startswith("supplier id 'V1' is already in ") and "jan.csv row 2" in row["reason"]
    assert [(i["rows"], i["rows_screened"], i["rows_quarantined"]) for i in res.inputs] == [
        (2, 2, 0),
        (2, 1, 1),
    ]
    assert any("appear in more than one input file: V1" in n for n in res.notes)


def test_ids_made_from_row_numbers_never_count_as_repeats_across_files(write, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = tmp_path / "a" / "list.csv"
    b = tmp_path / "b" / "list.csv"
    a.write_text("name,country\nAcme,China\n", encoding="utf-8")
    b.write_text("name,country\nBeta,India\n", encoding="utf-8")
    res = read_inputs([a, b])
    assert res.frame["supplier_id"].to_list() == ["list-2", "list-2"] and res.quarantine.height == 0

"""Broken delimited files from the hardening issue: each read with a clear per-row answer."""

from __future__ import annotations

from screening.ingest import read_inputs


def _read(tmp_path, content: bytes, name: str = "list.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    return read_inputs([path])


def test_first_row_with_a_trailing_comma_is_screened(tmp_path):
    res = _read(tmp_path, b"name,country\nAcme,China,\n")  # was a polars SchemaError traceback
    assert res.frame["supplier_name"].to_list() == ["Acme"] and res.quarantine.height == 0


def test_first_row_with_a_real_extra_cell_is_quarantined_with_its_cells(tmp_path):
    res = _read(tmp_path, b"name,country\nAcme,China,Extra\nBeta,India\n")
    assert res.frame["supplier_name"].to_list() == ["Beta"]
    row = res.quarantine.row(0, named=True)
    assert row["row_number"] == 2 and "3 cells but the header has 2" in row["reason"]


def test_a_lone_cr_inside_an_lf_file_is_a_space_not_a_new_row(tmp_path):
    res = _read(tmp_path, b"name,country\nAcme\rCorp,China\nBeta\rX,India,\nGamma,Viet\rNam\n")
    assert res.frame["supplier_name"].to_list() == ["Acme Corp", "Beta X", "Gamma"]
    assert res.frame["country_raw"].to_list() == ["China", "India", "Viet Nam"]
    assert res.rows_in == 3


def test_a_file_cut_inside_the_country_quarantines_its_last_row(tmp_path):
    res = _read(tmp_path, b"name,country\nAcme,China\nBeta,Banglad")
    assert res.frame["supplier_name"].to_list() == ["Acme"]
    row = res.quarantine.row(0, named=True)
    assert row["row_number"] == 3 and row["column"] == "country"
    assert "'Banglad' is the start of 'Bangladesh'" in row["reason"]


def test_a_file_cut_before_its_last_cells_quarantines_its_last_row(tmp_path):
    res = _read(tmp_path, b"name,country,goods\nAcme,China,cotton\nBeta,Bangl")
    assert res.quarantine.row(0, named=True)["reason"].startswith(
        "row cut short: the file ends after 2 of this row's 3 cells"
    )


def test_a_file_cut_inside_quotes_quarantines_its_last_row_instead_of_refusing_the_file(tmp_path):
    res = _read(tmp_path, b'name,country,goods\nAcme,China,cotton\nBeta,Bangladesh,"cott')
    assert res.frame["supplier_name"].to_list() == ["Acme"]
    assert "ends inside a quoted cell" in res.quarantine.row(0, named=True)["reason"]


def test_a_complete_file_without_a_final_line_break_is_read_whole(tmp_path):
    # Google Sheets writes CSV without a final line break: a whole last row is not a cut row
    res = _read(tmp_path, b"name,country,goods\nAcme,China,cotton\nBeta,Bangladesh,garments")
    assert res.frame["supplier_name"].to_list() == ["Acme", "Beta"] and res.quarantine.height == 0


def test_rows_in_equals_screened_plus_quarantined_for_every_broken_file(tmp_path):
    files = [
        b"name,country\nAcme,China,\n",
        b"name,country\nA,China\nB,Banglad",
        b'name,country\nA,China\nB,"Ch',
    ]
    for i, (content, data_rows) in enumerate(zip(files, [1, 2, 2], strict=True)):
        res = _read(tmp_path, content, f"f{i}.csv")
        assert res.rows_in == res.frame.height + res.quarantine.height == data_rows


def test_rows_above_a_header_found_lower_down_are_quarantined_not_dropped(tmp_path):
    # a data row whose cells look like headers is taken as the header: the rows above it that hold
    # data were dropped as "title rows" (only a note in run.json said so)
    content = (
        b"Supplier list November\nVendor Label,Origin,Items\nAcme Spinning,China,cotton\n"
        b"name,country,goods\nBeta,India,tea\n"
    )
    res = _read(tmp_path, content)
    assert res.frame["supplier_name"].to_list() == ["Beta"]
    rows = res.quarantine.sort("row_number").rows(named=True)
    assert [r["row_number"] for r in rows] == [2, 3]
    assert all(r["reason"].startswith("row above the header (row 4) that looks like data") for r in rows)
    assert "Acme Spinning" in rows[1]["raw_values"]
    assert res.rows_in == 3  # rows 2, 3 and 5; row 1 is a title
    assert any(n.endswith("title rows above the header skipped: 1") for n in res.notes)

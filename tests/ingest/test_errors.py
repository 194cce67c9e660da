"""Files that cannot be read as a supplier table: one InputError paragraph naming the file and fix."""

from __future__ import annotations

import pytest

from screening.errors import InputError
from screening.ingest import read_inputs


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("empty.csv", "is empty (0 bytes)"),
        ("header_only.csv", "has a header row but no data rows"),
        ("word_document.csv", "is a Word document (.docx), not a table"),
        ("picture.csv", "is a PNG image, not a table"),
        ("garbage.csv", "holds binary data, not a table"),
        ("unclosed_quote.csv", "quotes are not closed"),
    ],
)
def test_file_that_is_not_a_table_is_refused(fixture_path, name, says):
    path = fixture_path(name)
    with pytest.raises(InputError) as err:
        read_inputs([path])
    message = str(err.value)
    assert says in message and str(path) in message and "Fix" in message
    assert "\n" not in message  # one paragraph


def test_missing_file_names_the_path(tmp_path):
    path = tmp_path / "suppliers.csv"
    with pytest.raises(InputError, match=r"suppliers.csv does not exist\. Fix"):
        read_inputs([path])


def test_no_country_column_lists_the_headers_and_the_fix(fixture_path):
    with pytest.raises(InputError) as err:
        read_inputs([fixture_path("no_country.csv")])
    message = str(err.value)
    assert "no country column found" in message
    assert "'Supplier Name', 'City', 'Products'" in message
    assert "--mapping" in message and "no_country.csv" in message


def test_no_name_column_is_refused(fixture_path):
    with pytest.raises(InputError, match="no supplier name column found"):
        read_inputs([fixture_path("no_name.csv")])


def test_unknown_xlsx_sheet_lists_the_sheets(fixture_path):
    with pytest.raises(InputError) as err:
        read_inputs([fixture_path("suppliers.xlsx")], sheet="Vendors")
    assert "no sheet named 'Vendors'" in str(err.value)
    assert "'Suppliers', 'Archive'" in str(err.value)


def test_old_xls_and_fake_extensions_are_refused(write):
    with pytest.raises(InputError, match=r"Excel 97-2003"):
        read_inputs([write("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500)])
    with pytest.raises(InputError, match=r"named like a \.xlsx file but its content is not xlsx"):
        read_inputs([write("fake.xlsx", "name,country\nA,China\n")])
    with pytest.raises(InputError, match="a ZIP archive"):
        import io
        import zipfile

        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("suppliers.csv", "name,country\n")
        read_inputs([write("bundle.csv", buf.getvalue())])


def test_json_that_is_not_a_list_of_objects_is_refused(write):
    with pytest.raises(InputError, match="record 2 is a JSON str"):
        read_inputs([write("a.json", '[{"name": "A", "country": "China"}, "oops"]')])
    with pytest.raises(InputError, match="no line is a valid JSON object"):
        read_inputs([write("a.ndjson", '{"name": \n[1, 2\n')])
    with pytest.raises(InputError, match="2 lists"):
        read_inputs([write("b.json", '{"a": [], "b": []}')])


def test_no_input_at_all_is_an_input_error():
    with pytest.raises(InputError, match="No input file given"):
        read_inputs([])


def test_xlsx_renamed_csv_is_read_as_xlsx(fixture_path, write):
    path = write("really_excel.csv", fixture_path("suppliers.xlsx").read_bytes())
    res = read_inputs([path])
    assert res.inputs[0]["format"] == "xlsx" and res.frame.height == 8

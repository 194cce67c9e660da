"""Encodings and delimiters of delimited text."""

from __future__ import annotations

import pytest

from screening.ingest import read_inputs
from screening.ingest.encoding import to_utf8
from screening.ingest.readers import sniff_delimiter

TEXT = "name,country,city\nSociété Générale Textile,Côte d'Ivoire,Abidjan\nMüller Weberei,Deutschland,Köln\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),  # no BOM
        (TEXT.encode("cp1252"), "cp1252"),
    ],
)
def test_encodings_are_detected_and_text_comes_out_as_utf8(data, encoding):
    found, utf8 = to_utf8(data, "x.csv")
    assert found == encoding
    assert utf8.decode("utf-8") == TEXT


def test_cp1252_curly_quotes_and_euro_sign_survive(write):
    text = "name;country;spend\n“Prima” Tessuti;Italia;€ 1.200,00\n"
    res = read_inputs([write("w.csv", text.encode("cp1252"))])
    row = res.frame.row(0, named=True)
    assert (row["supplier_name"], row["spend"]) == ("“Prima” Tessuti", 1200.0)
    assert res.inputs[0]["encoding"] == "cp1252"


@pytest.mark.parametrize(
    ("sample", "delimiter"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1;2,5;3\n", ";"),
        ("a\tb\tc\n1\t2\t3\n", "\t"),
        ("a|b|c\n1|2|3\n", "|"),
        # Benetton-style: semicolons inside a comma-separated file's cells
        (
            (
                'country,name,address\nTURKEY,Aba,"Merkez; Istanbul; 34180 (Istanbul)"\n'
                "INDIA,Cta,No.23; Noida; 201309 (UP)\n"
            ),
            ",",
        ),
    ],
)
def test_delimiter_is_sniffed(sample, delimiter):
    assert sniff_delimiter(sample) == delimiter


def test_a_three_row_cp1252_file_is_read_as_cp1252_not_a_baltic_page(write):
    # the reproducer: detected as cp775/cp1257, "Côte d'Ivoire" became "C¶te d'Ivoire"
    text = (
        "name,country,goods\nCocoa Export SA,Côte d'Ivoire,cocoa\nCafé Ltd,Côte d'Ivoire,cocoa\n"
        "Béta,France,wine\n"
    )
    res = read_inputs([write("ci.csv", text.encode("cp1252"))])
    assert res.inputs[0]["encoding"] == "cp1252"
    assert res.frame["country_raw"].to_list() == ["Côte d'Ivoire", "Côte d'Ivoire", "France"]
    assert any(n.endswith("text read as cp1252") for n in res.notes)


def test_a_utf8_file_with_one_cp1252_line_is_decoded_line_by_line(write):
    utf8 = "name,country\nCafé Ltd,France\nNestlé,Switzerland\n".encode()
    data = utf8 + "Société X,Côte d'Ivoire\n".encode("cp1252")
    res = read_inputs([write("mixed.csv", data)])
    assert res.frame["supplier_name"].to_list() == ["Café Ltd", "Nestlé", "Société X"]
    assert res.inputs[0]["encoding"] == "utf-8+cp1252 lines 4"
    assert any("lines 4 read as Windows-1252" in n for n in res.notes)


def test_cyrillic_in_a_single_byte_page_is_not_taken_for_cp1252(write):
    text = "name,country\nООО Ромашка Текстиль,Россия\nАО Звезда,Россия\nПАО Север,Россия\n"
    res = read_inputs([write("ru.csv", text.encode("cp1251"))])
    assert res.frame["supplier_name"].to_list() == ["ООО Ромашка Текстиль", "АО Звезда", "ПАО Север"]


def test_a_country_garbled_by_a_wrong_code_page_is_reported_as_an_encoding_problem(write):
    data = "name,country\nAcme,Côte d'Ivoire\n".encode("cp1252").replace(b"\xf4", b"\xb6")  # cp1257's ô
    res = read_inputs([write("garbled.csv", data)])
    assert any("possible encoding problem" in n and "C¶te d'Ivoire" in n for n in res.notes)

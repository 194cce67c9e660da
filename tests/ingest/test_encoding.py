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

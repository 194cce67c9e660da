"""NDJSON through polars' reader gives the table of the line-by-line reader, line numbers included."""

from __future__ import annotations

import json

from screening.ingest.ndjson_fast import fast_ndjson_frame
from screening.ingest.readers import PROBLEM, _records_table, read_json
from screening.ingest.tabular import read_json_records

ROWS = [
    {"id": 1, "name": "Acme Textiles", "country": "CN", "workers": 120, "share": 0.25,
     "goods": ["cotton", "yarn"], "uses_labor_agents": True, "note": ""},
    {"id": 2, "name": "Béta Garments", "country": "VN", "workers": 12.0, "share": None, "goods": ["shoes"],
     "uses_labor_agents": False},
]  # fmt: skip


def _ndjson(*records: object, blank_after_first: bool = True) -> bytes:
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    if blank_after_first:
        lines.insert(1, "")
    return ("\n".join(lines) + "\n").encode()


def test_polars_reads_the_same_cells_and_line_numbers_as_the_line_reader():
    data = _ndjson(*ROWS, {"id": 3, "name": "Gamma Shoes", "factory": "Dhaka"})
    assert fast_ndjson_frame(data) is not None
    fast = read_json(data, "s.ndjson", "ndjson")
    slow = _records_table("ndjson", *read_json_records(data, "s.ndjson", ndjson=True))
    assert fast.headers == slow.headers
    assert fast.frame.equals(slow.frame)
    assert fast.frame.get_column("__row").to_list() == [1, 3, 4]  # the blank line 2 is skipped
    assert fast.frame.row(0)[:8] == ("1", "Acme Textiles", "CN", "120", "0.25", "cotton; yarn", "true", None)


def test_nested_objects_go_through_the_line_reader():
    data = _ndjson({"name": "Acme", "site": {"city": "Dhaka"}})
    assert fast_ndjson_frame(data) is None
    table = read_json(data, "s.ndjson", "ndjson")
    assert table.frame.item(0, "c1") == '{"city": "Dhaka"}'


def test_an_invalid_line_falls_back_to_the_line_reader_which_quarantines_it():
    data = b'{"name": "Acme"}\n{"name": "Beta",\n'
    table = read_json(data, "s.ndjson", "ndjson")
    problems = table.frame.get_column(PROBLEM).to_list()
    assert problems[0] is None and "line 2" in str(problems[1])

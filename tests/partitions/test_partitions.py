"""Partitioned screening (screening/partitions.py): the same files as a one-piece screen, byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import polars as pl
import pytest

from screening.partitions import slice_bounds
from screening.pipeline import build_options, run

from .conftest import TABLES, screen_modes

ROOT = Path(__file__).resolve().parents[2]

# A list with what makes partitions hard: blank rows inside and at the end, rows ingest quarantines
# (no country), rows input validation quarantines (negative spend, share above 1), missing and repeated
# ids, a column the screen carries through, and formula-like text.
AWKWARD = """id,name,country,products,spend,migrant_worker_share,buyer
A1,Hotan Jade Garment Co Ltd,China,garments,100,,north
A2,Aksu Cotton Spinning Mill,China,cotton yarn,-5,,north
,Nameless Id Textiles,Viet Nam,garments,10,,south
A4,Hotan Jade Garment Co Ltd,China,garments,100,,north
,,,,,,
A5,No Country Ltd,,garments,1,,south
A6,Dhaka Knit Ltd,Bangladesh,garments,7,1.5,=HYPERLINK("x")
,,,,,,
,,,,,,
A9,Ninestar Corp,China,printer cartridges,3,,east
A10,Tirupur Cotton Mills,India,cotton,2,0.2,east
A11,Bursa Textile AS,Turkey,cotton,,,west
,,,,,,
"""


@pytest.fixture(scope="module")
def lists(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("lists")
    awkward = folder / "awkward.csv"
    awkward.write_text(AWKWARD, encoding="utf-8")
    # The examples as they are: the CSV repeats V10041 (row 202 is row 42 again), the NDJSON repeats
    # suppliers of the CSV under the same ids (found across files).
    return [ROOT / "examples" / "suppliers.csv", awkward, ROOT / "examples" / "suppliers.ndjson"]


@pytest.fixture(scope="module")
def screens(tmp_path_factory: pytest.TempPathFactory, lists: list[Path]) -> dict[str, Path]:
    modes = {"whole": (0, None), "parts": (70, None), "dask": (40, "local:2")}
    return screen_modes(lists, tmp_path_factory, modes, store=True, list_name="group")


@pytest.mark.parametrize("table", TABLES)
# Slow (CI: make test-slow): a store-backed screen of the group's lists three ways; in `make test`,
# tests/partitions/test_repeats.py compares parts of one row with one piece.
@pytest.mark.slow
@pytest.mark.parametrize("mode", ["parts", "dask"])
def test_partitioned_tables_are_byte_identical_to_one_piece(
    screens: dict[str, Path], mode: str, table: str
) -> None:
    """In this process (parts of 70 rows) and on a LocalCluster of 2 workers (parts of 40)."""
    whole, parts = (screens[k] / table for k in ("whole", mode))
    assert whole.read_bytes() == parts.read_bytes()


# Slow (22 s, CI: make test-slow): make test keeps tests/partitions/test_repeats.py's byte-identical parts.
@pytest.mark.slow
def test_partitioned_screen_accounts_for_every_row_in_input_order(screens: dict[str, Path]) -> None:
    record = json.loads((screens["parts"] / "run.json").read_text())
    whole = json.loads((screens["whole"] / "run.json").read_text())
    assert record["partitions"]["count"] == 5  # 201 + 13 + 25 rows in parts of 70: 3 + 1 + 1
    for key in ("rows_in", "rows_screened", "rows_quarantined", "tiers"):
        assert record[key] == whole[key], key
    assert [i["rows"] for i in record["inputs"]] == [i["rows"] for i in whole["inputs"]] == [201, 12, 25]
    quarantine = pl.read_csv(screens["parts"] / "quarantine.csv", infer_schema=False)
    awkward = [
        r for r in quarantine.select("source_file", "row_number", "reason").rows() if "awkward" in r[0]
    ]
    assert [r[1] for r in awkward] == ["6", "7", "9", "10", "3"]  # ingest's rows first, then validation's
    assert awkward[1][2].startswith("no country") and awkward[4][2].startswith("spend is negative")
    scores = pl.read_csv(screens["parts"] / "scores.csv", infer_schema=False)
    mine = scores.filter(pl.col("source_file").str.ends_with("awkward.csv"))
    assert mine["supplier_id"].to_list() == ["A1", "awkward-4", "A4", "A6", "A9", "A10", "A11"]
    a6 = mine.row(3, named=True)  # its share 1.5 makes the column a percent column in every partition
    assert a6["migrant_worker_share"] == "0.015" and not a6["buyer"].startswith("=")
    assert not (screens["parts"] / ".partitions").exists()


@pytest.mark.slow
def test_partitioned_screen_records_one_run_in_the_store(screens: dict[str, Path]) -> None:
    with duckdb.connect(str(screens["parts"] / "store.duckdb"), read_only=True) as con:
        runs = con.execute("SELECT list_name, run_id FROM runs").fetchall()
        stored = con.execute("SELECT count(*) FROM suppliers").fetchone()
    record = json.loads((screens["parts"] / "run.json").read_text())
    assert runs == [("group", record["run_id"])]
    assert stored == (record["rows_screened"],)


def test_slices_never_end_on_a_blank_row_and_keep_a_blank_tail_whole() -> None:
    blank = pl.Series([False, False, True, True, False, False, True, True])
    bounds = slice_bounds(blank, 3)
    assert bounds == [(0, 2), (2, 5), (5, 8)]
    assert all(not blank[end - 1] for _, end in bounds[:-1])
    assert slice_bounds(pl.Series([False, True, True]), 1) == [(0, 3)]
    # a run of blank rows as long as a part: the part runs on to the next row that holds something
    assert slice_bounds(pl.Series([False, True, True, True, False, False, True]), 2) == [
        (0, 1),
        (1, 5),
        (5, 7),
    ]


def test_a_bad_local_cluster_size_is_a_users_mistake(tmp_path: Path) -> None:
    from screening.errors import InputError

    with pytest.raises(InputError, match="local:N must be a whole number"):
        run([ROOT / "examples" / "suppliers.csv"], build_options(tmp_path, no_store=True, dask="local:0"))

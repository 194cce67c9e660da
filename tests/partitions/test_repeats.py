"""Partitioned screening of lists whose supplier ids repeat, in a file and across files (issue 16): every
row gets what a one-piece screen gives it, with the repeats landing in different parts."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from screening.pipeline import build_options, run

from .conftest import TABLES, run_record, screen_modes

# Row 4 cannot be screened (its worker count) and repeats row 9 exactly: a one-piece screen names row 9,
# a later part, in its reason. Rows 5, 8 and 12 repeat rows 2, 3 and 9 exactly; row 6 is another order
# line of R1 (other spend): screened. Row 10 is blank.
EXACT_A = """id,name,country,products,spend,workers
R1,Alpha Garments Co Ltd,China,garments,100,10
R2,Beta Knit Ltd,Viet Nam,garments,50,20
R3,Gamma Cotton Mills,India,cotton,10,lots
R1,Alpha Garments Co Ltd,China,garments,100,10
R1,Alpha Garments Co Ltd,China,garments,200,10
R4,Delta Knit Ltd,Bangladesh,garments,5,
R2,Beta Knit Ltd,Viet Nam,garments,50,30
R3,Gamma Cotton Mills,India,cotton,10,15
,,,,,
R5,Epsilon Tekstil AS,Turkey,cotton,1,
R3,Gamma Cotton Mills,India,cotton,10,
"""
# Rows 2, 6 and 8 repeat rows 2, 7 and 6 of the first file; row 3 is R2 with another spend (screened);
# row 5 repeats row 4 of this file; row 7 has no id (one is made from its row number); row 9 no country.
EXACT_B = """id,name,country,products,spend,workers
R1,Alpha Garments Co Ltd,China,garments,100,
R2,Beta Knit Ltd,Viet Nam,garments,999,
R6,Zeta Seafood Co,Thailand,shrimp,3,
R6,Zeta Seafood Co,Thailand,shrimp,3,
R4,Delta Knit Ltd,Bangladesh,garments,5,
,No Id Toys Co,China,toys,1,
R1,Alpha Garments Co Ltd,China,garments,200,
R7,Eta Gloves Sdn Bhd,,gloves,2,
"""
# The same ids repeat within and across the files, but every row differs (order lines, sites): all screened.
LINES_A = """Vendor #,Vendor,Country,Products,Spend
L1,Alpha Garments Co Ltd,China,garments,100
L2,Beta Knit Ltd,Viet Nam,garments,50
L1,Alpha Garments Co Ltd,China,garments,101
L3,Gamma Cotton Mills,India,cotton,10
L2,Beta Knit Ltd,Viet Nam,footwear,50
L1,Alpha Garments Co Ltd,Bangladesh,garments,100
"""
LINES_B = """Vendor #,Vendor,Country,Products,Spend
L3,Gamma Cotton Mills,India,cotton,11
L1,Alpha Garments Co Ltd,China,garments,102
L3,Gamma Cotton Mills,India,yarn,10
"""
LISTS = {"exact": (EXACT_A, EXACT_B), "lines": (LINES_A, LINES_B)}
MODES = {"whole": (0, None), "parts2": (2, None), "parts1": (1, None), "dask": (3, "local:2")}


def _screens(kind: str, factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = factory.mktemp(kind)
    lists = []
    for name, text in zip(("a.csv", "b.csv"), LISTS[kind], strict=True):
        (folder / name).write_text(text, encoding="utf-8")
        lists.append(folder / name)
    outs = screen_modes(lists, factory, MODES, reports=False, skip_validation=True)
    outs["folder"] = folder
    return outs


@pytest.fixture(scope="module")
def exact(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _screens("exact", tmp_path_factory)


@pytest.fixture(scope="module")
def lines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _screens("lines", tmp_path_factory)


@pytest.mark.parametrize(
    "mode", [pytest.param(m, marks=pytest.mark.slow) if m != "parts1" else m for m in MODES if m != "whole"]
)
# `make test` compares parts of one row for exact repeats; the repeats of lines run in make test-slow (CI)
@pytest.mark.parametrize(
    "kind", [k if k == "exact" else pytest.param(k, marks=pytest.mark.slow) for k in LISTS]
)
def test_repeated_ids_give_byte_identical_tables_in_parts_and_on_a_cluster(
    request: pytest.FixtureRequest, kind: str, mode: str
) -> None:
    screens: dict[str, Path] = request.getfixturevalue(kind)
    for table in TABLES:
        assert (screens[mode] / table).read_bytes() == (screens["whole"] / table).read_bytes(), table
    record, whole = run_record(screens[mode]), run_record(screens["whole"])
    assert record["rows_in"] == record["rows_screened"] + record["rows_quarantined"]
    assert record["partitions"]["count"] >= 3 and "partitions" not in whole
    for key in ("rows_in", "rows_screened", "rows_quarantined", "inputs", "notes", "tiers"):
        assert record[key] == whole[key], key


def _quarantine(out: Path) -> list[tuple[str, int, str]]:
    q = pl.read_csv(out / "quarantine.csv", infer_schema=False)
    return [
        (Path(f).name, int(r), reason)
        for f, r, reason in q.select("source_file", "row_number", "reason").rows()
    ]


def test_exact_repeats_are_quarantined_naming_the_first_whatever_the_part(exact: dict[str, Path]) -> None:
    screens = exact
    got = _quarantine(screens["parts1"])
    assert [(f, r) for f, r, _ in got] == [
        ("a.csv", 4), ("a.csv", 5), ("a.csv", 8), ("a.csv", 10), ("a.csv", 12),
        ("b.csv", 2), ("b.csv", 5), ("b.csv", 6), ("b.csv", 8), ("b.csv", 9),
    ]  # fmt: skip
    reasons = {(f, r): reason for f, r, reason in got}
    assert reasons[("a.csv", 4)].startswith("worker count in column 'workers' is 'lots'")
    assert "; supplier id 'R3' is already on row 9 with the same name" in reasons[("a.csv", 4)]
    assert reasons[("a.csv", 5)].startswith("supplier id 'R1' is already on row 2 ")
    assert reasons[("a.csv", 12)].startswith("supplier id 'R3' is already on row 9 ")
    assert reasons[("b.csv", 5)].startswith("supplier id 'R6' is already on row 4 ")
    first_file = str(screens["folder"] / "a.csv")
    assert reasons[("b.csv", 2)].startswith(f"supplier id 'R1' is already in {first_file} row 2 ")
    assert reasons[("b.csv", 6)].startswith(f"supplier id 'R4' is already in {first_file} row 7 ")
    assert reasons[("b.csv", 8)].startswith(f"supplier id 'R1' is already in {first_file} row 6 ")
    scores = pl.read_csv(screens["parts1"] / "scores.csv", infer_schema=False)
    assert scores["supplier_id"].to_list() == ["R1", "R2", "R1", "R4", "R3", "R5", "R2", "R6", "b-7"]
    record = run_record(screens["parts1"])
    assert (record["rows_in"], record["rows_screened"], record["rows_quarantined"]) == (19, 9, 10)
    assert [i["duplicate_ids"] for i in record["inputs"]] == [["R1", "R2", "R3"], ["R1", "R6"]]
    across = [n for n in record["notes"] if "appear in more than one input file" in n]
    assert len(across) == 1
    assert across[0].startswith("2 supplier id(s) appear in more than one input file: R1, R4 ")


@pytest.mark.slow  # 6-8 s (CI: make test-slow)
def test_order_lines_sharing_an_id_are_each_screened_in_parts(lines: dict[str, Path]) -> None:
    screens = lines
    assert _quarantine(screens["parts1"]) == []
    scores = pl.read_csv(screens["parts1"] / "scores.csv", infer_schema=False)
    assert scores["supplier_id"].to_list() == ["L1", "L2", "L1", "L3", "L2", "L1", "L3", "L1", "L3"]
    record = run_record(screens["parts1"])
    assert (record["rows_in"], record["rows_screened"], record["rows_quarantined"]) == (9, 9, 0)


@pytest.mark.slow  # 8-11 s (CI: make test-slow)
def test_only_the_last_part_of_a_file_ending_mid_row_looks_for_a_row_cut_short(tmp_path: Path) -> None:
    # No line break at the end: a last row whose country is the start of a name ("Chin") is quarantined as
    # cut short; the same country on the last row of an inner part is not.
    text = (
        "id,name,products,country\nC1,Kappa Toys Ltd,toys,China\nC2,Lambda Ltd,toys,Chin\nC3,Mu Ltd,toys,Chin"
    )
    path = tmp_path / "cut.csv"
    path.write_text(text, encoding="utf-8")
    whole = run([path], build_options(tmp_path / "whole", no_store=True, reports=False))
    parts = run([path], build_options(tmp_path / "parts", no_store=True, reports=False, partition_rows=2))
    assert [r for _, r, _ in _quarantine(tmp_path / "parts")] == [4]
    assert parts.run["rows_quarantined"] == whole.run["rows_quarantined"] == 1
    for table in TABLES:
        assert (tmp_path / "parts" / table).read_bytes() == (tmp_path / "whole" / table).read_bytes(), table

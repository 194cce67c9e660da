"""Supplier data is hostile: formulas must never run in report.xlsx, markup never in the HTML."""

from __future__ import annotations

import html
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import polars as pl
import pytest

from screening.output.safe import FORMULA_PREFIXES
from screening.report import write_evidence_pack

from .sample import DATASETS, QUARANTINE, build, policy, run_record, write_sample_reports

HOSTILE = [
    '=HYPERLINK("http://evil","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
]
FORMULAS = [h for h in HOSTILE if h.startswith(FORMULA_PREFIXES)]


def _hostile() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, dict[str, Any]]:
    scores, findings = build()
    n = len(HOSTILE)
    names = HOSTILE + scores["supplier_name"].to_list()[n:]
    scores = scores.with_columns(
        pl.Series("supplier_name", names),
        pl.Series("parent_name", HOSTILE[::-1] + scores["parent_name"].to_list()[n:]),
        pl.Series("goods", HOSTILE + scores["goods"].to_list()[n:]),
        pl.when(pl.col("_key") == 0)
        .then(pl.lit(HOSTILE[0]))
        .otherwise(pl.col("top_reason"))
        .alias("top_reason"),
        pl.lit("=cmd|'/c calc'!A1").alias("=Carried Column"),  # an unrecognised input column, carried
    )
    findings = findings.with_columns(
        pl.when(pl.col("_key") < n)
        .then(pl.col("_key").map_elements(lambda k: HOSTILE[k], return_dtype=pl.String))
        .otherwise(pl.col("evidence"))
        .alias("evidence"),
        pl.when(pl.col("matched_entity").is_not_null()).then(pl.lit(HOSTILE[5])).alias("matched_entity"),
        pl.when(pl.col("review_note").is_not_null()).then(pl.lit(HOSTILE[6])).alias("review_note"),
    )  # fmt: skip
    quarantine = QUARANTINE.with_columns(
        pl.Series("reason", HOSTILE[:2]),
        pl.Series("raw_values", HOSTILE[2:4]),
        pl.Series("source_file", HOSTILE[4:6]),
    )
    return scores, findings, quarantine, run_record()


@pytest.fixture(scope="module")
def hostile_out(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    scores, findings, quarantine, run = _hostile()
    out = tmp_path_factory.mktemp("hostile")
    paths = write_sample_reports(out, scores, findings, run, quarantine=quarantine)
    for k in (0, 5, 6):
        paths[f"evidence{k}"] = write_evidence_pack(
            out, str(scores["supplier_id"][k]), scores=scores, findings=findings, run=run, datasets=DATASETS,
            policy=policy(),
        )  # fmt: skip
    return paths


def test_no_cell_of_the_workbook_is_a_formula(hostile_out: dict[str, Path]) -> None:
    book = openpyxl.load_workbook(hostile_out["xlsx"])
    seen: set[str] = set()
    for ws in book:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_PREFIXES), (
                        ws.title,
                        cell.coordinate,
                        cell.value,
                    )
                    seen.add(cell.value)
    with zipfile.ZipFile(hostile_out["xlsx"]) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)
    # Every formula-like value is there, shown as text behind a leading apostrophe.
    for value in FORMULAS:
        assert "'" + value in seen, value
    assert "'=Carried Column" in seen and "'=cmd|'/c calc'!A1" in seen


def test_hostile_names_are_neutralised_in_every_data_sheet(hostile_out: dict[str, Path]) -> None:
    book = openpyxl.load_workbook(hostile_out["xlsx"])
    for sheet, column in (
        ("All suppliers", "supplier_name"),
        ("Flagged", "supplier_name"),
        ("Findings", "evidence"),
    ):
        ws = book[sheet]
        header = [c.value for c in ws[1]]
        values = [ws.cell(row=r, column=header.index(column) + 1).value for r in range(2, ws.max_row + 1)]
        for hostile in FORMULAS:
            if hostile in ("-2+3", "\t=1") and sheet == "Flagged":
                continue  # those two suppliers are not high or critical
            assert "'" + hostile in values, (sheet, hostile)
        assert "<script>alert(1)</script>" in values  # not a formula: left as it is
    quarantine = book["Quarantine"]
    assert [c.value for c in quarantine[2]][:4] == ["'\t=1", 23, "'" + HOSTILE[0], "'-2+3"]


def _no_live_markup(page: str) -> None:
    assert "<script" not in page.lower()
    assert "<img" not in page.lower() and "onerror=alert(1)>" not in page


def test_report_html_escapes_every_hostile_value(hostile_out: dict[str, Path]) -> None:
    page = hostile_out["html"].read_text(encoding="utf-8")
    _no_live_markup(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page


@pytest.mark.parametrize("key", [0, 5, 6])
def test_evidence_pack_escapes_the_suppliers_hostile_values(hostile_out: dict[str, Path], key: int) -> None:
    page = hostile_out[f"evidence{key}"].read_text(encoding="utf-8")
    _no_live_markup(page)
    name, parent = HOSTILE[key], HOSTILE[::-1][key]
    assert f"<h1>Evidence pack: {html.escape(name, quote=True)}</h1>" in page
    assert html.escape(parent, quote=True) in page
    assert page.count(html.escape(name, quote=True)) >= 3  # name, goods and finding evidence


def test_report_shows_hostile_names_as_text(hostile_out: dict[str, Path]) -> None:
    page = hostile_out["html"].read_text(encoding="utf-8")
    for value in HOSTILE:
        assert html.escape(value, quote=True) in page, value


def test_evidence_pack_file_name_cannot_escape_the_evidence_folder(tmp_path: Path) -> None:
    scores, findings = build()
    evil = "../../etc/passwd"
    scores = scores.with_columns(
        pl.when(pl.col("_key") == 0).then(pl.lit(evil)).otherwise(pl.col("supplier_id")).alias("supplier_id")
    )
    path = write_evidence_pack(
        tmp_path / "out", evil, scores=scores, findings=findings, run=run_record(), datasets=DATASETS,
        policy=policy(),
    )  # fmt: skip
    assert path.parent == tmp_path / "out" / "evidence"
    assert path.name.startswith("______etc_passwd-") and path.suffix == ".html"

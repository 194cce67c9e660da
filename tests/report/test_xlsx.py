from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import polars as pl
import pytest

from screening.report.formatting import TIER_COLOURS
from screening.report.xlsx import write_xlsx

from .sample import DATASETS, report_input


@pytest.fixture(scope="module")
def book(written: dict[str, Path]) -> openpyxl.Workbook:
    return openpyxl.load_workbook(written["xlsx"])


def _rows(ws: Any) -> list[dict[str, Any]]:
    values = list(ws.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_workbook_has_the_six_sheets_in_order(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == [
        "Summary",
        "Flagged",
        "All suppliers",
        "Findings",
        "Quarantine",
        "Data sources",
    ]


def test_data_sheets_have_frozen_filterable_headers(book: openpyxl.Workbook) -> None:
    for name in ("Flagged", "All suppliers", "Findings", "Quarantine", "Data sources"):
        ws = book[name]
        assert ws.freeze_panes in ("A2", "C2"), name
        assert ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A1:"), name
        assert ws.column_dimensions["A"].width > 8, name
    assert book["All suppliers"].auto_filter.ref.endswith("21")  # header + 20 suppliers


def test_flagged_lists_high_and_critical_by_tier_then_score(book: openpyxl.Workbook, sample: Any) -> None:
    scores, _, _ = sample
    rows = _rows(book["Flagged"])
    expected = scores.filter(pl.col("risk_tier").is_in(["high", "critical"])).height
    assert len(rows) == expected == 9
    tiers = [r["risk_tier"] for r in rows]
    assert tiers == sorted(tiers, key=lambda t: t != "critical")  # critical block, then high
    highs = [r["risk_score"] for r in rows if r["risk_tier"] == "high"]
    assert highs == sorted(highs, reverse=True)
    first = rows[0]
    assert first["supplier_id"] == "SUP-0001" and first["review_status"] == "escalated"
    assert first["top_reason"].startswith('The supplier name "Hoshine Silicon (Shanshan) Co., Ltd." matches')
    assert first["source_file"] == "examples/suppliers.csv" and first["source_row"] == 2


def test_numbers_are_numbers_and_tiers_are_coloured(book: openpyxl.Workbook) -> None:
    ws = book["All suppliers"]
    header = [c.value for c in ws[1]]
    score_col = header.index("risk_score") + 1
    tier_col = header.index("risk_tier") + 1
    spend_col = header.index("spend") + 1
    cell = ws.cell(row=2, column=score_col)
    assert cell.data_type == "n" and cell.value == 100
    assert ws.cell(row=2, column=spend_col).value == 2_450_000
    assert ws.cell(row=2, column=spend_col).number_format == "#,##0.00"
    for row in range(2, ws.max_row + 1):
        tier_cell = ws.cell(row=row, column=tier_col)
        expected = TIER_COLOURS[str(tier_cell.value)][0]
        assert tier_cell.fill.fgColor.rgb.endswith(expected.lstrip("#")), (row, tier_cell.value)
    assert {f"score_{c}" for c in ("entity_list", "data_gap")} <= set(header)


def test_findings_sheet_has_every_finding_with_name_evidence_and_source(
    book: openpyxl.Workbook, sample: Any
) -> None:
    _, findings, _ = sample
    rows = _rows(book["Findings"])
    assert len(rows) == findings.height == 41
    hit = next(r for r in rows if r["rule_id"] == "uflpa-entity-match")
    assert hit["supplier_name"] == "Hoshine Silicon (Shanshan) Co., Ltd."
    assert hit["matched_entity"] == "Hoshine Silicon Industry (Shanshan) Co., Ltd."
    assert hit["match_score"] == pytest.approx(0.93)
    assert hit["source_dataset"] == "uflpa" and hit["source_edition"].startswith("as of 2025-01-15")
    assert hit["review_note"].startswith("Escalated to trade compliance")
    assert {r["category"] for r in rows} == {
        "child_labor", "forced_labor", "forced_child_labor", "state_imposed_forced_labor", "migrant_labor",
        "bonded_labor", "entity_list", "region", "country_governance", "supplier_practice", "data_gap",
    }  # fmt: skip


def test_summary_sheet_states_counts_spend_at_risk_editions_and_inputs(book: openpyxl.Workbook) -> None:
    rows = [[v for v in row if v is not None] for row in book["Summary"].iter_rows(values_only=True)]
    assert ["Run id", "20261128T101500Z-3f9c2a"] in rows
    # tier, suppliers, share, spend, share of spend, distinct supplier-sites (no supplier_key: one per row),
    # and the tier's expected action from the policy
    critical = next(r for r in rows if r and r[0] == "critical")
    assert critical[:6] == ["critical", 3, 0.15, 3_400_000, pytest.approx(3_400_000 / 17_905_000), 3]
    assert critical[6] == "Stop and seek legal review (sample)."
    spend_at_risk = next(r for r in rows if r and r[0] == "Spend with high or critical suppliers")
    assert spend_at_risk[1] == 9_305_000
    assert ["forced_labor", 9, 10, 11_405_000] in rows
    edition = next(r for r in rows if r and r[0] == "uflpa")
    assert edition[2] == "as of 2025-01-15 (Federal Register notice 2025-00901)" and len(edition[3]) == 64
    assert next(r for r in rows if r and r[0] == "examples/suppliers.csv")[1] == 22


def test_quarantine_and_data_sources_sheets(book: openpyxl.Workbook) -> None:
    quarantined = _rows(book["Quarantine"])
    assert [(r["source_file"], r["row_number"]) for r in quarantined] == [
        ("examples/suppliers.csv", 23),
        ("examples/suppliers.csv", 41),
    ]
    sources = {r["id"]: r for r in _rows(book["Data sources"])}
    assert set(sources) == {d["id"] for d in DATASETS}
    uflpa = sources["uflpa"]
    assert uflpa["coverage"].startswith("PARTIAL: 128 of 144 entities")
    assert uflpa["licence"].startswith("US Government work") and uflpa["rows"] == 128
    assert uflpa["source_url"] == "https://www.dhs.gov/uflpa-entity-list"


def test_workbook_splits_a_sheet_past_the_row_limit(tmp_path: Path, sample: Any) -> None:
    scores, findings, run = sample
    path = write_xlsx(tmp_path / "split.xlsx", report_input(scores, findings, run), max_rows=8)
    book = openpyxl.load_workbook(path)
    parts = [n for n in book.sheetnames if n.startswith("All suppliers")]
    assert parts == ["All suppliers", "All suppliers (2)", "All suppliers (3)"]
    ids = [r["supplier_id"] for name in parts for r in _rows(book[name])]
    assert ids == scores["supplier_id"].to_list()  # every supplier once, in order (7 + 7 + 6)
    assert all(book[n].max_row <= 8 and book[n].freeze_panes == "C2" for n in parts)
    findings_parts = [n for n in book.sheetnames if n.startswith("Findings")]
    assert len(findings_parts) == 6  # 41 findings, 7 per sheet
    assert book.sheetnames[-1] == "Data sources"


def test_large_screen_workbook_holds_flagged_suppliers_and_their_findings_only(
    tmp_path: Path, sample: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    scores, findings, run = sample
    monkeypatch.setenv("SCREENING_XLSX_ALL_ROWS", "10")  # this 20-supplier screen counts as large
    path = write_xlsx(tmp_path / "flagged.xlsx", report_input(scores, findings, run))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Summary", "Flagged", "Findings", "Quarantine", "Data sources"]
    flagged_ids = {r["supplier_id"] for r in _rows(book["Flagged"])}
    review_ids = set(findings.filter(pl.col("severity") == "review")["supplier_id"])
    high_ids = set(scores.filter(pl.col("risk_tier").is_in(["high", "critical"]))["supplier_id"])
    assert (
        flagged_ids == high_ids | review_ids and len(high_ids) == 9 and review_ids - high_ids == {"SUP-0012"}
    )
    finding_rows = _rows(book["Findings"])
    assert {r["supplier_id"] for r in finding_rows} <= flagged_ids
    assert len(finding_rows) == findings.filter(pl.col("supplier_id").is_in(list(flagged_ids))).height
    summary = [[v for v in row if v is not None] for row in book["Summary"].iter_rows(values_only=True)]
    contents = next(r for r in summary if r and r[0] == "Contents")[1]
    assert contents.startswith(f"Flagged suppliers only ({len(flagged_ids)} of 20")


def test_all_rows_option_writes_every_supplier_whatever_the_size(
    tmp_path: Path, sample: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    scores, findings, run = sample
    monkeypatch.setenv("SCREENING_XLSX_ALL_ROWS", "10")
    path = write_xlsx(tmp_path / "all.xlsx", report_input(scores, findings, run), all_rows=True)
    book = openpyxl.load_workbook(path)
    assert len(_rows(book["All suppliers"])) == 20 and len(_rows(book["Findings"])) == findings.height

"""Every place a score is read says how old and how complete its data is (issue 13).

The dataset entries are the real ones a run records (rules/indicators, ages counted to a fixed day),
so the sentences checked are those a user reads.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from screening.indicators import load_catalog
from screening.indicators.age import dataset_records
from screening.report import write_evidence_pack

from .sample import policy, write_sample_reports

RULES = Path(__file__).resolve().parents[2] / "rules"
DAY = dt.date(2026, 12, 2)
ILAB_STALE = (
    "stands as of 2024-09-05, 818 days ago; stale: older than its expected update cadence "
    "(every two years (September of even years); stale after 760 days)"
)


@pytest.fixture(scope="module")
def datasets() -> list[dict[str, Any]]:
    return dataset_records(load_catalog(RULES), DAY)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory, sample: Any, datasets: list[dict[str, Any]]) -> Path:
    scores, findings, run = sample
    out = tmp_path_factory.mktemp("aged")
    run = {**run, "datasets": datasets}
    write_sample_reports(out, scores, findings, run, datasets=datasets)
    write_evidence_pack(
        out, "SUP-0001", scores=scores, findings=findings, run=run, datasets=datasets, policy=policy()
    )
    return out


def test_report_banner_says_which_datasets_are_stale_or_partial(outputs: Path) -> None:
    page = (outputs / "report.html").read_text(encoding="utf-8")
    banner = page.split('<section id="data-age">')[1].split("</section>")[0]
    assert ILAB_STALE in banner
    assert "Trafficking in Persons Report" in banner and "429 days ago; stale" in banner
    assert "CBP&#x27;s CSV holds only orders still listed" in banner  # escaped
    assert "UFLPA Entity List" not in banner  # complete and within its cadence: no sentence
    assert page.index('id="data-age"') < page.index('id="baseline"')  # read before any score


def test_evidence_pack_carries_the_same_sentences(outputs: Path) -> None:
    page = (outputs / "evidence" / "SUP-0001.html").read_text(encoding="utf-8")
    assert ILAB_STALE in page.split('<section id="data-age">')[1]


def test_workbook_gives_as_of_age_and_staleness_per_dataset(outputs: Path) -> None:
    book = openpyxl.load_workbook(outputs / "report.xlsx")
    sheet = book["Data sources"]
    header = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    ilab = rows["ilab_goods"]
    assert (ilab["as of"], ilab["age (days)"], ilab["stale"]) == ("2024-09-05", 818, "yes")
    assert ILAB_STALE in ilab["age and coverage"]
    assert (rows["uflpa"]["stale"], rows["uflpa"]["age and coverage"]) == ("no", "current and complete")
    summary = [r[0] for r in book["Summary"].iter_rows(values_only=True) if r and r[0]]
    at = summary.index("Age and coverage of the data")
    assert any(ILAB_STALE in str(line) for line in summary[at : at + 12])


def test_a_run_without_ages_says_so_instead_of_guessing(written: dict[str, Path]) -> None:
    page = written["html"].read_text(encoding="utf-8")
    assert "did not record how old its datasets are" in page

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from screening.errors import InputError
from screening.report import write_evidence_pack
from screening.report.evidence import close_ids, safe_filename

from .sample import DATASETS, policy


def _pack(tmp_path: Path, sample: Any, supplier_id: str, **kw: Any) -> str:
    scores, findings, run = sample
    path = write_evidence_pack(
        tmp_path, supplier_id, scores=kw.get("scores", scores), findings=findings, run=run,
        datasets=DATASETS, policy=policy(),
    )  # fmt: skip
    assert path == tmp_path / "evidence" / f"{safe_filename(supplier_id)}.html"
    return path.read_text(encoding="utf-8")


def test_evidence_pack_holds_identity_source_row_and_input_checksum(tmp_path: Path, sample: Any) -> None:
    page = _pack(tmp_path, sample, "SUP-0001")
    assert "<h1>Evidence pack: Hoshine Silicon (Shanshan) Co., Ltd.</h1>" in page
    assert '<th scope="row">Source file</th><td>examples/suppliers.csv</td>' in page
    assert '<th scope="row">Row number</th><td>2</td>' in page
    assert "5d41402abc4b2a76b9719d911017c592b2f0e3c1d7e6a0f4c1b2a3d4e5f60718" in page
    assert "CN-XJ" in page and "Hoshine Silicon Industry Co., Ltd." in page  # region and parent
    assert "20261128T101500Z-3f9c2a" in page


def test_evidence_pack_lists_every_finding_with_its_dataset_and_review(tmp_path: Path, sample: Any) -> None:
    _, findings, _ = sample
    page = _pack(tmp_path, sample, "SUP-0001")
    mine = findings.filter(pl.col("supplier_id") == "SUP-0001")
    assert page.count("<h3>Finding ") == mine.height == 5
    for evidence in mine["evidence"]:
        assert html.escape(evidence, quote=True) in page
    assert "Matched entity</th><td>Hoshine Silicon Industry (Shanshan) Co., Ltd.</td>" in page
    assert "Match score</th><td>0.930</td>" in page
    assert '<a href="https://www.dhs.gov/uflpa-entity-list"' in page
    assert "U.S. Department of Homeland Security, Forced Labor Enforcement Task Force (FLETF)" in page
    assert "Escalated to trade compliance; shipments on hold pending a UFLPA applicability review." in page
    # Only the datasets this supplier's findings rest on are cited in full.
    cited = page.split('id="datasets"')[1].split("</section>")[0]
    assert "UFLPA Entity List" in cited and "Global Slavery Index" not in cited
    assert "PARTIAL: 128 of 144 entities" in cited


def test_import_ban_section_names_the_critical_findings(tmp_path: Path, sample: Any) -> None:
    page = _pack(tmp_path, sample, "SUP-0001")
    section = page.split('id="import"')[1].split("</section>")[0]
    assert "3 finding(s) carry a legal import ban or presumption" in section
    calm = _pack(tmp_path, sample, "SUP-0012")
    section = calm.split('id="import"')[1].split("</section>")[0]
    assert "None of this supplier's findings carries a legal import ban" in section
    assert "1 possible watch-list match(es) await an auditor's decision" in section


def test_possible_match_is_shown_first_after_critical_and_high(tmp_path: Path, sample: Any) -> None:
    page = _pack(tmp_path, sample, "SUP-0012")
    # The header and the identity table show the tier badge first; then one badge per finding.
    severities = [part.split("</span>")[0] for part in page.split('class="badge b-')[3:]]
    assert [s.split(">")[1] for s in severities] == ["review", "medium", "low"]


def test_evidence_pack_of_a_supplier_without_findings_says_so(tmp_path: Path, sample: Any) -> None:
    page = _pack(tmp_path, sample, "SUP-0013")
    assert "The screen found nothing for this supplier." in page and "No dataset cited." in page


def test_a_supplier_id_on_two_rows_shows_both_rows(tmp_path: Path, sample: Any) -> None:
    scores, _, _ = sample
    twice = pl.concat(
        [
            scores,
            scores.filter(pl.col("supplier_id") == "SUP-0010").with_columns(_key=pl.lit(99, dtype=pl.Int64)),
        ]
    )
    page = _pack(tmp_path, sample, "SUP-0010", scores=twice)
    assert "Row 1 of 2" in page and "Row 2 of 2" in page


def test_unknown_supplier_id_is_an_input_error_suggesting_close_ids(sample: Any) -> None:
    scores, findings, run = sample
    with pytest.raises(InputError) as err:
        write_evidence_pack(
            Path("unused"), "SUP-012", scores=scores, findings=findings, run=run, datasets=DATASETS,
            policy=policy(), source="out/scores.parquet",
        )  # fmt: skip
    message = str(err.value)
    assert "'SUP-012' is not in out/scores.parquet (20 suppliers screened)" in message
    assert "Did you mean 'SUP-0012'" in message
    assert not Path("unused").exists()


def test_close_ids_put_the_same_id_in_another_case_first(sample: Any) -> None:
    scores, _, _ = sample
    assert close_ids(scores, "sup-0007")[0] == "SUP-0007"
    assert close_ids(scores, "zzzzzzzzzzzzzzzzzz") == []


def test_safe_filename_keeps_plain_ids_and_separates_lookalikes() -> None:
    assert safe_filename("SUP-0001") == "SUP-0001"
    a, b = safe_filename("A/1"), safe_filename("A_1")
    assert a != b and a.startswith("A_1-") and b == "A_1"
    assert "/" not in safe_filename("../x") and not safe_filename("..").startswith(".")
    assert len(safe_filename("x" * 500)) <= 91


def test_import_ban_section_says_what_a_possible_match_does_under_the_policy() -> None:
    from screening.report.evidence import _ban_section
    from screening.scoring.policy import Policy

    from .sample import POLICY

    review = [{"severity": "review", "evidence": "resembles a listed entity"}]
    held = Policy.model_validate({**POLICY, "severity_floor": {**POLICY["severity_floor"], "review": "high"}})
    assert "until an auditor clears them they hold the supplier at <b>high</b> at least" in _ban_section(
        review, held
    )
    assert "until decided they do not raise the tier" in _ban_section(review, Policy.model_validate(POLICY))

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from screening.report.html import render_html

from .sample import DATASETS, QUARANTINE, policy, report_input


@pytest.fixture(scope="module")
def page(written: dict[str, Path]) -> str:
    return written["html"].read_text(encoding="utf-8")


def _cards(page: str) -> list[str]:
    return re.findall(r'<article class="card t-(\w+)">(.*?)</article>', page, flags=re.S)  # type: ignore[return-value]


def test_report_is_self_contained_with_no_scripts_or_external_loads(page: str) -> None:
    lowered = page.lower()
    for forbidden in ("<script", "<link", "<img", "<iframe", "src=", "@import", "url(", "@font-face"):
        assert forbidden not in lowered, forbidden
    assert "default-src 'none'" in page  # the CSP forbids loads even if markup slipped through
    assert lowered.count("<style>") == 1 and "@media print" in page


def test_report_has_the_inline_svg_charts(page: str) -> None:
    titles = re.findall(r'<svg class="chart" role="img" aria-label="([^"]+)"', page)
    assert titles == [
        "Suppliers by tier",
        "Spend by tier",
        "Share of spend by tier",
        "Suppliers with findings by category",
        "High and critical suppliers by country",
        "Findings by severity",
    ]


def test_baseline_states_tiers_spend_share_and_countries(page: str) -> None:
    assert "<b>52.0%</b>" in page  # share of spend in high and critical: 9,305,000 of 17,905,000
    assert "9,305,000 of 17,905,000" in page
    assert '<td>critical</td><td class="num">3</td><td class="num">15.0%</td>' in page
    assert "<td>TM Turkmenistan</td>" in page


def test_cards_list_flagged_suppliers_most_severe_first_and_no_low_ones(page: str) -> None:
    cards = _cards(page)
    tiers = [t for t, _ in cards]
    assert tiers == ["critical"] * 3 + ["high"] * 6 + ["medium"] * 3
    assert "Nordic Corrugated AB" not in page  # low tier: no card
    assert "12 suppliers are flagged: 3 critical, 6 high and 3 medium." in page


def test_each_card_shows_every_finding_with_evidence_dataset_edition_and_review(
    page: str, sample: Any
) -> None:
    _, findings, _ = sample
    cards = dict((body.split("<code>")[1].split("</code>")[0], body) for _, body in _cards(page))
    hoshine = cards["SUP-0001"]
    for evidence in findings.filter(findings["supplier_id"] == "SUP-0001")["evidence"]:
        assert html.escape(evidence, quote=True) in hoshine
    assert "UFLPA Entity List" in hoshine and "as of 2025-01-15" in hoshine
    assert "escalated" in hoshine and "shipments on hold pending a UFLPA applicability review" in hoshine
    assert "score 0.93" in hoshine
    possible = cards["SUP-0012"]
    assert (
        'class="badge b-review">review' in possible and "Hetian Haolin Hair Accessories Co. Ltd." in possible
    )


def test_methods_state_thresholds_from_the_policy_and_each_dataset_coverage(page: str) -> None:
    p = policy()
    assert (
        f"Points alone reach at most <b>{p.points_tier_cap}</b> "
        f"(from {p.tier_thresholds['medium']:.0f} points)"
        in page
    )
    for dataset in DATASETS:
        assert html.escape(dataset["coverage"], quote=True) in page
        assert html.escape(dataset["edition"], quote=True) in page
    assert "not an audit and not a legal determination" in page


def test_run_inputs_and_quarantined_rows_are_listed(page: str) -> None:
    assert "5d41402abc4b2a76b9719d911017c592b2f0e3c1d7e6a0f4c1b2a3d4e5f60718" in page
    assert "No supplier name given: fill in the Supplier Name column of row 41." in page
    assert "41 expectations evaluated; none failed." in page


def test_card_limit_is_stated_with_a_pointer_to_the_workbook(sample: Any) -> None:
    scores, findings, run = sample
    page = render_html(report_input(scores, findings, run), card_limit=4)
    assert len(_cards(page)) == 4
    assert "Showing the first 4 of 12 flagged suppliers" in page and "report.xlsx" in page


def test_a_screen_without_spend_or_flags_still_renders(sample: Any) -> None:
    scores, findings, run = sample
    calm = scores.filter(scores["risk_tier"] == "low").drop("spend")
    page = render_html(report_input(calm, findings.head(0), run, quarantine=QUARANTINE.head(0), datasets=[]))
    assert "No supplier reached the medium tier." in page
    assert "the input has no spend column" in page.lower()
    assert "No dataset metadata was recorded for this run." in page


def test_cards_tie_findings_to_their_own_row_when_an_id_repeats(sample: Any) -> None:
    scores, findings, run = sample
    # The same id in two input files (SUP-0002's row copied under another file), as published: no _key.
    copy = scores.filter(pl.col("supplier_id") == "SUP-0002").with_columns(source_file=pl.lit("other.csv"))
    rows = pl.concat([scores, copy]).drop("_key", "_source", "_row")
    tied = findings.join(scores.select("_key", "source_file", "source_row"), on="_key").drop("_key")
    only_first = tied.filter(
        (pl.col("supplier_id") != "SUP-0002") | (pl.col("rule_id") != "gsi-prevalence-high")
    )
    page = render_html(report_input(rows, only_first, run))
    ashgabat = [body for _, body in _cards(page) if "<code>SUP-0002</code>" in body]
    assert len(ashgabat) == 2
    assert ["examples/suppliers.csv, row 3" in c for c in ashgabat] == [True, False]
    assert ashgabat[0].count("<tr>") - 1 == 4  # its own findings (one left out above) ...
    assert "No findings." in ashgabat[1]  # ... and none borrowed by the copy with the same id


def test_methods_give_each_tier_its_meaning_and_action_and_the_caps_of_the_policy() -> None:
    from screening.report.methods import scoring_html
    from screening.scoring.policy import Policy

    from .sample import POLICY

    kept = scoring_html(policy())
    assert "Audit within 30 days (sample)." in kept and "Inherent exposure only (sample)." in kept
    assert "Points alone reach at most <b>high</b>" in kept
    assert "a goods rule keeps 50% of its points" in kept
    v2 = scoring_html(
        Policy.model_validate(
            {**POLICY, "points_tier_cap": "medium", "basis_tier_cap": {"country": "medium"}}
        )
    )
    assert "Points alone reach at most <b>medium</b>" in v2
    assert "a finding resting only on its <b>country</b> lifts it to <b>medium</b> at most" in v2

from __future__ import annotations

import polars as pl
import pytest

from screening.contract import CATEGORIES, FINDINGS_SCHEMA
from screening.report.portfolio import summarise


def _scores(rows: list[tuple[str, str, str | None, float | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "_key": list(range(len(rows))),
            "supplier_id": [r[0] for r in rows],
            "risk_tier": [r[1] for r in rows],
            "country_code": [r[2] for r in rows],
            "spend": [r[3] for r in rows],
        },
        schema_overrides={"spend": pl.Float64},
    )


def _findings(rows: list[tuple[int, str, str]]) -> pl.DataFrame:
    base = {name: [None] * len(rows) for name in FINDINGS_SCHEMA}
    base.update(
        _key=[r[0] for r in rows],
        supplier_id=[f"S{r[0]}" for r in rows],
        category=[r[1] for r in rows],
        severity=[r[2] for r in rows],
    )
    return pl.DataFrame(base, schema=FINDINGS_SCHEMA)


SCORES = _scores(
    [
        ("S0", "critical", "CN", 100.0),
        ("S1", "high", "TM", 50.0),
        ("S2", "low", "SE", 25.0),
        ("S3", "low", None, None),
        ("S4", "medium", "CN", 25.0),
    ]
)
FINDINGS = _findings(
    [
        (0, "entity_list", "critical"),
        (0, "forced_labor", "high"),
        (0, "forced_labor", "high"),
        (1, "forced_labor", "high"),
        (4, "child_labor", "medium"),
        (3, "data_gap", "low"),
    ]
)


def test_summary_counts_suppliers_and_spend_by_tier_most_severe_first() -> None:
    p = summarise(SCORES, FINDINGS)
    assert [(r.tier, r.suppliers, r.spend) for r in p.by_tier] == [
        ("critical", 1, 100.0),
        ("high", 1, 50.0),
        ("medium", 1, 25.0),
        ("low", 2, 25.0),
    ]
    assert p.suppliers == 5 and p.findings == 6
    assert p.high_critical == 2
    assert p.total_spend == 200.0
    assert p.spend_high_critical == 150.0


def test_summary_counts_each_supplier_once_per_category_with_its_spend() -> None:
    p = summarise(SCORES, FINDINGS)
    forced = next(r for r in p.by_category if r.category == "forced_labor")
    assert (forced.suppliers, forced.findings, forced.spend) == (2, 3, 150.0)
    gap = next(r for r in p.by_category if r.category == "data_gap")
    assert (gap.suppliers, gap.findings, gap.spend) == (1, 1, 0.0)
    assert next(r for r in p.by_category if r.category == "bonded_labor").suppliers == 0
    assert len(p.by_category) == len(CATEGORIES)


def test_summary_orders_countries_by_high_and_critical_suppliers() -> None:
    p = summarise(SCORES, FINDINGS)
    first, second = p.by_country[0], p.by_country[1]
    assert (first.country_code, first.critical, first.medium, first.spend, first.spend_high_critical) == (
        "CN",
        1,
        1,
        125.0,
        100.0,
    )
    assert second.country_code == "TM"
    assert "" in {r.country_code for r in p.by_country}  # the supplier with no country is counted


def test_summary_counts_findings_by_severity_with_review_last() -> None:
    p = summarise(SCORES, FINDINGS)
    assert p.by_severity == [("critical", 1), ("high", 3), ("medium", 1), ("low", 1), ("review", 0)]


def test_summary_without_spend_reports_no_spend() -> None:
    p = summarise(SCORES.drop("spend"), FINDINGS)
    assert not p.has_spend
    assert p.total_spend == 0.0 and p.spend_high_critical == 0.0


def test_summary_of_an_empty_screen_is_all_zero() -> None:
    p = summarise(SCORES.head(0), FINDINGS.head(0))
    assert p.suppliers == 0 and p.findings == 0
    assert all(r.suppliers == 0 for r in p.by_tier)
    assert p.by_country == []


@pytest.mark.parametrize("status_column", [True, False])
def test_summary_counts_review_statuses_only_when_tracked(status_column: bool) -> None:
    scores = SCORES.with_columns(pl.Series("review_status", ["open", "cleared", "", "", "open"]))
    p = summarise(scores if status_column else SCORES, FINDINGS)
    assert p.review_status == ([("", 2), ("cleared", 1), ("open", 2)] if status_column else [])


def test_category_counts_inside_a_run_equal_those_read_back_from_the_published_tables() -> None:
    # Inside a run findings carry `_key`; the published tables name the supplier by id, file and row.
    scores = SCORES.with_columns(source_file=pl.lit("list.csv"), source_row=pl.col("_key") + 2)
    extra = _findings([(2, "not_a_category", "low"), (1, "forced_labor", "high")])
    findings = pl.concat([FINDINGS, extra]).join(
        scores.select("_key", "source_file", "source_row"), on="_key", maintain_order="left"
    )
    inside = summarise(scores, findings).by_category
    published = summarise(scores.drop("_key"), findings.drop("_key")).by_category
    assert inside == published
    forced = next(r for r in inside if r.category == "forced_labor")
    assert (forced.suppliers, forced.findings, forced.spend) == (2, 4, 150.0)
    assert sum(r.findings for r in inside) == 7  # the finding of an unknown category is in no row


def test_tier_counts_a_screen_has_made_are_the_ones_counted_again() -> None:
    from screening.scoring.tier_counts import tier_counts

    scores = SCORES.with_columns(supplier_key=pl.Series(["a", "a", "b", "c", "d"]))  # rows 0 and 1: one site
    made = summarise(scores, FINDINGS, tiers=tier_counts(scores))
    assert made == summarise(scores, FINDINGS)
    assert made.sites == 4 and made.sites_by_tier["critical"] == 1 and made.sites_by_tier["high"] == 0

from __future__ import annotations

import json
from pathlib import Path

import pytest
from store_frames import BASE_SUPPLIERS, LIST, base_findings, screen, store_screen, with_changes

from screening.errors import InputError
from screening.store import CHANGES, DIFF_COLUMNS, open_store
from screening.store.diff import Diff

S4 = {
    "supplier_id": "S4",
    "supplier_name": "Dhaka Knit Composite",
    "country_code": "BD",
    "region_code": None,
    "goods": "Garments",
    "risk_score": 35.0,
    "risk_tier": "medium",
}
PASSPORTS = {
    "supplier_id": "S3",
    "rule_id": "passport_retention",
    "category": "supplier_practice",
    "severity": "high",
    "points": 50.0,
    "evidence": "The supplier keeps workers' passports (self-assessment).",
    "source_dataset": "supplier_survey",
}
S4_TIP = {
    "supplier_id": "S4",
    "rule_id": "tip_tier",
    "category": "country_governance",
    "severity": "medium",
    "points": 20.0,
    "evidence": "Bangladesh is Tier 2 in the TIP Report.",
    "source_dataset": "tip_tiers",
    "source_edition": "2024",
}


def second_screen() -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    suppliers = [
        *with_changes(
            [s for s in BASE_SUPPLIERS if s["supplier_id"] != "S2"], "S3", risk_tier="high", risk_score=60.0
        ),
        S4,
    ]
    s1_region, s1_goods, _s2, _s3_entity = base_findings(edition="2025")
    return suppliers, [s1_region, s1_goods, PASSPORTS, S4_TIP]


@pytest.fixture
def d(store_file: Path) -> Diff:
    """The diff of the base screen (run-01) and the second screen (run-02) of one list."""
    suppliers, rows = second_screen()
    with open_store(store_file) as store:
        store_screen(store, "run-01")
        store_screen(store, "run-02", suppliers=suppliers, finding_rows=rows)
        return store.diff("run-01", "run-02")


def test_diff_lists_new_changed_resolved_findings_tier_changes_and_suppliers(d: Diff) -> None:
    frame = d.to_frame()
    assert tuple(frame.columns) == DIFF_COLUMNS
    assert d.counts() == {
        "new_finding": 2,
        "changed_finding": 1,
        "resolved_finding": 2,
        "tier_change": 1,
        "supplier_added": 1,
        "supplier_removed": 1,
    }
    got = set(frame.select("change", "supplier_id", "rule_id", "old_tier", "new_tier").rows())
    assert got == {
        ("new_finding", "S3", "passport_retention", "low", "high"),
        ("new_finding", "S4", "tip_tier", None, "medium"),
        ("changed_finding", "S1", "ilab_goods", "critical", "critical"),
        ("resolved_finding", "S2", "tip_tier", "medium", None),
        ("resolved_finding", "S3", "entity_list", "low", "high"),
        ("tier_change", "S3", None, "low", "high"),
        ("supplier_added", "S4", None, None, "medium"),
        ("supplier_removed", "S2", None, "medium", None),
    }
    changed = frame.filter(frame["change"] == "changed_finding").row(0, named=True)
    assert changed["detail"] == "source_edition 2024 -> 2025"
    assert changed["evidence"] == "Cotton from China is on the ILAB List of Goods (2025) for forced labor."
    tier = frame.filter(frame["change"] == "tier_change").row(0, named=True)
    assert (tier["supplier_name"], tier["detail"]) == ("Andaman Seafood Ltd", "risk_score 10.0 -> 60.0")
    # listed in the order of CHANGES
    order = [CHANGES.index(c) for c in frame["change"]]
    assert order == sorted(order)


def test_diff_json_has_runs_counts_and_rows(d: Diff) -> None:
    payload = d.to_dict()
    assert json.loads(d.to_json()) == payload
    assert (payload["list_name"], payload["run_a"], payload["run_b"]) == (LIST, "run-01", "run-02")
    assert payload["counts"]["supplier_added"] == 1
    assert len(payload["changes"]) == sum(payload["counts"].values()) == 8
    assert payload["changes"][0]["change"] == "new_finding"


def test_identical_screens_have_an_empty_diff(store_file: Path) -> None:
    with open_store(store_file) as store:
        store_screen(store, "run-01")
        store_screen(store, "run-02")
        d = store.diff("run-01", "run-02")
    assert d.to_frame().is_empty()
    assert set(d.counts().values()) == {0}


def test_previous_run_skips_failed_screens_and_other_lists(store_file: Path) -> None:
    with open_store(store_file) as store:
        store_screen(store, "run-01")
        r, sc, fd = screen("other-01")
        store.persist_run(r, "other.csv", sc, store.attach_reviews("other.csv", fd, sc))
        store_screen(store, "run-02", status="failed")
        assert store.previous_run_id(LIST, "run-01") is None
        assert store.previous_run_id(LIST, "run-02") == "run-01"
        assert store.previous_run_id(LIST, "run-03-not-stored-yet") == "run-01"
        store_screen(store, "run-03")
        assert store.previous_run_id(LIST, "run-03") == "run-01"
        assert store.last_two_runs() == (LIST, "run-01", "run-03")


def test_last_two_runs_needs_two_screens_of_the_list(store_file: Path) -> None:
    with open_store(store_file) as store:
        store_screen(store, "run-01")
        with pytest.raises(
            InputError,
            match=r"needs two successful screens of the list 'acme-suppliers.csv'.*only one \(run run-01\)",
        ):
            store.last_two_runs()


def test_diff_refuses_runs_of_different_lists_and_unknown_runs(store_file: Path) -> None:
    with open_store(store_file) as store:
        store_screen(store, "run-01")
        store_screen(store, "run-02")
        r, sc, fd = screen("other-01")
        store.persist_run(r, "other.csv", sc, store.attach_reviews("other.csv", fd, sc))
        with pytest.raises(InputError, match="same list"):
            store.diff("run-01", "other-01")
        with pytest.raises(InputError, match="No run 'nope'"):
            store.diff("run-01", "nope")
        with pytest.raises(InputError, match="ambiguous: it starts 2 runs"):
            store.diff("run-0", "run-02")
        # a unique prefix is enough
        assert store.run_json("oth")["run_id"] == "other-01"

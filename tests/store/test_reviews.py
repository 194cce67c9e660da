from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from store_frames import BASE_SUPPLIERS, LIST, base_findings, screen, store_screen, with_changes

from screening.errors import InputError
from screening.store import open_store


def status_of(frame: pl.DataFrame, supplier_id: str, rule_id: str) -> dict[str, object]:
    rows = frame.filter((pl.col("supplier_id") == supplier_id) & (pl.col("rule_id") == rule_id)).to_dicts()
    assert len(rows) == 1, rows
    return rows[0]


def test_a_first_screen_has_every_finding_open(store_file: Path) -> None:
    with open_store(store_file) as store:
        stored = store_screen(store, "run-01")
    assert stored["review_status"].to_list() == ["open"] * 4
    assert stored["review_note"].null_count() == 4
    assert stored["fingerprint"].n_unique() == 4


def test_attach_reviews_keeps_rows_columns_and_order(store_file: Path) -> None:
    _, sc, fd = screen("run-01")
    shuffled = fd.reverse().with_columns(pl.lit("x").alias("extra"))
    with open_store(store_file) as store:
        out = store.attach_reviews(LIST, shuffled, sc)
    assert out.columns == [
        *shuffled.columns,
        "fingerprint",
        "review_status",
        "review_note",
        "reviewed_by",
        "reviewed_at",
    ]
    assert out.drop("fingerprint", "review_status", "review_note", "reviewed_by", "reviewed_at").equals(
        shuffled
    )


def test_a_decision_carries_over_to_the_next_screen_while_evidence_is_the_same(store_file: Path) -> None:
    with open_store(store_file) as store:
        store_screen(store, "run-01")
        result = store.decide(
            "S3", "entity_list", "cleared", "A. Auditor", "Different company: Phuket, not Samut Sakhon."
        )
        assert result["previous_status"] == "open"
        second = store_screen(store, "run-02")
        third = store_screen(store, "run-03")
    for stored in (second, third):
        row = status_of(stored, "S3", "entity_list")
        assert row["review_status"] == "cleared"
        assert row["reviewed_by"] == "A. Auditor"
        assert row["review_note"] == "Different company: Phuket, not Samut Sakhon."
        assert row["reviewed_at"] == result["decided_at"]
        assert status_of(stored, "S1", "ilab_goods")["review_status"] == "open"


def test_a_new_list_edition_reopens_the_finding_and_says_why(store_file: Path) -> None:
    with open_store(store_file) as store:
        store_screen(store, "run-01")
        decided = store.decide(
            "S1", "ilab_goods", "cleared", "A. Auditor", "Supplier uses Australian cotton."
        )
        stored = store_screen(store, "run-02", finding_rows=base_findings(edition="2025"))
        queue = store.review_list(list_name=LIST)
    row = status_of(stored, "S1", "ilab_goods")
    day = str(decided["decided_at"])[:10]
    assert row["review_status"] == "open"
    assert row["review_note"] == (
        f"reopened: evidence changed since cleared by A. Auditor on {day} (source_edition 2024 -> 2025)"
    )
    assert row["reviewed_by"] is None
    assert status_of(queue, "S1", "ilab_goods")["review_status"] == "open"
    assert status_of(queue, "S1", "ilab_goods")["review_note"] == row["review_note"]


def test_a_move_to_another_country_reopens_every_decided_finding_of_the_supplier(store_file: Path) -> None:
    with open_store(store_file) as store:
        store_screen(store, "run-01")
        store.decide("S2", "tip_tier", "escalated", "B. Reviewer", "Ask for the recruitment policy.")
        moved = with_changes(BASE_SUPPLIERS, "S2", country_code="KH")
        stored = store_screen(store, "run-02", suppliers=moved)
    note = str(status_of(stored, "S2", "tip_tier")["review_note"])
    assert status_of(stored, "S2", "tip_tier")["review_status"] == "open"
    assert note.startswith("reopened: evidence changed since escalated by B. Reviewer on ")
    assert note.endswith("(country_code VN -> KH)")


def test_a_reopened_finding_can_be_decided_again_and_that_decision_carries(store_file: Path) -> None:
    with open_store(store_file) as store:
        store_screen(store, "run-01")
        store.decide("S1", "ilab_goods", "cleared", "A. Auditor", "Australian cotton.")
        store_screen(store, "run-02", finding_rows=base_findings(edition="2025"))
        again = store.decide("S1", "ilab_goods", "remediation", "C. Lead", "New edition names the mill.")
        stored = store_screen(store, "run-03", finding_rows=base_findings(edition="2025"))
    assert again["previous_status"] == "open"
    row = status_of(stored, "S1", "ilab_goods")
    assert (row["review_status"], row["reviewed_by"]) == ("remediation", "C. Lead")


def test_a_new_finding_of_a_rule_already_decided_for_that_supplier_is_new_not_reopened(
    store_file: Path,
) -> None:
    extra = {
        **base_findings()[1],
        "evidence": "Garments from China are on the ILAB List of Goods (2024) for forced labor.",
    }
    with open_store(store_file) as store:
        store_screen(store, "run-01")
        store.decide("S1", "ilab_goods", "cleared", "A. Auditor", "Australian cotton.")
        stored = store_screen(store, "run-02", finding_rows=[*base_findings(), extra])
    rows = stored.filter((pl.col("supplier_id") == "S1") & (pl.col("rule_id") == "ilab_goods"))
    assert sorted(rows["review_status"].to_list()) == ["cleared", "open"]
    assert rows.filter(pl.col("review_status") == "open")["review_note"].to_list() == [None]


def test_review_list_shows_decisions_made_after_the_screen_and_filters(store_file: Path) -> None:
    with open_store(store_file) as store:
        store_screen(store, "run-01")
        store.decide("S3", "entity_list", "cleared", "A. Auditor", "Other company.")
        everything = store.review_list()
        cleared = store.review_list(status="cleared")
        critical = store.review_list(tier="critical")
    assert everything.height == 4
    # highest tier first, then severity
    assert everything["supplier_id"].to_list() == ["S1", "S1", "S2", "S3"]
    assert everything["rule_id"].to_list()[:2] == ["region_xinjiang", "ilab_goods"]
    assert cleared.select("supplier_id", "rule_id", "reviewed_by").rows() == [
        ("S3", "entity_list", "A. Auditor")
    ]
    assert set(critical["supplier_id"]) == {"S1"}
    assert critical["supplier_name"].to_list() == ["Kashgar Cotton Spinning Co"] * 2


def test_review_list_uses_the_latest_successful_screen(store_file: Path) -> None:
    with open_store(store_file) as store:
        store_screen(store, "run-01")
        store_screen(store, "run-02", finding_rows=base_findings()[:1], status="failed")
        queue = store.review_list()
    assert set(queue["run_id"]) == {"run-01"}
    assert queue.height == 4


@pytest.mark.parametrize(
    "args,message",
    [
        (("S9", "ilab_goods", "cleared", "A", "n"), "Supplier 'S9' is not in the latest screen"),
        (("S1", "tip_tier", "cleared", "A", "n"), "its findings there are of: ilab_goods, region_xinjiang"),
        (("S1", "ilab_goods", "approved", "A", "n"), "use one of open, cleared, escalated, remediation"),
        (("S1", "ilab_goods", "cleared", "A", "  "), "--note is empty"),
        (("S1", "ilab_goods", "cleared", "", "n"), "--reviewer is empty"),
    ],
)
def test_decide_refuses_unknown_findings_and_bad_options_with_the_fix(
    store_file: Path, args: tuple[str, ...], message: str
) -> None:
    with open_store(store_file) as store:
        store_screen(store, "run-01")
        with pytest.raises(InputError, match=message):
            store.decide(*args)
        assert store.audit_log()["action"].to_list().count("decide") == 0


def test_decide_asks_which_finding_when_a_rule_fired_twice(store_file: Path) -> None:
    second_match = {
        **base_findings()[3],
        "matched_entity": "Andaman Marine Co",
        "evidence": "Resembles 'Andaman Marine Co'.",
    }
    with open_store(store_file) as store:
        stored = store_screen(store, "run-01", finding_rows=[*base_findings(), second_match])
        with pytest.raises(InputError, match=r"has 2 findings of rule 'entity_list'.*--fingerprint"):
            store.decide("S3", "entity_list", "cleared", "A", "Other company.")
        fp = stored.filter(pl.col("matched_entity") == "Andaman Marine Co")["fingerprint"].item()
        result = store.decide("S3", "entity_list", "cleared", "A", "Other company.", fingerprint=fp[:10])
    assert result["fingerprint"] == fp


def test_decide_needs_the_list_name_when_a_supplier_is_in_several_lists(store_file: Path) -> None:
    with open_store(store_file) as store:
        store_screen(store, "run-01")
        r, sc, fd = screen("other-01")
        store.persist_run(
            {**r, "run_id": "other-01"}, "other.csv", sc, store.attach_reviews("other.csv", fd, sc)
        )
        with pytest.raises(InputError, match="Pass --list-name"):
            store.decide("S1", "ilab_goods", "cleared", "A", "n")
        result = store.decide("S1", "ilab_goods", "cleared", "A", "n", list_name="other.csv")
    assert (result["list_name"], result["run_id"]) == ("other.csv", "other-01")

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from store_frames import LIST, store_screen

from screening.errors import StoreError
from screening.store import open_store


def test_the_audit_log_records_who_did_what_when_on_what(store_file: Path) -> None:
    with open_store(store_file, actor="ci-bot") as store:
        store_screen(store, "run-01")
        store.decide("S3", "entity_list", "cleared", "A. Auditor", "Other company.")
        log = store.audit_log()
    assert log.select("seq", "actor", "action", "list_name", "target").rows() == [
        (1, "ci-bot", "migrate", None, "schema v1"),
        (2, "ci-bot", "migrate", None, "schema v2"),
        (3, "ci-bot", "migrate", None, "schema v3"),
        (4, "ci-bot", "persist_run", LIST, "run-01"),
        (5, "A. Auditor", "decide", LIST, "S3/entity_list"),
    ]
    detail = json.loads(log["detail"][4])
    assert detail["decision"] == "cleared" and detail["previous_status"] == "open"
    assert detail["note"] == "Other company." and detail["run_id"] == "run-01"
    persisted = json.loads(log["detail"][3])
    assert persisted == {
        "findings": 4,
        "reopened": 0,
        "review_status": {"open": 4},
        "status": "success",
        "suppliers": 3,
    }
    assert all(t.endswith("Z") and t[:4] == log["logged_at"][0][:4] for t in log["logged_at"])


def test_the_audit_log_and_reviews_only_grow(store_file: Path) -> None:
    with open_store(store_file) as store:
        store_screen(store, "run-01")
        store.decide("S1", "ilab_goods", "cleared", "A", "first")
        before = store.audit_log()
        store.decide("S1", "ilab_goods", "escalated", "B", "second thoughts")
        store_screen(store, "run-02")
        after = store.audit_log()
        assert store.verify_audit_log() == after.height == before.height + 2
    assert after.head(before.height).equals(before)
    con = duckdb.connect(str(store_file), read_only=True)
    try:
        reviews = con.execute("SELECT seq, decision, reviewer, note FROM reviews ORDER BY seq").fetchall()
    finally:
        con.close()
    assert reviews == [(1, "cleared", "A", "first"), (2, "escalated", "B", "second thoughts")]


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE audit_log SET actor = 'someone else' WHERE seq = 5",
        "DELETE FROM audit_log WHERE seq = 4",
        "UPDATE audit_log SET detail = replace(detail, 'cleared', 'escalated') WHERE seq = 5",
    ],
)
def test_an_edited_or_deleted_audit_entry_is_detected(store_file: Path, tamper: str) -> None:
    with open_store(store_file) as store:
        store_screen(store, "run-01")
        store.decide("S3", "entity_list", "cleared", "A. Auditor", "Other company.")
        store_screen(store, "run-02")
    con = duckdb.connect(str(store_file))
    con.execute(tamper)
    con.close()
    with (
        open_store(store_file) as store,
        pytest.raises(StoreError, match=r"audit log .* is broken at entry [45]"),
    ):
        store.verify_audit_log()


MISMATCH = "do not match the audit log at decision "


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        ("UPDATE reviews SET decision = 'escalated' WHERE seq = 1", MISMATCH + "1"),
        ("UPDATE reviews SET note = 'nothing to see' WHERE seq = 1", MISMATCH + "1"),
        ("DELETE FROM reviews WHERE seq = 1", r"records a decision \(entry \d+\) that is missing"),
        (
            "INSERT INTO reviews (seq, list_name, supplier_id, rule_id, fingerprint, decision, reviewer, "
            "note, decided_at, run_id) SELECT 2, list_name, supplier_id, rule_id, fingerprint, 'cleared', "
            "'X', 'y', decided_at, run_id FROM reviews WHERE seq = 1",
            MISMATCH + "2",
        ),
    ],
)
def test_a_decision_edited_in_the_reviews_table_alone_is_detected(
    store_file: Path, tamper: str, message: str
) -> None:
    # the issue: the chain covered audit entries only, so editing `reviews` went unnoticed
    with open_store(store_file) as store:
        store_screen(store, "run-01")
        store.decide("S3", "entity_list", "cleared", "A. Auditor", "Other company.")
        log = store.audit_log()
        assert store.verify_audit_log() == log.height and log["action"][-1] == "decide"
    con = duckdb.connect(str(store_file))
    con.execute(tamper)
    con.close()
    with open_store(store_file) as store, pytest.raises(StoreError, match=message):
        store.verify_audit_log()


def test_a_truncated_store_is_refused_with_a_clear_message_and_left_as_it_is(store_file: Path) -> None:
    with open_store(store_file) as store:
        store_screen(store, "run-01")
    data = store_file.read_bytes()
    store_file.write_bytes(data[: len(data) // 2])
    before = store_file.read_bytes()
    with pytest.raises(StoreError, match=r"is damaged \(truncated or corrupted\).*Nothing was written"):
        with open_store(store_file) as store:
            store_screen(store, "run-02")
    assert store_file.read_bytes() == before

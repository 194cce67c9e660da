"""Deciding only on what the reviewer saw (``Store.decide(..., expected_seq=...)``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_frames import LIST, store_screen

from screening.store import open_store
from screening.store.guard import StaleDecision


def test_a_decision_on_the_state_seen_is_recorded_and_a_stale_one_refused(store_file: Path) -> None:
    with open_store(store_file) as store:
        stored = store_screen(store, "run-01")
        row = stored.row(0, named=True)
        fp, sid, rid = row["fingerprint"], row["supplier_id"], row["rule_id"]
        first = store.decide(
            sid, rid, "cleared", "A", "not the listed entity", LIST, fingerprint=fp, expected_seq=0
        )
        assert first["previous_status"] == "open"
        with pytest.raises(StaleDecision) as stale:
            store.decide(sid, rid, "escalated", "B", "listed", LIST, fingerprint=fp, expected_seq=0)
        assert "decided 'cleared' by A" in str(stale.value) and "not recorded" in str(stale.value)
        assert (
            stale.value.current["decision"] == "cleared"
            and stale.value.current["note"] == "not the listed entity"
        )
        actions = store.audit_log().get_column("action").to_list()
        assert actions.count("decide") == 1
        seq = stale.value.current["seq"]
        again = store.decide(
            sid, rid, "escalated", "B", "listed after all", LIST, fingerprint=fp, expected_seq=seq
        )
        assert again["previous_status"] == "cleared"
        assert store.verify_audit_log() == store.audit_log().height


def test_without_expected_seq_a_decision_is_recorded_as_before(store_file: Path) -> None:
    with open_store(store_file) as store:
        stored = store_screen(store, "run-01")
        row = stored.row(0, named=True)
        store.decide(
            row["supplier_id"], row["rule_id"], "cleared", "A", "ok", LIST, fingerprint=row["fingerprint"]
        )
        store.decide(
            row["supplier_id"], row["rule_id"], "open", "B", "reopened", LIST, fingerprint=row["fingerprint"]
        )
        assert store.review_list(status="open").height == stored.height

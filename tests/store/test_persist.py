from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest
from store_frames import LIST, screen, store_screen

from screening.errors import StoreError
from screening.store import open_store, persist


def table_counts(path: Path, run_id: str) -> tuple[int, int, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return tuple(  # type: ignore[return-value]
            con.execute(f"SELECT count(*) FROM {t} WHERE run_id = ?", [run_id]).fetchall()[0][0]
            for t in ("runs", "suppliers", "findings")
        )
    finally:
        con.close()


def test_persist_stores_the_run_json_suppliers_and_findings(store_file: Path) -> None:
    with open_store(store_file) as store:
        stored = store_screen(store, "run-01")
        runs = store.runs()
        run_json = store.run_json("run-01")
    assert runs.select("run_id", "list_name", "status", "n_suppliers", "n_findings").rows() == [
        ("run-01", LIST, "success", 3, 4)
    ]
    assert run_json["rows_in"] == 3 and run_json["inputs"][0]["path"] == LIST
    con = duckdb.connect(str(store_file), read_only=True)
    try:
        sup = con.execute(
            "SELECT supplier_id, supplier_name, country_code, region_code, goods, risk_score, risk_tier, "
            "_row FROM suppliers ORDER BY _key"
        ).fetchall()
        fnd = con.execute(
            "SELECT supplier_id, rule_id, severity, points, source_edition, matched_entity, match_score, "
            "fingerprint, review_status FROM findings ORDER BY _key, rule_id"
        ).fetchall()
    finally:
        con.close()
    assert sup[0] == ("S1", "Kashgar Cotton Spinning Co", "CN", "CN-XJ", "Cotton", 100.0, "critical", 2)
    assert len(sup) == 3
    s3 = next(r for r in fnd if r[0] == "S3")
    fp = stored.filter(stored["supplier_id"] == "S3")["fingerprint"].item()
    assert s3 == ("S3", "entity_list", "review", 0.0, "2025-10", "Andaman Sea Food Co", 0.82, fp, "open")
    assert len(fnd) == 4


def test_persist_without_review_columns_attaches_them(store_file: Path) -> None:
    r, sc, fd = screen("run-01")
    with open_store(store_file) as store:
        store.persist_run(r, LIST, sc, fd)
        queue = store.review_list()
    assert queue.height == 4 and set(queue["review_status"]) == {"open"}


def test_a_run_id_is_stored_once(store_file: Path) -> None:
    with open_store(store_file) as store:
        store_screen(store, "run-01")
        with pytest.raises(StoreError, match="run run-01 is already in the store"):
            store_screen(store, "run-01")
        assert store.runs().height == 1


def test_a_failure_mid_transaction_leaves_nothing_of_the_run(
    store_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("disk full")

    with open_store(store_file) as store:
        store_screen(store, "run-01")
        monkeypatch.setattr(persist, "insert_findings", broken)
        with pytest.raises(RuntimeError, match="disk full"):
            store_screen(store, "run-02")
        monkeypatch.undo()
        assert store.runs()["run_id"].to_list() == ["run-01"]
        assert store.audit_log()["target"].to_list()[-1] == "run-01"
        # the same run can be stored once the failure is fixed
        store_screen(store, "run-02")
    assert table_counts(store_file, "run-02") == (1, 3, 4)


KILL_MID_PERSIST = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from store_frames import LIST, big_screen
    from screening.store import open_store, persist

    real_insert_suppliers = persist.insert_suppliers

    def insert_then_die(con, run_id, list_name, scores):
        real_insert_suppliers(con, run_id, list_name, scores)   # rows written inside the transaction
        print("suppliers written, dying", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)

    persist.insert_suppliers = insert_then_die
    # more than one row group, so DuckDB writes blocks to the file before the commit
    run, scores, findings = big_screen(200_000, "run-killed", seed=1)
    with open_store(Path({path!r})) as store:
        store.persist_run(run, LIST, scores, store.attach_reviews(LIST, findings, scores))
    """
)


def test_a_screen_killed_mid_persist_leaves_no_half_written_run(store_file: Path) -> None:
    with open_store(store_file) as store:
        store_screen(store, "run-01")
    code = KILL_MID_PERSIST.format(tests=str(Path(__file__).parent), path=str(store_file))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == -9, proc.stderr
    assert "suppliers written, dying" in proc.stdout

    # reopening recovers: the killed run left nothing, the earlier run is intact, the lock is free
    with open_store(store_file, timeout_s=2) as store:
        assert store.runs()["run_id"].to_list() == ["run-01"]
        assert store.verify_audit_log() == 4  # three migrations and run-01
        store_screen(store, "run-02")
        assert store.diff("run-01", "run-02").to_frame().is_empty()
    assert table_counts(store_file, "run-killed") == (0, 0, 0)
    assert table_counts(store_file, "run-01") == (1, 3, 4)
    assert json.loads(Path(str(store_file) + ".lock").read_text() or "{}") == {}

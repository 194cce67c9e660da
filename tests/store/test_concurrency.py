from __future__ import annotations

import multiprocessing as mp
import re
from pathlib import Path

import pytest
from store_frames import LIST, hold_lock_worker, persist_worker, store_screen

from screening.errors import StoreError
from screening.store import open_store


@pytest.mark.slow  # two whole screens in child processes at once (CI: make test-slow)
def test_two_screens_persisting_at_once_both_finish(store_file: Path) -> None:
    with open_store(store_file) as store:
        store_screen(store, "run-00")
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    procs = [
        ctx.Process(target=persist_worker, args=(str(store_file), f"run-p{i}", 60_000, i, start))
        for i in (1, 2)
    ]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0]
    with open_store(store_file) as store:
        runs = store.runs()
        assert sorted(runs["run_id"].to_list()) == ["run-00", "run-p1", "run-p2"]
        counts = {r["run_id"]: (r["n_suppliers"], r["n_findings"]) for r in runs.to_dicts()}
        assert counts["run-p1"] == counts["run-p2"] == (60_000, 90_000)
        assert store.verify_audit_log() == 6  # 3 migrations and 3 runs
        # both screens' rows are all there and readable
        d = store.diff("run-p1", "run-p2")
    assert d.counts()["supplier_added"] == 60_000 and d.counts()["supplier_removed"] == 60_000
    assert d.list_name == LIST


def test_a_screen_that_cannot_get_the_store_in_time_says_who_holds_it(store_file: Path) -> None:
    with open_store(store_file):
        pass
    ctx = mp.get_context("spawn")
    ready = ctx.Event()
    holder = ctx.Process(target=hold_lock_worker, args=(str(store_file), 2.0, ready))
    holder.start()
    try:
        assert ready.wait(60)
        with pytest.raises(StoreError) as info:
            with open_store(store_file, timeout_s=0.5):
                pass
        message = str(info.value)
        assert re.search(
            rf"The store .*screening.duckdb is busy \(held by pid {holder.pid} since 20\d\d-", message
        )
        assert "try again or use another --store" in message
        # a screen willing to wait gets the store once the other is done
        with open_store(store_file, timeout_s=30) as store:
            store_screen(store, "run-01")
    finally:
        holder.join(30)
    assert holder.exitcode == 0


def test_two_threads_of_one_store_each_get_their_own_session(store_file: Path) -> None:
    """The review app serves requests on threads of one Store (and reads the queue on one at start-up): a
    thread must wait for another thread's session, never share its connection (DuckDB refuses a second
    call on a busy connection, which showed as an error page)."""
    import threading

    from screening.store import Store

    with open_store(store_file) as store:
        store_screen(store, "run-00")
    shared = Store(store_file, timeout_s=30)
    inside, release = threading.Event(), threading.Event()

    def hold() -> None:
        with shared.reading() as con:
            con.execute("SELECT 1").fetchall()
            inside.set()
            release.wait(10)

    got: list[object] = []
    holder = threading.Thread(target=hold)
    holder.start()
    assert inside.wait(10)
    reader = threading.Thread(target=lambda: got.append(shared.runs()["run_id"].to_list()))
    reader.start()
    reader.join(0.5)
    assert reader.is_alive() and not got  # waiting for the lock, not inside the other thread's session
    release.set()
    holder.join(10)
    reader.join(10)
    assert got == [["run-00"]]

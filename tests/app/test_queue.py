"""The app's queue reader: the store's queue plus country, cached per screen, patched per decision."""

from __future__ import annotations

import polars as pl

from screening.app.queue import QueueReader, apply_filters, next_supplier, page_of
from screening.store import Store, open_store

from .conftest import HOSTILE_LIST, MAIN, Site


def test_decisions_patch_the_cached_queue_exactly_as_a_fresh_read(site: Site) -> None:
    reader = QueueReader(Store(site.store))
    before, stale = reader.frame()
    assert not stale and before.get_column("review_status").unique().to_list() == ["open"]
    with open_store(site.store, create=False) as store:
        store.decide("V10001", "region-xinjiang", "cleared", "A. Auditor", "not the listed site", MAIN)
        store.decide("V10001", "region-xinjiang", "open", "B. Checker", "taken back: new evidence", MAIN)
        store.decide("H1", "tip-tier-3", "escalated", "A. Auditor", "check", HOSTILE_LIST)
    patched, _ = reader.frame()
    fresh, _ = QueueReader(Store(site.store)).frame()
    assert patched.equals(fresh)
    row = patched.filter(pl.col("supplier_id") == "V10001", pl.col("rule_id") == "region-xinjiang").row(
        0, named=True
    )
    assert (row["review_status"], row["reviewed_by"], row["review_note"]) == (
        "open", "B. Checker", "taken back: new evidence",
    )  # fmt: skip
    assert patched.filter(pl.col("review_status") == "escalated").get_column("supplier_id").to_list() == [
        "H1"
    ]


def test_queue_rows_carry_the_suppliers_country(site: Site) -> None:
    frame, _ = QueueReader(Store(site.store)).frame()
    countries = dict(frame.select("supplier_id", "country_code").unique().iter_rows())
    assert countries["V10001"] == "CN" and countries["H3"] == "TM"


def test_page_counts_suppliers_not_findings(site: Site) -> None:
    frame, _ = QueueReader(Store(site.store)).frame()
    page = page_of(frame, {"list": HOSTILE_LIST, "status": "any"}, 1, 4, False)
    mine = frame.filter(pl.col("list_name") == HOSTILE_LIST)
    assert page.total_findings == mine.height and page.total_suppliers == mine["supplier_id"].n_unique()
    assert page.pages == -(-mine.height // 4) and len(page.rows) == 4
    assert sum(page.by_tier.values()) == page.total_suppliers
    assert page_of(frame, {"list": HOSTILE_LIST}, 99, 4, False).page == page.pages


def test_next_supplier_follows_the_queue_order(site: Site) -> None:
    frame, _ = QueueReader(Store(site.store)).frame()
    order = apply_filters(frame, {"list": MAIN, "tier": "high"})["supplier_id"].unique(maintain_order=True)
    assert next_supplier(frame, {"list": MAIN, "tier": "high"}, MAIN, order[0]) == order[1]
    assert next_supplier(frame, {"list": MAIN, "tier": "high"}, MAIN, order[-1]) is None
    assert next_supplier(frame, {"list": MAIN, "tier": "high"}, MAIN, "not-in-queue") == order[0]

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from store_frames import BASE_SUPPLIERS, LIST, base_findings, screen

from screening.errors import StoreError
from screening.store import CURRENT_VERSION, open_store
from screening.store.schema import V1_CATEGORIES

# The store's layout at schema version 1, frozen here as it was shipped (not imported from the code),
# so this test keeps checking that a real version-1 store migrates.
V1_DDL = [
    """CREATE TABLE schema_version (version INTEGER NOT NULL, description VARCHAR NOT NULL,
        applied_at VARCHAR NOT NULL)""",
    """CREATE TABLE runs (run_id VARCHAR NOT NULL, list_name VARCHAR NOT NULL, seq BIGINT NOT NULL,
        started_at VARCHAR, finished_at VARCHAR, status VARCHAR NOT NULL, stored_at VARCHAR NOT NULL,
        n_suppliers BIGINT NOT NULL, n_findings BIGINT NOT NULL, run_json VARCHAR NOT NULL)""",
    """CREATE TABLE suppliers (run_id VARCHAR NOT NULL, list_name VARCHAR NOT NULL, _key BIGINT NOT NULL,
        supplier_id VARCHAR NOT NULL, supplier_name VARCHAR, country_code VARCHAR, region_code VARCHAR,
        goods VARCHAR, risk_score DOUBLE, risk_tier VARCHAR, """
    + ", ".join(f"score_{c} DOUBLE" for c in V1_CATEGORIES)
    + """, n_findings BIGINT, top_reason VARCHAR, review_status VARCHAR, _source VARCHAR, _row BIGINT)""",
    """CREATE TABLE findings (run_id VARCHAR NOT NULL, list_name VARCHAR NOT NULL, _key BIGINT NOT NULL,
        supplier_id VARCHAR NOT NULL, rule_id VARCHAR NOT NULL, rule_version BIGINT, category VARCHAR,
        severity VARCHAR, points DOUBLE, evidence VARCHAR, source_dataset VARCHAR, source_edition VARCHAR,
        matched_entity VARCHAR, match_score DOUBLE, matched_field VARCHAR, fingerprint VARCHAR NOT NULL,
        review_status VARCHAR NOT NULL, review_note VARCHAR, reviewed_by VARCHAR, reviewed_at VARCHAR)""",
    """CREATE TABLE reviews (seq BIGINT NOT NULL, list_name VARCHAR NOT NULL, supplier_id VARCHAR NOT NULL,
        rule_id VARCHAR NOT NULL, fingerprint VARCHAR NOT NULL, decision VARCHAR NOT NULL,
        reviewer VARCHAR NOT NULL, note VARCHAR NOT NULL, decided_at VARCHAR NOT NULL,
        run_id VARCHAR NOT NULL)""",
    """CREATE TABLE audit_log (seq BIGINT NOT NULL, logged_at VARCHAR NOT NULL, actor VARCHAR NOT NULL,
        action VARCHAR NOT NULL, list_name VARCHAR, target VARCHAR NOT NULL, detail VARCHAR NOT NULL,
        prev_hash VARCHAR NOT NULL, hash VARCHAR NOT NULL)""",
    """INSERT INTO schema_version
        VALUES (1, 'runs, suppliers, findings, reviews and audit_log', '2026-10-01T00:00:00Z')""",
]


def make_v1_store(path: Path) -> str:
    """A version-1 store: one screen, one decision (cleared S1/ilab_goods); returns its fingerprint."""
    from screening.store.identity import fingerprint

    goods = base_findings()[1]
    fp = fingerprint(
        LIST,
        "S1",
        "ilab_goods",
        evidence=goods["evidence"],
        source_dataset="ilab_goods",
        source_edition="2024",
        matched_entity=None,
        country_code="CN",
        region_code="CN-XJ",
        goods="Cotton",
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    for statement in V1_DDL:
        con.execute(statement)
    con.execute(
        "INSERT INTO runs VALUES ('run-01', ?, 1, '2026-10-01T09:00:00Z', '2026-10-01T09:00:05Z', 'success', "
        "'2026-10-01T09:00:06Z', 1, 1, '{\"run_id\": \"run-01\"}')",
        [LIST],
    )
    con.execute(
        """INSERT INTO suppliers (run_id, list_name, _key, supplier_id, supplier_name, country_code,
           region_code, goods, risk_score, risk_tier)
           VALUES ('run-01', ?, 0, 'S1', 'Kashgar Cotton Spinning Co', 'CN', 'CN-XJ', 'Cotton', 100,
           'critical')""",
        [LIST],
    )
    con.execute(
        """INSERT INTO findings (run_id, list_name, _key, supplier_id, rule_id, category, severity, points,
           evidence, source_dataset, source_edition, fingerprint, review_status)
           VALUES ('run-01', ?, 0, 'S1', 'ilab_goods', 'forced_labor', 'high', 40, ?, 'ilab_goods', '2024', ?,
           'open')""",
        [LIST, goods["evidence"], fp],
    )
    con.execute(
        """INSERT INTO reviews VALUES (1, ?, 'S1', 'ilab_goods', ?, 'cleared', 'A. Auditor',
           'Australian cotton.', '2026-10-02T10:00:00Z', 'run-01')""",
        [LIST, fp],
    )
    con.close()
    return fp


def test_a_version_1_store_is_migrated_and_its_decisions_keep_working(store_file: Path) -> None:
    fp = make_v1_store(store_file)
    with open_store(store_file) as store:
        assert store.schema_version() == CURRENT_VERSION == 3
        log = store.audit_log()
        # same evidence: the old decision carries over
        _, sc, fd = screen("run-02", suppliers=scores_s1(), finding_rows=[base_findings()[1]])
        carried = store.attach_reviews(LIST, fd, sc)
        # new edition: it reopens, and the back-filled facts say what changed
        _, sc, fd = screen("run-03", suppliers=scores_s1(), finding_rows=[base_findings(edition="2025")[1]])
        reopened = store.attach_reviews(LIST, fd, sc)
    assert log.select("action", "target").rows() == [("migrate", "schema v2"), ("migrate", "schema v3")]
    assert carried.select("fingerprint", "review_status", "reviewed_by").rows() == [
        (fp, "cleared", "A. Auditor")
    ]
    assert reopened["review_note"].to_list() == [
        "reopened: evidence changed since cleared by A. Auditor on 2026-10-02 (source_edition 2024 -> 2025)"
    ]
    con = duckdb.connect(str(store_file), read_only=True)
    try:
        row = con.execute("SELECT source_edition, country_code, region_code, goods FROM reviews").fetchall()
        versions = con.execute("SELECT version FROM schema_version ORDER BY version").fetchall()
    finally:
        con.close()
    assert row == [("2024", "CN", "CN-XJ", "Cotton")]
    assert versions == [(1,), (2,), (3,)]


def scores_s1() -> list[dict[str, object]]:
    return [dict(BASE_SUPPLIERS[0])]


def test_a_store_of_a_newer_schema_is_refused_with_both_versions(store_file: Path) -> None:
    with open_store(store_file):
        pass
    con = duckdb.connect(str(store_file))
    con.execute("INSERT INTO schema_version VALUES (7, 'from the future', '2027-01-01T00:00:00Z')")
    con.close()
    with pytest.raises(
        StoreError, match=r"schema version 7, newer than .* \(up to 3\).*Upgrade fl-screening"
    ):
        with open_store(store_file):
            pass


def test_a_new_store_is_created_at_the_current_version(store_file: Path) -> None:
    with open_store(store_file) as store:
        assert store.schema_version() == CURRENT_VERSION
    with open_store(store_file) as store:  # opening again applies nothing
        assert store.audit_log()["action"].to_list() == ["migrate"] * CURRENT_VERSION


def test_files_that_are_not_screening_stores_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "analytics.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE sales (x INTEGER)")
    con.close()
    with pytest.raises(StoreError, match=r"not a screening store .*sales"):
        with open_store(other):
            pass
    text = tmp_path / "suppliers.csv"
    text.write_text("supplier_id,name\n1,Acme\n")
    with pytest.raises(StoreError, match=r"Cannot open the store .*suppliers.csv"):
        with open_store(text):
            pass
    with pytest.raises(StoreError, match="There is no screening store at"):
        with open_store(tmp_path / "missing.duckdb", create=False):
            pass
    assert not (tmp_path / "missing.duckdb").exists()

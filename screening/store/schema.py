"""The store's tables, their schema version, and the ordered migrations between versions.

``schema_version`` holds one row per applied migration (version, description, applied_at). A new
store gets every migration in order; an older store gets the ones it lacks, each in its own
transaction with its version row, so a crash mid-migration leaves the store at the last complete
version. A store whose version is newer than :data:`CURRENT_VERSION` is refused: this code would
not know its tables.

Versions:

1. ``runs`` (one row per screen: the whole run.json as JSON text, its status, list name and an
   insertion sequence), ``suppliers`` (the scores frame of each run), ``findings`` (each run's
   findings with fingerprint and review status), ``reviews`` (append-only decisions) and
   ``audit_log`` (append-only, hash-chained: who did what, when, on what).
2. Reviews remember the evidence they were decided on (the facts of the fingerprint), so that a
   finding that reopens can say what changed; existing reviews are back-filled from the run the
   decision was made against.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from screening.contract import CATEGORIES
from screening.errors import StoreError
from screening.store.db import texts


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: Sequence[str]


#: The categories of schema version 1, frozen: a category added later gets its column in a migration.
V1_CATEGORIES = tuple(c for c in CATEGORIES if c != "sector")
_SCORE_COLUMNS = ",\n".join(f'    "score_{c}" DOUBLE' for c in V1_CATEGORIES)

_V1 = Migration(
    1,
    "runs, suppliers, findings, reviews and audit_log",
    (
        """CREATE TABLE runs (
    run_id VARCHAR NOT NULL,
    list_name VARCHAR NOT NULL,
    seq BIGINT NOT NULL,
    started_at VARCHAR,
    finished_at VARCHAR,
    status VARCHAR NOT NULL,
    stored_at VARCHAR NOT NULL,
    n_suppliers BIGINT NOT NULL,
    n_findings BIGINT NOT NULL,
    run_json VARCHAR NOT NULL
)""",
        f"""CREATE TABLE suppliers (
    run_id VARCHAR NOT NULL,
    list_name VARCHAR NOT NULL,
    "_key" BIGINT NOT NULL,
    supplier_id VARCHAR NOT NULL,
    supplier_name VARCHAR,
    country_code VARCHAR,
    region_code VARCHAR,
    goods VARCHAR,
    risk_score DOUBLE,
    risk_tier VARCHAR,
{_SCORE_COLUMNS},
    n_findings BIGINT,
    top_reason VARCHAR,
    review_status VARCHAR,
    "_source" VARCHAR,
    "_row" BIGINT
)""",
        """CREATE TABLE findings (
    run_id VARCHAR NOT NULL,
    list_name VARCHAR NOT NULL,
    "_key" BIGINT NOT NULL,
    supplier_id VARCHAR NOT NULL,
    rule_id VARCHAR NOT NULL,
    rule_version BIGINT,
    category VARCHAR,
    severity VARCHAR,
    points DOUBLE,
    evidence VARCHAR,
    source_dataset VARCHAR,
    source_edition VARCHAR,
    matched_entity VARCHAR,
    match_score DOUBLE,
    matched_field VARCHAR,
    fingerprint VARCHAR NOT NULL,
    review_status VARCHAR NOT NULL,
    review_note VARCHAR,
    reviewed_by VARCHAR,
    reviewed_at VARCHAR
)""",
        """CREATE TABLE reviews (
    seq BIGINT NOT NULL,
    list_name VARCHAR NOT NULL,
    supplier_id VARCHAR NOT NULL,
    rule_id VARCHAR NOT NULL,
    fingerprint VARCHAR NOT NULL,
    decision VARCHAR NOT NULL,
    reviewer VARCHAR NOT NULL,
    note VARCHAR NOT NULL,
    decided_at VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL
)""",
        """CREATE TABLE audit_log (
    seq BIGINT NOT NULL,
    logged_at VARCHAR NOT NULL,
    actor VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    list_name VARCHAR,
    target VARCHAR NOT NULL,
    detail VARCHAR NOT NULL,
    prev_hash VARCHAR NOT NULL,
    hash VARCHAR NOT NULL
)""",
    ),
)

#: The evidence facts a review remembers (version 2); the same facts make a fingerprint.
REVIEW_FACT_COLUMNS = (
    "evidence",
    "source_dataset",
    "source_edition",
    "matched_entity",
    "country_code",
    "region_code",
    "goods",
)

_V2 = Migration(
    2,
    "reviews remember the evidence facts they were decided on",
    (
        *(f'ALTER TABLE reviews ADD COLUMN "{c}" VARCHAR' for c in REVIEW_FACT_COLUMNS),
        """UPDATE reviews SET
    evidence = src.evidence,
    source_dataset = src.source_dataset,
    source_edition = src.source_edition,
    matched_entity = src.matched_entity,
    country_code = src.country_code,
    region_code = src.region_code,
    goods = src.goods
FROM (
    SELECT f.run_id, f.fingerprint, any_value(f.evidence) AS evidence,
           any_value(f.source_dataset) AS source_dataset, any_value(f.source_edition) AS source_edition,
           any_value(f.matched_entity) AS matched_entity, any_value(s.country_code) AS country_code,
           any_value(s.region_code) AS region_code, any_value(s.goods) AS goods
    FROM findings f LEFT JOIN suppliers s ON s.run_id = f.run_id AND s."_key" = f."_key"
    GROUP BY f.run_id, f.fingerprint
) AS src
WHERE src.run_id = reviews.run_id AND src.fingerprint = reviews.fingerprint""",
    ),
)

#: Risk model v2: what a finding rests on, the sector, the supplier-site key and the two axes of a score.
V3_SUPPLIER_COLUMNS = {
    "sector": "VARCHAR",
    "supplier_key": "VARCHAR",
    "red_flag_score": "DOUBLE",
    "exposure_score": "DOUBLE",
    "score_sector": "DOUBLE",
    "top_basis": "VARCHAR",
}
_V3 = Migration(
    3,
    "risk model v2: findings say what they rest on (basis); suppliers carry sector, supplier_key, two axes",
    (
        'ALTER TABLE findings ADD COLUMN "basis" VARCHAR',
        'ALTER TABLE findings ADD COLUMN "counted_with" VARCHAR',
        *(f'ALTER TABLE suppliers ADD COLUMN "{c}" {t}' for c, t in V3_SUPPLIER_COLUMNS.items()),
    ),
)

MIGRATIONS: tuple[Migration, ...] = (_V1, _V2, _V3)
CURRENT_VERSION: int = MIGRATIONS[-1].version


def stored_version(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """The store's schema version: 0 for an empty database; refuses a foreign DuckDB file."""
    tables = set(texts(con, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"))
    if "schema_version" not in tables:
        if tables:
            raise StoreError(
                f"{path} is a DuckDB database but not a screening store "
                f"(it has tables {', '.join(sorted(tables)[:5])} and no schema_version).",
                hint="Pass --store with a new file name or the path of a screening store.",
            )
        return 0
    row = con.execute("SELECT max(version) FROM schema_version").fetchall()
    return int(row[0][0] or 0)


def migrate(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    now: str,
    *,
    target: int = CURRENT_VERSION,
    on_applied: Callable[[Migration, int], None] | None = None,
) -> tuple[int, int]:
    """Bring the store at ``con`` to ``target``; returns (version before, version after).

    Each migration runs in its own transaction together with its ``schema_version`` row.
    ``on_applied(migration, previous_version)`` runs inside that transaction (the audit log entry).
    """
    before = stored_version(con, path)
    if before > CURRENT_VERSION:
        raise StoreError(
            f"The store {path} has schema version {before}, newer than this version of screening "
            f"understands (up to {CURRENT_VERSION}).",
            hint="Upgrade fl-screening, or pass --store with another file.",
        )
    version = before
    for migration in MIGRATIONS:
        if migration.version <= version or migration.version > target:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            if migration.version == 1:
                con.execute(
                    "CREATE TABLE schema_version (version INTEGER NOT NULL, "
                    "description VARCHAR NOT NULL, applied_at VARCHAR NOT NULL)"
                )
            for statement in migration.statements:
                con.execute(statement)
            con.execute(
                "INSERT INTO schema_version VALUES (?, ?, ?)",
                [migration.version, migration.description, now],
            )
            if on_applied is not None:
                on_applied(migration, version)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        version = migration.version
    return before, version

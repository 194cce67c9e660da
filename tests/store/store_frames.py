"""Hand-made screens with the contract's columns, for the store tests (the pipeline is not needed).

``screen(...)`` returns (run, scores, findings) for a small list of suppliers (three by default:
a Xinjiang cotton spinner, a Vietnamese garment maker and a Thai seafood exporter). Suppliers and
findings are plain dicts; every contract column a dict leaves out is null. ``big_screen(n)`` makes a
larger synthetic screen for the kill and concurrency tests.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from screening.contract import (
    FINDINGS_SCHEMA,
    INGEST_SCHEMA,
    SCORE_BASE_COLUMNS,
    SCORE_CATEGORY_COLUMNS,
    SCORE_TAIL_COLUMNS,
)

LIST = "acme-suppliers.csv"

#: Types of the contract's score columns that are not text.
_SCORE_TYPES: dict[str, pl.DataType] = {
    "risk_score": pl.Float64(),
    **{c: pl.Float64() for c in SCORE_CATEGORY_COLUMNS},
    "n_findings": pl.Int64(),
}
#: The contract's score columns, in scores.csv's order, then the row keys of the ingest frame.
SCORES_SCHEMA: dict[str, pl.DataType] = {
    **{
        c: _SCORE_TYPES.get(c, pl.String())
        for c in (*SCORE_BASE_COLUMNS, *SCORE_CATEGORY_COLUMNS, *SCORE_TAIL_COLUMNS)
    },
    **{c: INGEST_SCHEMA[c] for c in ("_key", "_source", "_row")},
}


def scores(rows: list[dict[str, Any]]) -> pl.DataFrame:
    full = [
        {**{c: None for c in SCORES_SCHEMA}, "_key": i, "_row": i + 2, "_source": LIST, **row}
        for i, row in enumerate(rows)
    ]
    return pl.DataFrame(full, schema=SCORES_SCHEMA)


def findings(rows: list[dict[str, Any]], sc: pl.DataFrame) -> pl.DataFrame:
    keys = dict(zip(sc["supplier_id"].to_list(), sc["_key"].to_list(), strict=True))
    full = [
        {**{c: None for c in FINDINGS_SCHEMA}, "_key": keys[row["supplier_id"]], "rule_version": 1, **row}
        for row in rows
    ]
    return pl.DataFrame(full, schema=FINDINGS_SCHEMA)


def run(run_id: str, status: str = "success", **extra: Any) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "started_at": f"2026-11-{int(run_id[-2:]) if run_id[-2:].isdigit() else 1:02d}T09:00:00Z",
        "finished_at": "2026-11-01T09:00:05Z",
        "status": status,
        "inputs": [{"path": LIST, "sha256": "0" * 64, "rows": 3}],
        "rows_in": 3,
        "rows_screened": 3,
        "rows_quarantined": 0,
        **extra,
    }


def screen(
    run_id: str,
    suppliers: list[dict[str, Any]] | None = None,
    finding_rows: list[dict[str, Any]] | None = None,
    status: str = "success",
) -> tuple[dict[str, Any], pl.DataFrame, pl.DataFrame]:
    sc = scores(suppliers if suppliers is not None else BASE_SUPPLIERS)
    fd = findings(finding_rows if finding_rows is not None else base_findings(), sc)
    return run(run_id, status), sc, fd


def store_screen(store: Any, run_id: str, **kwargs: Any) -> pl.DataFrame:
    """Attach reviews to a screen and persist it, as the pipeline does; returns the findings stored."""
    r, sc, fd = screen(run_id, **kwargs)
    attached: pl.DataFrame = store.attach_reviews(LIST, fd, sc)
    store.persist_run(r, LIST, sc, attached)
    return attached


def with_changes(rows: list[dict[str, Any]], supplier_id: str, **changes: Any) -> list[dict[str, Any]]:
    """``rows`` with ``changes`` applied to the row(s) of ``supplier_id``."""
    return [{**row, **changes} if row["supplier_id"] == supplier_id else dict(row) for row in rows]


BASE_SUPPLIERS: list[dict[str, Any]] = [
    {
        "supplier_id": "S1",
        "supplier_name": "Kashgar Cotton Spinning Co",
        "country_code": "CN",
        "region_code": "CN-XJ",
        "goods": "Cotton",
        "risk_score": 100.0,
        "risk_tier": "critical",
    },
    {
        "supplier_id": "S2",
        "supplier_name": "Hoa Binh Garments",
        "country_code": "VN",
        "region_code": None,
        "goods": "Garments",
        "risk_score": 30.0,
        "risk_tier": "medium",
    },
    {
        "supplier_id": "S3",
        "supplier_name": "Andaman Seafood Ltd",
        "country_code": "TH",
        "region_code": None,
        "goods": "Fish;Shrimp",
        "risk_score": 10.0,
        "risk_tier": "low",
    },
]


def base_findings(edition: str = "2024") -> list[dict[str, Any]]:
    return [
        {
            "supplier_id": "S1",
            "rule_id": "region_xinjiang",
            "category": "region",
            "severity": "critical",
            "points": 100.0,
            "evidence": "Produced in Xinjiang (CN-XJ): UFLPA rebuttable presumption.",
            "source_dataset": "uflpa",
            "source_edition": "2025-01",
        },
        {
            "supplier_id": "S1",
            "rule_id": "ilab_goods",
            "category": "forced_labor",
            "severity": "high",
            "points": 40.0,
            "evidence": f"Cotton from China is on the ILAB List of Goods ({edition}) for forced labor.",
            "source_dataset": "ilab_goods",
            "source_edition": edition,
        },
        {
            "supplier_id": "S2",
            "rule_id": "tip_tier",
            "category": "country_governance",
            "severity": "medium",
            "points": 30.0,
            "evidence": "Vietnam is Tier 2 Watch List in the TIP Report.",
            "source_dataset": "tip_tiers",
            "source_edition": "2024",
        },
        {
            "supplier_id": "S3",
            "rule_id": "entity_list",
            "category": "entity_list",
            "severity": "review",
            "points": 0.0,
            "evidence": "Name resembles 'Andaman Sea Food Co' on the CBP WRO list (score 0.82).",
            "source_dataset": "cbp_wro",
            "source_edition": "2025-10",
            "matched_entity": "Andaman Sea Food Co",
            "match_score": 0.82,
            "matched_field": "supplier_name",
        },
    ]


def big_screen(n: int, run_id: str, *, seed: int = 0) -> tuple[dict[str, Any], pl.DataFrame, pl.DataFrame]:
    """A screen of ``n`` suppliers with about 1.5 findings each (for the kill and concurrency tests)."""
    countries = ["CN", "VN", "TH", "IN", "BD", "TR", "MY", "US"]
    goods = ["Cotton", "Garments", "Fish;Shrimp", "Bricks", "Polysilicon", "Gloves"]
    ids = [f"V{seed}-{i:07d}" for i in range(n)]
    sc = pl.DataFrame(
        {
            "_key": list(range(n)),
            "supplier_id": ids,
            "supplier_name": [f"Supplier {i} Co Ltd" for i in range(n)],
            "country_code": [countries[i % len(countries)] for i in range(n)],
            "region_code": [None] * n,
            "goods": [goods[i % len(goods)] for i in range(n)],
            "risk_score": [float(i % 100) for i in range(n)],
            "risk_tier": [("low", "medium", "high", "critical")[i % 4] for i in range(n)],
        },
        schema_overrides={"region_code": pl.String()},
    )
    m = n + n // 2
    fd = pl.DataFrame(
        {
            "_key": [i % n for i in range(m)],
            "supplier_id": [ids[i % n] for i in range(m)],
            "rule_id": ["ilab_goods" if i < n else "tip_tier" for i in range(m)],
            "rule_version": [1] * m,
            "category": ["forced_labor" if i < n else "country_governance" for i in range(m)],
            "severity": ["high" if i < n else "medium" for i in range(m)],
            "points": [40.0 if i < n else 20.0 for i in range(m)],
            "evidence": [f"Listed good from {countries[(i % n) % len(countries)]} (2024)." for i in range(m)],
            "source_dataset": ["ilab_goods" if i < n else "tip_tiers" for i in range(m)],
            "source_edition": ["2024"] * m,
        }
    )
    full = fd.with_columns(
        *(pl.lit(None, dtype).alias(c) for c, dtype in FINDINGS_SCHEMA.items() if c not in fd.columns)
    ).select(list(FINDINGS_SCHEMA))
    return run(run_id), sc, full


def persist_worker(path: str, run_id: str, n: int, seed: int, start: Any) -> None:
    """Child process body: wait for ``start`` (a multiprocessing Event), then persist one screen."""
    from pathlib import Path

    from screening.store import open_store

    r, sc, fd = big_screen(n, run_id, seed=seed)
    start.wait(30)
    with open_store(Path(path), timeout_s=120) as store:
        store.persist_run(r, LIST, sc, store.attach_reviews(LIST, fd, sc))


def hold_lock_worker(path: str, seconds: float, ready: Any) -> None:
    """Child process body: hold the store's lock for ``seconds`` (a long write in another screen)."""
    import time
    from pathlib import Path

    from screening.store.lock import exclusive_lock

    with exclusive_lock(Path(path), 5):
        ready.set()
        time.sleep(seconds)

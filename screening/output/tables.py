"""Write a screen's tables: scores, findings and quarantine as CSV (formula-safe) and Parquet, and
``run.json``. Same frames in, byte-identical files out."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import polars as pl

from screening.contract import (
    FINDINGS_COLUMNS,
    INGEST_SCHEMA,
    NORMALIZED_SCHEMA,
    QUARANTINE_COLUMNS,
    SCORE_COMPUTED_COLUMNS,
)
from screening.output.safe import neutralise_frame, neutralise_headers

_REVIEW_RANK = {"escalated": 4, "remediation": 3, "open": 2, "cleared": 1}
_DERIVED = {"country_name", "region_name"}
SCORE_COLUMNS = (
    "supplier_id",
    "supplier_name",
    "parent_name",
    "country_code",
    "region_code",
    "goods",
    "sector",
    "supplier_key",
    *SCORE_COMPUTED_COLUMNS,
    "workers",
    "migrant_worker_share",
)


def carried_columns(frame: pl.DataFrame) -> list[str]:
    """Input columns the screen did not recognise, carried through in their original order."""
    known = set(INGEST_SCHEMA) | set(NORMALIZED_SCHEMA) | _DERIVED
    return [c for c in frame.columns if c not in known]


def _review_status(findings: pl.DataFrame) -> pl.DataFrame | None:
    if "review_status" not in findings.columns:
        return None
    by_rank = {v: k for k, v in _REVIEW_RANK.items()}
    return (
        findings.group_by("_key")
        .agg(
            pl.col("review_status")
            .fill_null("open")
            .replace_strict(_REVIEW_RANK, return_dtype=pl.Int64)
            .max()
        )
        .with_columns(pl.col("review_status").replace_strict(by_rank, return_dtype=pl.String))
    )


def scores_frame(frame: pl.DataFrame, scored: pl.DataFrame, findings: pl.DataFrame) -> pl.DataFrame:
    """The user-facing scores table (plus internal ``_key``, ``_source``, ``_row`` at the end)."""
    if scored.height == frame.height and scored.get_column("_key").equals(frame.get_column("_key")):
        # Scores come back in the frame's order: set them beside it (a join would copy every column).
        out = pl.concat([frame, scored.drop("_key")], how="horizontal")
    else:
        out = frame.join(scored, on="_key", how="left", maintain_order="left")
    cols: list[str] = list(SCORE_COLUMNS)
    status = _review_status(findings)
    if status is not None:
        out = out.join(status, on="_key", how="left", maintain_order="left").with_columns(
            pl.col("review_status").fill_null("")
        )
        cols.append("review_status")
    out = out.with_columns(
        pl.col("_goods_unmapped").list.join("; ").alias("goods_unmapped"),
        pl.col("_goods_inferred").list.join("; ").alias("goods_inferred"),
        pl.col("_source").alias("source_file"),
        pl.col("_row").alias("source_row"),
        pl.col("spend"),
    )
    cols += ["goods_inferred", "goods_unmapped", "spend", "source_file", "source_row"]
    cols += carried_columns(frame)
    return out.select(*cols, "_key", "_source", "_row")


def findings_frame(findings: pl.DataFrame, scores: pl.DataFrame) -> pl.DataFrame:
    """The user-facing findings table, in input order."""
    extra = [
        c
        for c in ("rule_version", "matched_field", "review_status", "review_note", "fingerprint")
        if c in findings.columns
    ]
    # Where each finding's supplier is in the scores, by a join of keys alone; the supplier's columns are
    # then gathered beside the findings (joining the findings themselves would copy every sentence).
    at = (
        findings.select("_key")
        .join(scores.select("_key").with_row_index("_at"), on="_key", how="left", maintain_order="left")
        .get_column("_at")
    )
    src = scores.select(pl.col("supplier_name", "source_file", "source_row").gather(at))
    out = pl.concat([findings, src], how="horizontal")
    return out.select(*FINDINGS_COLUMNS, "supplier_name", *extra, "source_file", "source_row")


def public(df: pl.DataFrame) -> pl.DataFrame:
    return df.select([c for c in df.columns if not c.startswith("_")])


def write_csv(df: pl.DataFrame, path: Path) -> None:
    neutralise_headers(neutralise_frame(public(df))).write_csv(path)


#: Rows per Parquet row group. Fixed, so that a table written in one piece and the same table written
#: part by part (a partitioned screen, :mod:`screening.partitions`) are the same bytes.
PARQUET_ROW_GROUP = 131_072


def _arrow(df: pl.DataFrame) -> Any:
    """``df`` as an Arrow table without copying its text: polars' string views stay views (the older
    large-string form copies every byte, about 3 s for a million suppliers' findings)."""
    return df.to_arrow(compat_level=pl.CompatLevel.newest())


class ParquetParts:
    """Write frames with one schema to one Parquet file, as row groups of ``PARQUET_ROW_GROUP`` rows
    whatever the sizes of the frames handed in (zstd, written by pyarrow).

    The file carries Parquet's own types only (no stored Arrow schema), so every reader sees plain
    strings, whatever Arrow layout the text had in memory.
    """

    def __init__(self, path: Path, schema: pl.Schema) -> None:
        import pyarrow.parquet as pq

        self.schema = schema
        arrow_schema = _arrow(pl.DataFrame(schema=schema)).schema
        self._writer = pq.ParquetWriter(str(path), arrow_schema, compression="zstd", store_schema=False)
        self._pending: list[pl.DataFrame] = []
        self._rows = 0
        self._written = False

    def write(self, df: pl.DataFrame) -> None:
        self._pending.append(df.select(self.schema.names()).cast(self.schema))
        self._rows += df.height
        while self._rows >= PARQUET_ROW_GROUP:
            self._flush(PARQUET_ROW_GROUP)

    def _flush(self, rows: int) -> None:
        buf = pl.concat(self._pending, how="vertical") if len(self._pending) > 1 else self._pending[0]
        head, rest = buf.head(rows), buf.slice(rows)
        # one chunk per column: pyarrow cuts data pages at chunk boundaries, and those depend on the parts
        self._writer.write_table(_arrow(head.rechunk()), row_group_size=PARQUET_ROW_GROUP)
        self._written = True
        self._pending, self._rows = ([rest] if rest.height else []), rest.height

    def close(self) -> None:
        if self._rows:
            self._flush(self._rows)
        elif not self._written:  # an empty table still has its columns
            self._writer.write_table(_arrow(pl.DataFrame(schema=self.schema)))
        self._writer.close()


def write_parquet(df: pl.DataFrame, path: Path) -> None:
    """``df`` as Parquet in fixed row groups (see :class:`ParquetParts`)."""
    parts = ParquetParts(path, df.schema)
    parts.write(df)
    parts.close()


def quarantine_columns(quarantine: pl.DataFrame) -> pl.DataFrame:
    """The quarantine table's columns in the contract's order, then any others."""
    return quarantine.select(
        [c for c in QUARANTINE_COLUMNS if c in quarantine.columns]
        + [c for c in quarantine.columns if c not in QUARANTINE_COLUMNS]
    )


def write_json(obj: Any, path: Path) -> None:
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")


#: The files of a screen's tables, by key (``Result.files``).
TABLE_FILES = {
    "scores_csv": "scores.csv",
    "scores_parquet": "scores.parquet",
    "findings_csv": "findings.csv",
    "findings_parquet": "findings.parquet",
    "quarantine": "quarantine.csv",
}


def write_tables(
    out: Path, scores: pl.DataFrame, findings: pl.DataFrame, quarantine: pl.DataFrame, run: dict[str, Any]
) -> dict[str, Path]:
    f = findings_frame(findings, scores)
    q = quarantine_columns(quarantine)
    files = {key: out / name for key, name in TABLE_FILES.items()}
    files["run"] = out / "run.json"
    # CSV (polars) on this thread, Parquet (pyarrow's encoder, one core) on another: both release the GIL.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="parquet") as pool:
        parquet = pool.submit(
            _write_parquets, ((scores, files["scores_parquet"]), (f, files["findings_parquet"]))
        )
        write_csv(scores, files["scores_csv"])
        write_csv(f, files["findings_csv"])
        write_csv(q, files["quarantine"])
        parquet.result()
    write_json(run, files["run"])
    return files


def _write_parquets(tables: tuple[tuple[pl.DataFrame, Path], ...]) -> None:
    for df, path in tables:
        write_parquet(public(df), path)

"""Exact repeats of a supplier: within a file (:class:`FileIds`) and across files (:class:`AcrossFiles`).

A row that repeats an earlier row's supplier id with the same name, country, site, goods and spend
(:func:`repeat_key`) is quarantined naming the first, so no supplier is screened or its spend counted
twice; rows that share an id but differ (purchase-order lines, several sites) are each screened.

Both work on a whole file at once (``read_inputs``) or on a file read slice by slice
(:mod:`screening.partitions`), and give every row the same outcome either way: each keeps only the key
columns (id, repeat key, row number) of the rows that can repeat, never the rows themselves.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from screening.ingest.quarantine import QUARANTINE_SCHEMA

#: What makes a row with a repeated supplier id an exact repeat of the first (not another order line or
#: site of the same supplier, which is screened as its own row).
REPEAT_FIELDS = ("supplier_name", "country_raw", "region_raw", "city", "address", "goods_raw", "spend")

_FIRSTS = {"id": pl.String, "same": pl.UInt64, "first": pl.Int64}


def repeat_key(columns: dict[str, pl.Series], height: int) -> pl.Series:
    """One value per row of the fields that make an exact repeat (nulls included): their hash as a
    struct, compared within one run only (no text per row is built: the memory bound of a large list)."""
    parts = [columns[f].cast(pl.String).fill_null("\x00").alias(f) for f in REPEAT_FIELDS if f in columns]
    if not parts:
        return pl.repeat(0, height, dtype=pl.UInt64, eager=True)
    return pl.select(pl.struct(parts).hash()).to_series()


@dataclass
class FileIds:
    """The supplier ids of a whole file, for a file built in one piece or slice by slice: ``repeated``,
    its ids that appear on more than one row (in order of first appearance), ``missing``, how many rows
    have none (each gets one made from its row number), and ``firsts``, the first screenable row of each
    (id, repeat key) known so far.

    Within a file, the first screenable row of each (id, repeat key) is screened and the later exact
    repeats are quarantined naming it; only rows whose id is in ``repeated`` are compared. ``firsts`` is
    empty for a file built in one piece, the earlier slices' for a slice (:meth:`remember`), or the
    whole file's for a slice built again (:meth:`whole`), which gives the slice exactly the outcome of a
    one-piece build.
    """

    repeated: pl.Series
    missing: int = 0
    firsts: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=_FIRSTS))

    @classmethod
    def of(cls, ids: pl.Series) -> FileIds:
        """From the supplier id of every row of the file (null where a row has none; no blank tail)."""
        given = ids.drop_nulls()
        # Equal ids have equal hashes: only the rows whose hash repeats can repeat (a few, or none), and
        # comparing 64-bit hashes is a quarter of the cost of comparing a million strings.
        maybe = given.filter(given.hash().is_duplicated())
        return cls(maybe.filter(maybe.is_duplicated()).unique(maintain_order=True), ids.null_count())

    def any(self) -> bool:
        return self.repeated.len() > 0

    def reasons(
        self, ids: pl.Series, rows: pl.Series, ok: pl.Series, same: pl.Series, where: str
    ) -> tuple[pl.Series, pl.DataFrame]:
        """The repeat reason of each row (null if none) and the keys (``id, same, row, ok``) of the rows
        whose id repeats, for :meth:`remember`. ``ok``: the row can be screened otherwise."""
        df = pl.DataFrame({"id": ids, "row": rows, "ok": ok, "same": same})
        keys = df.filter(pl.col("id").is_in(self.repeated.implode()))
        local = keys.filter(pl.col("ok")).group_by("id", "same").agg(pl.col("row").min().alias("first"))
        known = self.firsts.join(keys.select("id", "same").unique(), on=["id", "same"], how="semi")
        first = pl.concat([known, local]).group_by("id", "same").agg(pl.col("first").min())
        df = df.join(first, on=["id", "same"], how="left", maintain_order="left")
        repeat = pl.col("first").is_not_null() & (pl.col("row") != pl.col("first"))
        reason = pl.format(
            "supplier id '{}' is already on row {} with the same name, country, site, goods and spend: a "
            "repeated row would be screened and its spend counted twice (column '"
            + where.replace("{", "{{").replace("}", "}}")
            + "'; remove the repeated row, or give each supplier its own id)",
            "id",
            "first",
        )
        return df.select(pl.when(repeat).then(reason).alias("r")).to_series(), keys

    def remember(self, keys: pl.DataFrame) -> None:
        """Add the first screenable row of each (id, repeat key) of a slice's ``keys`` (built in order)."""
        new = keys.filter(pl.col("ok")).group_by("id", "same").agg(pl.col("row").min().alias("first"))
        new = new.join(self.firsts, on=["id", "same"], how="anti")
        if new.height:
            self.firsts = pl.concat([self.firsts, new.select(list(_FIRSTS))])

    def late_firsts(self, keys: pl.DataFrame, last_row: int) -> bool:
        """Whether a row of ``keys`` (a slice whose last row is ``last_row``) that cannot be screened repeats
        a group whose first screenable row comes after the slice: a one-piece build names that row in its
        reason, so the slice must be built again with the whole file's ``firsts``."""
        bad = keys.filter(~pl.col("ok"))
        if bad.is_empty():
            return False
        later = bad.join(self.firsts, on=["id", "same"]).filter(pl.col("first") > last_row)
        return later.height > 0

    def whole(self) -> FileIds:
        """The same file with every first known (after the last slice): builds a slice as in one piece."""
        return FileIds(self.repeated, self.missing, self.firsts)


@dataclass
class AcrossFiles:
    """Exact repeats across files: a row repeating the supplier id, name, country, site, goods and spend of a
    row of an earlier file is quarantined naming where it was first. Ids made from row numbers are never
    repeats. Call :meth:`apply` on each file's (or slice's) screened rows in input order, and
    :meth:`end_file` after each file but the last."""

    paths: list[str] = field(default_factory=list)
    firsts: pl.DataFrame = field(
        default_factory=lambda: pl.DataFrame(
            schema={
                "supplier_id": pl.String,
                "_same": pl.UInt64,
                "_first_file": pl.Int64,
                "_first_row": pl.Int64,
            }
        )
    )
    pending: list[pl.DataFrame] = field(default_factory=list)
    repeated: dict[str, None] = field(default_factory=dict)  # ids repeated across files, first seen first

    def apply(
        self, frame: pl.DataFrame, quarantine: pl.DataFrame, info: dict[str, Any], path: str, remember: bool
    ) -> tuple[pl.DataFrame, pl.DataFrame]:
        """``frame`` without the rows that repeat an earlier file's, ``quarantine`` with them (by row
        number); ``info`` counts them. ``remember``: keep this frame's keys for later files."""
        if not self.paths or self.paths[-1] != path:
            self.paths.append(path)
        file = len(self.paths) - 1
        if self.firsts.is_empty() and not remember:
            return frame, quarantine
        keyed = (
            frame.select("supplier_id", "_row")
            .with_columns(
                repeat_key({c: frame[c] for c in REPEAT_FIELDS if c in frame.columns}, frame.height).alias(
                    "_same"
                )
            )
            .filter(pl.col("supplier_id") != pl.format("{}-{}", pl.lit(Path(path).stem), "_row"))
        )
        repeats = keyed.join(self.firsts, on=["supplier_id", "_same"], maintain_order="left")
        if remember:
            self.pending.append(
                keyed.with_columns(pl.lit(file, pl.Int64).alias("_first_file")).rename({"_row": "_first_row"})
            )
        if repeats.is_empty():
            return frame, quarantine
        mine = repeats.select("supplier_id", "_row", "_first_file", "_first_row")
        moved = frame.join(mine, on=["supplier_id", "_row"], how="inner", maintain_order="left")
        reasons = [
            f"supplier id '{sid}' is already in {self.paths[ff]} row {fr} with the same name, country, "
            "site, goods and spend: a repeated supplier would be screened and its spend counted twice "
            "(remove the repeated row, or screen the files apart)"
            for sid, ff, fr in moved.select("supplier_id", "_first_file", "_first_row").iter_rows()
        ]
        raw = [
            json.dumps({"supplier_id": r[0], "supplier_name": r[1], "country": r[2]}, ensure_ascii=False)
            for r in moved.select("supplier_id", "supplier_name", "country_raw").iter_rows()
        ]
        quarantine = pl.concat(
            [
                quarantine,
                pl.DataFrame(
                    {"source_file": path, "row_number": moved["_row"], "column": "supplier_id",
                     "reason": reasons, "raw_values": raw},
                    schema=QUARANTINE_SCHEMA,
                ),
            ]
        ).sort("row_number")  # fmt: skip
        frame = frame.join(mine, on=["supplier_id", "_row"], how="anti", maintain_order="left")
        info["rows_screened"] -= moved.height
        info["rows_quarantined"] += moved.height
        self.repeated.update(dict.fromkeys(moved["supplier_id"].to_list()))
        return frame, quarantine

    def end_file(self) -> None:
        """The file's rows become earlier rows for the next files (the first of each key is kept)."""
        if not self.pending:
            return
        new = (
            pl.concat(self.pending)
            .group_by("supplier_id", "_same")
            .agg(pl.col("_first_file").first(), pl.col("_first_row").min())
        )
        new = new.join(self.firsts, on=["supplier_id", "_same"], how="anti")
        self.firsts = pl.concat([self.firsts, new.select(self.firsts.columns)])
        self.pending = []

    def note(self) -> str | None:
        """The run note naming the ids repeated across files (None when none is)."""
        if not self.repeated:
            return None
        return (
            f"{len(self.repeated)} supplier id(s) appear in more than one input file: "
            + ", ".join(list(self.repeated)[:10])
            + " (exact repeats screened from the first file; the later rows are quarantined)"
        )

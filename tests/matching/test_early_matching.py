"""Matching begins once the suppliers are normalised, beside the input validation (``start_matching``):
the findings are those of matching the screened rows alone, whatever rows the validation quarantined."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from screening.findings import find, start_matching
from screening.ingest import read_inputs
from screening.normalize.frame import normalize_suppliers

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "suppliers.csv"


@pytest.fixture(scope="module")
def frame(screen_context) -> pl.DataFrame:
    return normalize_suppliers(read_inputs([EXAMPLE]).frame, screen_context.goods_vocab)


def test_matching_begun_on_more_rows_keeps_only_the_screened_rows_hits(screen_context, frame) -> None:
    whole = find(frame, screen_context)
    hoshine = whole.filter(pl.col("supplier_id") == "V10001", pl.col("rule_id") == "uflpa-entity-match")
    assert hoshine.height == 1  # the UFLPA entity is found when its row is screened
    kept = frame.filter(pl.col("supplier_id") != "V10001")  # as if the input validation had quarantined it
    early = find(kept, screen_context, matching=start_matching(frame, screen_context))
    assert early.equals(find(kept, screen_context))
    assert "V10001" not in early.get_column("supplier_id").to_list()
    hits = early.filter(pl.col("rule_id").str.contains("entity")).get_column("supplier_id").unique().sort()
    assert hits.len() >= 1 and hits.to_list() == (
        whole.filter(pl.col("rule_id").str.contains("entity"), pl.col("supplier_id") != "V10001")
        .get_column("supplier_id")
        .unique()
        .sort()
        .to_list()
    )


def test_a_matching_error_reaches_the_screen(screen_context, frame) -> None:
    started = start_matching(frame.drop("supplier_name"), screen_context)
    with pytest.raises(pl.exceptions.ColumnNotFoundError):
        find(frame, screen_context, matching=started)

"""Findings' evidence travels as categories while merged and comes back as text: the same text, in order."""

from __future__ import annotations

import polars as pl

from screening.rules.evaluate import merge_findings, shared_text


def test_shared_text_gives_each_row_its_own_value_back() -> None:
    values = ["forced labour in cotton", "child labour in bricks", None, "forced labour in cotton", "tier 3"]
    text = shared_text(pl.Series("evidence", values, dtype=pl.Categorical))
    assert text.dtype == pl.String
    assert text.name == "evidence"
    assert text.to_list() == values


def test_shared_text_of_empty_and_all_null_columns() -> None:
    assert shared_text(pl.Series("e", [], dtype=pl.Categorical)).to_list() == []
    assert shared_text(pl.Series("e", [None, None], dtype=pl.Categorical)).to_list() == [None, None]


def test_merged_findings_are_by_supplier_then_rule_with_their_sentences() -> None:
    def frame(rule: str, keys: list[int], sentences: list[str]) -> pl.DataFrame:
        from screening.contract import empty_findings

        rows = pl.DataFrame({"_key": keys, "supplier_id": [f"S{k}" for k in keys], "evidence": sentences})
        return pl.concat([empty_findings(), rows.with_columns(rule_id=pl.lit(rule))], how="diagonal_relaxed")

    first = frame("R1", [2, 1], ["b in cotton", "a in cotton"])
    merged = merge_findings([first, frame("R2", [1, 3], ["c tier 3", "b in cotton"])])
    assert merged.select("_key", "rule_id", "evidence").rows() == [
        (1, "R1", "a in cotton"),
        (1, "R2", "c tier 3"),
        (2, "R1", "b in cotton"),
        (3, "R2", "b in cotton"),
    ]
    assert merged.schema["evidence"] == pl.String

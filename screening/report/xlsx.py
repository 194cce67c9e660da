"""report.xlsx: Summary, Flagged, All suppliers, Findings, Quarantine and Data sources.

XlsxWriter writes the workbook (styles, Summary, headers, widths) in constant-memory mode; the big
sheets' rows are built column-wise and spliced in with one shared-strings table
(:mod:`screening.report.xlsx_rows`), so a million-supplier screen needs little memory and a sentence
repeated by 800,000 findings is stored once. Every sheet has a frozen, filterable header row and tier
colours.

A screen of up to ``SCREENING_XLSX_ALL_ROWS`` suppliers (100,000 by default) gets every supplier and
every finding. A larger one gets the flagged suppliers only (critical, high, and any supplier with a
watch-list hit to review) and their findings, and no "All suppliers" sheet: nobody reads a million
rows in Excel, writing them took 22-55 s, and every row is in scores.csv/parquet and
findings.csv/parquet. ``all_rows=True`` (``screening run --xlsx-all-rows``) writes them all anyway.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import polars as pl
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

from screening.contract import SCORE_CATEGORY_COLUMNS
from screening.indicators.age import notice
from screening.report.contents import ReportInput
from screening.report.formatting import TIER_COLOURS, TIERS_DESC, flagged_order, join_keys
from screening.report.xlsx_rows import splice
from screening.report.xlsx_summary import write_summary
from screening.report.xlsx_table import EXCEL_MAX_ROWS, Column, write_table

#: Severity of a finding that asks for a human review (a watch-list hit below the match threshold).
REVIEW = "review"

NUMBER_FORMATS = ("0", "0.0", "0.00", "#,##0", "#,##0.00", "0.0%")


def make_formats(workbook: Workbook) -> dict[str, Format]:
    """Header, title, number and tier/severity formats, keyed by name."""
    formats: dict[str, Format] = {
        "header": workbook.add_format({"bold": True, "bg_color": "#E5E7EB", "bottom": 1}),
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "section": workbook.add_format({"bold": True, "font_size": 12, "font_color": "#1F2937"}),
        "bold": workbook.add_format({"bold": True}),
    }
    for fmt in NUMBER_FORMATS:
        formats[f"num:{fmt}"] = workbook.add_format({"num_format": fmt})
    for level, (bg, fg) in TIER_COLOURS.items():
        formats[f"level:{level}"] = workbook.add_format({"bg_color": bg, "font_color": fg, "bold": True})
    return formats


def _score_columns(scores: pl.DataFrame, *, all_columns: bool) -> list[Column]:
    cols = [
        Column("supplier_id"),
        Column("supplier_name"),
        Column("country_code"),
        Column("region_code"),
        Column("goods"),
        Column("risk_tier", "level", width=10),
        Column("risk_score", "number", "0.0"),
        Column("n_findings", "number", "0"),
        Column("top_reason", width=70),
    ]
    cols += [
        Column(c, "number", "0.0") if c.endswith("_score") else Column(c)
        for c in ("top_basis", "red_flag_score", "exposure_score", "sector", "supplier_key")
        if c in scores.columns
    ]
    if "review_status" in scores.columns:
        cols.append(Column("review_status"))
    if "parent_name" in scores.columns:
        cols.append(Column("parent_name"))
    if "spend" in scores.columns:
        cols.append(Column("spend", "number", "#,##0.00"))
    if all_columns:
        cols += [Column(c, "number", "0.0") for c in SCORE_CATEGORY_COLUMNS if c in scores.columns]
        known = {c.source for c in cols}
        cols += [Column(c) for c in scores.columns if c not in known and not c.startswith("_")]
    if "source_file" in scores.columns:
        cols = [c for c in cols if c.source not in ("source_file", "source_row")]
        cols += [Column("source_file"), Column("source_row", "number", "0")]
    else:
        cols += [Column("_source", header="source_file"), Column("_row", "number", "0", header="source_row")]
    return cols


FINDING_COLUMNS = (
    Column("supplier_id"),
    Column("supplier_name"),
    Column("severity", "level", width=10),
    Column("category"),
    Column("basis"),
    Column("rule_id"),
    Column("rule_version", "number", "0"),
    Column("points", "number", "0.0"),
    Column("evidence", width=90),
    Column("source_dataset"),
    Column("source_edition"),
    Column("matched_entity"),
    Column("match_score", "number", "0.00"),
    Column("matched_field"),
    Column("review_status"),
    Column("review_note"),
    Column("source_file"),
    Column("source_row", "number", "0"),
)

QUARANTINE_ORDER = ("source_file", "row_number", "column", "reason", "raw_values")

DATASET_COLUMNS = (
    Column("id"),
    Column("title", width=50),
    Column("publisher", width=40),
    Column("edition"),
    Column("retrieved"),
    Column("as_of", header="as of"),
    Column("age_days", "number", "#,##0", header="age (days)"),
    Column("stale"),
    Column("data_age", width=90, header="age and coverage"),
    Column("licence", width=40),
    Column("rows", "number", "#,##0"),
    Column("coverage", width=90),
    Column("source_url", width=50),
    Column("sha256", width=66),
)


def findings_with_names(scores: pl.DataFrame, findings: pl.DataFrame) -> pl.DataFrame:
    """Findings with the supplier's name and source row beside its id (from the score rows)."""
    view = scores
    if "source_file" not in view.columns and {"_source", "_row"} <= set(view.columns):
        view = view.with_columns(pl.col("_source").alias("source_file"), pl.col("_row").alias("source_row"))
    keys = join_keys(view, findings)
    wanted = ("supplier_name", "source_file", "source_row")
    extra = [c for c in wanted if c in view.columns and c not in findings.columns]
    if not extra:
        return findings
    names = view.select(*keys, *extra).unique(subset=keys, keep="first", maintain_order=True)
    return findings.join(names, on=keys, how="left", maintain_order="left", nulls_equal=True)


def flagged_suppliers(scores: pl.DataFrame, findings: pl.DataFrame) -> pl.DataFrame:
    """Critical and high suppliers, and suppliers with a finding to review; most severe first."""
    flagged = pl.col("risk_tier").is_in(["critical", "high"])
    if findings.height and "severity" in findings.columns:
        keys = join_keys(scores, findings)
        review = findings.filter(pl.col("severity") == REVIEW).select(keys).unique()
        if review.height:
            marked = review.with_columns(pl.lit(True).alias("__review"))
            scores = scores.join(marked, on=keys, how="left", maintain_order="left", nulls_equal=True)
            flagged = flagged | pl.col("__review").fill_null(False)
            return flagged_order(scores.filter(flagged).drop("__review"), TIERS_DESC)
    return flagged_order(scores.filter(flagged), TIERS_DESC)


def findings_of(suppliers: pl.DataFrame, findings: pl.DataFrame) -> pl.DataFrame:
    """The findings of ``suppliers`` (score rows), in the findings' own order."""
    keys = join_keys(suppliers, findings)
    wanted = suppliers.select(keys).unique()
    return findings.join(wanted, on=keys, how="semi", maintain_order="left", nulls_equal=True)


def holds_all_rows(scores: pl.DataFrame, all_rows: bool | None) -> bool:
    """Whether the workbook holds every supplier: asked for, or the screen is small enough."""
    if all_rows is not None:
        return all_rows
    from screening.settings import get_settings

    return scores.height <= get_settings().xlsx_all_rows


def datasets_frame(datasets: Sequence[Mapping[str, Any]], run: Mapping[str, Any]) -> pl.DataFrame:
    """Dataset metadata as a frame, with the sha256 of the edition the run used and its age."""
    versions = run.get("indicator_versions") or {}
    records = []
    for d in datasets:
        version = versions.get(str(d.get("id"))) if isinstance(versions, Mapping) else None
        version = version if isinstance(version, Mapping) else {}
        record = {c.source: d.get(c.source) for c in DATASET_COLUMNS}
        record["licence"] = d.get("licence") or d.get("license")
        record["edition"] = d.get("edition") or version.get("edition")
        record["sha256"] = d.get("sha256") or version.get("sha256")
        rows = record["rows"]
        record["rows"] = float(rows) if isinstance(rows, int | float) else None
        age = d.get("age_days")
        record["age_days"] = float(age) if isinstance(age, int | float) else None
        record["stale"] = None if d.get("stale") is None else ("yes" if d.get("stale") else "no")
        record["data_age"] = notice(d) or ("current and complete" if "as_of" in d else None)
        for c in DATASET_COLUMNS:
            value = record[c.source]
            if c.kind == "text" and value is not None:
                record[c.source] = str(value)
        records.append(record)
    schema = {c.source: (pl.Float64 if c.kind == "number" else pl.String) for c in DATASET_COLUMNS}
    return pl.DataFrame(records, schema=schema)


def write_xlsx(
    path: Path, report: ReportInput, *, max_rows: int = EXCEL_MAX_ROWS, all_rows: bool | None = None
) -> Path:
    """Write the workbook to ``path``; ``max_rows`` (header included) is Excel's limit unless testing.

    ``all_rows``: every supplier and finding (True), the flagged ones only (False), or by the size of
    the screen (None: every row up to ``SCREENING_XLSX_ALL_ROWS`` suppliers).
    """
    scores, findings, quarantine, run = report.scores, report.findings, report.quarantine, report.run
    datasets, policy, portfolio = report.datasets, report.policy, report.portfolio
    everything = holds_all_rows(scores, all_rows)
    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "nan_inf_to_errors": False,
        },
    )
    workbook.use_zip64()  # only takes effect for a member over 2 GiB (a multi-million-row sheet)
    formats = make_formats(workbook)
    if everything:
        flagged, shown, contents = flagged_order(scores, ("critical", "high")), findings, None
    else:
        flagged = flagged_suppliers(scores, findings)
        shown = findings_of(flagged, findings)
        contents = (
            f"Flagged suppliers only ({flagged.height:,} of {scores.height:,}: critical, high, or a "
            f"watch-list hit to review) and their {shown.height:,} of {findings.height:,} findings. "
            "Every supplier is in scores.csv and scores.parquet, every finding in findings.csv and "
            "findings.parquet (screening run --xlsx-all-rows writes them all here)."
        )
    write_summary(
        workbook, formats, portfolio=portfolio, run=run, datasets=datasets, policy=policy, contents=contents
    )
    pending = write_table(
        workbook,
        "Flagged",
        flagged,
        _score_columns(scores, all_columns=False),
        formats,
        max_rows=max_rows,
        freeze_cols=2,
    )
    if everything:
        pending += write_table(
            workbook,
            "All suppliers",
            scores,
            _score_columns(scores, all_columns=True),
            formats,
            max_rows=max_rows,
            freeze_cols=2,
        )
    pending += write_table(
        workbook,
        "Findings",
        findings_with_names(flagged if not everything else scores, shown),
        FINDING_COLUMNS,
        formats,
        max_rows=max_rows,
        freeze_cols=2,
    )
    q_cols = [c for c in QUARANTINE_ORDER if c in quarantine.columns]
    q_cols += [c for c in quarantine.columns if c not in QUARANTINE_ORDER and not c.startswith("_")]
    pending += write_table(
        workbook,
        "Quarantine",
        quarantine,
        [Column(c, "number", "0") if c == "row_number" else Column(c) for c in q_cols] or [Column("reason")],
        formats,
        max_rows=max_rows,
    )
    pending += write_table(workbook, "Data sources", datasets_frame(datasets, run), DATASET_COLUMNS, formats)
    workbook.close()
    splice(path, pending)
    return path

"""report.html: one self-contained, printable file for auditors.

The run, the portfolio baseline and its charts, one card per flagged supplier (critical, high, then
medium; capped so a million-supplier screen stays a few megabytes), the rows not screened, and the
methods with each dataset's coverage. Built as a list of strings joined once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import polars as pl

from screening import __version__
from screening.report.baseline import baseline_section
from screening.report.cards import supplier_card
from screening.report.contents import ReportInput
from screening.report.data_age import banner_html
from screening.report.formatting import (
    datasets_by_id,
    esc,
    flagged_order,
    fmt_num,
    join_keys,
    severity_rank_expr,
)
from screening.report.methods import methods_section
from screening.report.page import definition_table, page, table

#: Most supplier cards in report.html; the rest are in report.xlsx.
CARD_LIMIT = 2_000
#: Stop adding cards once they take this many characters (keeps the file well under 20 MB).
CARD_BUDGET_CHARS = 14_000_000
QUARANTINE_ROWS = 50
CARD_TIERS = ("critical", "high", "medium")


def findings_by_key(
    findings: pl.DataFrame, suppliers: pl.DataFrame, keys: list[str]
) -> dict[tuple[Any, ...], list[dict[str, Any]]]:
    """Findings of ``suppliers``, grouped by the ``keys`` tuple, most severe and most points first."""
    chosen = (
        findings.join(suppliers.select(keys).unique(), on=keys, how="semi", nulls_equal=True)
        .with_columns(severity_rank_expr().alias("__sev"))
        .sort(["__sev", "points"], descending=[True, True], nulls_last=True, maintain_order=True)
        .drop("__sev")
    )
    grouped: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for row in chosen.iter_rows(named=True):
        grouped.setdefault(tuple(row[k] for k in keys), []).append(row)
    return grouped


def _header(run: Mapping[str, Any]) -> str:
    validation = run.get("validation") or {}
    ok = validation.get("success") if isinstance(validation, Mapping) else None
    items = [
        ("Run", f"<code>{esc(run.get('run_id'))}</code>"),
        ("Status", esc(run.get("status"))),
        ("Started", esc(run.get("started_at"))),
        ("Finished", esc(run.get("finished_at"))),
        ("Rules version", esc(run.get("rules_version"))),
        ("Validation", "passed" if ok is True else ("failed" if ok is False else "not recorded")),
    ]
    return (
        "<header><h1>Forced-labour risk screen</h1>"
        '<p class="muted">Supplier risk from public indicators of forced and child labour. '
        "Every flag below names its evidence, the dataset and its edition.</p>"
        f"{definition_table(items)}"
        '<p><a href="#data-age">Data age</a> · <a href="#baseline">Baseline</a> · '
        '<a href="#charts">Charts</a> · '
        '<a href="#flagged">Flagged suppliers</a> · <a href="#quarantine">Rows not screened</a> · '
        '<a href="#run">Run</a> · <a href="#methods">Methods</a></p></header>'
    )


def _cards(
    scores: pl.DataFrame, findings: pl.DataFrame, datasets: Mapping[str, Mapping[str, Any]], limit: int
) -> str:
    flagged = flagged_order(scores, CARD_TIERS)
    counts = {t: flagged.filter(pl.col("risk_tier") == t).height for t in CARD_TIERS}
    head = flagged.head(limit)
    keys = join_keys(scores, findings)
    grouped = findings_by_key(findings, head, keys)
    cards: list[str] = []
    used = 0
    for row in head.iter_rows(named=True):
        card = supplier_card(row, grouped.get(tuple(row[k] for k in keys), []), datasets)
        if used + len(card) > CARD_BUDGET_CHARS:
            break
        cards.append(card)
        used += len(card)
    shown = len(cards)
    intro = (
        f"<p>{esc(fmt_num(flagged.height))} suppliers are flagged: {esc(fmt_num(counts['critical']))} "
        f"critical, {esc(fmt_num(counts['high']))} high and {esc(fmt_num(counts['medium']))} medium.</p>"
    )
    if shown < flagged.height:
        intro += (
            f'<p class="note">Showing the first {esc(fmt_num(shown))} of {esc(fmt_num(flagged.height))} '
            "flagged suppliers (most severe first). Every flagged supplier and every finding is in "
            "<b>report.xlsx</b> (sheets Flagged, All suppliers and Findings) and in findings.csv.</p>"
        )
    if not cards:
        intro += '<p class="muted">No supplier reached the medium tier.</p>'
    return '<section id="flagged"><h2>Flagged suppliers</h2>' + intro + "</section>" + "".join(cards)


def _quarantine(quarantine: pl.DataFrame) -> str:
    n = quarantine.height
    parts = [
        f'<section id="quarantine"><h2>Rows not screened</h2><p>{esc(fmt_num(n))} input rows were quarantined'
    ]
    if n == 0:
        parts.append(".</p></section>")
        return "".join(parts)
    parts.append(
        ": each is listed with its file, row number and reason in quarantine.csv and report.xlsx.</p>"
    )
    columns = [c for c in ("source_file", "row_number", "column", "reason") if c in quarantine.columns]
    rows = [[esc(r.get(c)) for c in columns] for r in quarantine.head(QUARANTINE_ROWS).iter_rows(named=True)]
    parts.append(table(columns, rows, numeric=(1,) if "row_number" in columns else ()))
    if n > QUARANTINE_ROWS:
        parts.append(f'<p class="muted">First {QUARANTINE_ROWS} of {esc(fmt_num(n))} shown.</p>')
    parts.append("</section>")
    return "".join(parts)


def run_section(run: Mapping[str, Any]) -> str:
    """Inputs with their sha256 and rows, row counts, and any failed validation."""
    inputs = [
        [esc(i.get("path")), esc(fmt_num(i.get("rows"))), f"<code>{esc(i.get('sha256'))}</code>"]
        for i in run.get("inputs") or []
        if isinstance(i, Mapping)
    ]
    counts = [(k, esc(fmt_num(run.get(k)))) for k in ("rows_in", "rows_screened", "rows_quarantined")]
    validation = run.get("validation") or {}
    failures = validation.get("failures") or [] if isinstance(validation, Mapping) else []
    shown = [f if isinstance(f, str) else json.dumps(f, sort_keys=True, default=str) for f in failures]
    failed = "".join(f"<li><code>{esc(f)}</code></li>" for f in shown)
    evaluated = validation.get("evaluated") if isinstance(validation, Mapping) else None
    notes = [str(n) for n in run.get("notes") or []]
    notes_html = (
        "<h3>Run notes</h3><ul>" + "".join(f"<li>{esc(n)}</li>" for n in notes) + "</ul>" if notes else ""
    )
    return "".join(
        [
            '<section id="run"><h2>Run</h2><h3>Inputs</h3>',
            table(("File", "Rows", "sha256"), inputs, numeric=(1,)),
            definition_table(counts),
            notes_html,
            (
                "<p>Validation: not recorded.</p>"
                if evaluated is None
                else f"<p>Validation: {esc(fmt_num(evaluated))} expectations evaluated"
                + (f"; failed:</p><ul>{failed}</ul>" if failed else "; none failed.</p>")
            ),
            "</section>",
        ]
    )


def render_html(report: ReportInput, *, card_limit: int = CARD_LIMIT) -> str:
    """The whole report.html document as one string."""
    scores, findings, quarantine, run = report.scores, report.findings, report.quarantine, report.run
    datasets, policy, portfolio = report.datasets, report.policy, report.portfolio
    body = [
        _header(run),
        banner_html(datasets),
        baseline_section(portfolio, quarantine.height, policy),
        _cards(scores, findings, datasets_by_id(datasets), card_limit),
        _quarantine(quarantine),
        run_section(run),
        methods_section(policy, datasets, run),
        f"<footer>Generated by fl-screening {esc(__version__)} for run <code>{esc(run.get('run_id'))}</code>."
        "</footer>",
    ]
    return page(f"Forced-labour risk screen {run.get('run_id', '')}", body)

"""Write ``validation.json`` and ``validation.html`` beside a screen's outputs.

The HTML page is one self-contained file (inline CSS, no script, no external resource): a summary,
then one table per suite with a row per expectation (status, batch, expectation, column, observed,
threshold). Every value, including values that came from supplier data, is HTML-escaped.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from screening.validation.outcome import JSONValue, Outcome, SuiteResult, ValidationReport

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1d1d1f;max-width:80rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-size:.85rem}
th,td{border:1px solid #d0d0d7;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f2f5}td.obs,td.thr{font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-word}
.pass{color:#1a7f37;font-weight:600}.fail{color:#b42318;font-weight:600}.warn{color:#9a6700;font-weight:600}
.banner{padding:.6rem 1rem;border-radius:.4rem;margin:1rem 0}
.ok{background:#e6f4ea}.bad{background:#fde8e7}.skip{background:#fff4d6}
ul.msgs li{margin:.2rem 0}
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _observed_text(observed: JSONValue) -> str:
    if isinstance(observed, dict) and "unexpected" in observed:
        text = f"{observed.get('unexpected', 0):,} of {observed.get('rows', 0):,} rows unexpected"
        if observed.get("examples"):
            text += "; e.g. " + ", ".join(json.dumps(x, ensure_ascii=False) for x in observed["examples"])
        if observed.get("at"):
            label = str(observed.get("at_column") or "position").lstrip("_")
            text += f"; at {label} " + ", ".join(str(x) for x in observed["at"])
        return text
    if isinstance(observed, dict) and "error" in observed:
        return f"error: {observed['error']}"
    if isinstance(observed, int):
        return f"{observed:,}"
    return json.dumps(observed, ensure_ascii=False, default=str)


def _status(o: Outcome) -> tuple[str, str]:
    if o.success:
        return "pass", "pass"
    return ("fail", "FAIL") if o.blocking else ("warn", "warn")


def _suite_table(suite: SuiteResult) -> str:
    rows = []
    for o in suite.outcomes:
        css, label = _status(o)
        rows.append(
            "<tr>"
            f'<td class="{css}">{_e(label)}</td>'
            f"<td>{_e(o.batch)}</td>"
            f"<td><code>{_e(o.expectation)}</code><br><small>{_e(o.description)}</small><br>"
            f"<small>{_e(o.gx_type)}</small></td>"
            f"<td>{_e(o.column or '(table)')}</td>"
            f'<td class="obs">{_e(_observed_text(o.observed) if not o.success else _short(o.observed))}</td>'
            f'<td class="thr">{_e(o.threshold)}</td>'
            "</tr>"
        )
    extra = f", {suite.quarantined_rows:,} row(s) quarantined" if suite.quarantined_rows is not None else ""
    return (
        f"<h2>{_e(suite.suite)}: {'passed' if suite.success else 'FAILED'}</h2>"
        f"<p>{_e(suite.description)} ({suite.evaluated} expectations, "
        f"{len(suite.failures)} failed{_e(extra)}, {suite.seconds:.2f} s)</p>"
        "<table><thead><tr><th>status</th><th>batch</th><th>expectation</th><th>column</th>"
        "<th>observed</th><th>threshold</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _short(observed: JSONValue) -> str:
    if isinstance(observed, dict) and "unexpected" in observed:
        return f"0 of {observed.get('rows', 0):,} rows unexpected"
    return _observed_text(observed)


def render_html(report: ValidationReport, title: str = "Validation report") -> str:
    """The self-contained HTML page of ``report``."""
    if report.skipped:
        banner = '<div class="banner skip">Validation was <strong>skipped</strong> (--skip-validation).</div>'
    elif report.success:
        banner = '<div class="banner ok">All blocking expectations <strong>passed</strong>.</div>'
    else:
        banner = (
            f'<div class="banner bad"><strong>{len(report.blocking_failures)} blocking failure(s)</strong>: '
            "this screen is marked failed and was not published as the latest result.</div>"
        )
    failures = "".join(f"<li>{_e(o.message)}</li>" for o in report.blocking_failures)
    warnings = "".join(f"<li>{_e(m)}</li>" for m in report.warning_messages())
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        banner,
        f"<p>{report.evaluated} expectations evaluated in {len(report.suites)} suite(s); "
        f"{len(report.failures)} failed, {len(report.blocking_failures)} of them blocking.</p>",
    ]
    if failures:
        parts.append(f'<h2>Blocking failures</h2><ul class="msgs">{failures}</ul>')
    if warnings:
        parts.append(f'<h2>Warnings</h2><ul class="msgs">{warnings}</ul>')
    parts += [_suite_table(s) for s in report.suites]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_validation_report(out_dir: Path, report: ValidationReport) -> dict[str, Path]:
    """Write ``validation.json`` and ``validation.html`` into ``out_dir``; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path = out_dir / "validation.json"
    html_path = out_dir / "validation.html"
    json_path.write_text(
        json.dumps(report.to_dict(), indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    html_path.write_text(render_html(report), encoding="utf-8")
    return {"validation": json_path, "validation_html": html_path}

"""One card per flagged supplier, and the findings table both the report and the evidence pack show."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from screening.report.formatting import country_label, esc, fmt_num, supplier_field, text
from screening.report.page import badge, table

FINDING_HEADERS = ("Severity", "Category", "Basis", "Rule", "Points", "Evidence", "Source", "Match", "Review")
#: Column widths (percent) of the findings table: the evidence sentence gets the most room.
FINDING_WIDTHS = (8, 11, 7, 11, 5, 29, 12, 9, 8)


def dataset_label(finding: Mapping[str, Any], datasets: Mapping[str, Mapping[str, Any]]) -> str:
    """``Title (edition)`` of the dataset a finding rests on, escaped; the id when no title is known."""
    dataset_id = finding.get("source_dataset")
    if not dataset_id:
        return '<span class="muted">supplier data</span>'
    meta = datasets.get(str(dataset_id), {})
    title = meta.get("title") or dataset_id
    edition = finding.get("source_edition") or meta.get("edition")
    return f"{esc(title)}" + (f' <span class="muted">({esc(edition)})</span>' if edition else "")


def _match(finding: Mapping[str, Any]) -> str:
    entity = finding.get("matched_entity")
    if not entity:
        return ""
    score = finding.get("match_score")
    field = finding.get("matched_field")
    out = esc(entity)
    if isinstance(score, int | float):
        out += f'<br><span class="muted">score {esc(f"{score:.2f}")}</span>'
    if field:
        out += f' <span class="muted">on {esc(field)}</span>'
    return out


def _review(finding: Mapping[str, Any]) -> str:
    status = finding.get("review_status")
    note = finding.get("review_note")
    out = esc(status)
    if note:
        out += f'<br><span class="muted">{esc(note)}</span>'
    return out


def findings_table(findings: Sequence[Mapping[str, Any]], datasets: Mapping[str, Mapping[str, Any]]) -> str:
    """Every finding: severity, category, rule and version, points, evidence, source, match, review."""
    if not findings:
        return '<p class="muted">No findings.</p>'
    rows = []
    for f in findings:
        version = f.get("rule_version")
        rule = esc(f.get("rule_id")) + (f' <span class="muted">v{esc(version)}</span>' if version else "")
        rows.append(
            [
                badge(f.get("severity")),
                esc(f.get("category")),
                esc(f.get("basis")),
                f"<code>{rule}</code>",
                esc(fmt_num(f.get("points"), 1)),
                esc(f.get("evidence"))
                + (
                    f' <span class="muted">(counted once: the points are those of '
                    f"<code>{esc(f.get('counted_with'))}</code>)</span>"
                    if f.get("counted_with")
                    else ""
                ),
                dataset_label(f, datasets),
                _match(f),
                _review(f),
            ]
        )
    return table(FINDING_HEADERS, rows, numeric=(4,), widths=FINDING_WIDTHS)


def identity_line(row: Mapping[str, Any]) -> str:
    """Country, region, goods and parent of a supplier, escaped, separated by middots."""
    parts = []
    for field in ("Country", "Region", "Goods", "Sector", "Parent", "Spend", "Source file"):
        value = supplier_field(row, field)
        if value is None:
            continue
        label = field
        shown = fmt_num(value, 2) if isinstance(value, float) else text(value)
        if field == "Country":
            shown = country_label(shown)
        if field == "Source file":
            label, line = "Source", supplier_field(row, "Row number")
            shown = f"{shown}, row {line}" if line is not None else shown
        parts.append(f"{esc(label)}: <b>{esc(shown)}</b>")
    return " · ".join(parts)


def _axes(row: Mapping[str, Any]) -> str:
    """The two axes of a score: red flags about the supplier or its inputs, and inherent exposure."""
    red, exposure = row.get("red_flag_score"), row.get("exposure_score")
    if not isinstance(red, int | float) or not isinstance(exposure, int | float):
        return ""
    return f" · red flags <b>{esc(fmt_num(red, 1))}</b> · exposure <b>{esc(fmt_num(exposure, 1))}</b>"


def supplier_card(
    row: Mapping[str, Any],
    findings: Sequence[Mapping[str, Any]],
    datasets: Mapping[str, Mapping[str, Any]],
) -> str:
    """A card: name, id, tier, score, identity, top reason, review status and every finding."""
    tier = str(row.get("risk_tier") or "")
    status = row.get("review_status")
    score = row.get("risk_score")
    head = (
        f'<h3>{esc(row.get("supplier_name"))} <span class="muted">· '
        f"<code>{esc(row.get('supplier_id'))}</code></span></h3>"
        f'<p class="meta">{badge(tier)} score <b>{esc(fmt_num(score, 1))}</b> · '
        f"{len(findings)} finding{'s' if len(findings) != 1 else ''}"
        + _axes(row)
        + (f" · review: <b>{esc(status)}</b>" if status else "")
        + f"<br>{identity_line(row)}</p>"
    )
    reason = row.get("top_reason")
    reason_html = f"<p><b>Top reason:</b> {esc(reason)}</p>" if reason else ""
    tier_cls = f" t-{tier}" if tier in ("critical", "high", "medium") else ""
    return (
        f'<article class="card{tier_cls}">{head}{reason_html}{findings_table(findings, datasets)}</article>'
    )

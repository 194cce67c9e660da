"""The portfolio baseline section of report.html: key figures, tables and inline SVG charts."""

from __future__ import annotations

from screening.report.charts import Bar, bar_chart, stacked_bar
from screening.report.formatting import TIER_COLOURS, country_label, esc, fmt_num, fmt_share
from screening.report.page import table
from screening.report.portfolio import Portfolio
from screening.scoring.policy import Policy

COUNTRY_ROWS = 25
CATEGORY_COLOUR = "#2563EB"
COUNTRY_COLOUR = "#DC2626"


def _figure(label: str, value: str, sub: str = "") -> str:
    small = f'<span class="muted">{esc(sub)}</span>' if sub else ""
    return f'<div class="figure"><span class="muted">{esc(label)}</span><b>{esc(value)}</b>{small}</div>'


def key_figures(p: Portfolio, quarantined: int) -> str:
    hc = p.high_critical
    crit = p.tier("critical").suppliers
    figures = [
        _figure("Suppliers screened", fmt_num(p.suppliers), f"{fmt_num(quarantined)} rows quarantined"),
        _figure("Findings", fmt_num(p.findings)),
        _figure("High or critical", fmt_num(hc), f"{fmt_share(hc, p.suppliers)} of suppliers"),
        _figure("Critical", fmt_num(crit), f"{fmt_share(crit, p.suppliers)} of suppliers"),
    ]
    if p.has_spend:
        figures.append(
            _figure(
                "Spend in high or critical",
                fmt_share(p.spend_high_critical, p.total_spend),
                f"{fmt_num(p.spend_high_critical)} of {fmt_num(p.total_spend)}",
            )
        )
    return '<div class="figures">' + "".join(figures) + "</div>"


def _basis_text(counts: dict[str, int]) -> str:
    order = ("supplier", "site", "input", "country", "none")
    return ", ".join(f"{k} {fmt_num(counts[k])}" for k in order if counts.get(k))


def tier_table(p: Portfolio, policy: Policy | None = None) -> str:
    """Rows and distinct supplier-sites per tier, what the tier rests on, and (with a policy) its action."""
    sites = bool(p.sites_by_tier) and p.sites != p.suppliers
    headers = ["Tier", "Suppliers", "Share"] + (["Supplier-sites"] if sites else [])
    headers += ["Resting on (rows)"]
    if p.has_spend:
        headers += ["Spend", "Share of spend"]
    if policy is not None:
        headers += ["Expected action"]
    rows = []
    for r in p.by_tier:
        cells = [esc(r.tier), esc(fmt_num(r.suppliers)), esc(fmt_share(r.suppliers, p.suppliers))]
        if sites:
            cells.append(esc(fmt_num(p.sites_by_tier.get(r.tier, 0))))
        cells.append(esc(_basis_text(p.basis_by_tier.get(r.tier, {}))))
        if p.has_spend:
            cells += [esc(fmt_num(r.spend)), esc(fmt_share(r.spend, p.total_spend))]
        if policy is not None:
            cells.append(esc(policy.tiers[r.tier].action) if r.tier in policy.tiers else "")
        rows.append(cells)
    note = (
        f'<p class="muted">{esc(fmt_num(p.suppliers))} rows name {esc(fmt_num(p.sites))} distinct '
        "supplier-sites (supplier_key); a site counts once, in the highest tier of its rows.</p>"
        if sites
        else ""
    )
    numeric = range(1, 4 if sites else 3)
    return table(headers, rows, numeric=numeric) + note


def category_table(p: Portfolio) -> str:
    headers = ["Category", "Suppliers", "Findings"] + (["Spend of those suppliers"] if p.has_spend else [])
    rows = [
        [esc(r.category), esc(fmt_num(r.suppliers)), esc(fmt_num(r.findings))]
        + ([esc(fmt_num(r.spend))] if p.has_spend else [])
        for r in p.by_category
    ]
    return table(headers, rows, numeric=range(1, len(headers)))


def country_table(p: Portfolio) -> str:
    headers = ["Country", "Suppliers", "Medium", "High", "Critical"]
    if p.has_spend:
        headers += ["Spend", "Spend in high or critical"]
    rows = []
    for r in p.by_country[:COUNTRY_ROWS]:
        cells = [esc(country_label(r.country_code))] + [
            esc(fmt_num(v)) for v in (r.suppliers, r.medium, r.high, r.critical)
        ]
        if p.has_spend:
            cells += [esc(fmt_num(r.spend)), esc(fmt_num(r.spend_high_critical))]
        rows.append(cells)
    more = len(p.by_country) - COUNTRY_ROWS
    note = (
        f'<p class="muted">{fmt_num(more)} more countries with fewer high or critical suppliers are in '
        "report.xlsx (sheet All suppliers).</p>"
        if more > 0
        else ""
    )
    return table(headers, rows, numeric=range(1, len(headers))) + note


def charts(p: Portfolio) -> str:
    tier_bars = [Bar(r.tier, r.suppliers, TIER_COLOURS[r.tier][0]) for r in p.by_tier]
    parts = [
        '<div class="charts" id="charts">',
        "<div><h3>Suppliers by tier</h3>",
        bar_chart("Suppliers by tier", tier_bars),
    ]
    parts.append("</div>")
    if p.has_spend:
        spend_bars = [Bar(r.tier, r.spend, TIER_COLOURS[r.tier][0]) for r in p.by_tier]
        parts += [
            "<div><h3>Spend by tier</h3>",
            bar_chart("Spend by tier", spend_bars),
            stacked_bar("Share of spend by tier", spend_bars),
            "</div>",
        ]
    else:
        parts += [
            "<div><h3>Share of suppliers by tier</h3>",
            stacked_bar("Share of suppliers by tier", tier_bars),
            '<p class="muted">The input has no spend column, so spend at risk cannot be shown.</p></div>',
        ]
    cat_bars = [Bar(r.category, r.suppliers, CATEGORY_COLOUR) for r in p.by_category]
    parts += ["<div><h3>Suppliers with findings, by category</h3>"]
    parts += [bar_chart("Suppliers with findings by category", cat_bars), "</div>"]
    top = [r for r in p.by_country if r.high + r.critical > 0][:12]
    country_bars = [Bar(country_label(r.country_code), r.high + r.critical, COUNTRY_COLOUR) for r in top]
    parts += ["<div><h3>High and critical suppliers, by country</h3>"]
    parts += [bar_chart("High and critical suppliers by country", country_bars), "</div>"]
    sev_bars = [Bar(s, n, TIER_COLOURS[s][0]) for s, n in p.by_severity]
    parts += ["<div><h3>Findings by severity</h3>", bar_chart("Findings by severity", sev_bars), "</div>"]
    parts.append("</div>")
    return "".join(parts)


def baseline_section(p: Portfolio, quarantined: int, policy: Policy | None = None) -> str:
    return "".join(
        [
            '<section id="baseline"><h2>Portfolio baseline</h2>',
            key_figures(p, quarantined),
            charts(p),
            "<h3>By tier</h3>",
            tier_table(p, policy),
            "<h3>By category</h3>",
            category_table(p),
            "<h3>By country</h3>",
            country_table(p),
            "</section>",
        ]
    )

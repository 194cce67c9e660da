"""The HTML page shell shared by report.html and the evidence packs: inline CSS (screen and print),
a strict Content-Security-Policy, and small building blocks (badges, tables).

No external scripts, fonts, images or style sheets: the CSP forbids them, so a report opened from an
e-mail attachment or a file share never calls out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from screening.report.formatting import TIER_COLOURS, esc

#: Forbids every script and every external load; inline styles and data: images only.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

_BADGES = "".join(
    f".b-{name}{{background:{bg};color:{fg}}}" for name, (bg, fg) in sorted(TIER_COLOURS.items())
)

CSS = (
    """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
 color:#1f2937;margin:0;background:#f3f4f6;line-height:1.4;font-size:14px}
main{max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:28px 0 10px;border-bottom:2px solid #d1d5db;
 padding-bottom:4px}h3{font-size:16px;margin:16px 0 6px}
.muted{color:#6b7280;fill:#6b7280}
section>h2:first-child{margin-top:0}
section,.card{background:#fff;border-radius:8px;padding:16px 20px;margin:0 0 16px;
 box-shadow:0 1px 2px rgba(0,0,0,.08)}
.figures{display:flex;flex-wrap:wrap;gap:12px;margin:8px 0}
.figure{flex:1 1 160px;border:1px solid #e5e7eb;border-radius:6px;padding:10px 12px}
.figure b{display:block;font-size:22px}
table{border-collapse:collapse;width:100%;margin:6px 0 12px}
th,td{border-bottom:1px solid #e5e7eb;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f9fafb;font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;border-radius:4px;padding:1px 7px;font-size:12px;font-weight:600}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(500px,1fr));gap:4px 24px;margin:8px 0 16px}
svg.chart{max-width:100%;height:auto;font-size:12px;fill:#1f2937}
.card h3{margin-top:0}.card .meta{margin:0 0 8px}
.card.t-critical{border-left:6px solid #7F1D1D}.card.t-high{border-left:6px solid #DC2626}
.card.t-medium{border-left:6px solid #F59E0B}
table.kv th{width:170px}
table.fixed{table-layout:fixed}
table.fixed td{overflow-wrap:anywhere}
.note{background:#fffbeb;border:1px solid #fcd34d;border-radius:6px;padding:8px 12px}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;word-break:break-all;
 overflow-wrap:anywhere}
footer{color:#6b7280;font-size:12px;margin-top:24px}
@media print{
 body{background:#fff;font-size:11px}main{max-width:none;padding:0}
 section,.card{box-shadow:none;border:1px solid #d1d5db;break-inside:avoid;page-break-inside:avoid}
 .card{break-inside:avoid}h2{break-after:avoid}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 a{color:inherit;text-decoration:none}
 .charts{display:block}
}
"""
    + _BADGES
)


def page(title: str, body: Iterable[str]) -> str:
    """A complete HTML document: ``title`` is escaped here; ``body`` parts must already be HTML."""
    return "".join(
        [
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="referrer" content="no-referrer">',
            f"<title>{esc(title)}</title><style>{CSS}</style></head><body><main>",
            *body,
            "</main></body></html>\n",
        ]
    )


def badge(level: object) -> str:
    """A coloured tier or severity badge (unknown levels get no colour)."""
    name = str(level) if level is not None else ""
    cls = f" b-{name}" if name in TIER_COLOURS else ""
    return f'<span class="badge{cls}">{esc(name)}</span>'


_NUM = ' class="num"'


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    numeric: Iterable[int] = (),
    widths: Sequence[int] = (),
) -> str:
    """A table whose header names are escaped here and whose cells are already-escaped HTML.

    ``widths`` (percent per column) gives a fixed layout in which long values wrap inside their column.
    """
    num = set(numeric)
    cls = [_NUM if i in num else "" for i in range(len(headers))]
    head = "".join(f"<th{cls[i]}>{esc(h)}</th>" for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(f"<td{cls[i] if i < len(cls) else ''}>{c}</td>" for i, c in enumerate(r)) + "</tr>"
        for r in rows
    )
    rest = f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    if widths:
        cols = "".join(f'<col style="width:{int(w)}%">' for w in widths)
        return f'<table class="fixed"><colgroup>{cols}</colgroup>{rest}'
    return f"<table>{rest}"


def definition_table(items: Iterable[tuple[str, str]]) -> str:
    """A two-column table of label (escaped here) and value (already-escaped HTML)."""
    rows = "".join(f'<tr><th scope="row">{esc(k)}</th><td>{v}</td></tr>' for k, v in items)
    return f'<table class="kv"><tbody>{rows}</tbody></table>'

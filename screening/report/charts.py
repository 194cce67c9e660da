"""Inline SVG charts: horizontal bar charts and a 100% stacked bar, no scripts, fonts or images.

Every label is HTML-escaped, so a chart is safe to embed whatever the supplier data says. Each chart
carries ``role="img"``, an ``aria-label`` and a ``<title>`` for screen readers and printing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from screening.report.formatting import esc, fmt_num

ROW_HEIGHT = 24
BAR_HEIGHT = 16
LABEL_WIDTH = 200
VALUE_WIDTH = 100
WIDTH = 540
LABEL_CHARS = 27


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    colour: str
    value_text: str | None = None  # shown at the bar's end (default: the value with separators)


def _truncate(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(
    title: str,
    bars: Sequence[Bar],
    *,
    width: int = WIDTH,
    value_format: Callable[[float], str] = fmt_num,
) -> str:
    """A horizontal bar chart, one row per bar, scaled to the largest value."""
    if not bars:
        return (
            f'<svg class="chart" role="img" aria-label="{esc(title)}" width="{width}" height="30" '
            f'viewBox="0 0 {width} 30" xmlns="http://www.w3.org/2000/svg"><title>{esc(title)}</title>'
            '<text x="0" y="20" class="muted">No data</text></svg>'
        )
    height = ROW_HEIGHT * len(bars) + 8
    area = width - LABEL_WIDTH - VALUE_WIDTH
    top = max((b.value for b in bars), default=0.0)
    parts = [
        f'<svg class="chart" role="img" aria-label="{esc(title)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg"><title>{esc(title)}</title>'
    ]
    for i, bar in enumerate(bars):
        y = 4 + i * ROW_HEIGHT
        length = 0.0 if top <= 0 else max(area * bar.value / top, 1.0 if bar.value > 0 else 0.0)
        shown = bar.value_text if bar.value_text is not None else value_format(bar.value)
        parts.append(
            f'<g class="bar"><title>{esc(bar.label)}: {esc(shown)}</title>'
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 3}" text-anchor="end">'
            f"{esc(_truncate(bar.label))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{esc(bar.colour)}"/>'
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + BAR_HEIGHT - 3}">{esc(shown)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def stacked_bar(title: str, segments: Sequence[Bar], *, width: int = WIDTH) -> str:
    """One 100% bar split into segments (e.g. spend by tier) with a legend underneath."""
    total = sum(max(s.value, 0.0) for s in segments)
    height = 64
    parts = [
        f'<svg class="chart" role="img" aria-label="{esc(title)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg"><title>{esc(title)}</title>'
    ]
    if total <= 0:
        parts.append('<text x="0" y="20" class="muted">No data</text></svg>')
        return "".join(parts)
    x = 0.0
    for seg in segments:
        share = max(seg.value, 0.0) / total
        w = width * share
        parts.append(
            f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="24" fill="{esc(seg.colour)}">'
            f"<title>{esc(seg.label)}: {100 * share:.1f}%</title></rect>"
        )
        x += w
    step = width / max(len(segments), 1)
    for i, seg in enumerate(segments):
        lx = i * step
        share = max(seg.value, 0.0) / total
        parts.append(
            f'<rect x="{lx:.1f}" y="36" width="12" height="12" fill="{esc(seg.colour)}"/>'
            f'<text x="{lx + 16:.1f}" y="46">{esc(seg.label)} {100 * share:.1f}%</text>'
        )
    parts.append("</svg>")
    return "".join(parts)

from __future__ import annotations

import xml.etree.ElementTree as ET

from screening.report.charts import LABEL_WIDTH, VALUE_WIDTH, WIDTH, Bar, bar_chart, stacked_bar

NS = {"svg": "http://www.w3.org/2000/svg"}


def test_bar_chart_scales_bars_to_the_largest_value() -> None:
    svg = ET.fromstring(bar_chart("Suppliers", [Bar("critical", 10, "#7F1D1D"), Bar("low", 5, "#16A34A")]))
    widths = [float(r.get("width", "0")) for r in svg.iterfind(".//svg:rect", NS)]
    area = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    assert widths == [area, area / 2]
    texts = [t.text for t in svg.iterfind(".//svg:text", NS)]
    assert texts == ["critical", "10", "low", "5"]
    assert svg.get("role") == "img" and svg.findtext("svg:title", namespaces=NS) == "Suppliers"


def test_bar_chart_escapes_labels_and_keeps_them_text() -> None:
    label = '<script>alert(1)</script>"&'
    markup = bar_chart("t<itle>", [Bar(label, 1, "#000")])
    assert "<script>" not in markup
    svg = ET.fromstring(markup)  # still well-formed XML
    assert label[:20] in "".join(svg.itertext())


def test_bar_chart_with_zero_values_draws_empty_bars_and_no_data_when_empty() -> None:
    svg = ET.fromstring(bar_chart("Zero", [Bar("a", 0, "#000")]))
    assert [r.get("width") for r in svg.iterfind(".//svg:rect", NS)] == ["0.0"]
    assert "No data" in bar_chart("Nothing", [])


def test_stacked_bar_splits_the_width_by_share() -> None:
    markup = stacked_bar("Spend", [Bar("critical", 30, "#7F1D1D"), Bar("low", 70, "#16A34A")], width=500)
    svg = ET.fromstring(markup)
    rects = list(svg.iterfind("svg:rect", NS))
    assert [r.get("width") for r in rects[:2]] == ["150.0", "350.0"]
    assert "critical 30.0%" in markup and "low 70.0%" in markup

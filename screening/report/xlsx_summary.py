"""The workbook's Summary sheet: the run, counts by tier, category, severity and country, spend at
risk, the data editions used and the inputs with their sha256. Written top to bottom (constant memory).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from screening.indicators.age import data_age_lines
from screening.output.safe import neutralise
from screening.report.formatting import country_label
from screening.report.portfolio import Portfolio
from screening.scoring.policy import Policy

Cell = str | int | float | None

WIDTHS = (36, 26, 14, 14, 14, 18, 22, 66)


class _Sheet:
    """Writes rows one after another; strings neutralised and written as strings, numbers as numbers."""

    def __init__(self, ws: Worksheet, formats: dict[str, Format]) -> None:
        self.ws = ws
        self.formats = formats
        self.row = 0

    def line(self, cells: Sequence[Cell], style: str | None = None, num: Sequence[str | None] = ()) -> None:
        for c, value in enumerate(cells):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                value = str(value).lower()
            if isinstance(value, int | float):
                fmt = num[c] if c < len(num) else None
                self.ws.write_number(self.row, c, value, self.formats.get(f"num:{fmt}") if fmt else None)
            else:
                fmt_name = style if style else None
                shown = neutralise(str(value)) or ""
                self.ws.write_string(self.row, c, shown, self.formats.get(fmt_name) if fmt_name else None)
        self.row += 1

    def gap(self) -> None:
        self.row += 1

    def section(self, title: str, headers: Sequence[str]) -> None:
        self.gap()
        self.line([title], "section")
        self.line(headers, "header")


def _verdict(success: object) -> str:
    return "passed" if success is True else "failed" if success is False else "not recorded"


def _share(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def write_summary(
    workbook: Workbook,
    formats: dict[str, Format],
    *,
    portfolio: Portfolio,
    run: Mapping[str, Any],
    datasets: Sequence[Mapping[str, Any]],
    policy: Policy | None = None,
    contents: str | None = None,
) -> None:
    """The Summary sheet; ``contents`` (when given) says which rows the other sheets hold."""
    ws = workbook.add_worksheet("Summary")
    for c, width in enumerate(WIDTHS):
        ws.set_column(c, c, width)
    ws.freeze_panes(1, 0)
    s = _Sheet(ws, formats)
    p = portfolio
    validation = run.get("validation") if isinstance(run.get("validation"), Mapping) else {}
    assert isinstance(validation, Mapping)
    s.line(["Forced-labour risk screen"], "title")
    for label, value in (
        ("Run id", run.get("run_id")),
        ("Status", run.get("status")),
        ("Started", run.get("started_at")),
        ("Finished", run.get("finished_at")),
        ("Rules version", run.get("rules_version")),
        ("Rows in", run.get("rows_in")),
        ("Rows screened", run.get("rows_screened")),
        ("Rows quarantined", run.get("rows_quarantined")),
        ("Validation", _verdict(validation.get("success"))),
        ("Expectations evaluated", validation.get("evaluated")),
        ("Findings", p.findings),
    ):
        s.line([label, value if isinstance(value, str | int | float) else None], num=(None, "#,##0"))
    if contents:
        s.line(["Contents", contents])

    money = "#,##0.00"
    s.section(
        "Suppliers by tier",
        ["Tier", "Suppliers", "Share", "Spend", "Share of spend", "Supplier-sites", "Expected action"],
    )
    for r in p.by_tier:
        spend: list[Cell] = [r.spend, _share(r.spend, p.total_spend)] if p.has_spend else [None, None]
        action = policy.tiers[r.tier].action if policy is not None and r.tier in policy.tiers else None
        s.line(
            [
                r.tier,
                r.suppliers,
                _share(r.suppliers, p.suppliers),
                *spend,
                p.sites_by_tier.get(r.tier),
                action,
            ],
            num=(None, "#,##0", "0.0%", money, "0.0%", "#,##0"),
        )
    s.line(
        ["Total", p.suppliers, 1.0, p.total_spend if p.has_spend else None],
        "bold",
        num=(None, "#,##0", "0.0%", money),
    )

    if p.has_spend:
        s.section("Spend at risk", ["Measure", "Spend", "Share of spend"])
        s.line(
            [
                "Spend with high or critical suppliers",
                p.spend_high_critical,
                _share(p.spend_high_critical, p.total_spend),
            ],
            num=(None, money, "0.0%"),
        )
        crit = p.tier("critical").spend
        s.line(
            ["Spend with critical suppliers", crit, _share(crit, p.total_spend)], num=(None, money, "0.0%")
        )
    else:
        s.gap()
        s.line(["Spend at risk: the input has no spend column."])

    notes = [str(n) for n in run.get("notes") or []] if isinstance(run.get("notes"), list) else []
    if notes:
        s.section("Run notes", ["Note"])
        for note in notes:
            s.line([note])

    s.section("Findings by category", ["Category", "Suppliers", "Findings", "Spend of those suppliers"])
    for cat in p.by_category:
        s.line(
            [cat.category, cat.suppliers, cat.findings, cat.spend if p.has_spend else None],
            num=(None, "#,##0", "#,##0", money),
        )

    s.section("Findings by severity", ["Severity", "Findings"])
    for sev, n in p.by_severity:
        s.line([sev, n], num=(None, "#,##0"))

    if p.review_status:
        s.section("Review status", ["Status", "Suppliers"])
        for status, n in p.review_status:
            s.line([status or "(none)", n], num=(None, "#,##0"))

    s.section(
        "Suppliers by country",
        ["Country", "Name", "Suppliers", "Medium", "High", "Critical", "Spend", "Spend in high or critical"],
    )
    for country in p.by_country:
        name = country_label(country.country_code)
        spends: list[Cell] = [country.spend, country.spend_high_critical] if p.has_spend else [None, None]
        s.line(
            [
                country.country_code or "(unknown)",
                name.partition(" ")[2] or name,
                country.suppliers,
                country.medium,
                country.high,
                country.critical,
                *spends,
            ],
            num=(None, None, "#,##0", "#,##0", "#,##0", "#,##0", money, money),
        )

    s.section("Data editions used", ["Dataset", "Title", "Edition", "", "", "", "", "sha256"])
    versions = run.get("indicator_versions") or {}
    titles = {str(d.get("id")): d for d in datasets}
    ids = list(versions) if isinstance(versions, Mapping) and versions else list(titles)
    for dataset_id in ids:
        v = versions.get(dataset_id) if isinstance(versions, Mapping) else None
        v = v if isinstance(v, Mapping) else {}
        meta = titles.get(str(dataset_id), {})
        s.line(
            [
                str(dataset_id),
                meta.get("title"),
                v.get("edition") or meta.get("edition"),
                None,
                None,
                None,
                None,
                v.get("sha256") or meta.get("sha256"),
            ]
        )

    s.section("Age and coverage of the data", ["One sentence per partial or stale dataset"])
    for line in data_age_lines(datasets):
        s.line([line])

    s.section("Inputs", ["File", "Rows", "", "", "", "", "", "sha256"])
    for item in run.get("inputs") or []:
        if isinstance(item, Mapping):
            rows = item.get("rows")
            s.line(
                [
                    item.get("path"),
                    rows if isinstance(rows, int | float) else None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    item.get("sha256"),
                ],
                num=(None, "#,##0"),
            )

"""Publishers' formats as the real sites vary them: DHS name cells, CBP's CSV, DOL's flags, TIP history."""

from __future__ import annotations

from dataclasses import replace

import polars as pl
import pytest

from screening.errors import ConfigError, SourceError
from screening.indicators import load_catalog
from screening.indicators.connectors import Context, Download, cbp_wro, ilab_goods, tip_tiers
from screening.indicators.connectors.uflpa import split_name
from screening.settings import get_settings


def download(
    content: bytes, url: str = "https://www.example.gov/file.csv", ctype: str = "text/csv"
) -> Download:
    return Download(
        url=url, final_url=url, content=content, content_type=ctype, sha256="0" * 64, status=200, attempts=1
    )


def context(dataset: str) -> Context:
    settings = get_settings()
    catalog = load_catalog(settings.rules_dir)
    meta = catalog.datasets[dataset]
    assert meta.refresh is not None
    return Context(
        meta=meta,
        refresh=meta.refresh,
        active=catalog.frame(dataset),
        fetch=lambda url: pytest.fail(f"unexpected fetch of {url}"),
        lookup=catalog.frame,
        rules_dir=settings.rules_dir,
    )


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            "Hetian Haolin Hair Accessories Co. Ltd. (and one alias: Hotan Haolin Hair Accessories)",
            ("Hetian Haolin Hair Accessories Co. Ltd.", ["Hotan Haolin Hair Accessories"], [], ""),
        ),
        (
            "Xinjiang Daqo New Energy Co., Ltd. (including three aliases: "
            "Xinjiang Great New Energy Co., Ltd.; "
            "Xinjiang Daxin Energy Co., Ltd.; and Xinjiang Daqin Energy Co., Ltd.)",
            (
                "Xinjiang Daqo New Energy Co., Ltd.",
                [
                    "Xinjiang Great New Energy Co., Ltd.",
                    "Xinjiang Daxin Energy Co., Ltd.",
                    "Xinjiang Daqin Energy Co., Ltd.",
                ],
                [],
                "",
            ),
        ),
        (
            "Xinjiang Zhonghe Co., Ltd. (formerly known as Xinjiang Joinworld Co., Ltd.)",
            ("Xinjiang Zhonghe Co., Ltd.", ["formerly known as: Xinjiang Joinworld Co., Ltd."], [], ""),
        ),
        (
            "Hoshine Silicon Industry (Shanshan) Co., Ltd. (including one alias: "
            "Hesheng Silicon Industry (Shanshan) "
            "Co.) and subsidiaries",
            (
                "Hoshine Silicon Industry (Shanshan) Co., Ltd.",
                ["Hesheng Silicon Industry (Shanshan) Co."],
                [],
                "listing covers subsidiaries",
            ),
        ),
        (
            "Xinjiang Production and Construction Corps and its subordinate and affiliated entities",
            (
                "Xinjiang Production and Construction Corps",
                [],
                [],
                "listing covers its subordinate and affiliated entities",
            ),
        ),
        (
            "Xinjiang Junggar Cotton and Linen Co., Ltd.",
            ("Xinjiang Junggar Cotton and Linen Co., Ltd.", [], [], ""),
        ),
    ],
)
def test_dhs_name_cells_split_into_name_aliases_and_relations(cell, expected):
    assert split_name(cell) == expected


def test_dhs_subsidiary_list_names_each_subsidiary():
    main, _, subsidiaries, note = split_name(
        "Ninestar Corporation and its eight Zhuhai-based subsidiaries, which include "
        "Zhuhai Ninestar Information Technology Co., Ltd., Zhuhai Pantum Electronics Co., Ltd., "
        "and Zhuhai Apex Microelectronics Co., Ltd."
    )
    assert main == "Ninestar Corporation"
    assert subsidiaries == [
        "Zhuhai Ninestar Information Technology Co., Ltd.",
        "Zhuhai Pantum Electronics Co., Ltd.",
        "Zhuhai Apex Microelectronics Co., Ltd.",
    ]
    assert note.startswith("listed with its subsidiaries: Zhuhai Ninestar")


CBP_HEADER = (
    "Effective Date,Calendar Year,Country Code,Country,Merchandise,WRO/Finding,Industry,Status,"
    "Press Release,Entity,Remarks\r\n"
)


def test_cbp_csv_in_windows_1252_with_multiline_remarks_and_relative_press_links():
    body = (
        CBP_HEADER
        + '09/30/2020,2020,MY,Malaysia,"Palm oil, and products",WRO,Agriculture and Prepared Products,Active,'
        "/newsroom/national-media-release/cbp-issues-withhold-release-order-palm-oil,"
        '"FGV Holdings Berhad and its subsidiaries and joint ventures",'
        '"Modified 01/15/2026;\r\nsee notice"\r\n'
        ",,,,,,,,,,\r\n"
        "08/18/2020,2020,CN,China,Hair products,Finding,Consumer Products,Inactive,N/A,Caf\xe9 Prison,\r\n"
    ).encode("cp1252")
    parsed = cbp_wro.parse(download(body), context("cbp_wro"))
    assert parsed.format == "cbp_wro_csv"
    # the empty formatting row is skipped; after the CSV's 2 orders come the active edition's orders no
    # longer in force that the CSV does not list (kept as history): 12 modified or revoked orders but
    # FGV, and Kingtom (inactive pending litigation)
    fgv, cafe, *history = parsed.rows
    assert len(history) == 12
    assert {r["status"] for r in history} == {"modified", "revoked", "inactive pending litigation"}
    assert "Top Glove Corporation Bhd" in {r["entity_or_scope"] for r in history}
    assert fgv["date_issued"] == "2020-09-30" and fgv["type"] == "WRO" and fgv["status"] == "active"
    assert fgv["product_as_described_in_pages"] == "Palm oil, and products"
    assert fgv["notes"] == "Modified 01/15/2026; see notice; CBP status: Active"
    assert fgv["history"] == "CBP WRO from 2020-09-30, active" and fgv["scope"] == "entity"
    assert fgv["source_urls"] == (
        "https://www.example.gov/file.csv | https://www.cbp.gov/newsroom/national-media-"
        "release/cbp-issues-withhold-release-order-palm-oil"
    )
    assert cafe["entity_or_scope"] == "Café Prison" and cafe["type"] == "Finding"
    assert (cafe["status"], cafe["history"]) == ("inactive", "CBP Finding from 2020-08-18 (inactive)")


def test_cbp_status_column_is_read_with_cbp_meanings_and_modified_dates():
    body = (
        CBP_HEADER.replace("Remarks\r\n", "Remarks,Modified Date\r\n")
        + "12/04/2024,2024,DO,Dominican Republic,Aluminum,Finding,Metals,Inactive-Pending Litigation,N/A,"
        "Kingtom Aluminio S.R.L.,,\r\n"
        + "09/30/2019,2019,CD,Democratic Republic of the Congo,Gold,WRO,Mining,Partially Modified,N/A,"
        "All gold mined at artisanal small mines in eastern DRC,,05/28/2020\r\n"
        + "05/28/2025,2025,FV,,Seafood,WRO,Seafood,Active,N/A,Fishing Vessel: Zhen Fa 7,,\r\n"
        + "10/21/2021,2021,MY,Malaysia,Gloves,WRO,Rubber,Modified,N/A,"
        "Supermax Corporation Bhd.,,09/18/2023\r\n"
    ).encode()
    rows = cbp_wro.parse(download(body), context("cbp_wro")).rows[:4]
    kingtom, gold, vessel, supermax = rows
    assert (kingtom["status"], kingtom["scope"]) == ("inactive pending litigation", "entity")
    assert (gold["status"], gold["status_date"], gold["scope"]) == (
        "partially modified",
        "2020-05-28",
        "country",
    )
    assert (
        gold["history"]
        == "CBP WRO from 2019-09-30, in force except where CBP modified it (partially modified)"
    )
    assert (vessel["scope"], vessel["history"]) == ("vessel", "CBP WRO from 2025-05-28, active")
    assert supermax["history"] == "CBP WRO from 2021-10-21 until 2023-09-18 (modified)"


def test_cbp_row_with_an_unknown_status_is_refused():
    body = (CBP_HEADER + "09/30/2020,2020,MY,Malaysia,Gloves,WRO,Rubber,Suspended,N/A,Acme,\r\n").encode()
    with pytest.raises(SourceError, match="Status is 'Suspended'"):
        cbp_wro.parse(download(body), context("cbp_wro"))


def test_cbp_row_with_an_unknown_order_type_is_refused():
    body = (CBP_HEADER + "09/30/2020,2020,MY,Malaysia,Gloves,Detention,Rubber,Active,N/A,Acme,\r\n").encode()
    with pytest.raises(SourceError, match="WRO/Finding is 'Detention'"):
        cbp_wro.parse(download(body), context("cbp_wro"))


def test_a_renamed_cbp_column_is_accepted_by_adding_its_name_to_the_metadata():
    body = (
        CBP_HEADER.replace("Entity,", "Entity Name,")
        + "09/30/2020,2020,MY,Malaysia,Gloves,WRO,Rubber,Active,N/A,Acme,\r\n"
    ).encode()
    ctx = context("cbp_wro")
    with pytest.raises(SourceError, match=r"header changed: missing \['Entity'\].*refresh\.columns"):
        cbp_wro.parse(download(body), ctx)
    columns = ctx.refresh.columns | {"entity": ("Entity", "Entity Name")}
    renamed = replace(ctx, refresh=ctx.refresh.model_copy(update={"columns": columns}))
    assert cbp_wro.parse(download(body), renamed).rows[0]["entity_or_scope"] == "Acme"


def test_a_field_the_connector_needs_missing_from_the_metadata_is_a_config_error():
    ctx = context("cbp_wro")
    columns = {k: v for k, v in ctx.refresh.columns.items() if k != "status"}
    broken = replace(ctx, refresh=ctx.refresh.model_copy(update={"columns": columns}))
    with pytest.raises(ConfigError, match=r"cbp_wro\.yml: `refresh\.columns` does not list status"):
        cbp_wro.parse(download(CBP_HEADER.encode()), broken)


def _workbook(header: list[str], rows: list[list[str]]) -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_dol_year_ranges_and_exploitation_column_give_current_listings_only():
    ranges = _workbook(
        ["Country", "Good", "CL", "FL"],
        [
            ["Argentina", "Blueberries", "2009-2024", ""],  # removed in 2024: left out
            ["Thailand", "Shrimp", "2009-2024", "2009-"],  # child labour ended, forced labour current
            ["India", "Bricks", "2009-", "2009-"],
        ],
    )
    parsed = ilab_goods.parse(
        download(ranges, "https://www.dol.gov/x/List.xlsx", "application/octet-stream"), context("ilab_goods")
    )
    listings = {(r["good"], r["country"]): r["listing_type"] for r in parsed.rows}
    assert listings == {("Shrimp", "Thailand"): "forced_labor", ("Bricks", "India"): "both"}
    assert parsed.notes == ["2 good x country listings", "1 ended listings left out"]
    shrimp = next(r for r in parsed.rows if r["good"] == "Shrimp")
    assert (shrimp["sector"], shrimp["region"]) == (
        "Agriculture",
        "Indo-Pacific",
    )  # filled from the edition in use
    typed = _workbook(
        ["Good", "Country/Area", "Exploitation Type"],
        [
            ["Cotton", "Turkmenistan", "Child Labor, Forced Labor"],
            ["Gold", "Burkina Faso", "Child Labor"],
            ["Bricks", "Nepal", "Forced Child Labor"],
        ],
    )
    parsed = ilab_goods.parse(download(typed, "https://www.dol.gov/x/List.xlsx"), context("ilab_goods"))
    rows = {r["good"]: r for r in parsed.rows}
    assert rows["Cotton"]["listing_type"] == "both" and rows["Gold"]["listing_type"] == "child_labor"
    assert rows["Bricks"]["forced_child_labor"] == "Yes" and rows["Bricks"]["listing_type"] == "both"


def test_tip_history_moves_the_old_tier_into_earlier_placements_for_a_new_report():
    assert tip_tiers._earlier(("2025", "Tier 2 Watch List", "2024: Tier 3"), "2026") == (
        "2025: Tier 2 Watch List; 2024: Tier 3"
    )
    assert tip_tiers._earlier(("2025", "Tier 1", "2024: Tier 1"), "2025") == "2024: Tier 1"
    assert tip_tiers._earlier(None, "2026") == ""


def test_tip_page_names_outside_the_country_table_are_ignored_and_unknown_cells_kept_for_validation():
    page = b"""<!DOCTYPE html><html><head><title>2026 Trafficking in Persons Report</title></head><body>
    <h2>Tier Placements</h2>
    <h3>TIER 1</h3><p>Countries whose governments fully meet the TVPA's minimum standards.</p>
    <table><tr><td>Argentina</td><td>Korea, South</td></tr></table>
    <h3>TIER 2</h3><table><tr><td>Albania</td><td>Atlantis</td></tr></table>
    <h3>TIER 2 WATCH LIST</h3><ul><li>Algeria</li></ul>
    <h3>TIER 3</h3><table><tr><td>Afghanistan</td></tr></table>
    <h2>Country Narratives</h2><p>Germany</p></body></html>"""
    parsed = tip_tiers.parse(
        download(page, "https://www.state.gov/reports/2026-trafficking-in-persons-report/", "text/html"),
        context("tip_tiers"),
    )
    got = {r["country"]: (r["tier"], r["report_year"]) for r in parsed.rows}
    assert got == {
        "Argentina": ("Tier 1", "2026"),
        "Korea, South": ("Tier 1", "2026"),
        "Albania": ("Tier 2", "2026"),
        "Algeria": ("Tier 2 Watch List", "2026"),
        "Afghanistan": ("Tier 3", "2026"),
        "Atlantis": ("Tier 2", "2026"),
    }
    argentina = next(r for r in parsed.rows if r["country"] == "Argentina")
    assert argentina["earlier_placements"].startswith("2025: Tier 1")
    assert pl.DataFrame(parsed.rows).height == 6


def test_a_workbook_that_expands_past_the_limit_is_refused(monkeypatch):
    from tests.refresh.conftest import RECORDED

    monkeypatch.setattr(ilab_goods, "MAX_EXPANDED_BYTES", 10_000)
    data = (RECORDED / "ilab_goods" / "2022-TVPRA-List-of-Goods.xlsx").read_bytes()
    with pytest.raises(SourceError, match=r"the workbook expands to [\d,]+ bytes \(limit 10,000\): refused"):
        ilab_goods.parse(download(data, "https://www.dol.gov/x/List.xlsx"), context("ilab_goods"))


def test_tip_report_landing_page_is_followed_to_its_tier_placements_page():
    from dataclasses import replace

    from tests.refresh.conftest import RECORDED

    landing = b"""<!DOCTYPE html><html><head><title>2025 Trafficking in Persons Report</title></head><body>
    <h1>2025 Trafficking in Persons Report</h1><ul><li><a href="introduction/">Introduction</a></li>
    <li><a href="tier-placements/">Tier Placements</a></li></ul></body></html>"""
    placements = (RECORDED / "tip_tiers" / "2025-trafficking-in-persons-report.html").read_bytes()
    fetched: list[str] = []

    def fetch(url: str) -> Download:
        fetched.append(url)
        return download(placements, url, "text/html")

    ctx = replace(context("tip_tiers"), fetch=fetch)
    base = "https://www.state.gov/reports/2025-trafficking-in-persons-report/"
    parsed = tip_tiers.parse(download(landing, base, "text/html"), ctx)
    assert fetched == [base + "tier-placements/"]
    assert len(parsed.rows) == 188 and len(parsed.downloads) == 2
    assert parsed.edition == "2025 (state.gov tier placements)"

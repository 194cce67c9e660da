"""Each connector takes a good recorded edition and refuses each broken one, leaving the active data alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from screening.errors import SourceError
from screening.indicators import active_version, list_versions, load_catalog
from screening.indicators.refresh import refresh_dataset
from screening.settings import get_settings

GOOD = {
    "cbp_wro": "cbp_wro/document_page.html",
    "uflpa": "uflpa/uflpa-entity-list.html",
    "ilab_goods": "ilab_goods/list-of-goods.html",
    "tip_tiers": "tip_tiers/2025-trafficking-in-persons-report.html",
}
BROKEN_FILE = {
    "cbp_wro": "cbp_wro/broken/{}.csv",
    "uflpa": "uflpa/broken/{}.html",
    "ilab_goods": "ilab_goods/broken/{}.xlsx",
    "tip_tiers": "tip_tiers/broken/{}.html",
}
#: variant -> (path maker, words the message must contain)
VARIANTS = {
    "http_500": (lambda ds: "status/500", ["HTTP 500", "after 2 attempt(s)"]),
    "timeout": (lambda ds: f"slow/3/{GOOD[ds]}", ["timed out"]),
    "html_error_page": (lambda ds: "maintenance.html", ["Site Maintenance"]),
    "truncated_file": (lambda ds: BROKEN_FILE[ds].format("truncated"), ["truncated"]),
    "truncated_transfer": (lambda ds: f"cut/{GOOD[ds]}", ["truncated", "declared bytes"]),
    "duplicated_rows": (lambda ds: BROKEN_FILE[ds].format("duplicated"), ["dupl"]),
    "schema_change": (lambda ds: BROKEN_FILE[ds].format("schema_changed"), []),
}
SCHEMA_WORDS = {
    "cbp_wro": ["header changed", "missing ['Entity', 'WRO/Finding']"],
    "uflpa": ["no UFLPA entity table", "changed the page's layout"],
    "ilab_goods": ["header changed", "Child Labor / Forced Labor"],
    "tip_tiers": ["found no tier placements"],
}


def _refresh(dataset: str, url: str, **kw):
    return refresh_dataset(dataset, url=url, backoff_s=0.01, **kw)


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("dataset", list(GOOD))
def test_broken_source_is_refused_and_active_edition_untouched(
    dataset, variant, source_server, data_dir, monkeypatch
):
    if variant == "timeout":
        monkeypatch.setenv("SCREENING_HTTP_TIMEOUT", "0.5")
    before = load_catalog(get_settings().rules_dir, data_dir).versions()[dataset]
    make_path, words = VARIANTS[variant]
    url = source_server.at(make_path(dataset)) + "?token=s3cret"
    with pytest.raises(SourceError) as info:
        _refresh(dataset, url)
    message = str(info.value)
    assert message.startswith(f"{dataset}: ")
    assert source_server.url in message and "s3cret" not in message
    assert "active edition is unchanged" in message
    for word in words + (SCHEMA_WORDS[dataset] if variant == "schema_change" else []):
        assert word in message, (word, message)
    assert active_version(data_dir, dataset) is None
    assert list_versions(data_dir, dataset) == []
    assert not (data_dir / "indicators" / dataset).exists() or not any(
        p.name.startswith(".") for p in (data_dir / "indicators" / dataset).iterdir()
    )
    after = load_catalog(get_settings().rules_dir, data_dir).versions()[dataset]
    assert after == before


def test_cbp_dataset_page_is_followed_to_its_csv_and_activated(source_server, data_dir):
    result = _refresh("cbp_wro", source_server.at(GOOD["cbp_wro"]))
    assert result.status == "activated"
    assert result.format == "cbp_wro_csv"
    assert (
        result.edition == "CBP dataset withhold-release-orders-findings-fy26-dec.csv, entries to 2026-06-16"
    )
    # 66 orders in CBP's CSV, plus the 11 modified or revoked orders of the active edition that CBP no
    # longer lists, kept as history; the two unnamed Jordan orders are not in the recorded CSV.
    assert result.rows == 77
    assert result.changes["summary"] == "0 entities added, 2 removed, 1 changed (status)"
    (fgv,) = result.changes["changed"]
    assert (fgv["entity_or_scope"][:3], fgv["from"], fgv["to"]) == ("FGV", "modified", "inactive")
    assert active_version(data_dir, "cbp_wro") == result.version
    frame = load_catalog(get_settings().rules_dir, data_dir).frame("cbp_wro")
    fgv_row = frame.filter(frame["entity_or_scope"].str.starts_with("FGV")).row(0, named=True)
    assert (fgv_row["status"], fgv_row["status_date"]) == ("inactive", "2026-01-15")
    assert fgv_row["history"] == "CBP WRO from 2020-09-30 until 2026-01-15 (inactive)"
    assert fgv_row["source_urls"].endswith(
        "/sites/default/files/withhold-release-orders-findings-fy26-dec.csv"
    )
    statuses = dict(frame.group_by("status").len().rows())
    assert statuses == {
        "active": 60,
        "partially modified": 4,
        "inactive pending litigation": 1,
        "inactive": 1,
        "modified": 9,
        "revoked": 2,
    }
    vessel = frame.filter(frame["entity_or_scope"] == "Fishing Vessel: Zhen Fa 7").row(0, named=True)
    assert (vessel["scope"], vessel["type_basis"]) == ("vessel", "stated")
    xuar = frame.filter(frame["entity_or_scope"].str.starts_with("Xinjiang Uyghur")).row(0, named=True)
    assert xuar["scope"] == "region"
    top_glove = frame.filter(frame["entity_or_scope"] == "Top Glove Corporation Bhd").row(0, named=True)
    assert top_glove["status"] == "modified" and "until 2021-09-09" in top_glove["history"]  # kept as history
    assert all(d[4] == "-" for d in frame["date_issued"].to_list())


def test_uflpa_page_tables_become_one_row_per_entity_with_every_section(source_server, data_dir):
    result = _refresh("uflpa", source_server.at(GOOD["uflpa"]))
    assert result.status == "activated"
    assert result.edition == "as of 2025-01-15 (DHS UFLPA Entity List page)"
    assert result.rows == 144
    assert result.changes["counts"] == {"added": 0, "removed": 0, "changed": 1}
    frame = load_catalog(get_settings().rules_dir, data_dir).frame("uflpa")
    zinc = frame.filter(frame["name"] == "Xinjiang Zijin Zinc Industry Co., Ltd.").row(0, named=True)
    assert zinc["legal_authority"] == "Section 2(d)(2)(B)(ii) | Section 2(d)(2)(B)(v)"
    assert zinc["date_added"] == "2025-01-15" and zinc["effective_dates"] == "2025-01-15 | 2025-01-15"
    daqo_dates = frame.filter(frame["name"] == "Xinjiang Daqo New Energy Co., Ltd.")["effective_dates"][0]
    assert daqo_dates == "2022-06-21 | 2024-11-25"  # the (v) listing came later
    xpcc = frame.filter(frame["name"].str.starts_with("Xinjiang Production and Construction Corps")).row(
        0, named=True
    )
    assert xpcc["aliases"] == "XPCC | Xinjiang Corps | Bingtuan"
    assert xpcc["legal_authority"].count("Section") == 3
    daqo = frame.filter(frame["name"] == "Xinjiang Daqo New Energy Co., Ltd.").row(0, named=True)
    assert daqo["aliases"] == (
        "Xinjiang Great New Energy Co., Ltd. | Xinjiang Daxin Energy Co., Ltd. | "
        "Xinjiang Daqin Energy Co., Ltd."
    )


def test_ilab_page_link_to_the_workbook_is_followed(source_server, data_dir):
    result = _refresh("ilab_goods", source_server.at(GOOD["ilab_goods"]))
    assert result.status == "activated"
    assert result.edition == "2022 (DOL List of Goods download)"
    assert result.rows == 467
    added = {(r["good"], r["country"]) for r in result.changes["added"]}
    assert added == {("Blueberries", "Argentina"), ("Salt", "Cambodia"), ("Fluorspar (mineral)", "Mongolia")}
    shrimp = [c for c in result.changes["changed"] if c["country"] == "Thailand"]
    assert {(c["column"], c["from"], c["to"]) for c in shrimp} == {
        ("listing_type", "forced_labor", "both"),
        ("forced_child_labor", "No", "Yes"),
    }
    # The 2022 workbook lacks the 2024 additions the bundled edition applies: a refresh from it says so.
    removed = {(r["good"], r["country"]) for r in result.changes["removed"]}
    assert len(removed) == 11 and ("Nickel", "Indonesia") in removed
    assert result.changes["summary"].startswith("3 goods x country added, 11 removed, 3 changed")


def test_tip_page_tier_headings_give_188_placements_and_keep_history(source_server, data_dir):
    result = _refresh("tip_tiers", source_server.at(GOOD["tip_tiers"]))
    assert result.status == "activated"
    assert result.edition == "2025 (state.gov tier placements)"
    assert result.rows == 188
    assert result.changes["summary"] == "0 tier change(s)"
    frame = load_catalog(get_settings().rules_dir, data_dir).frame("tip_tiers")
    afghanistan = frame.filter(frame["country"] == "Afghanistan").row(0, named=True)
    assert (afghanistan["tier"], afghanistan["report_year"]) == ("Tier 3", "2025")
    assert afghanistan["earlier_placements"] == "2024: Tier 3; 2023: Tier 3"  # same report: history kept
    assert sorted(frame.filter(frame["tier"] == "Special Case")["country"].to_list()) == [
        "Haiti",
        "Libya",
        "Somalia",
        "Yemen",
    ]


@pytest.mark.parametrize("dataset", list(GOOD))
def test_plain_csv_in_the_datasets_own_columns_is_accepted(dataset, source_server, data_dir):
    result = _refresh(dataset, source_server.at(f"bundled/{dataset}.csv"))
    assert result.format == "plain_csv"
    assert result.status == "unchanged"  # the mirror holds the edition in use
    assert list_versions(data_dir, dataset) == []


def test_new_version_is_kept_beside_the_old_with_its_change_report(source_server, data_dir):
    first = _refresh("cbp_wro", source_server.at(GOOD["cbp_wro"]))
    back = _refresh("cbp_wro", source_server.at("bundled/cbp_wro.csv"))  # a mirror of the older edition
    assert back.status == "activated" and back.format == "plain_csv"
    assert back.changes["summary"] == "2 entities added, 0 removed, 1 changed (status)"
    versions = list_versions(data_dir, "cbp_wro")
    assert [v.version for v in versions] == sorted([first.version, back.version])
    assert [v.active for v in versions if v.version == back.version] == [True]
    report = json.loads(Path(back.changes_path).read_text())
    assert Path(back.changes_path).parent == data_dir / "indicators" / "cbp_wro" / back.version
    assert report["from"]["version"] == first.version and report["to"]["version"] == back.version
    again = _refresh("cbp_wro", source_server.at("bundled/cbp_wro.csv"))
    assert again.status == "unchanged" and len(list_versions(data_dir, "cbp_wro")) == 2


def test_dry_run_validates_and_reports_but_stages_nothing(source_server, data_dir):
    result = _refresh("uflpa", source_server.at(GOOD["uflpa"]), dry_run=True)
    assert result.status == "validated"
    assert result.changes["counts"] == {"added": 0, "removed": 0, "changed": 1}
    assert list_versions(data_dir, "uflpa") == [] and active_version(data_dir, "uflpa") is None


def test_partial_edition_below_the_declared_minimum_is_refused(source_server, data_dir):
    """The older UFLPA list (107 entities) is a whole file but breaks rows.min (140): a partial edition."""
    with pytest.raises(SourceError) as info:
        _refresh("uflpa", source_server.at("uflpa/uflpa_2024-11-25.csv"))
    assert "rows_min" in str(info.value) and "107 rows" in str(info.value)
    assert active_version(data_dir, "uflpa") is None


def test_checksum_mismatch_is_refused(source_server, data_dir):
    with pytest.raises(SourceError) as info:
        _refresh("tip_tiers", source_server.at(GOOD["tip_tiers"]), expected_sha256="0" * 64)
    assert "expected sha256 " + "0" * 64 in str(info.value)
    assert active_version(data_dir, "tip_tiers") is None


def test_downloads_send_the_configured_user_agent(source_server, data_dir, monkeypatch):
    monkeypatch.setenv("SCREENING_USER_AGENT", "fl-screening-test/9.9 (+ops@example.org)")
    _refresh("tip_tiers", source_server.at(GOOD["tip_tiers"]), dry_run=True)
    seen = [r["user_agent"] for r in source_server.requests if r["path"].startswith("/tip_tiers/2025")]
    assert seen[-1] == "fl-screening-test/9.9 (+ops@example.org)"

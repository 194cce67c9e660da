"""Loading the bundled datasets: row counts, checksums, ISO codes, the 2024 removals, TIP tiers, DuckDB."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from screening.errors import InputError
from screening.indicators import Catalog, DatasetIntegrityError, load_catalog, reading

PROJECT = Path(__file__).resolve().parents[2]
RULES = PROJECT / "rules"

#: The datasets this area bundles, with the row counts a reviewer can check against PROVENANCE.md.
BUNDLED_ROWS = {
    # 467 pairs of the 2022 list minus 3 rows removed in 2024 (shrimp/Thailand kept, FL), plus 11 new pairs
    # of the 2024 additions (2 more additions are forced-labour listings on existing rows)
    "ilab_goods": 475,
    "ilab_advancement": 143,
    "tip_tiers": 188,
    "gsi_2023": 180,
    "ilo_ratifications": 131,
    "uflpa": 144,
    "cbp_wro": 79,
}
TIERS = {"Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3", "Special Case"}


def test_catalog_lists_datasets_sorted_by_id(catalog: Catalog) -> None:
    ids = list(catalog.datasets)
    assert ids == sorted(ids)
    assert set(BUNDLED_ROWS) <= set(ids)


@pytest.mark.parametrize(("dataset_id", "rows"), sorted(BUNDLED_ROWS.items()))
def test_dataset_loads_with_its_declared_row_count(catalog: Catalog, dataset_id: str, rows: int) -> None:
    frame = catalog.frame(dataset_id)
    meta = catalog.datasets[dataset_id]
    assert frame.height == rows == meta.rows
    assert meta.expectations.rows.min <= rows <= meta.expectations.rows.max
    assert frame.columns == [*meta.columns, "country_code"]
    assert all(dtype == pl.String for dtype in frame.dtypes)


def test_every_dataset_matches_its_declared_rows(catalog: Catalog) -> None:
    for dataset_id, meta in catalog.datasets.items():
        assert catalog.frame(dataset_id).height == meta.rows, dataset_id


def test_every_country_name_in_every_dataset_maps_to_an_iso_code(catalog: Catalog) -> None:
    unmapped: dict[str, list[str]] = {}
    for dataset_id, meta in catalog.datasets.items():
        if meta.country_column is None:
            continue
        frame = catalog.frame(dataset_id)
        bad = frame.filter(pl.col(meta.country_column).is_not_null() & pl.col("country_code").is_null())
        if bad.height:
            unmapped[dataset_id] = sorted(set(bad.get_column(meta.country_column).to_list()))
    assert unmapped == {}, f"country spellings with no ISO code: {unmapped}"


def test_country_codes_are_the_expected_ones(catalog: Catalog) -> None:
    def code(dataset_id: str, column: str, value: str) -> str | None:
        hit = catalog.frame(dataset_id).filter(pl.col(column) == value)
        return hit.get_column("country_code").unique().item()

    assert code("ilab_goods", "country", "Burma") == "MM"
    assert code("ilab_goods", "country", "Congo, Democratic Republic of the") == "CD"
    assert code("tip_tiers", "country", "Korea, Democratic Republic of") == "KP"
    assert code("tip_tiers", "country", "Congo, Republic of") == "CG"
    assert code("ilab_advancement", "country", "Turkey (Türkiye)") == "TR"
    assert code("gsi_2023", "country", "Brunei Darussalam") == "BN"
    assert code("ilo_ratifications", "country", "West Bank and the Gaza Strip") == "PS"


def test_uflpa_has_no_country_column_and_cbp_vessel_has_no_country(catalog: Catalog) -> None:
    assert catalog.datasets["uflpa"].country_column is None
    assert catalog.frame("uflpa").get_column("country_code").null_count() == 144
    cbp = catalog.frame("cbp_wro")
    assert cbp.filter(pl.col("country_code").is_null()).get_column("entity_or_scope").to_list() == [
        "Fishing Vessel: Da Wang",
        "Fishing Vessel: Lien Yi Hsing No. 12",
        "Dalian Ocean Fishing Co., Ltd.",
        "Fishing Vessel: Hangton No. 112",
        "Fishing Vessel: Da Wang",
        "Fishing Vessel: Tunago No. 61",
    ]
    assert set(cbp.filter(pl.col("country_code").is_null()).get_column("scope").to_list()) == {"vessel"}
    assert cbp.filter(pl.col("country") == "China").get_column("country_code").unique().to_list() == ["CN"]


def test_tampered_copy_is_refused_naming_expected_and_actual(rules_copy: Path) -> None:
    csv = rules_copy / "indicators" / "tip_tiers.csv"
    expected = load_catalog(rules_copy).datasets["tip_tiers"].sha256
    csv.write_bytes(csv.read_bytes().replace(b"Turkmenistan,Tier 2 Watch List", b"Turkmenistan,Tier 1"))
    actual = reading.sha256_file(csv)
    with pytest.raises(DatasetIntegrityError) as err:
        load_catalog(rules_copy)
    msg = str(err.value)
    assert str(csv) in msg and "tip_tiers.yml" in msg
    assert f"expected {expected}" in msg and f"actual {actual}" in msg
    assert err.value.exit_code == 1


def test_truncated_copy_with_updated_checksum_is_refused_by_row_count(rules_copy: Path) -> None:
    folder = rules_copy / "indicators"
    csv = folder / "uflpa.csv"
    lines = csv.read_bytes().split(b"\n")
    csv.write_bytes(b"\n".join(lines[:11]) + b"\n")
    meta = folder / "uflpa.yml"
    text = meta.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("sha256:"))
    meta.write_text(text.replace(old, f"sha256: {reading.sha256_file(csv)}"), encoding="utf-8")
    with pytest.raises(DatasetIntegrityError, match=r"has 10 data rows but .*uflpa\.yml declares rows: 144"):
        load_catalog(rules_copy)


def test_renamed_column_is_refused_as_a_schema_change(rules_copy: Path) -> None:
    folder = rules_copy / "indicators"
    csv = folder / "gsi_2023.csv"
    csv.write_bytes(csv.read_bytes().replace(b"prevalence_per_1000", b"prevalence", 1))
    meta = folder / "gsi_2023.yml"
    text = meta.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("sha256:"))
    meta.write_text(text.replace(old, f"sha256: {reading.sha256_file(csv)}"), encoding="utf-8")
    with pytest.raises(
        DatasetIntegrityError, match=r"missing \['prevalence_per_1000'\], unexpected \['prevalence'\]"
    ):
        load_catalog(rules_copy)


def test_each_csv_is_read_once_per_process(rules_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = reading.sha256_bytes

    def counting(data: bytes) -> str:
        calls.append(len(data))
        return real(data)

    monkeypatch.setattr(reading, "sha256_bytes", counting)
    cat = load_catalog(rules_copy)
    first = len(calls)
    assert first == len(cat.datasets)
    load_catalog(rules_copy).frame("ilab_goods")
    cat.frame("tip_tiers")
    assert len(calls) == first
    frame = cat.frame("gsi_2023")
    frame.insert_column(0, pl.Series("x", [1] * frame.height))  # callers may mutate their copy
    assert "x" not in cat.frame("gsi_2023").columns


def test_unknown_dataset_id_is_an_input_error(catalog: Catalog) -> None:
    with pytest.raises(InputError, match=r"unknown indicator dataset 'ilab'; known datasets: .*ilab_goods"):
        catalog.frame("ilab")


# --------------------------------------------------------------------------- ILAB List of Goods
def _goods(catalog: Catalog, good: str, country: str) -> list[dict[str, str | None]]:
    frame = catalog.frame("ilab_goods")
    return frame.filter((pl.col("good") == good) & (pl.col("country") == country)).to_dicts()


def test_2024_removals_are_absent_and_recorded(catalog: Catalog) -> None:
    changes = [c for c in catalog.datasets["ilab_goods"].changes_applied if c.change == "removed"]
    assert [(c.good, c.country) for c in changes] == [
        ("Blueberries", "Argentina"),
        ("Salt", "Cambodia"),
        ("Shrimp", "Thailand"),
        ("Fluorspar (mineral)", "Mongolia"),
    ]
    for change in changes:
        assert change.edition.startswith("2024")
        assert change.listing == "child_labor"
        assert any("thompsonhine" in url for url in change.source_urls)
        rows = _goods(catalog, change.good, change.country)
        assert all(r["child_labor"] == "No" and r["forced_child_labor"] == "No" for r in rows), change
    assert _goods(catalog, "Blueberries", "Argentina") == []
    assert _goods(catalog, "Salt", "Cambodia") == []
    assert _goods(catalog, "Fluorspar (mineral)", "Mongolia") == []


def test_shrimp_from_thailand_keeps_only_its_forced_labour_listing(catalog: Catalog) -> None:
    (row,) = _goods(catalog, "Shrimp", "Thailand")
    assert (row["child_labor"], row["forced_labor"], row["listing_type"]) == ("No", "Yes", "forced_labor")
    shrimp_change = next(c for c in catalog.datasets["ilab_goods"].changes_applied if c.good == "Shrimp")
    assert shrimp_change.notes is not None and "forced-labour listing" in shrimp_change.notes


def test_known_listings_are_present(catalog: Catalog) -> None:
    (cotton,) = _goods(catalog, "Cotton", "Turkmenistan")
    assert (cotton["forced_labor"], cotton["country_code"]) == ("Yes", "TM")
    (bricks,) = _goods(catalog, "Bricks", "Afghanistan")
    assert bricks["listing_type"] == "both"
    frame = catalog.frame("ilab_goods")
    assert frame.get_column("listing_type").value_counts().sort("listing_type").rows() == [
        ("both", 79),
        ("child_labor", 331),
        ("derived (produced with inputs made with child/forced labor)", 10),
        ("forced_labor", 55),
    ]


def test_2024_additions_are_rows_or_recorded_as_not_applied(catalog: Catalog) -> None:
    added = [c for c in catalog.datasets["ilab_goods"].changes_applied if c.edition.startswith("2024")]
    assert len([c for c in added if c.change != "removed"]) == 18
    (nickel,) = _goods(catalog, "Nickel", "Indonesia")
    assert (nickel["forced_labor"], nickel["child_labor"], nickel["country_code"]) == ("Yes", "No", "ID")
    (shrimp,) = _goods(catalog, "Shrimp", "India")
    assert shrimp["listing_type"] == "forced_labor"
    (cobalt,) = _goods(catalog, "Cobalt ore (heterogenite)", "Congo, Democratic Republic of the")
    assert (cobalt["child_labor"], cobalt["forced_labor"], cobalt["listing_type"]) == ("Yes", "Yes", "both")
    china_2024 = {
        "Aluminum",
        "Caustic Soda",
        "Jujubes",
        "Metallurgical-Grade Silicon",
        "Polyvinyl chloride (PVC)",
        "Squid",
    }
    frame = catalog.frame("ilab_goods").filter(pl.col("country") == "China")
    assert china_2024 <= set(frame.get_column("good").to_list())
    not_applied = [c.good for c in added if c.change == "not_applied"]
    assert len(not_applied) == 5 and "Lead" in not_applied
    assert "17 of 72 additions" in catalog.datasets["ilab_goods"].edition


# --------------------------------------------------------------------------- other datasets
def test_advancement_blank_for_the_twelve_unassessed_countries(catalog: Catalog) -> None:
    frame = catalog.frame("ilab_advancement")
    blank = frame.filter(pl.col("advancement_level_2022").is_null()).get_column("country").to_list()
    assert len(blank) == 12
    assert {"China", "Malaysia", "Vietnam", "Turkmenistan"} <= set(blank)
    assert all(name in catalog.datasets["ilab_advancement"].coverage for name in blank)


def test_gsi_blank_victims_mean_not_estimated(catalog: Catalog) -> None:
    frame = catalog.frame("gsi_2023")
    not_estimated = frame.filter(pl.col("has_gsi_estimate") == "no")
    assert not_estimated.height == 20
    assert not_estimated.get_column("estimated_victims").null_count() == 20
    (nk,) = frame.filter(pl.col("country_code") == "KP").to_dicts()
    assert nk["prevalence_per_1000"] == "104.6"


def test_ilo_ratifications_say_forced_labour_conventions_are_missing(catalog: Catalog) -> None:
    meta = catalog.datasets["ilo_ratifications"]
    assert "C029, P029 and C105 are NOT included" in " ".join(meta.coverage.split())
    frame = catalog.frame("ilo_ratifications")
    assert set(frame.get_column("C_138_Ratified").unique().to_list()) == {"Yes", "No", "N/A"}


def test_uflpa_holds_all_144_entities_with_the_xpcc_and_its_sections(catalog: Catalog) -> None:
    frame = catalog.frame("uflpa")
    assert frame.height == 144 and "144 entities" in catalog.datasets["uflpa"].edition
    (xpcc,) = frame.filter(pl.col("name").str.contains("Production and Construction Corps")).to_dicts()
    assert xpcc["aliases"] == "XPCC | Xinjiang Corps | Bingtuan"
    assert xpcc["legal_authority"].count("Section") == 3 and xpcc["date_added"] == "2022-06-21"
    (esquel,) = frame.filter(pl.col("name") == "Changji Esquel Textile Co., Ltd.").to_dicts()
    assert esquel["date_added"] == "2022-06-21"  # DHS's 2024-11-01 date is a move to section (v)
    assert esquel["effective_dates"] == "2024-11-01"
    assert frame.get_column("date_added").null_count() == 0


# --------------------------------------------------------------------------- TIP tiers
def test_tip_tiers_one_row_per_country_with_report_year(catalog: Catalog) -> None:
    frame = catalog.frame("tip_tiers")
    assert frame.get_column("country_code").n_unique() == frame.height == 188
    assert set(frame.get_column("tier").unique().to_list()) == TIERS
    assert frame.get_column("report_year").null_count() == 0
    assert frame.get_column("report_year").unique().to_list() == ["2025"]
    counts = dict(frame.get_column("tier").value_counts().rows())
    assert counts == {"Tier 1": 33, "Tier 2": 106, "Tier 2 Watch List": 25, "Tier 3": 20, "Special Case": 4}


def test_tip_tiers_show_how_each_tier_is_supported(catalog: Catalog) -> None:
    frame = catalog.frame("tip_tiers")

    def row(code: str) -> dict[str, str | None]:
        (found,) = frame.filter(pl.col("country_code") == code).to_dicts()
        return found

    tm = row("TM")
    assert (tm["tier"], tm["report_year"], tm["verified_in_sources"]) == ("Tier 2 Watch List", "2025", "2")
    de = row("DE")
    assert (de["tier"], de["verified_in_sources"]) == ("Tier 1", "1")
    assert de["notes"] is not None and "second-hand" in de["notes"]
    ht = row("HT")
    assert ht["tier"] == "Special Case" and ht["notes"] is not None and "Factbook" in ht["notes"]
    kr = row("KR")
    assert kr["earlier_placements"] is not None and "2023: Tier 2" in kr["earlier_placements"]
    assert row("KP")["tier"] == "Tier 3"


# --------------------------------------------------------------------------- DuckDB
def test_register_creates_queryable_tables(catalog: Catalog) -> None:
    con = duckdb.connect()
    catalog.register(con)
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {f"ind_{i}" for i in catalog.datasets} | {"indicator_datasets"} <= tables
    tier = con.execute(
        "SELECT tier, report_year FROM ind_tip_tiers WHERE country_code = ?", ["TM"]
    ).fetchall()
    assert tier == [("Tier 2 Watch List", "2025")]
    goods = con.execute(
        "SELECT good FROM ind_ilab_goods WHERE country_code = ? AND forced_labor = ? ORDER BY good",
        ["UZ", "Yes"],
    ).fetchall()
    assert goods == [("Silk Cocoons",)]
    summary = con.execute(
        "SELECT id, rows, edition, licence, sha256 FROM indicator_datasets WHERE id = ?", ["uflpa"]
    ).fetchone()
    assert summary is not None
    assert summary[:2] == ("uflpa", 144)
    assert summary[4] == catalog.datasets["uflpa"].sha256
    counts = dict(con.execute("SELECT id, rows FROM indicator_datasets").fetchall())
    for dataset_id in catalog.datasets:
        (n,) = con.execute(f'SELECT count(*) FROM "ind_{dataset_id}"').fetchone() or (None,)
        assert n == counts[dataset_id]


def test_register_twice_replaces_tables(catalog: Catalog) -> None:
    con = duckdb.connect()
    catalog.register(con)
    catalog.register(con)
    assert con.execute("SELECT count(*) FROM ind_cbp_wro").fetchone() == (79,)


def test_versions_report_bundled_editions(catalog: Catalog) -> None:
    versions = catalog.versions()
    assert list(versions) == list(catalog.datasets)
    v = versions["ilab_goods"]
    assert v["source"] == "bundled" and v["rows"] == 475 and v["as_of"] == "2024-09-05"
    assert v["edition"].startswith("2022") and v["path"].endswith("rules/indicators/ilab_goods.csv")

"""The risk-context datasets speak the normalised frame's vocabulary (rules/indicators/*.csv).

region_contexts joins on (region_code, sector), sector_risk on (sector, country_code) and
migrant_corridors on (country_code, sector): every value must be one normalisation can produce.
"""

from __future__ import annotations

import polars as pl
import pycountry
import pytest

from screening.normalize.goods_vocab import Vocabulary, load_vocabulary
from screening.normalize.regions import detect_region
from screening.settings import get_settings

DATASETS = ("region_contexts", "sector_risk", "migrant_corridors")


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary(get_settings().rules_dir)


def _read(name: str) -> pl.DataFrame:
    return pl.read_csv(get_settings().rules_dir / "indicators" / f"{name}.csv", infer_schema_length=0)


@pytest.mark.parametrize("name", DATASETS)
def test_sectors_levels_and_sources_are_valid(vocab: Vocabulary, name: str) -> None:
    frame = _read(name)
    assert set(frame["sector"]) <= set(vocab.sector_groups)
    assert set(frame["level"]) == {"high", "elevated"}
    assert frame["source_url"].str.starts_with("https://").all()
    assert frame["source_year"].cast(pl.Int32).is_between(2005, 2026).all()
    assert frame["summary"].str.len_chars().min() >= 30  # type: ignore[operator]


@pytest.mark.parametrize("name", ["sector_risk", "migrant_corridors"])
def test_countries_are_explicit_iso_codes(name: str) -> None:
    codes = set(_read(name)["country"])
    assert all(pycountry.countries.get(alpha_2=c) is not None for c in codes), codes


def test_region_contexts_name_regions_that_normalisation_finds() -> None:
    frame = _read("region_contexts")
    assert all(pycountry.subdivisions.get(code=c) is not None for c in frame["region_code"])
    for code, place in [
        ("IN-TN", "Tirupur"),
        ("IT-PO", "Prato"),
        ("GB-LCE", "Leicester"),
        ("TH-74", "Mahachai"),
        ("CD-LU", "Kolwezi"),
        ("CD-HK", "Likasi"),
        ("MY-12", "Tawau"),
        ("MY-13", "Miri"),
        ("BR-PA", "Belém"),
        ("BR-MA", "Imperatriz"),
        ("IN-JH", "Giridih"),
        ("IN-BR", "Nawada"),
        ("IN-UP", "Kanpur"),
        ("IN-PB", "Jalandhar"),
    ]:
        assert code in set(frame["region_code"])
        assert detect_region(code[:2], None, place, None) == code


def test_region_contexts_are_scoped_by_sector() -> None:
    prato = _read("region_contexts").filter(pl.col("region_code") == "IT-PO")
    assert prato["sector"].to_list() == ["garments"]  # Prato's wool combing and spinning are not in it
    tamil_nadu = set(_read("region_contexts").filter(pl.col("region_code") == "IN-TN")["sector"])
    assert tamil_nadu == {"textiles", "garments"}


def test_corridors_cover_every_country_of_migrant_contexts_and_the_named_corridors() -> None:
    corridors = {(c, s) for c, s in _read("migrant_corridors").select("country", "sector").iter_rows()}
    contexts = _read("migrant_contexts")
    from screening.normalize.countries import to_alpha2

    assert {to_alpha2(c) for c in contexts["country"]} <= {c for c, _ in corridors}
    for pair in [
        ("MY", "electronics"),
        ("MY", "gloves_medical"),
        ("MY", "agriculture"),
        ("TH", "seafood_processing"),
        ("TW", "fishing"),
        ("JO", "garments"),
        ("MU", "garments"),
        ("QA", "construction"),
        ("SA", "domestic_work"),
        ("AE", "hospitality"),
        ("KR", "fishing"),
        ("IT", "agriculture"),
    ]:
        assert pair in corridors


def test_sector_risk_includes_services_and_derives_the_ilab_rows() -> None:
    frame = _read("sector_risk")
    assert {"construction", "domestic_work", "security", "labour_agencies"} <= set(frame["sector"])
    ilab = frame.filter(pl.col("source_title").str.starts_with("List of Goods Produced"))
    assert ilab.filter((pl.col("sector") == "electronics") & (pl.col("country") == "MY"))[
        "level"
    ].to_list() == ["high"]
    assert frame.select(pl.struct("sector", "country", "source_title").is_unique().all()).item()

"""Sector, region and workforce columns on excerpts of the three published lists (tests/fixtures/real_lists).

The excerpts are rows copied from Nike's manufacturing map export, Benetton's supplier list and Apple's
supplier lists (see tests/fixtures/real_lists/README.md); each is read with its preset as a user would.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from screening.ingest import read_inputs
from screening.normalize.countries import add_country_codes
from screening.normalize.goods import add_goods
from screening.normalize.regions import add_region_codes

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "real_lists"


@pytest.fixture(scope="module")
def lists() -> dict[str, pl.DataFrame]:
    out = {}
    for key, name in [
        ("nike", "nike_imap_export_excerpt.csv"),
        ("benetton", "benetton_suppliers_excerpt.csv"),
        ("apple", "apple_supplier_list_excerpt.csv"),
    ]:
        frame = read_inputs([FIXTURES / name], mapping=None, sheet=None).frame
        out[key] = add_goods(add_region_codes(add_country_codes(frame)))
    return out


def test_every_row_has_a_sector_and_the_lists_together_have_at_least_six(
    lists: dict[str, pl.DataFrame],
) -> None:
    sectors: set[str] = set()
    for frame in lists.values():
        assert frame["sector"].null_count() == 0
        assert frame["sector_source"].null_count() == 0
        sectors |= set(frame["sector"])
    assert {
        "garments",
        "textiles",
        "footwear",
        "electronics",
        "toys_sporting_goods",
        "accessories",
    } <= sectors


def test_apple_is_electronics_from_the_facility_type(lists: dict[str, pl.DataFrame]) -> None:
    apple = lists["apple"]
    assert set(apple.select("sector", "sector_group", "sector_source").unique().rows()) == {
        ("electronics", "manufacturing", "facility_type")
    }


def test_benetton_spinning_mills_are_textiles_and_its_garment_makers_garments(
    lists: dict[str, pl.DataFrame],
) -> None:
    benetton = lists["benetton"]
    spinning = benetton.filter(pl.col("production_phase").str.contains("SPINNING"))
    assert spinning.height > 0 and set(spinning["sector"]) == {"textiles"}
    making = benetton.filter(
        (pl.col("production_phase") == "MANUFACTURING") & (pl.col("goods") == "Garments")
    )
    assert making.height > 0 and set(making["sector"]) == {"garments"}


def test_nike_materials_mills_for_apparel_are_textiles(lists: dict[str, pl.DataFrame]) -> None:
    nike = lists["nike"]
    materials = nike.filter((pl.col("facility_type") == "MATERIALS") & (pl.col("goods_raw") == "Apparel"))
    assert materials.height > 0 and set(materials["sector"]) == {"textiles"}
    finished = nike.filter(
        (pl.col("facility_type") == "FINISHED GOODS") & (pl.col("goods_raw") == "Footwear")
    )
    assert set(finished["sector"]) == {"footwear"}


def test_benetton_and_nike_give_worker_counts_and_migrant_shares(lists: dict[str, pl.DataFrame]) -> None:
    benetton, nike = lists["benetton"], lists["nike"]
    row = benetton.filter(pl.col("supplier_name") == "Akin Tekstil A.S").row(0, named=True)
    assert (row["workers_range"], row["workers"], row["migrant_worker_share"]) == ("501-1500", 1500.0, 0.0)
    assert benetton["migrant_worker_share"].drop_nulls().len() > 0
    formosa = nike.filter(pl.col("supplier_name").str.starts_with("FORMOSA TING SHO")).row(0, named=True)
    assert (formosa["workers"], formosa["migrant_worker_share"]) == (75.0, 0.55)
    assert nike["workers"].null_count() == 0 and nike["migrant_worker_share"].null_count() == 0


def test_tirupur_and_prato_rows_get_their_region(lists: dict[str, pl.DataFrame]) -> None:
    benetton = lists["benetton"]
    tirupur = benetton.filter(pl.col("city") == "Tirupur")
    assert tirupur.height > 0 and set(tirupur["region_code"]) == {"IN-TN"}

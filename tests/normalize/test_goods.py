"""Goods and sector normalisation (screening/normalize/goods.py, rules/goods/*.yml).

Uses the project's own rules/goods vocabulary. Config-error tests copy it to a temporary folder and
break one thing.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import polars as pl
import pytest

from screening.errors import ConfigError
from screening.normalize.goods import (
    add_goods,
    canonicalise,
    hs_goods,
    inferred_goods_table,
    load_vocabulary,
    resolve,
    sector_from_raw,
)
from screening.normalize.goods_vocab import SECTOR_GROUPS, Vocabulary, tokens

RULES = Path(__file__).resolve().parents[2] / "rules"
ACAI = "Ac\u0327ai\u0301 Berries"  # the list writes it decomposed (NFD); canonical names are byte-exact
#: Spellings of goods, HS codes and sector values met in real lists, with what each must map to.
CASES = Path(__file__).with_name("goods_cases.csv")


def cases(table: str) -> list[tuple[str, str]]:
    """(written, expected) of one table of ``goods_cases.csv``: goods spellings, HS codes or sectors."""
    with CASES.open(encoding="utf-8", newline="") as f:
        return [(row["written"], row["expected"]) for row in csv.DictReader(f) if row["table"] == table]


def goods(expected: str) -> list[str]:
    """The canonical goods of a case, written ``A; B`` in the CSV."""
    return expected.split("; ") if expected else []


SPELLINGS = cases("spelling")
HS_CASES = cases("hs_code")
SECTOR_CASES = cases("sector")


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary(RULES)


# ------------------------------------------------------------------ the vocabulary itself


def test_vocabulary_holds_all_169_ilab_2022_goods_with_their_ilab_sector(vocab: Vocabulary) -> None:
    ilab = {name: g for name, g in vocab.goods.items() if g.source == "ilab"}
    assert len(ilab) == 169
    assert ilab["Cotton"].ilab_sector == "Agriculture"
    assert ilab["Garments"].ilab_sector == "Manufacturing"
    assert ilab["Cobalt ore (heterogenite)"].ilab_sector == "Mining"
    assert ilab["Pornography"].ilab_sector == "Other"
    for name in (
        ACAI, "Beans (green, soy, yellow)", "Bidis (hand-rolled cigarettes)",
        "Brazil Nuts/Chestnuts", "Fruit (Pome and Stone)", "Khat/Miraa (stimulant plant)",
        "Leather Goods/Accessories", "Lithium-Ion Batteries",
        "Photovoltaic Ingots", "Photovoltaic Wafers", "Solar Cells", "Solar Modules", "Polysilicon",
        "Tomato Products", "Palm Fruit", "Rubber Gloves", "Gloves", "Thread/Yarn", "Tin ore (cassiterite)",
        "Tantalum ore (coltan)", "Tungsten ore (wolframite)", "Crude Palm Oil", "Refined Palm Kernel Oil",
    ):  # fmt: skip
        assert name in ilab, name


def test_every_good_of_the_bundled_ilab_dataset_is_a_canonical_good_with_its_sector(
    vocab: Vocabulary,
) -> None:
    bundled = pl.read_csv(RULES / "indicators" / "ilab_goods.csv", infer_schema=False)
    pairs = bundled.select("good", "sector").unique().rows()
    assert len({good for good, _ in pairs}) >= 160
    for good, sector in pairs:
        assert good in vocab.goods, good
        assert vocab.goods[good].ilab_sector == sector, good


def test_every_good_has_a_sector_of_the_contract_and_our_goods_say_why(vocab: Vocabulary) -> None:
    assert all(g.sector in SECTOR_GROUPS for g in vocab.goods.values())
    ours = [g for g in vocab.goods.values() if g.source != "ilab"]
    assert 5 <= len(ours) <= 25
    assert all(g.note for g in ours)
    assert vocab.goods["Fish"].sector == "fishing" and vocab.goods["Shrimp"].sector == "fishing"
    assert vocab.goods["Timber"].sector == "forestry" and vocab.goods["Cotton"].sector == "agriculture"


def test_tokens_ignore_case_accents_punctuation_and_plurals() -> None:
    assert tokens("Açaí Berries") == tokens("acai berry")
    assert tokens("T-Shirts") == ("t", "shirt")
    assert tokens("TOMATOES") == tokens("tomato")
    assert tokens("glasses") == ("glass",)
    assert tokens("Hand-knotted  Carpets!") == ("hand", "knotted", "carpet")


def test_narrower_lists_the_kinds_of_a_good(vocab: Vocabulary) -> None:
    assert set(vocab.narrower("Bricks")) == {"Bricks (clay)"}
    assert "Rubber Gloves" in vocab.narrower("Gloves")
    assert {"Tilapia (fish)", "Nile Perch (fish)", "Dried Fish"} <= set(vocab.narrower("Fish"))


# ------------------------------------------------------------------ free text -> canonical goods


@pytest.mark.parametrize(("raw", "expected"), SPELLINGS, ids=[s for s, _ in SPELLINGS])
def test_real_world_spelling_maps_to_canonical_goods(vocab: Vocabulary, raw: str, expected: str) -> None:
    assert canonicalise(raw, vocab) == (goods(expected), [])


def test_a_cell_is_split_on_separators_and_keeps_the_written_order(vocab: Vocabulary) -> None:
    goods, unmapped = canonicalise("Toys; Garments, Footwear | accessories\nCocoa", vocab)
    assert goods == ["Toys", "Garments", "Footwear", "Fashion Accessories", "Cocoa"]
    assert unmapped == []


def test_commas_inside_parentheses_do_not_split_a_name(vocab: Vocabulary) -> None:
    assert canonicalise("Beans (green, soy, yellow), rice", vocab) == (
        ["Beans (green, soy, yellow)", "Beans", "Rice"],
        [],
    )


def test_modifiers_around_a_known_good_are_ignored(vocab: Vocabulary) -> None:
    assert canonicalise("100% organic cotton T-shirts", vocab) == (["Cotton", "Garments"], [])


def test_unmapped_terms_are_kept_as_written_and_trimmed(vocab: Vocabulary) -> None:
    assert canonicalise("  Flux Compensators  ", vocab) == ([], ["Flux Compensators"])
    assert canonicalise("Pots & Pans; cotton", vocab) == (["Cotton"], ["Pots & Pans"])


def test_unmapped_sub_terms_next_to_a_known_good_are_reported(vocab: Vocabulary) -> None:
    assert canonicalise("cotton / unobtainium", vocab) == (["Cotton"], ["unobtainium"])
    assert canonicalise("rice and widgets", vocab) == (["Rice"], ["widgets"])


def test_empty_and_placeholder_cells_give_nothing(vocab: Vocabulary) -> None:
    for raw in (None, "", "  ", "n/a", "N/A", "-", " ; ; ", "none", "NULL"):
        assert canonicalise(raw, vocab) == ([], []), raw


def test_a_goods_cell_that_holds_an_hs_code_is_read_as_one(vocab: Vocabulary) -> None:
    assert canonicalise("6109.10", vocab) == (["Garments"], [])
    assert canonicalise("HS 1801; gizmos", vocab) == (["Cocoa"], ["gizmos"])


# ------------------------------------------------------------------ HS codes


@pytest.mark.parametrize(("code", "expected"), HS_CASES, ids=[c for c, _ in HS_CASES])
def test_hs_code_maps_to_goods_on_its_longest_prefix(vocab: Vocabulary, code: str, expected: str) -> None:
    assert hs_goods(code, vocab) == (goods(expected), [])


def test_every_hs_prefix_is_documented_with_its_heading(vocab: Vocabulary) -> None:
    assert len(vocab.hs) >= 200
    assert all(len(vocab.hs_descriptions[p]) > 3 for p in vocab.hs)
    assert vocab.hs_descriptions["5201"].startswith("Cotton, not carded")


def test_unknown_or_malformed_hs_codes_are_reported_as_written(vocab: Vocabulary) -> None:
    assert hs_goods("9999.99; 6109", vocab) == (["Garments"], ["9999.99"])
    assert hs_goods("see attachment", vocab) == ([], ["see attachment"])
    assert hs_goods("n/a", vocab) == ([], [])
    assert hs_goods("5201/5203 / 6109", vocab) == (["Cotton", "Garments"], [])


# ------------------------------------------------------------------ sectors


@pytest.mark.parametrize(("raw", "expected"), SECTOR_CASES, ids=[s for s, _ in SECTOR_CASES])
def test_sector_column_maps_codes_and_words_to_the_sector_vocabulary(
    vocab: Vocabulary, raw: str, expected: str
) -> None:
    assert sector_from_raw(raw, vocab) == expected


def test_sector_column_without_a_recognisable_value_gives_none(vocab: Vocabulary) -> None:
    assert sector_from_raw("n/a", vocab) is None
    assert sector_from_raw("Misc.", vocab) is None
    assert sector_from_raw("A grade supplier", vocab) is None
    assert sector_from_raw(None, vocab) is None


@pytest.mark.parametrize(
    ("goods", "expected"),
    [("shrimp", "fishing"), ("tuna", "fishing"), ("timber", "forestry"), ("cotton", "agriculture"),
     ("cobalt", "mining"), ("garments", "garments"), ("solar modules", "solar"),
     ("rubber gloves", "gloves_medical"), ("bricks", "building_materials"), ("widgets", None), (None, None)],
)  # fmt: skip
def test_sector_follows_the_first_good_when_nothing_else_says(
    vocab: Vocabulary, goods: str | None, expected: str | None
) -> None:
    assert resolve(goods, None, None, None, None, vocab).sector == expected


def test_sector_precedence_column_then_facility_then_phase_then_goods(vocab: Vocabulary) -> None:
    def got(*row: str | None, name: str | None = None) -> tuple[str | None, str | None]:
        res = resolve(*row, vocab=vocab, name=name)  # type: ignore[misc]
        return res.sector, res.sector_source

    assert got("garments", None, "NAICS 313", None, "Warehouse") == ("textiles", "code")
    assert got("garments", None, "Hotels", None, "Warehouse") == ("hospitality", "description")
    assert got("cotton", None, None, None, "Spinning mill") == ("textiles", "facility_type")
    assert got("garments", None, None, None, "Warehouse") == ("logistics", "facility_type")
    assert got(None, None, None, None, "Farm") == ("agriculture", "facility_type")
    assert got(None, None, None, "SPINNING", None) == ("textiles", "phase")
    assert got("shrimp", "6109", None, None, None) == ("fishing", "goods")
    staffing = got(None, None, None, None, None, name="Acme Staffing Solutions Sdn Bhd")
    assert staffing == ("labour_agencies", "name")
    assert got("Apparel", None, None, None, None, name="Acme Textile Mills") == ("garments", "goods")
    assert got(None, None, None, None, None, name="Acme Holdings") == (None, None)


def test_a_generic_source_gives_way_to_a_specific_one(vocab: Vocabulary) -> None:
    # Benetton: MANUFACTURING says "we make it", the ticked APPAREL says what; SPINNING is a textile site.
    assert resolve("Apparel", None, None, "MANUFACTURING", None, vocab).sector == "garments"
    assert resolve("Apparel", None, None, "WET PROCESS; MANUFACTURING", None, vocab).sector == "garments"
    assert resolve("Apparel", None, None, "SPINNING", None, vocab).sector == "textiles"
    assert resolve("Apparel", None, None, "WET PROCESS; WEAVING", None, vocab).sector == "textiles"
    assert resolve("Apparel", None, "Services", None, "Hotel", vocab).sector == "hospitality"
    assert resolve(None, None, "Manufacturing", None, None, vocab).sector == "manufacturing"


def test_a_processing_site_of_a_primary_good_is_its_processing_sector(vocab: Vocabulary) -> None:
    assert resolve("shrimp", None, None, "processing", None, vocab).sector == "seafood_processing"
    assert resolve("shrimp", None, None, None, "Processing plant", vocab).sector == "seafood_processing"
    assert resolve("tuna", None, None, None, "Cannery", vocab).sector == "seafood_processing"
    assert resolve("cotton", None, "Manufacturing", None, "Farm", vocab).sector == "textiles"
    assert resolve("cocoa", None, None, "processing", None, vocab).sector == "food_processing"
    assert resolve("shrimp", None, None, None, "Shrimp farm", vocab).sector == "fishing"


@pytest.mark.parametrize(
    ("facility", "expected"),
    [("Staffing agency", "labour_agencies"), ("Labour contractor", "labour_agencies"),
     ("Cleaning contractor", "cleaning_facility"), ("Security company", "security"),
     ("Industrial laundry", "laundry"), ("Catering company", "hospitality"),
     ("Construction site", "construction"), ("Private household", "domestic_work"),
     ("Freight forwarder", "logistics"), ("Sourcing agent", "trading"), ("Brick kiln", "building_materials")],
)  # fmt: skip
def test_services_facility_types_give_services_sectors(
    vocab: Vocabulary, facility: str, expected: str
) -> None:
    res = resolve(None, None, None, None, facility, vocab)
    assert (res.sector, res.sector_source) == (expected, "facility_type")


def test_every_sector_has_a_group_and_a_label(vocab: Vocabulary) -> None:
    assert set(vocab.sector_groups.values()) <= set(SECTOR_GROUPS)
    assert all(vocab.sector_labels[s] for s in vocab.sector_groups)
    assert vocab.group_of("textiles") == "manufacturing" and vocab.group_of("labour_agencies") == "services"
    assert len(vocab.sector_groups) >= 30


# ------------------------------------------------------------------ inference


def test_spinning_and_weaving_infer_yarn_fabric_and_cotton_after_the_stated_good(vocab: Vocabulary) -> None:
    res = resolve("Apparel", None, None, "SPINNING; WEAVING", None, vocab)
    assert res.stated == ("Garments",)
    assert res.inferred == ("Thread/Yarn", "Cotton", "Textiles")
    assert res.goods == ("Garments", "Thread/Yarn", "Cotton", "Textiles")


def test_wet_processing_infers_textiles_only(vocab: Vocabulary) -> None:
    assert resolve("Apparel", None, None, "WET PROCESS; PRINTING", None, vocab).inferred == ("Textiles",)


def test_a_good_both_stated_and_implied_stays_stated(vocab: Vocabulary) -> None:
    res = resolve("cotton", None, None, "SPINNING", None, vocab)
    assert res.stated == ("Cotton",)
    assert res.inferred == ("Thread/Yarn",)
    assert resolve("Apparel", None, None, "CUT & SEW", None, vocab).inferred == ()


def test_cut_and_sew_without_a_product_infers_garments(vocab: Vocabulary) -> None:
    res = resolve(None, None, None, "Cut & Sew", None, vocab)
    assert (res.stated, res.inferred, res.sector) == ((), ("Garments",), "garments")


def test_nike_factory_types(vocab: Vocabulary) -> None:
    finished = resolve("Apparel", None, None, None, "FINISHED GOODS", vocab)
    assert (finished.stated, finished.inferred) == (("Garments",), ())
    materials = resolve("Apparel", None, None, None, "MATERIALS", vocab)
    assert (materials.stated, materials.inferred) == (("Garments",), ("Textiles",))
    shoe_materials = resolve("Footwear", None, None, None, "MATERIALS", vocab)
    assert (shoe_materials.stated, shoe_materials.inferred) == (("Footwear",), ())
    equipment = resolve("Equipment", None, None, None, "FINISHED GOODS - COMPONENTS", vocab)
    assert (equipment.stated, equipment.unmapped) == (("Equipment",), ())
    assert equipment.sector == "toys_sporting_goods"
    assert (materials.sector, shoe_materials.sector, finished.sector) == ("textiles", "footwear", "garments")


def test_processed_goods_add_their_listed_input_as_inferred(vocab: Vocabulary) -> None:
    assert resolve("crude palm oil", None, None, None, None, vocab).inferred == ("Palm Fruit",)
    assert resolve("palm oil", None, None, None, None, vocab).inferred == ("Palm Fruit",)
    assert resolve("PV modules", None, None, None, None, vocab).inferred == ("Polysilicon",)
    assert resolve("tomato paste", None, None, None, None, vocab).inferred == ("Tomatoes",)
    assert resolve("beef", None, None, None, None, vocab).inferred == ("Cattle", "Bovines")
    assert resolve("solar modules; polysilicon", None, None, None, None, vocab).inferred == ()


def test_hs_goods_follow_text_goods_and_unmapped_codes_are_reported(vocab: Vocabulary) -> None:
    res = resolve("toys", "6109.10; 9999", None, None, None, vocab)
    assert res.stated == ("Toys", "Garments")
    assert res.unmapped == ("9999",)


# ------------------------------------------------------------------ the frame


def _frame(rows: list[dict[str, object]]) -> pl.DataFrame:
    cols = ("goods_raw", "hs_code", "sector_raw", "production_phase", "facility_type")
    return pl.DataFrame(
        {"_key": list(range(len(rows))), **{c: [r.get(c) for r in rows] for c in cols}},
        schema={"_key": pl.Int64, **{c: pl.String for c in cols}},
    )


BENETTON_AND_NIKE_ROWS: list[dict[str, object]] = [
    {"goods_raw": "Apparel", "production_phase": "PRINTING"},
    {"goods_raw": "Apparel", "production_phase": "WET PROCESS; WEAVING"},
    {"goods_raw": "Apparel", "production_phase": "SPINNING; WEAVING"},
    {"goods_raw": "Accessories", "production_phase": "MANUFACTURING"},
    {"goods_raw": "Apparel", "facility_type": "MATERIALS"},
    {"goods_raw": "Footwear", "facility_type": "FINISHED GOODS"},
    {"goods_raw": "Equipment", "facility_type": "FINISHED GOODS"},
    {"goods_raw": "flux compensators", "hs_code": "0306.17", "sector_raw": "Fisheries"},
    {},
]


def test_add_goods_adds_the_contract_columns_with_their_types(vocab: Vocabulary) -> None:
    out = add_goods(_frame(BENETTON_AND_NIKE_ROWS), vocab)
    assert out.schema["goods"] == pl.String
    assert out.schema["sector"] == pl.String
    for col in ("_goods", "_goods_inferred", "_goods_unmapped"):
        assert out.schema[col] == pl.List(pl.String)
    assert out["_key"].to_list() == list(range(len(BENETTON_AND_NIKE_ROWS)))
    assert out["goods"].to_list() == [
        "Garments;Textiles",
        "Garments;Textiles;Thread/Yarn;Cotton",
        "Garments;Thread/Yarn;Cotton;Textiles",
        "Fashion Accessories",
        "Garments;Textiles",
        "Footwear",
        "Equipment",
        "Shrimp",
        "",
    ]
    assert out["_goods_inferred"].to_list()[1] == ["Textiles", "Thread/Yarn", "Cotton"]
    assert out["_goods_unmapped"].to_list()[7] == ["flux compensators"]
    assert out["_goods"].to_list()[8] == []
    assert out["sector"].to_list() == [
        "textiles", "textiles", "textiles", "accessories", "textiles", "footwear", "toys_sporting_goods",
        "fishing", None,
    ]  # fmt: skip
    assert out["sector_group"].to_list() == ["manufacturing"] * 7 + ["fishing", None]
    assert out["sector_source"].to_list() == ["phase"] * 3 + ["goods", "facility_type", "goods", "goods"] + [
        "description", None,
    ]  # fmt: skip


def test_add_goods_keeps_every_other_column_and_replaces_old_outputs(vocab: Vocabulary) -> None:
    frame = _frame([{"goods_raw": "cocoa"}]).with_columns(
        pl.lit("Acme").alias("supplier_name"), pl.lit("stale").alias("goods")
    )
    out = add_goods(frame, vocab)
    assert out["supplier_name"].to_list() == ["Acme"]
    assert out["goods"].to_list() == ["Cocoa"]
    assert out.columns.count("goods") == 1


def test_add_goods_treats_missing_columns_as_null_and_reads_numeric_hs_codes(vocab: Vocabulary) -> None:
    frame = pl.DataFrame({"supplier_id": ["a", "b"], "hs_code": [520100, None]})
    out = add_goods(frame, vocab)
    assert out["goods"].to_list() == ["Cotton", ""]
    assert out["sector"].to_list() == ["agriculture", None]
    assert out.columns[:2] == ["supplier_id", "hs_code"]
    assert out.schema["hs_code"] == pl.Int64


def test_add_goods_is_deterministic_and_independent_of_row_order(vocab: Vocabulary) -> None:
    rows = BENETTON_AND_NIKE_ROWS * 50
    frame = _frame(rows)
    first = add_goods(frame, vocab)
    assert first.equals(add_goods(frame, vocab))
    shuffled = add_goods(frame.sample(fraction=1.0, shuffle=True, seed=3), vocab).sort("_key")
    assert shuffled.equals(first)


def test_add_goods_agrees_with_resolve_on_every_combination(vocab: Vocabulary) -> None:
    values = {
        "goods_raw": ["cotton", "crude palm oil; widgets", None],
        "hs_code": ["0306.17", None],
        "sector_raw": ["Hotels", None],
        "production_phase": ["SPINNING", None],
        "facility_type": ["MATERIALS", "Farm", None],
    }
    rows: list[dict[str, object]] = [{}]
    for col, options in values.items():
        rows = [{**row, col: value} for row in rows for value in options]
    out = add_goods(_frame(rows), vocab)
    for row, got in zip(rows, out.iter_rows(named=True), strict=True):
        cols = ("goods_raw", "hs_code", "sector_raw", "production_phase", "facility_type")
        want = resolve(*(row[c] for c in cols), vocab=vocab)  # type: ignore[arg-type]
        assert got["_goods"] == list(want.goods)
        assert got["_goods_inferred"] == list(want.inferred)
        assert got["_goods_unmapped"] == list(want.unmapped)
        assert got["goods"] == ";".join(want.goods)
        assert got["sector"] == want.sector, row


def test_add_goods_on_an_empty_frame(vocab: Vocabulary) -> None:
    out = add_goods(_frame([]), vocab)
    assert out.height == 0
    assert out.schema["_goods"] == pl.List(pl.String)


# ------------------------------------------------------------------ configuration errors


def _copy_rules(tmp_path: Path) -> Path:
    shutil.copytree(RULES / "goods", tmp_path / "goods")
    return tmp_path


def _append(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


#: (file, text, broken text, the error's words) of each way a vocabulary file is broken below.
BROKEN = {
    "a synonym given to two goods": (
        "goods.yml",
        ("synonyms: [raw cotton,", "synonyms: [Prawns, raw cotton,"),
        r"'prawns' \(read as 'prawn'\) belongs to both the good 'Cotton' and the good 'Shrimp'",
    ),
    "a plural of another good's synonym": (
        "goods.yml",
        ("synonyms: [raw cotton,", "synonyms: [cocoa bean, raw cotton,"),
        "both the good 'Cocoa' and the good 'Cotton'",
    ),
    "an HS code naming an unknown good": (
        "hs_codes.yml",
        ('goods: [Cotton], description: "Cotton, not', 'goods: [Coton], description: "Cotton, not'),
        r"hs_codes.yml: HS prefix 5201 names the good 'Coton'",
    ),
    "a good without a valid sector": (
        "goods.yml",
        ("sector: fishing,", "sector: fisheries,"),
        r"goods.yml: invalid goods vocabulary: line \d+, `goods\.\d+\.sector`",
    ),
}


@pytest.mark.parametrize(("file", "change", "expected"), BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_vocabulary_file_is_a_config_error_saying_what_is_wrong(
    tmp_path: Path, file: str, change: tuple[str, str], expected: str
) -> None:
    rules = _copy_rules(tmp_path)
    _append(rules / "goods" / file, *change)
    with pytest.raises(ConfigError, match=expected):
        load_vocabulary(rules)


def test_a_missing_vocabulary_file_is_a_config_error(tmp_path: Path) -> None:
    rules = _copy_rules(tmp_path)
    (rules / "goods" / "inference.yml").unlink()
    with pytest.raises(ConfigError, match=r"inference.yml is missing"):
        load_vocabulary(rules)


# ------------------------------------------------------------------ inference a supplier would accept


@pytest.mark.parametrize(
    "name",
    ["Zhejiang Polyester Spinning Co", "Biella Wool Mill", "Lanificio di Prato", "Nylon Yarns Ltd",
     "Chemical Fibre Co", "Linen Weavers", "Como Silk Weaving", "Acme Viscose Spinners"],
)  # fmt: skip
def test_no_cotton_for_a_mill_whose_name_names_another_fibre(vocab: Vocabulary, name: str) -> None:
    res = resolve("Apparel", None, None, "SPINNING", None, vocab, name=name)
    assert "Cotton" not in res.inferred
    assert "Thread/Yarn" in res.inferred


def test_no_cotton_for_a_phase_or_facility_that_names_another_fibre(vocab: Vocabulary) -> None:
    assert "Cotton" not in resolve(None, None, None, "POLYESTER SPINNING", None, vocab).inferred
    assert "Cotton" not in resolve(None, None, None, None, "Wool spinning mill", vocab).inferred


def test_cotton_spinning_is_near_certain_and_says_what_would_confirm_it(vocab: Vocabulary) -> None:
    plain = resolve("Apparel", None, None, "SPINNING; WEAVING", None, vocab, name="Aba Tekstil")
    assert plain.inferred == ("Thread/Yarn", "Cotton", "Textiles")
    assert plain.inferred_certain == ("Thread/Yarn", "Textiles")  # Cotton is only likely
    confirm = dict(zip(plain.inferred, plain.inferred_confirm, strict=True))
    assert "ginned" in confirm["Cotton"] and "spinning mills" in confirm["Thread/Yarn"]
    denim = resolve(None, None, None, "SPINNING; WEAVING", None, vocab, name="Turkmen Denim Spinning Plant")
    assert "Cotton" in denim.inferred_certain
    blend = resolve(None, None, None, "SPINNING", None, vocab, name="Cotton & Polyester Spinners")
    assert "Cotton" in blend.inferred_certain  # the name says cotton: a blend still handles it


def test_inputs_of_stated_goods_are_near_certain(vocab: Vocabulary) -> None:
    res = resolve("crude palm oil", None, None, None, None, vocab)
    assert (res.inferred, res.inferred_certain) == (("Palm Fruit",), ("Palm Fruit",))
    assert "Palm Fruit" in res.inferred_confirm[0]  # the default text names the good


def test_add_goods_exposes_certainty_and_confirm_aligned_with_the_inferred_goods(vocab: Vocabulary) -> None:
    frame = _frame([{"production_phase": "SPINNING"}] * 3).with_columns(
        supplier_name=pl.Series(["Acme Spinning", "Acme Polyester Spinning", "Acme Denim Mills"])
    )
    out = add_goods(frame, vocab)
    yarn, cotton = "Thread/Yarn", "Cotton"
    assert out["_goods_inferred"].to_list() == [[yarn, cotton], [yarn], [yarn, cotton]]
    assert out["_goods_inferred_certain"].to_list() == [[yarn], [yarn], [yarn, cotton]]
    assert [len(c) for c in out["_goods_inferred_confirm"].to_list()] == [2, 1, 2]
    assert out.schema["_goods_inferred_confirm"] == pl.List(pl.String)
    table = dict(inferred_goods_table(vocab).select("good", "confirm").iter_rows())
    assert out["_goods_inferred_confirm"].to_list()[0] == [table["Thread/Yarn"], table["Cotton"]]


def test_inferred_goods_table_says_what_would_confirm_each_good(vocab: Vocabulary) -> None:
    table = inferred_goods_table(vocab)
    assert table.columns == ["good", "certainty", "confirm"]
    assert table["good"].n_unique() == table.height == len(vocab.goods)
    cotton = table.filter(pl.col("good") == "Cotton").row(0, named=True)
    assert cotton["certainty"] == "likely" and "ginned" in cotton["confirm"]
    palm = table.filter(pl.col("good") == "Palm Fruit").row(0, named=True)
    assert "Palm Fruit" in palm["confirm"]

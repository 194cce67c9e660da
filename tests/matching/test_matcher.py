import polars as pl

from screening.matching import HITS_SCHEMA


def rows(*names, country=None):
    n = len(names)
    return pl.DataFrame(
        {
            "_key": list(range(n)),
            "name": list(names),
            "country_code": [country] * n,
            "field": ["supplier_name"] * n,
        },
        schema={"_key": pl.Int64, "name": pl.String, "country_code": pl.String, "field": pl.String},
    )


def test_screen_finds_listed_entities_with_schema_and_explanation(matcher):
    hits = matcher.screen(rows("HOSHINE SILICON IND (SHANSHAN) CO LTD", "Acme Widgets Inc", country="CN"))
    assert dict(hits.schema) == HITS_SCHEMA
    top = hits.filter(pl.col("entity_id") == "uflpa:hoshine-silicon-industry-shanshan-co-ltd").row(
        0, named=True
    )
    assert top["_key"] == 0 and top["decision"] == "match" and top["score"] == 1.0
    assert top["entity_active"] is True and top["entity_country"] == "CN"
    assert "UFLPA Entity List" in top["explanation"] and "country CN agrees" in top["explanation"]
    assert 1 not in hits["_key"].to_list()


def test_alias_hit_reports_the_primary_name_as_matched_entity(matcher):
    hit = matcher.screen(rows("HESHENG SILICON INDUSTRY (SHANSHAN) CO")).row(0, named=True)
    assert hit["matched_entity"] == "Hoshine Silicon Industry (Shanshan) Co., Ltd."
    assert hit["matched_name"] == "Hesheng Silicon Industry (Shanshan) Co."
    assert "alias 'Hesheng Silicon Industry (Shanshan) Co.'" in hit["explanation"]


def test_chinese_characters_are_screened(matcher):
    hit = matcher.screen(rows("新疆中泰化学股份有限公司", country="CN")).row(0, named=True)
    assert hit["matched_entity"] == "Xinjiang Zhongtai Chemical Co. Ltd." and hit["decision"] == "match"


def test_inactive_cbp_orders_are_marked(matcher):
    hit = matcher.screen(rows("FGV Holdings Berhad", country="MY")).row(0, named=True)
    assert hit["list_id"] == "cbp_wro" and hit["entity_active"] is False


def test_blocking_finds_typos_and_joined_words(matcher):
    hits = matcher.screen(rows("Hoshinne Silicon Industry Co Ltd", "HOSHINESILICON INDUSTRY CO"))
    decisions = dict(hits.group_by("_key").agg(pl.col("decision").first()).iter_rows())
    assert decisions == {0: "review", 1: "match"}  # a typo is held for review; joined words only are not


def test_screen_is_deterministic_and_sorted(matcher):
    df = rows(
        "Xinjiang Huafu Textile Co",
        "Hoshine Silicon Industry Co Ltd",
        "Xinjiang Huafu Textile Co",
        country="CN",
    )
    first, second = matcher.screen(df), matcher.screen(df.reverse())
    assert first.equals(matcher.screen(df))
    assert first.sort("_key", "field", "entity_id").equals(second.sort("_key", "field", "entity_id"))
    assert first["_key"].to_list() == sorted(first["_key"].to_list())

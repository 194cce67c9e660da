import pytest

from screening.errors import ConfigError
from screening.matching import Matcher, get_algorithm
from screening.matching.algorithm import SupplierNameV1


def test_hoshine_supplier_spelling_is_a_confirmed_match(matcher):
    res = matcher.compare(
        "HOSHINE SILICON IND (SHANSHAN) CO LTD", "Hoshine Silicon Industry (Shanshan) Co., Ltd."
    )
    assert res.decision == "match" and res.score == 1.0
    assert "agreed: hoshine, silicon, industry (ind), shanshan" in res.explanation


def test_zhongtai_securities_is_not_zhongtai_chemical(matcher):
    res = matcher.compare("Zhongtai Securities", "Xinjiang Zhongtai Chemical Co. Ltd.")
    assert res.decision == "no_match"
    assert "words differ: securities vs chemical" in res.explanation


def test_sibling_differing_in_a_distinctive_word_is_never_confirmed(matcher):
    res = matcher.compare(
        "Shihezi Huafu Hongfeng Cotton Industry Co., Ltd.",
        "Shihezi Huafu Hongsheng Cotton Industry Co., Ltd.",
    )
    assert res.decision != "match"
    assert "only approximately matches" in res.explanation


def test_each_feature_explains_itself(matcher):
    feats = matcher.compare("Deutsche Bank AG", "Deutsche Bank GmbH").features
    assert feats["legal_form_conflict"]["detail"] == "legal forms differ: AG vs GMBH"
    assert (
        matcher.compare("IBM", "International Business Machines")
        .features["acronym"]["detail"]
        .startswith("'IBM' is the initials")
    )
    assert matcher.compare("SiemensAG", "Siemens AG").features["compact_spelling"]["value"] == 1.0
    assert "numbers differ: 1 vs 2" in matcher.compare("Da Wang 1", "Da Wang 2").explanation
    assert (
        "places differ"
        in matcher.compare("Bank of China (Hong Kong)", "Bank of China (Singapore)").explanation
    )
    for spec in SupplierNameV1.FEATURES:
        assert spec.func.__doc__, spec.name


def test_country_mismatch_costs_points_but_not_all(matcher):
    same = matcher.compare("Hetian Taida Apparel Co., Ltd.", "Hetian Taida Apparel Co., Ltd.", "CN", "CN")
    other = matcher.compare("Hetian Taida Apparel Co., Ltd.", "Hetian Taida Apparel Co., Ltd.", "VN", "CN")
    unknown = matcher.compare("Hetian Taida Apparel Co., Ltd.", "Hetian Taida Apparel Co., Ltd.", None, "CN")
    assert same.score == unknown.score == 1.0
    assert other.score == pytest.approx(0.88) and other.decision == "review"


def test_unknown_algorithm_and_config_keys_are_config_errors(lists):
    with pytest.raises(ConfigError, match="Unknown matching algorithm"):
        get_algorithm("nope")
    with pytest.raises(ConfigError, match="Unknown matching config key 'bogus'"):
        Matcher(lists, config={"bogus": 1})
    with pytest.raises(ConfigError, match="must be a float"):
        Matcher(lists, config={"places_penalty": "high"})


def test_thresholds_decide_and_must_be_ordered(lists):
    strict = Matcher(lists, match_threshold=0.99, review_threshold=0.9)
    assert (
        strict.compare("Hoshine Silicon Industry", "Hoshine Silicon Industry (Shanshan) Co., Ltd.").decision
        == "review"
    )
    loose = Matcher(lists, match_threshold=0.8, review_threshold=0.5)
    assert loose.compare("Zhongtai Securities", "Xinjiang Zhongtai Group Co. Ltd.").decision == "review"
    with pytest.raises(ConfigError):
        Matcher(lists, match_threshold=0.7, review_threshold=0.8)

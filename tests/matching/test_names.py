from screening.matching.chinese import romanize
from screening.matching.names import name_form, split_alternatives


def texts(name: str) -> list[str]:
    return [t.text for t in name_form(name).tokens]


def test_abbreviations_legal_forms_and_case_are_normalised():
    form = name_form("HOSHINE SILICON IND (SHANSHAN) CO LTD")
    assert texts("HOSHINE SILICON IND (SHANSHAN) CO LTD") == ["hoshine", "silicon", "industry", "shanshan"]
    assert form.legal == {"co", "ltd"}
    assert [t.qualifier for t in form.tokens] == [False, False, False, True]


def test_token_kinds_distinguish_distinctive_business_and_place_words():
    kinds = {t.text: t.kind for t in name_form("Xinjiang Zhongtai Chemical Group Co., Ltd.").tokens}
    assert kinds == {"xinjiang": "place", "zhongtai": "distinctive", "chemical": "generic", "group": "weak"}


def test_chinese_legal_forms_in_pinyin_and_characters_are_legal_forms():
    assert name_form("Hetian Taida Fushi Youxian Gongsi").legal == {"ltd"}
    assert name_form("新疆中泰化学股份有限公司").legal == {"ltd"}


def test_chinese_characters_become_pinyin_and_business_terms():
    assert romanize("新疆中泰化学股份有限公司").split() == [
        "xinjiang",
        "zhongtai",
        "chemical",
        "gufen",
        "youxian",
        "gongsi",
    ]
    assert texts("合盛硅业(鄯善)有限公司") == ["hesheng", "silicon", "industry", "shanshan"]


def test_dotted_initials_ampersand_and_accents():
    assert texts("A.B.C. Company") == ["abc"]
    assert texts("P&G") == ["pg"]
    assert texts("Société Générale S.A.") == ["societe", "generale"]


def test_numbers_words_and_roman_numerals_are_read_as_numbers():
    assert name_form("Brigade Forty-Four").numbers == ("44",)
    assert name_form("Blackstone Partners VI L.P.").numbers == ("6",)


def test_english_place_spellings_map_to_pinyin():
    assert texts("Hotan Haolin Hair Accessories") == texts("Hetian Haolin Hair Accessories")


def test_slash_separates_alternative_names_but_not_legal_forms():
    assert split_alternatives("Al-Qa'ida/Islamic Army") == ["Al-Qa'ida", "Islamic Army"]
    assert split_alternatives("Mendez, Denmark A/S") == ["Mendez, Denmark A/S"]

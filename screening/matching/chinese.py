"""Chinese company names to comparable Latin tokens.

A name written in characters (新疆中泰化学股份有限公司) is segmented greedily, longest match first,
against three dictionaries: legal forms (股份有限公司 -> "gufen youxian gongsi"), common business
terms translated the way English registrations translate them (化学 -> "chemical", 科技 ->
"technology"), and place names (新疆 -> "xinjiang"). What is left (the brand, 中泰) is read to pinyin
with pypinyin and joined per two characters, the way romanised Chinese names are written
("zhongtai"). So the example reads "xinjiang zhongtai chemical gufen youxian gongsi" and compares
with "Xinjiang Zhongtai Chemical Co. Ltd." on every token.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from screening.matching.places import chinese_places
from screening.matching.segment import segment

CJK_RE: Final[re.Pattern[str]] = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

#: Legal forms and company words in characters -> Latin tokens understood by the normaliser.
CN_LEGAL: Final[dict[str, str]] = {
    "股份有限公司": "gufen youxian gongsi",
    "有限责任公司": "youxian zeren gongsi",
    "有限公司": "youxian gongsi",
    "股份公司": "gufen gongsi",
    "分公司": "branch",
    "总公司": "gongsi",
    "公司": "gongsi",
    "集团": "group",
    "控股": "holdings",
}

#: Business terms -> the English word registrations use for them.
CN_TERMS: Final[dict[str, str]] = {
    "科技": "technology",
    "技术": "technology",
    "贸易": "trading",
    "商贸": "trading",
    "经贸": "economic trading",
    "化学": "chemical",
    "化工": "chemical",
    "纺织": "textile",
    "实业": "industry",
    "工业": "industry",
    "产业": "industry",
    "国际": "international",
    "进出口": "import export",
    "新能源": "new energy",
    "能源": "energy",
    "新材料": "new material",
    "材料": "material",
    "电子": "electronics",
    "光电": "optoelectronic",
    "光伏": "photovoltaic",
    "太阳能": "solar",
    "服饰": "apparel",
    "服装": "garment",
    "制衣": "garment",
    "食品": "food",
    "物流": "logistics",
    "仓储": "warehousing",
    "供应链": "supply chain",
    "矿业": "mining",
    "有色金属": "nonferrous metal",
    "钢铁": "iron steel",
    "棉业": "cotton industry",
    "棉花": "cotton",
    "棉麻": "cotton linen",
    "硅业": "silicon industry",
    "发展": "development",
    "投资": "investment",
    "生物": "biological",
    "制造": "manufacturing",
    "机械": "machinery",
    "设备": "equipment",
    "农业": "agricultural",
    "建设": "construction",
    "建筑": "construction",
    "工程": "engineering",
    "医药": "pharmaceutical",
    "制药": "pharmaceutical",
    "塑料": "plastics",
    "信息": "information",
    "网络": "network",
    "在线": "online",
    "电脑": "computer",
    "软件": "software",
    "印染": "printing dyeing",
    "纱线": "yarn",
    "纤维": "fiber",
    "毛纺": "wool textile",
    "发制品": "hair products",
    "工艺品": "crafts",
    "鞋业": "shoe industry",
    "电器": "electrical",
    "包装": "packaging",
    "管理": "management",
    "销售": "sales",
    "罐头": "canned food",
    "果蔬": "fruit vegetable",
    "番茄": "tomato",
    "色纺": "color spinning",
    "纺纱": "spinning",
    "针织": "knitting",
    "皮革": "leather",
    "家具": "furniture",
    "玩具": "toys",
    "工厂": "factory",
    "厂": "factory",
    "监狱": "prison",
    "锌业": "zinc industry",
    "铜业": "copper industry",
    "铝业": "aluminum industry",
    "镁业": "magnesium industry",
    "煤电": "coal electricity",
    "电力": "power",
    "时尚": "fashion",
    "微电子": "microelectronics",
    "半导体": "semiconductor",
    "黄金": "gold",
    "金矿": "gold mine",
    "房地产": "real estate",
    "置业": "real estate",
}


@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, str], int]:
    table: dict[str, str] = {}
    table.update(chinese_places())
    table.update(CN_TERMS)
    table.update(CN_LEGAL)
    for suffix in ("省", "市", "县", "区", "自治区", "维吾尔自治区", "地区", "自治州"):
        for name, token in chinese_places().items():
            table.setdefault(name + suffix, token)
    return table, max(len(k) for k in table)


def _pinyin_words(run: str) -> list[str]:
    from pypinyin import lazy_pinyin

    syllables = [s.replace("ü", "u").lower() for s in lazy_pinyin(run, v_to_u=True)]
    if len(syllables) <= 3:
        return ["".join(syllables)]
    words = ["".join(syllables[i : i + 2]) for i in range(0, len(syllables) - 1, 2)]
    if len(syllables) % 2:
        words[-1] += syllables[-1]
    return words


def romanize_run(run: str) -> str:
    """One run of Chinese characters -> space-separated Latin tokens (see the module docstring)."""
    table, longest = _dictionary()
    return " ".join(segment(run, table, longest, _pinyin_words))


def romanize(text: str) -> str:
    """Replace every run of Chinese characters in ``text`` by its Latin tokens."""
    return CJK_RE.sub(lambda m: f" {romanize_run(m.group(0))} ", text)

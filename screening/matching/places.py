"""Place names that appear inside company names: weak tokens, never ignored.

Chinese company names start with where they were registered ("Xinjiang", "Hetian", "Shihezi"), and
international groups add a country to a subsidiary's name ("Bank of China (Hong Kong)"). Such words
agree or differ at low weight. Sources: the PRC administrative divisions (provinces, prefecture-level
cities, and the counties and cities of the Xinjiang Uyghur Autonomous Region, since the UFLPA Entity
List concentrates there), written in Chinese characters and read to pinyin with pypinyin; common
English spellings of the same places (Hotan, Kashgar, Urumqi, Canton...); and country and region
names frequent in supplier lists.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

#: PRC provinces and province-level divisions (short forms, no 省/市/自治区 suffix).
CN_PROVINCES: Final[str] = (
    "北京 天津 河北 山西 内蒙古 辽宁 吉林 黑龙江 上海 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 "
    "广东 广西 海南 重庆 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆 香港 澳门 台湾"
)

#: Prefecture-level and other cities common in supplier names.
CN_CITIES: Final[str] = (
    "广州 深圳 珠海 东莞 佛山 中山 惠州 汕头 江门 湛江 肇庆 潮州 揭阳 清远 韶关 梅州 茂名 "
    "杭州 宁波 温州 绍兴 嘉兴 湖州 金华 台州 义乌 丽水 衢州 舟山 南京 苏州 无锡 常州 南通 扬州 "
    "徐州 盐城 连云港 淮安 镇江 泰州 宿迁 江阴 昆山 张家港 常熟 合肥 芜湖 蚌埠 安庆 巢湖 阜阳 "
    "六安 马鞍山 滁州 宣城 铜陵 南陵 济南 青岛 烟台 潍坊 淄博 临沂 济宁 日照 威海 德州 聊城 滨州 "
    "菏泽 枣庄 泰安 东营 莒南 郑州 洛阳 南阳 新乡 商丘 许昌 周口 信阳 安阳 开封 焦作 漯河 驻马店 "
    "平顶山 舞钢 武汉 宜昌 襄阳 荆州 黄冈 十堰 孝感 黄石 咸宁 随州 荆门 鄂州 黄梅 长沙 株洲 湘潭 "
    "衡阳 岳阳 常德 益阳 郴州 邵阳 怀化 永州 娄底 福州 厦门 泉州 漳州 莆田 晋江 石狮 龙岩 三明 "
    "南平 宁德 南昌 九江 赣州 上饶 吉安 宜春 抚州 景德镇 萍乡 成都 绵阳 德阳 宜宾 自贡 泸州 "
    "乐山 南充 达州 遂宁 内江 眉山 西安 宝鸡 咸阳 渭南 汉中 榆林 延安 兰州 天水 酒泉 张掖 武威 "
    "嘉峪关 西宁 格尔木 银川 石嘴山 吴忠 呼和浩特 包头 鄂尔多斯 赤峰 通辽 乌海 巴彦淖尔 五原 "
    "沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 长春 四平 哈尔滨 大庆 齐齐哈尔 牡丹江 佳木斯 "
    "石家庄 保定 唐山 邯郸 沧州 邢台 廊坊 衡水 秦皇岛 张家口 承德 南宫 太原 大同 长治 晋城 "
    "临汾 运城 昆明 曲靖 玉溪 大理 贵阳 遵义 南宁 柳州 桂林 梧州 北海 玉林 海口 三亚 拉萨 "
    "兰溪 武冈 郯城 鹤山"
)

#: Xinjiang prefectures, cities and counties.
CN_XINJIANG: Final[str] = (
    "乌鲁木齐 克拉玛依 吐鲁番 哈密 昌吉 博尔塔拉 巴音郭楞 阿克苏 克孜勒苏 喀什 和田 伊犁 塔城 "
    "阿勒泰 石河子 阿拉尔 图木舒克 五家渠 北屯 铁门关 双河 可克达拉 昆玉 胡杨河 新星 白杨 "
    "库尔勒 伊宁 奎屯 博乐 阿拉山口 阜康 乌苏 库车 鄯善 托克逊 伊吾 巴里坤 呼图壁 玛纳斯 "
    "吉木萨尔 奇台 木垒 精河 温泉 轮台 尉犁 若羌 且末 焉耆 和静 和硕 博湖 温宿 沙雅 新和 拜城 "
    "乌什 阿瓦提 柯坪 阿图什 阿克陶 阿合奇 乌恰 疏附 疏勒 英吉沙 泽普 莎车 叶城 麦盖提 岳普湖 "
    "伽师 巴楚 塔什库尔干 墨玉 皮山 洛浦 策勒 于田 民丰 霍城 察布查尔 巩留 新源 昭苏 特克斯 "
    "尼勒克 额敏 沙湾 托里 裕民 和布克赛尔 布尔津 富蕴 福海 哈巴河 青河 吉木乃 兵团"
)

#: English or older spellings -> the pinyin form used as the canonical token.
PLACE_VARIANTS: Final[dict[str, str]] = {
    "hotan": "hetian",
    "khotan": "hetian",
    "kashgar": "kashi",
    "kashgarprefecture": "kashi",
    "urumqi": "wulumuqi",
    "urumchi": "wulumuqi",
    "akesu": "akesu",
    "aksu": "akesu",
    "turpan": "tulufan",
    "turfan": "tulufan",
    "korla": "kuerle",
    "kumul": "hami",
    "yili": "yili",
    "ili": "yili",
    "ghulja": "yining",
    "kuqa": "kuche",
    "kucha": "kuche",
    "karamay": "kelamayi",
    "altay": "aletai",
    "tacheng": "tacheng",
    "yarkand": "shache",
    "kargilik": "yecheng",
    "lop": "luopu",
    "awat": "awati",
    "peking": "beijing",
    "canton": "guangzhou",
    "amoy": "xiamen",
    "tientsin": "tianjin",
    "xuar": "xinjiang",
    "uyghur": "xinjiang",
    "uighur": "xinjiang",
    "xizang": "xizang",
    "tibet": "xizang",
    "hongkong": "xianggang",
    "hk": "xianggang",
    "macau": "aomen",
    "macao": "aomen",
    "taiwan": "taiwan",
    "us": "unitedstates",
    "usa": "unitedstates",
    "uk": "unitedkingdom",
    "britain": "unitedkingdom",
    "prc": "china",
    "innermongolia": "neimenggu",
    "neimongol": "neimenggu",
    "shensi": "shaanxi",
    "shanxi": "shanxi",
    "shaanxi": "shaanxi",
    "szechuan": "sichuan",
    "kwangtung": "guangdong",
    "fukien": "fujian",
    "chekiang": "zhejiang",
    "kiangsu": "jiangsu",
    # two-letter pinyin initials of provinces and cities, as trade data writes them
    "xj": "xinjiang",
    "gd": "guangdong",
    "zj": "zhejiang",
    "js": "jiangsu",
    "sd": "shandong",
    "fj": "fujian",
    "ah": "anhui",
    "hb": "hubei",
    "sc": "sichuan",
    "bj": "beijing",
    "sh": "shanghai",
    "tj": "tianjin",
    "cq": "chongqing",
    "sz": "shenzhen",
    "gz": "guangzhou",
    "hz": "hangzhou",
    "nb": "ningbo",
    "xm": "xiamen",
    "dg": "dongguan",
    "hf": "hefei",
    "nmg": "neimenggu",
}

#: Multi-word place names joined to one token before comparison.
PLACE_PHRASES: Final[dict[tuple[str, ...], str]] = {
    ("hong", "kong"): "xianggang",
    ("inner", "mongolia"): "neimenggu",
    ("nei", "menggu"): "neimenggu",
    ("new", "york"): "newyork",
    ("united", "states"): "unitedstates",
    ("united", "kingdom"): "unitedkingdom",
    ("great", "britain"): "unitedkingdom",
    ("viet", "nam"): "vietnam",
    ("sri", "lanka"): "srilanka",
    ("south", "africa"): "southafrica",
    ("south", "korea"): "korea",
    ("north", "korea"): "northkorea",
    ("saudi", "arabia"): "saudiarabia",
    ("el", "salvador"): "elsalvador",
    ("costa", "rica"): "costarica",
    ("new", "zealand"): "newzealand",
    ("hong", "kong", "sar"): "xianggang",
    ("asia", "pacific"): "asiapacific",
    ("middle", "east"): "middleeast",
    ("latin", "america"): "latinamerica",
    ("dominican", "republic"): "dominicanrepublic",
}

#: Countries, regions and adjectives often seen in supplier names.
WORLD_PLACES: Final[str] = (
    "china chinese asia asian europe european america american americas africa african "
    "pacific atlantic global india indian bangladesh pakistan vietnam cambodia myanmar burma "
    "thailand thai malaysia indonesia philippines japan japanese korea korean taiwan singapore "
    "turkey turkiye egypt morocco tunisia ethiopia kenya ghana nigeria brazil mexico mexican "
    "peru chile colombia argentina guatemala honduras nicaragua haiti british "
    "england scotland ireland germany german deutschland france french italy italian spain "
    "spanish portugal netherlands nederland holland belgium switzerland schweiz suisse austria "
    "sweden norway denmark finland poland czech hungary romania bulgaria serbia greece russia "
    "ukraine uzbekistan turkmenistan kazakhstan kyrgyzstan tajikistan mongolia iran iraq "
    "israel jordan lebanon syria arabia arabian emirates dubai qatar kuwait oman yemen nepal "
    "lanka canada australia zealand malawi zimbabwe zambia uganda tanzania mauritius madagascar "
    "estonia latvia lithuania slovakia slovenia croatia bosnia albania macedonia moldova belarus "
    "georgia armenia azerbaijan afghanistan laos brunei fiji london paris tokyo seoul mumbai "
    "delhi dhaka karachi lahore istanbul jakarta bangkok manila hanoi saigon chicago boston "
    "dallas"
)


@lru_cache(maxsize=1)
def chinese_places() -> dict[str, str]:
    """Chinese place names in characters -> their pinyin token (``新疆`` -> ``xinjiang``)."""
    from pypinyin import lazy_pinyin

    out: dict[str, str] = {}
    for block in (CN_PROVINCES, CN_CITIES, CN_XINJIANG):
        for name in block.split():
            out[name] = "".join(lazy_pinyin(name, v_to_u=True)).replace("ü", "u")
    out["内蒙古"] = "neimenggu"
    out["香港"] = "xianggang"
    out["澳门"] = "aomen"
    return out


@lru_cache(maxsize=1)
def world_places() -> frozenset[str]:
    """Countries and world regions (not Chinese provinces or cities): a national qualifier."""
    tokens = set(WORLD_PLACES.split())
    tokens.update(v for k, v in PLACE_PHRASES.items() if v not in ("xianggang", "neimenggu"))
    tokens.update({"unitedstates", "unitedkingdom", "china"})
    return frozenset(tokens)


@lru_cache(maxsize=1)
def place_tokens() -> frozenset[str]:
    """Every single token treated as a place (pinyin forms, English variants, countries)."""
    tokens = set(chinese_places().values())
    tokens.update(PLACE_VARIANTS)
    tokens.update(PLACE_VARIANTS.values())
    tokens.update(PLACE_PHRASES.values())
    tokens.update(WORLD_PLACES.split())
    return frozenset(tokens)

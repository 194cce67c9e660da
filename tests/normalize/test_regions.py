"""Region detection: Xinjiang above all, other Chinese provinces, and other countries' subdivisions.

Region, city and address values below are written as supplier lists write them; the Nike, Benetton
and Apple rows are copied from those published lists (see the country test module for editions).
"""

from __future__ import annotations

import polars as pl
import pytest

from screening.normalize.regions import (
    add_region_codes,
    detect_region,
    find_region,
    locate_place,
    region_name,
    xinjiang_mention,
)

# Xinjiang names, prefectures, cities and counties as they appear in a region or city column.
XINJIANG_NAMES = [
    "Xinjiang",
    "XINJIANG",
    "xinjiang",
    "Xinjiang Uyghur Autonomous Region",
    "Xinjiang Uygur Autonomous Region",
    "Xinjiang Uighur Autonomous Region",
    "Xinjiang Uygur Zizhiqu",
    "Xinjiang Province",
    "XUAR",
    "Sinkiang",
    "East Turkistan",
    "East Turkestan",
    "新疆",
    "新疆维吾尔自治区",
    "新疆維吾爾自治區",
    "Urumqi",
    "Ürümqi",
    "URUMQI",
    "Urumchi",
    "Wulumuqi",
    "乌鲁木齐",
    "乌鲁木齐市",
    "Kashgar",
    "Kashi",
    "喀什",
    "Hotan",
    "Hetian",
    "Khotan",
    "和田",
    "Aksu",
    "阿克苏",
    "Korla",
    "Kuerle",
    "库尔勒",
    "Shihezi",
    "石河子",
    "Changji",
    "昌吉",
    "Turpan",
    "Turfan",
    "Tulufan",
    "吐鲁番",
    "Hami",
    "Kumul",
    "哈密",
    "Karamay",
    "Kelamayi",
    "克拉玛依",
    "Yili",
    "Ili Kazakh Autonomous Prefecture",
    "伊犁",
    "Yining",
    "Ghulja",
    "Altay",
    "Aletai",
    "阿勒泰",
    "Bortala",
    "Bole City",
    "博尔塔拉",
    "Kizilsu",
    "Kezilesu",
    "克孜勒苏",
    "Bayingolin",
    "Bayinguoleng",
    "巴音郭楞",
    "Tumxuk",
    "Tumushuke",
    "图木舒克",
    "Alar",
    "Aral",
    "阿拉尔",
    "Wujiaqu",
    "五家渠",
    "Shanshan",
    "Shanshan County",
    "Pichan",
    "鄯善",
    "Lop County",
    "Luopu County",
    "洛浦县",
    "Kuqa",
    "Kuche",
    "库车",
]

# Whole addresses naming a place in Xinjiang.
XINJIANG_ADDRESSES = [
    "No. 1 Industrial Park, Shanshan County, Turpan, Xinjiang 838200",
    "Hoshine Silicon Industry (Shanshan) Co., Shanshan, Turpan Prefecture, Xinjiang, China",
    "88 Kashgar Economic Development Zone, Kashi, China",
    "Room 301, No. 5 Youhao South Road, Saybagh District, Urumqi",
    "新疆维吾尔自治区乌鲁木齐市经济技术开发区",
    "新疆吐鲁番市鄯善县工业园区",
    "Shihezi Economic and Technological Development Zone, Shihezi 832000",
    "Luopu County, Hotan Prefecture",
    "Alar City, 1st Division, XPCC",
    "Korla Economic Development Zone, Bayingolin Mongol Autonomous Prefecture",
    "Changji Hui Autonomous Prefecture, Xinjiang Uyghur Autonomous Region, PRC",
    "Aksu Textile Industrial City (Development Zone), Aksu Prefecture",
    "Karamay District, Karamay City",
    "Yining City, Ili Kazakh Autonomous Prefecture",
    "Zhundong Economic and Technological Development Zone, Changji",
    "Hami Industrial Park, Hami, Xinjiang",
    "Kuqa County, Aksu Prefecture",
    "Wujiaqu City, 6th Division",
    "Tumxuk City, Kashgar Prefecture",
    "Ürümqi, Xinjiang, China",
    "Urumqi, XUAR",
]

# Chinese places outside Xinjiang, with the province they are in.
OTHER_CHINA = [
    ("Beijing", "CN-BJ"),
    ("Guangzhou", "CN-GD"),
    ("Shenzhen", "CN-GD"),
    ("Dongguan", "CN-GD"),
    ("Suzhou", "CN-JS"),
    ("Ningbo", "CN-ZJ"),
    ("Qingdao", "CN-SD"),
    ("Hefei", "CN-AH"),
    ("Chengdu", "CN-SC"),
    ("Wuhan", "CN-HB"),
    ("Xiamen", "CN-FJ"),
    ("Kunshan", "CN-JS"),
    ("Tianjin", "CN-TJ"),
    ("Zhengzhou", "CN-HA"),
    ("Chongqing", "CN-CQ"),
    ("Harbin", "CN-HL"),
    ("Xi'an", "CN-SN"),
    ("Lanzhou", "CN-GS"),
    ("Xining", "CN-QH"),
    ("Hohhot", "CN-NM"),
    ("Inner Mongolia", "CN-NM"),
    ("Gansu", "CN-GS"),
    ("Qinghai", "CN-QH"),
    ("Tibet", "CN-XZ"),
    ("Ningxia", "CN-NX"),
    ("Guangdong", "CN-GD"),
    ("Shanghai", "CN-SH"),
    ("Zhejiang", "CN-ZJ"),
    ("Jiangsu", "CN-JS"),
    ("广东省东莞市", "CN-GD"),
    ("上海市浦东新区", "CN-SH"),
    ("内蒙古自治区包头市", "CN-NM"),
]

# Addresses outside Xinjiang that contain a Xinjiang word as a street, company or town name.
OTHER_CHINA_ADDRESSES = [
    ("No 800 Wulumuqi Middle Road, Jing'an District, Shanghai", "CN-SH"),
    ("Urumqi North Road, Jing'an, Shanghai", "CN-SH"),
    ("Hami Road, Changning District, Shanghai", "CN-SH"),
    ("上海市长宁区哈密路1955号", "CN-SH"),
    ("青岛市市北区新疆路8号", "CN-SD"),
    ("12 Xinjiang Road, Shibei District, Qingdao", "CN-SD"),
    ("Kashgar Road, Hongkou District, Shanghai", "CN-SH"),
    ("Ningbo Shanshan Co., Ltd., Yinzhou District, Ningbo, Zhejiang", "CN-ZJ"),
    ("Hetian Town, Changting County, Longyan, Fujian", "CN-FJ"),
    ("No 179 Changjiang Road Suzhou New District Suzhou Jiangsu China", "CN-JS"),  # Apple list
    ("No 2 Beijing Middle Road Development Zone Yantai Shandong China", "CN-SD"),  # Apple list
    ("No 98 Guilin Road B-Zone Kunshan Export Processing Zone Kunshan Jiangsu China", "CN-JS"),  # Apple
    ("No 1216 Lanhua Road Jincheng Economic and Technology Development Zone Jincheng ShanxiChina", "CN-SX"),
    (
        "Foxconn Guanlan Technology Park North site Dashuikeng Village Guanlan Town Bao'an "
        "ShenzhenGuangdongChina",
        "CN-GD",
    ),  # Apple list: words run together
    ("Lianfeng Road Free Trade Zone Zhuhai Guang- dong China", "CN-GD"),  # Apple list: broken word
    (
        "Room 1330, Yuemin Building, 114 Xingang West Road, Haizhu District; Guangzhou; 510000 (Guangdong)",
        "CN-GD",
    ),
    ("Jiangsu", "CN-JS"),  # Apple 2020-2022: the address is only a province
]



@pytest.mark.parametrize("field", ["region_raw", "city", "address"])
@pytest.mark.parametrize("name", XINJIANG_NAMES)
def test_xinjiang_names_give_cn_xj_in_any_field(name: str, field: str) -> None:
    fields = {"region_raw": None, "city": None, "address": None, field: name}
    hit = find_region("CN", fields["region_raw"], fields["city"], fields["address"])
    assert hit is not None
    assert (hit.code, hit.field) == ("CN-XJ", field)


@pytest.mark.parametrize("address", XINJIANG_ADDRESSES)
def test_xinjiang_addresses_give_cn_xj(address: str) -> None:
    assert detect_region("CN", None, None, address) == "CN-XJ"


def test_a_xinjiang_city_beats_another_province_named_in_another_field() -> None:
    assert detect_region("CN", "Guangdong", "Kashgar", None) == "CN-XJ"
    assert detect_region("CN", "Shanghai", None, "Shihezi Economic Development Zone") == "CN-XJ"


def test_a_weak_name_in_one_field_does_not_outrank_a_city_in_another() -> None:
    assert detect_region("CN", "Shanshan", "Ningbo", None) == "CN-ZJ"
    assert detect_region("CN", "Shanshan", None, None) == "CN-XJ"


@pytest.mark.parametrize(
    "address",
    [
        "Zhejiang Industrial Park, Aksu, China",
        "Guangzhou Industrial Park, Kashi Economic Development Zone",
        "Jiangsu Province Assistance Industrial Park, Korla",
        "喀什地区广东工业园",
    ],
)
def test_paired_assistance_parks_named_after_other_provinces_are_in_xinjiang(address: str) -> None:
    assert detect_region("CN", None, None, address) == "CN-XJ"


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("Yili Industrial Park, Jinshan Development Zone, Hohhot, Inner Mongolia", "CN-NM"),
        ("Zhejiang Minfeng Special Paper Co., Jiaxing", "CN-ZJ"),
        ("Yanqi Lake, Huairou District, Beijing", "CN-BJ"),
    ],
)
def test_names_shared_with_companies_elsewhere_do_not_outrank_the_real_place(address: str, code: str) -> None:
    assert detect_region("CN", None, None, address) == code


@pytest.mark.parametrize(("place", "code"), OTHER_CHINA)
@pytest.mark.parametrize("field", ["region_raw", "city", "address"])
def test_other_chinese_places_get_their_own_province(place: str, code: str, field: str) -> None:
    fields = {"region_raw": None, "city": None, "address": None, field: place}
    assert detect_region("CN", fields["region_raw"], fields["city"], fields["address"]) == code


@pytest.mark.parametrize(("address", "code"), OTHER_CHINA_ADDRESSES)
def test_xinjiang_words_in_street_company_and_town_names_are_not_xinjiang(address: str, code: str) -> None:
    assert detect_region("CN", None, None, address) == code


@pytest.mark.parametrize(
    "word",
    ["Hamilton", "Shami", "Aksumite", "Changjiang", "Kashima", "Altaya", "Korlan", "Xian County", "Lopez"],
)
def test_xinjiang_names_only_match_as_whole_words(word: str) -> None:
    assert detect_region("CN", word, None, None) != "CN-XJ"


@pytest.mark.parametrize(
    ("country", "region", "city", "address"),
    [
        ("TR", "Aksu", "Antalya", None),
        ("TR", None, "Aksu", "Aksu Mahallesi, Antalya"),
        ("KZ", "Altay", None, None),
        ("RU", "Altai Republic", None, None),
        ("KZ", None, "Aral", None),
        ("US", "Hami", None, None),
        ("HK", None, None, "Urumqi Road"),
        ("TW", None, "Kashgar", None),
        ("IN", None, None, "Miller Bus Stop; Tirupur; 641602 (Kashi)"),
    ],
)
def test_xinjiang_names_outside_china_are_never_cn_xj(
    country: str, region: str | None, city: str | None, address: str | None
) -> None:
    assert detect_region(country, region, city, address) != "CN-XJ"


def test_aksu_in_turkey_is_turkish_when_the_address_names_the_province() -> None:
    assert detect_region("TR", None, None, "Aksu Mahallesi, Antalya, Turkey") == "TR-07"


def test_rows_without_a_country_get_no_region_but_a_xinjiang_note() -> None:
    assert detect_region(None, "Xinjiang", "Urumqi", "新疆维吾尔自治区") is None
    assert detect_region("", "Guangdong", None, None) is None
    assert xinjiang_mention(None, None, "新疆维吾尔自治区乌鲁木齐市") == "新疆维吾尔自治区"
    assert xinjiang_mention("Guangdong", "Shenzhen", None) is None
    assert xinjiang_mention(None, "Shanshan", None) is None  # a weak name alone is not worth a note


@pytest.mark.parametrize(
    ("country", "region"),
    [
        ("VN", "SE ASIA"),
        ("US", "AMERICAS"),
        ("CN", "N ASIA"),
        ("IN", "S ASIA"),
        ("TR", "EMEA"),
        ("DE", "Europe"),
    ],
)
def test_world_regions_are_never_sub_national_regions(country: str, region: str) -> None:
    assert detect_region(country, region, None, None) is None


@pytest.mark.parametrize(
    ("country", "region", "code"),
    [
        ("VN", "Bình Duong", "VN-57"),  # Nike list, diacritics partly lost
        ("VN", "Binh Duong", "VN-57"),
        ("VN", "Bình Dương", "VN-57"),
        ("VN", "Ðng Nai", "VN-39"),
        ("VN", "Bc Ninh", "VN-56"),
        ("VN", "Nam Ðnh", "VN-67"),
        ("VN", "Qung Nam", "VN-27"),
        ("VN", "Tha Thiên-Hu", "VN-26"),
        ("VN", "Hi Duong", "VN-61"),
        ("VN", "Tin Giang", "VN-46"),
        ("VN", "Bà Ra - Vung Tàu", "VN-43"),
        ("VN", "Ho Chi Minh", "VN-SG"),
        ("VN", "Ha Noi", "VN-HN"),
        ("IN", "Tamil Nadu", "IN-TN"),
        ("IN", "Karnataka", "IN-KA"),
        ("IN", "Punjab", "IN-PB"),
        ("PK", "Punjab", "PK-PB"),
        ("US", "Oregon", "US-OR"),
        ("US", "California", "US-CA"),
        ("TR", "Istanbul", "TR-34"),
        ("TR", "Tekirdag", "TR-59"),
        ("TR", "Düzce", "TR-81"),
        ("KH", "Kampong Spueu", "KH-5"),
        ("KH", "Krong Preah Sihano", "KH-18"),  # Nike list, cut at 18 characters
        ("JP", "Hukusima", "JP-07"),
        ("JP", "Ôsaka", "JP-27"),
        ("KR", "Busan Gwangyeogsi", "KR-26"),
        ("KR", "Gyeonggido", "KR-41"),
        ("EG", "AI Iskandariyah", "EG-ALX"),
        ("TH", "Phra Nakhon Si Ayu", "TH-14"),
        ("GE", "Samegrelo-Zemo Sva", "GE-SZ"),
        ("MD", "Gagauzia-- Unitate", "MD-GA"),
        ("GB", "London-- City of", "GB-LND"),
        ("ID", "Jawa Barat", "ID-JB"),
        ("ID", "Maluku", "ID-MA"),  # the province, not the island group of the same name
        ("MX", "Yucatán", "MX-YUC"),
        ("IT", "Lombardia", "IT-25"),
        ("TW", "Taoyuan", "TW-TAO"),
        ("LK", "Colombo", "LK-11"),
        ("FR", "Île-de-France", "FR-IDF"),
        ("ZA", "Kwazulu-Natal", "ZA-KZN"),
        ("BR", "Ceará", "BR-CE"),
        ("IL", "H_efa", "IL-HA"),
        ("JO", "Amman", "JO-AM"),
        ("tr", "Tamil Nadu", None),  # a region of another country is not read
        ("VN", "Taipei City", None),
    ],
)
def test_subdivisions_of_other_countries_from_the_region_field(
    country: str, region: str, code: str | None
) -> None:
    assert detect_region(country, region, None, None) == code


@pytest.mark.parametrize(
    ("country", "address", "code"),
    [
        ("TR", "Mimar Sinan Cd No:9, Baglar Mahallesi, Bagcilar; Istanbul; 34209 (Istanbul)", "TR-34"),
        ("IN", "Miller Bus Stop, 414, Pn Rd, Vengamedu, Poyampalayam; Tirupur; 641602 (Tamil Nadu)", "IN-TN"),
        ("IT", "Via Xxv Aprile, 4; Villorba; 31020 (Treviso)", "IT-TV"),
        ("MD", "Str. Ion Creanga, 3; Vulcanesti; Md5301 (Gagauzia)", "MD-GA"),
        ("KH", "National Rd. No.4, Kao Village, Angk Snoul District; Baek Chan; 080101 (Kandal)", "KH-8"),
        ("BD", "Jangaliapara, Banglabazar, Post Office- Mirzapur, Joydebpur; Dhaka; 1703 (Dhaka)", "BD-C"),
        ("IN", "No.31 Xin Long Village,Lecong Town,Shunde District; Foshan; 528000 (Guangdong)", None),
        ("JP", "1-1 Iwauchi-machi Nomi Ishikawa Japan", "JP-17"),
        ("US", "3080 North First Street 95134 San Jose California United States", "US-CA"),
        ("KR", "930 Gosaek-dong Gwonseon-gu Suwon Gyeonggi-do South Korea", "KR-41"),
        ("MY", "Plot 15 Bemban Industrial Park Jalan Bemban Batu Gajah Perak Malaysia", "MY-08"),
        ("JP", "Nagano", "JP-20"),
        ("US", "Texas", "US-TX"),
    ],
)
def test_subdivisions_from_benetton_and_apple_addresses(country: str, address: str, code: str | None) -> None:
    assert detect_region(country, None, None, address) == code


def test_region_field_wins_over_the_address_for_other_countries() -> None:
    hit = find_region("VN", "Long An", "Taipei City", "Lot 5, Duc Hoa, Ho Chi Minh")
    assert hit is not None
    assert (hit.code, hit.field, hit.matched) == ("VN-41", "region_raw", "Long An")


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("XUAR", ("CN", "CN-XJ")),
        ("Urumqi, XUAR", ("CN", "CN-XJ")),
        ("Xinjiang (HQ, per CED_SEP23)", ("CN", "CN-XJ")),
        ("Guangdong Province", ("CN", "CN-GD")),
        ("Handan, Hebei Province", ("CN", "CN-HE")),
        ("Xiangyang City, Hubei Province", ("CN", "CN-HB")),
        ("Tianjin", ("CN", "CN-TJ")),
        ('Zhuhai, Guangdong (per ITT_JUN23 "Zhuhai-based subsidiaries")', ("CN", "CN-GD")),
        ("Hong Kong (per COM_AUG)", ("HK", None)),
        ("Aksu", (None, None)),
        (None, (None, None)),
    ],
)
def test_locate_place_reads_uflpa_locations(
    location: str | None, expected: tuple[str | None, str | None]
) -> None:
    assert locate_place(location) == expected


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("CN-XJ", "Xinjiang Uyghur Autonomous Region"),
        ("cn-xj", "Xinjiang Uyghur Autonomous Region"),
        ("CN-GD", "Guangdong"),
        ("CN-NM", "Inner Mongolia Autonomous Region"),
        ("VN-57", "Bình Dương"),
        ("IN-TN", "Tamil Nādu"),
        ("TR-34", "İstanbul"),
        ("ZZ-99", None),
        (None, None),
    ],
)
def test_region_name(code: str | None, name: str | None) -> None:
    assert region_name(code) == name


def test_add_region_codes_maps_each_row_keeps_order_and_leaves_other_columns_alone() -> None:
    df = pl.DataFrame(
        {
            "_key": [0, 1, 2, 3, 4, 5, 6],
            "country_code": ["CN", "CN", "TR", None, "VN", "CN", "CN"],
            "region_raw": ["Xinjiang", "Guangdong", "Aksu", "Xinjiang", "Bc Ninh", None, "Xinjiang"],
            "city": [None, "Dongguan", "Antalya", None, None, None, None],
            "address": [None, None, None, None, None, "Wulumuqi Middle Road, Shanghai", None],
            "goods_raw": ["cotton", "shoes", "towels", "cotton", "shoes", "garments", "cotton"],
        }
    )
    out = add_region_codes(df)
    assert out.columns == [*df.columns, "region_code"]
    assert out.schema["region_code"] == pl.String
    assert out["_key"].to_list() == [0, 1, 2, 3, 4, 5, 6]
    assert out["region_code"].to_list() == ["CN-XJ", "CN-GD", None, None, "VN-56", "CN-SH", "CN-XJ"]
    assert out.drop("region_code").equals(df)


def test_add_region_codes_replaces_an_existing_column_and_accepts_missing_fields() -> None:
    df = pl.DataFrame(
        {"country_code": ["CN", "IN"], "region_raw": ["Kashgar", "Tamil Nadu"], "region_code": ["x", "y"]}
    )
    out = add_region_codes(df)
    assert out.columns == ["country_code", "region_raw", "region_code"]
    assert out["region_code"].to_list() == ["CN-XJ", "IN-TN"]


def test_add_region_codes_on_an_empty_frame() -> None:
    schema = {"country_code": pl.String, "region_raw": pl.String, "city": pl.String, "address": pl.String}
    out = add_region_codes(pl.DataFrame(schema=schema))
    assert out.height == 0
    assert out.schema["region_code"] == pl.String

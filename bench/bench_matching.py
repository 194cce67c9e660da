"""Speed of watch-list screening: 1,000,000 supplier names against the bundled lists and against a
synthetic list of 20,000 entities. Prints rows/s, hits and peak RSS (resource.getrusage).

Supplier names are generated the way sourcing lists look: Chinese-style names (place + two-syllable
brand + line of business + legal form, in several spellings and cases), and names from Viet Nam,
Bangladesh, India, Turkey and the EU/US; a few hundred true variants of listed names are planted
(upper case and abbreviations, dropped legal forms, aliases). About 30% of rows repeat an earlier
name, as supplier lists do.

The synthetic list (:func:`synthetic_list`) is shaped like a real sanctions-style list of 20,000
entities: each entity's distinctive words are its own (families of subsidiaries share one), while
places and business words come from the same vocabulary as the suppliers'. To stay at least as
hard as a real list for the matcher, 45% of it is Chinese-style with brands drawn from the *same*
two-syllable pinyin pool as the supplier brands (so most Chinese supplier brands have equal or
one-to-two-letter neighbours among listed brands, the expensive case for blocking), 30% of entities
carry an alias, 10% belong to subsidiary families, and 300 listed names are variants of supplier
names (true hits that must be found). :func:`synthetic_list_stress` is the earlier list, drawn from
the supplier generator itself (same 30 places, 26 lines and brand pool: a fifth of all suppliers
are near-duplicates of a listed name); ``--stress`` also runs it.

``--check`` first compares screening with ``Matcher.compare`` on every labelled name pair (the
OpenSanctions pairs in ../shared when present, and tests/fixtures/matching/supplier_pairs.csv):
each right-hand name is listed, each left-hand name screened, and every pair that ``compare``
raises must be found with the same score (both directions).

Usage: ``.venv/bin/python bench/bench_matching.py [N] [--stress] [--no-bundled] [--check]``.
"""

from __future__ import annotations

import random
import resource
import sys
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from screening.indicators import load_catalog  # noqa: E402
from screening.matching import Matcher, WatchEntry, WatchList, build_watchlists  # noqa: E402
from screening.matching.watchlist import ListedName  # noqa: E402

SYL = (
    "an ao ba bai bao bei ben bin bo cai can chang chao chen cheng chu chun da dai dan de deng di dong du "
    "fa fan fang fei feng fu gang gao ge geng gong gu guan guang gui guo hai han hao he hen heng hong hou "
    "hu hua huai huan huang hui jia jian jiang jie jin jing jiu ju jun kai kang ke kun lan lang le li lian "
    "liang lin ling liu long lu luo ma mao mei meng mi min ming mu na nan ning pan peng ping pu qi qian "
    "qiang qiao qin qing qiu quan rong rui run sen shan shang shao shen sheng shi shu shun si song tai tan "
    "tang teng tian ting tong wan wang wei wen wu xi xia xian xiang xiao xin xing xiong xu xuan ya yan yang "
    "yao ye yi yin ying yong you yu yuan yue yun ze zhan zhang zhao zhe zhen zheng zhi zhong zhou zhu zi zong"
).split()
PLACES = (
    "Guangzhou Shenzhen Ningbo Hangzhou Suzhou Wuxi Qingdao Xiamen Dongguan Foshan Shanghai Jiangsu "
    "Zhejiang Shandong Fujian Hebei Henan Anhui Shaoxing Jinhua Yiwu Wenzhou Changzhou Nantong Quanzhou Jinjiang Xinjiang Urumqi Aksu"  # noqa: E501
).split()
LINES = (
    "Textile|Garment|Trading|Technology|Industrial|Apparel|Knitting|Electronics|Plastic Products|Machinery|"
    "Import & Export|Cotton Spinning|Dyeing and Finishing|Footwear|Home Textile|Printing|Packaging|Hardware|"
    "Solar Technology|New Material|Silicon Materials|Food|Logistics|Fashion|Weaving|Yarn"
).split("|")
LEGAL = [
    "Co., Ltd.",
    "Co Ltd",
    "CO.,LTD",
    "Company Limited",
    "Limited",
    "Industrial Co., Ltd.",
    "Corp",
    "Group Co., Ltd.",
]
WORLD = [
    ("Viet Nam", ["Cong Ty TNHH {a} {b}", "{a} {b} Garment Joint Stock Company", "{a} Textile JSC"]),
    ("Bangladesh", ["{a} {b} Knit Composite Ltd", "{a} Apparels Ltd", "{a} {b} Fashions Ltd"]),
    ("India", ["{a} {b} Exports Pvt Ltd", "{a} Spinning Mills Limited", "Sri {a} Textiles"]),
    ("Turkey", ["{a} {b} Tekstil San. ve Tic. A.S.", "{a} Konfeksiyon Ltd. Sti."]),
    ("Germany", ["{a} {b} GmbH", "{a} Handels GmbH & Co. KG"]),
    ("United States", ["{a} {b} Inc.", "{a} Supply LLC", "{a} & {b} Corporation"]),
]
WORLD_WORDS = (
    "Viet Phong Hoa Binh Minh Anh Thanh Cong Tan Phat Nam Long Dhaka Rahman Karim Asha Sonali Padma Ganesh "
    "Lakshmi Arvind Vardhman Kaveri Ozturk Yildiz Demir Kaya Aydin Schneider Becker Keller Atlas Summit "
    "Pioneer Harbor Liberty Cedar Maple Orion Apex Vertex Crescent Horizon Evergreen Meridian Northstar"
).split()


def chinese_name(rng: random.Random) -> str:
    brand = (rng.choice(SYL) + rng.choice(SYL)).title()
    name = f"{rng.choice(PLACES)} {brand} {rng.choice(LINES)} {rng.choice(LEGAL)}"
    r = rng.random()
    return name.upper() if r < 0.3 else (name.lower() if r < 0.35 else name)


def world_name(rng: random.Random) -> tuple[str, str]:
    country, patterns = rng.choice(WORLD)
    return rng.choice(patterns).format(a=rng.choice(WORLD_WORDS), b=rng.choice(WORLD_WORDS)), country


def suppliers(n: int, lists: WatchList, rng: random.Random) -> pl.DataFrame:
    names: list[str] = []
    countries: list[str | None] = []
    listed = [nm.text for e in lists.entries for nm in e.names]
    for i in range(n):
        r = rng.random()
        if i < 400:
            base = rng.choice(listed)
            variant = rng.choice(
                [
                    base.upper(),
                    base.replace("Co., Ltd.", "Company Limited"),
                    base.rstrip("."),
                    base.replace("Industry", "IND"),
                ]
            )
            names.append(variant)
            countries.append("CN")
        elif r < 0.3 and names:
            j = rng.randrange(len(names))
            names.append(names[j])
            countries.append(countries[j])
        elif r < 0.8:
            names.append(chinese_name(rng))
            countries.append(rng.choice(["CN", "CN", "CN", "HK", None]))
        else:
            name, country = world_name(rng)
            names.append(name)
            countries.append(country[:2].upper() if country != "Viet Nam" else "VN")
    return pl.DataFrame(
        {"_key": list(range(n)), "name": names, "country_code": countries, "field": ["supplier_name"] * n},
        schema={"_key": pl.Int64, "name": pl.String, "country_code": pl.String, "field": pl.String},
    )


def synthetic_list_stress(n: int, rng: random.Random) -> WatchList:
    """The earlier synthetic list: names from the supplier generator itself."""
    entries = []
    for i in range(n):
        name = chinese_name(rng) if rng.random() < 0.8 else world_name(rng)[0]
        entries.append(
            WatchEntry(
                "user:synthetic", f"user:synthetic:{i}", name, (ListedName(name, "primary"),), "CN", True
            )
        )
    return WatchList(tuple(entries))


#: Chinese places beyond the suppliers' 30 (provinces and prefecture-level cities, in pinyin).
MORE_PLACES = (
    "Beijing Tianjin Shanxi Liaoning Jilin Heilongjiang Jiangxi Hubei Hunan Guangdong Guangxi Hainan "
    "Chongqing Sichuan Guizhou Yunnan Shaanxi Gansu Qinghai Ningxia Zhuhai Huizhou Shantou Jiangmen "
    "Zhanjiang Zhaoqing Jiaxing Huzhou Taizhou Lishui Nanjing Yangzhou Xuzhou Yancheng Huaian Zhenjiang "
    "Hefei Wuhu Bengbu Anqing Fuyang Jinan Yantai Weifang Zibo Linyi Jining Weihai Zhengzhou Luoyang "
    "Nanyang Xinxiang Wuhan Yichang Xiangyang Changsha Zhuzhou Xiangtan Hengyang Fuzhou Zhangzhou Putian "
    "Nanchang Jiujiang Ganzhou Chengdu Mianyang Deyang Xian Baoji Lanzhou Tianshui Xining Yinchuan "
    "Baotou Ordos Shenyang Dalian Anshan Changchun Harbin Daqing Shijiazhuang Baoding Tangshan Handan "
    "Taiyuan Datong Kunming Guiyang Nanning Liuzhou Guilin Haikou Hami Kashi Hetian Turpan Korla Shihezi "
    "Changji Yili Karamay Kuqa Shanshan"
).split()
MORE_LINES = (
    "Chemical|Mining|Electric Power|Pharmaceutical|Construction Engineering|Agricultural Development|"
    "Aluminum|Steel|Polysilicon|Cotton|Tomato Products|Seafood|Investment|Real Estate|Biotechnology|"
    "Semiconductor|Optoelectronics|Communication Technology|Energy|Nonferrous Metals|Building Materials|"
    "Environmental Technology|Auto Parts|Shipping|Property Management|Information Technology|"
    "Equipment Manufacturing|Rubber|Paper|Glass|Ceramics|Furniture|Leather|Hair Products|Wool|Fishery|"
    "Timber|Cosmetics|Medical Equipment|Aquatic Products|Printing and Dyeing|Home Furnishing"
).split("|")
#: Latin syllables for distinctive words of non-Chinese entities (about 90,000 words of 2-3).
LATIN = (
    "ka ro vin tel mar so lex dra ni po gor sta vel ri ta mon ber ul ze ko ran dis ar vo mi sen tor la "
    "bre nov ga kir lu fa zan pe tri hal do ser ma ven ko gra sil ne bor pa rus tan em vik ol zar du "
    "mer ka il ros te vak pol dan is ro nek fer gal ka bur si tek hol mo san ter"
).split()
GENERIC = (
    "Trading|Industries|Holdings|International|Shipping|Logistics|Engineering|Electronics|Technologies|"
    "Petroleum|Energy|Investment|Group|Systems|Machinery|Import Export|Marine|Aviation|Resources|"
    "Manufacturing|Development|Commercial|Defense Industries|Research Institute|Scientific Production"
).split("|")
FORMS = {
    "RU": (["OOO {n} {g}", "AO {n}", "JSC {n} {g}", "{n} {g} LLC", "OAO {n} {g}"], "RU"),
    "IR": (["{n} {g} Company", "Kish {n} {g} Co", "{n} {g} Company (PJS)", "{n} Sanat"], "IR"),
    "XX": (
        [
            "{n} {g} Ltd",
            "{n} {g} Limited",
            "{n} {g} FZE",
            "{n} {g} Pte Ltd",
            "{n} {g} Inc",
            "{n} {g} GmbH",
            "{n} {g} S.A.",
        ],
        None,
    ),
}


def _latin_word(rng: random.Random) -> str:
    return "".join(rng.choice(LATIN) for _ in range(rng.choice((2, 2, 3)))).title()


def _listed_chinese(rng: random.Random, brand: str | None = None) -> str:
    place = rng.choice(PLACES) if rng.random() < 0.35 else rng.choice(MORE_PLACES)
    if brand is None:
        r = rng.random()
        if r < 0.6:
            brand = (rng.choice(SYL) + rng.choice(SYL)).title()
        elif r < 0.85:
            brand = (rng.choice(SYL) + rng.choice(SYL) + rng.choice(SYL)).title()
        else:
            brand = _latin_word(rng)
    line = rng.choice(LINES) if rng.random() < 0.5 else rng.choice(MORE_LINES)
    name = f"{place} {brand} {line} {rng.choice(LEGAL)}"
    r = rng.random()
    return name.upper() if r < 0.3 else name


def _listed_other(rng: random.Random, brand: str | None = None) -> tuple[str, str | None]:
    kind = rng.choices(["RU", "IR", "XX"], weights=[2, 1, 2])[0]
    patterns, country = FORMS[kind]
    word = brand or _latin_word(rng)
    if rng.random() < 0.3:
        word = f"{word} {_latin_word(rng)}"
    return rng.choice(patterns).format(n=word, g=rng.choice(GENERIC)), country


def _alias(name: str, rng: random.Random) -> str:
    words = name.split()
    r = rng.random()
    if r < 0.4 and len(words) > 2:
        return " ".join(words[1:])  # without the place or legal form at the front
    if r < 0.7:
        return name.replace("Co., Ltd.", "Company Limited").replace("Limited", "Ltd")
    return " ".join(w for w in words if w.lower() not in ("co.,", "ltd.", "ltd", "co", "limited", "llc"))


def _variant(name: str, rng: random.Random) -> str:
    """A supplier name as a list might write it: case, legal form, one typo in a long word."""
    words = name.split()
    r = rng.random()
    if r < 0.4:
        return name.upper()
    if r < 0.7:
        return " ".join(words[:-1]) if len(words) > 2 else name
    long = [i for i, w in enumerate(words) if len(w) >= 7 and w.isalpha()]
    if not long:
        return name.lower()
    i = rng.choice(long)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    words[i] = w[:j] + w[j + 1 :]
    return " ".join(words)


def synthetic_list(n: int, rng: random.Random, suppliers_df: pl.DataFrame | None = None) -> WatchList:
    """A sanctions-style list of ``n`` entities (see the module docstring); with ``suppliers_df``,
    300 of them are variants of supplier names."""
    entries: list[WatchEntry] = []
    planted: list[str] = []
    if suppliers_df is not None:
        pool = suppliers_df["name"].unique(maintain_order=True).to_list()[400:]
        planted = [_variant(rng.choice(pool), rng) for _ in range(min(300, n))]
    families: list[tuple[str, bool]] = []
    i = 0
    while len(entries) < n:
        country: str | None = "CN"
        if planted:
            name, country = planted.pop(), None
        elif families and rng.random() < 0.1:
            brand, chinese = rng.choice(families)
            name, country = (_listed_chinese(rng, brand), "CN") if chinese else _listed_other(rng, brand)
        elif rng.random() < 0.45:
            name = _listed_chinese(rng)
            if rng.random() < 0.02:
                families.append((name.split()[1].title(), True))
        else:
            name, country = _listed_other(rng)
            if rng.random() < 0.02:
                families.append(
                    (
                        name.split()[1]
                        if name.startswith(("OOO", "AO ", "JSC", "OAO", "Kish"))
                        else name.split()[0],
                        False,
                    )
                )
        names = [ListedName(name, "primary")]
        if rng.random() < 0.3:
            alias = _alias(name, rng)
            if alias.strip() and alias != name:
                names.append(ListedName(alias, "alias"))
        entries.append(WatchEntry("user:synthetic", f"user:synthetic:{i}", name, tuple(names), country, True))
        i += 1
    return WatchList(tuple(entries))


def check_agreement() -> None:
    """Screening finds every labelled pair that compare raises, with the same score."""
    frames = [pl.read_csv(ROOT / "tests/fixtures/matching/supplier_pairs.csv", infer_schema_length=0)]
    shared = ROOT.parent / "shared" / "bench-data" / "name-pairs" / "pairs.csv"
    if shared.exists():
        frames.append(pl.read_csv(shared, infer_schema_length=0))
    pairs = pl.concat([f.select("left", "right") for f in frames])
    for left_col, right_col in (("left", "right"), ("right", "left")):
        rights = pairs[right_col].unique(maintain_order=True).to_list()
        entries = tuple(
            WatchEntry("user:pairs", f"user:pairs:{i}", n, (ListedName(n, "primary"),), None, True)
            for i, n in enumerate(rights)
        )
        matcher = Matcher(WatchList(entries))
        lefts = pairs[left_col].to_list()
        rows = pl.DataFrame(
            {"name": [x.strip() for x in lefts], "country_code": [None] * len(lefts)},
            schema={"name": pl.String, "country_code": pl.String},
        ).unique()
        scored = matcher._score_candidates(rows, matcher.review_threshold)
        found = {(a, b): sc for a, b, sc in scored.select("name", "matched_name", "score").iter_rows()}
        raised = missed = differ = 0
        for a, b in zip(pairs[left_col], pairs[right_col], strict=True):
            if "/" in a:  # compare reads '/' alternatives on both sides, screening on the list only
                continue
            score = matcher.compare(a, b).score
            if score < matcher.review_threshold:
                continue
            raised += 1
            got = found.get((a.strip(), b))
            missed += got is None
            differ += got is not None and got != score
        print(
            f"check {left_col} screened against {right_col}: {raised} pairs raised by compare, "
            f"{missed} missed by screening, {differ} with a different score"
        )


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(label: str, matcher: Matcher, df: pl.DataFrame) -> pl.DataFrame:
    t = time.perf_counter()
    hits = matcher.screen(df)
    dt = time.perf_counter() - t
    uniq = df["name"].n_unique()
    counts = dict(hits.group_by("decision").len().iter_rows()) if not hits.is_empty() else {}
    print(
        f"{label}: {df.height:,} rows ({uniq:,} unique names) in {dt:.1f} s = {df.height / dt:,.0f} rows/s; "
        f"hits {hits.height:,} {counts}; peak RSS so far {rss_mib():,.0f} MiB"
    )
    return hits


def main() -> None:
    if "--check" in sys.argv:
        check_agreement()
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 1_000_000
    rng = random.Random(7)
    catalog = load_catalog(ROOT / "rules")
    lists = build_watchlists({"uflpa": catalog.frame("uflpa"), "cbp_wro": catalog.frame("cbp_wro")})
    t = time.perf_counter()
    df = suppliers(n, lists, rng)
    print(f"generated {n:,} supplier rows in {time.perf_counter() - t:.1f} s; RSS {rss_mib():,.0f} MiB")
    if "--no-bundled" not in sys.argv:
        t = time.perf_counter()
        bundled = Matcher(lists)
        print(
            f"bundled lists: {len(lists)} entities, {len(bundled.index.forms)} names; index {time.perf_counter() - t:.1f} s"  # noqa: E501
        )
        run("bundled lists", bundled, df)
    t = time.perf_counter()
    wl = synthetic_list(20_000, random.Random(11), df)
    synth = Matcher(wl)
    print(
        f"synthetic list: {len(wl)} entities, {len(synth.index.forms)} names; "
        f"index {time.perf_counter() - t:.1f} s"
    )
    hits = run("synthetic 20k list", synth, df)
    planted = {e.entity_id for e in wl.entries[:300]}
    found = hits.filter(pl.col("entity_id").is_in(list(planted)))["entity_id"].n_unique()
    print(f"  planted variants of supplier names found: {found} of {len(planted)}")
    if "--stress" in sys.argv:
        t = time.perf_counter()
        stress = Matcher(synthetic_list_stress(20_000, random.Random(11)))
        print(f"stress list (earlier synthetic list): 20,000 names; index {time.perf_counter() - t:.1f} s")
        run("stress 20k list", stress, df)


if __name__ == "__main__":
    main()

"""Speed of watch-list screening: 1,000,000 supplier names against the bundled lists and against a
synthetic list of 20,000 names. Prints rows/s, hits and peak RSS (resource.getrusage).

Supplier names are generated the way sourcing lists look: Chinese-style names (place + two-syllable
brand + line of business + legal form, in several spellings and cases), and names from Viet Nam,
Bangladesh, India, Turkey and the EU/US; a few hundred true variants of listed names are planted
(upper case and abbreviations, dropped legal forms, aliases). About 30% of rows repeat an earlier
name, as supplier lists do. Usage: ``.venv/bin/python bench/bench_matching.py [N]``.
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


def synthetic_list(n: int, rng: random.Random) -> WatchList:
    entries = []
    for i in range(n):
        name = chinese_name(rng) if rng.random() < 0.8 else world_name(rng)[0]
        entries.append(
            WatchEntry(
                "user:synthetic", f"user:synthetic:{i}", name, (ListedName(name, "primary"),), "CN", True
            )
        )
    return WatchList(tuple(entries))


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(label: str, matcher: Matcher, df: pl.DataFrame) -> None:
    t = time.perf_counter()
    hits = matcher.screen(df)
    dt = time.perf_counter() - t
    uniq = df["name"].n_unique()
    counts = dict(hits.group_by("decision").len().iter_rows()) if not hits.is_empty() else {}
    print(
        f"{label}: {df.height:,} rows ({uniq:,} unique names) in {dt:.1f} s = {df.height / dt:,.0f} rows/s; "
        f"hits {hits.height:,} {counts}; peak RSS so far {rss_mib():,.0f} MiB"
    )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rng = random.Random(7)
    catalog = load_catalog(ROOT / "rules")
    lists = build_watchlists({"uflpa": catalog.frame("uflpa"), "cbp_wro": catalog.frame("cbp_wro")})
    t = time.perf_counter()
    df = suppliers(n, lists, rng)
    print(f"generated {n:,} supplier rows in {time.perf_counter() - t:.1f} s; RSS {rss_mib():,.0f} MiB")
    t = time.perf_counter()
    bundled = Matcher(lists)
    print(
        f"bundled lists: {len(lists)} entities, {len(bundled.index.forms)} names; index {time.perf_counter() - t:.1f} s"  # noqa: E501
    )
    run("bundled lists", bundled, df)
    t = time.perf_counter()
    synth = Matcher(synthetic_list(20_000, random.Random(11)))
    print(f"synthetic list: 20,000 names; index {time.perf_counter() - t:.1f} s")
    run("synthetic 20k list", synth, df)


if __name__ == "__main__":
    main()

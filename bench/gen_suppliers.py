"""Generate a realistic supplier list of N rows for benchmarks (deterministic for a seed).

Countries are weighted like a large importer's supplier master (China, Viet Nam, India, Bangladesh,
Türkiye first) and spelled the many ways ERPs spell them; goods follow each country's real export mix;
names are composed from common business words and legal forms so that most are distinct, with a
sprinkling of spelled variants of listed entities; a few rows carry Xinjiang addresses, workforce flags,
unknown countries or unmapped goods.

    python bench/gen_suppliers.py 1000000 bench/data/suppliers_1m.csv
    python bench/gen_suppliers.py 1000000 bench/data/suppliers_1m_repeats.csv --repeats 0.02

``--repeats S``: a share S of the rows take the supplier id of an earlier row anywhere in the list, half of
them as exact repeats (its name, country, city, goods and spend too: quarantined) and half as another
order line of that supplier (screened).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import polars as pl

COUNTRIES = [  # (spellings, weight, cities, goods)
    (
        ["China", "PRC", "P.R. China", "CN", "CHINA"],
        22,
        [
            "Shenzhen",
            "Dongguan",
            "Ningbo",
            "Suzhou",
            "Qingdao",
            "Xiamen",
            "Guangzhou",
            "Hangzhou",
            "Urumqi",
            "Kashgar",
            "Aksu",
            "Shihezi",
        ],
        [
            "garments",
            "electronics",
            "toys",
            "footwear",
            "textiles",
            "cotton yarn",
            "polysilicon",
            "solar modules",
            "christmas decorations",
            "bricks",
            "tomato paste",
            "gloves",
            "hair products",
        ],
    ),
    (
        ["Viet Nam", "Vietnam", "VN"],
        12,
        ["Binh Duong", "Dong Nai", "Ho Chi Minh City", "Hai Phong"],
        ["garments", "footwear", "electronics", "coffee", "cashews", "rice", "fish"],
    ),
    (
        ["India", "IN", "INDIA"],
        12,
        ["Tirupur", "Bengaluru", "Ludhiana", "Chennai", "Surat"],
        ["garments", "cotton", "carpets", "gems", "rice", "tea", "bricks"],
    ),
    (
        ["Bangladesh", "BD"],
        8,
        ["Dhaka", "Gazipur", "Narayanganj", "Chittagong"],
        ["garments", "leather", "dried fish"],
    ),
    (
        ["Türkiye", "Turkey", "TR"],
        7,
        ["Istanbul", "Bursa", "Izmir", "Denizli"],
        ["garments", "cotton", "hazelnuts"],
    ),
    (["Indonesia", "ID"], 5, ["Jakarta", "Bandung", "Medan"], ["palm oil", "footwear", "garments", "rubber"]),
    (
        ["Pakistan", "PK"],
        4,
        ["Lahore", "Faisalabad", "Karachi"],
        ["cotton", "garments", "surgical instruments"],
    ),
    (["Malaysia", "MY"], 4, ["Penang", "Klang", "Johor Bahru"], ["gloves", "electronics", "palm oil"]),
    (["Thailand", "TH"], 3, ["Bangkok", "Samut Sakhon"], ["shrimp", "fish", "sugarcane", "electronics"]),
    (["Mexico", "MX"], 4, ["Monterrey", "Tijuana"], ["electronics", "tomatoes", "chile peppers"]),
    (["Brazil", "BR"], 3, ["Sao Paulo", "Porto Alegre"], ["cattle", "coffee", "sugarcane", "charcoal"]),
    (["USA", "United States", "U.S.A."], 5, ["Los Angeles", "Dallas", "Chicago"], ["packaging", "machinery"]),
    (["Germany", "DE", "Deutschland"], 3, ["Stuttgart", "Munich"], ["machinery", "chemicals"]),
    (["Italy", "IT"], 2, ["Prato", "Milan"], ["textiles", "leather"]),
    (["Ghana", "GH"], 1, ["Kumasi", "Accra"], ["cocoa beans", "gold"]),
    (["Ivory Coast", "Côte d'Ivoire"], 1, ["Abidjan", "Soubre"], ["cocoa"]),
    (["Qatar", "QA"], 1, ["Doha"], ["construction"]),
    (["Turkmenistan"], 0.2, ["Ashgabat"], ["cotton yarn"]),
    (["Atlantis", "N/A"], 0.1, ["Unknown"], ["widgets"]),
]
STEMS = np.array(
    [
        "Golden",
        "Star",
        "Evergreen",
        "Pacific",
        "Sunrise",
        "Lotus",
        "Bright",
        "Harmony",
        "Prime",
        "Oriental",
        "Silver",
        "Delta",
        "Phoenix",
        "Crown",
        "Jade",
        "Summit",
        "Horizon",
        "Royal",
        "Everest",
        "Blue River",
        "Great Wall",
        "Pearl",
        "Dragon",
        "Eagle",
        "Lion",
        "Tiger",
        "Ocean",
        "Sky",
        "Hill",
        "Green Field",
        "United",
        "Global",
        "Asia",
        "Euro",
        "Mega",
        "Fortune",
        "Victory",
        "Grand",
        "New Era",
    ]
)
NOUNS = np.array(
    [
        "Garments",
        "Textiles",
        "Knitting",
        "Apparel",
        "Footwear",
        "Electronics",
        "Industrial",
        "Manufacturing",
        "Trading",
        "Plastics",
        "Metals",
        "Foods",
        "Packaging",
        "Fashion",
        "Spinning",
        "Leather",
        "Machinery",
        "Components",
        "Precision",
        "Agro",
    ]
)
FORMS = np.array(
    [
        "Co., Ltd.",
        "Ltd",
        "Pvt Ltd",
        "Inc",
        "LLC",
        "GmbH",
        "S.A.",
        "A.S.",
        "Sdn Bhd",
        "JSC",
        "Limited",
        "Company Limited",
        "Corp.",
    ]
)
LISTED_VARIANTS = np.array(
    [
        "HOSHINE SILICON IND (SHANSHAN) CO LTD",
        "Xinjiang Daqo New Energy Co Ltd",
        "Changji Esquel Textile Company Limited",
        "Aksu Huafu Color Spinning Co Ltd",
        "Ninestar Corp.",
        "Top Glove Corporation Bhd",
        "Hetian Taida Apparel Co Ltd",
        "Xinjiang Zhongtai Chemical Co., Ltd",
        "Zhuhai Pantum Electronics Co Ltd",
        "Dongguan Oasis Shoe Industry Co Ltd",
    ]
)


def generate(n: int, seed: int = 7) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    weights = np.array([c[1] for c in COUNTRIES], dtype=float)
    ci = rng.choice(len(COUNTRIES), size=n, p=weights / weights.sum())
    country = np.empty(n, dtype=object)
    city = np.empty(n, dtype=object)
    goods = np.empty(n, dtype=object)
    for i, (spellings, _, cities, goods_list) in enumerate(COUNTRIES):
        idx = np.nonzero(ci == i)[0]
        country[idx] = np.array(spellings, dtype=object)[rng.integers(0, len(spellings), idx.size)]
        city[idx] = np.array(cities, dtype=object)[rng.integers(0, len(cities), idx.size)]
        goods[idx] = np.array(goods_list, dtype=object)[rng.integers(0, len(goods_list), idx.size)]
    names = (
        STEMS[rng.integers(0, STEMS.size, n)].astype(object)
        + " "
        + NOUNS[rng.integers(0, NOUNS.size, n)]
        + " "
        + (rng.integers(1, 999, n)).astype(str).astype(object)
        + " "
        + FORMS[rng.integers(0, FORMS.size, n)]
    )
    listed = rng.random(n) < 0.0005
    names[listed] = LISTED_VARIANTS[rng.integers(0, LISTED_VARIANTS.size, int(listed.sum()))]
    share = np.where(rng.random(n) < 0.2, np.round(rng.random(n), 2).astype(str), "")
    flags = rng.random((n, 3)) < 0.01
    return pl.DataFrame(
        {
            "Supplier ID": [f"S{i:07d}" for i in range(n)],
            "Supplier Name": names,
            "Country": country,
            "City": city,
            "Products": goods,
            "Annual Spend": rng.integers(1_000, 5_000_000, n),
            "migrant_worker_share": share,
            "passport_retention": np.where(flags[:, 0], "yes", ""),
            "recruitment_fees_paid_by_workers": np.where(flags[:, 1], "yes", ""),
            "uses_labor_agents": np.where(flags[:, 2], "yes", "no"),
        }
    )


def with_repeats(df: pl.DataFrame, share: float, seed: int = 11) -> pl.DataFrame:
    """``df`` with a share of its rows repeating the supplier id of an earlier row (see the module doc)."""
    rng = np.random.default_rng(seed)
    n = df.height
    later = np.sort(rng.choice(np.arange(1, n), size=int(n * share), replace=False))
    earlier = (rng.random(later.size) * later).astype(np.int64)
    exact = rng.random(later.size) < 0.5
    copied = ["Supplier ID"]
    out = df.with_row_index("_i")
    source = pl.DataFrame(
        {"_i": later.astype(np.uint32), "_from": earlier.astype(np.uint32), "_exact": exact}
    )
    fields = ["Supplier Name", "Country", "City", "Products", "Annual Spend"]
    picked = df.with_row_index("_from").select("_from", *copied, *fields)
    source = source.join(picked, on="_from", how="left")
    out = out.join(source, on="_i", how="left", suffix="_src", maintain_order="left")
    updates = [pl.coalesce(f"{c}_src", c).alias(c) for c in copied]
    updates += [
        pl.when(pl.col("_exact")).then(pl.col(f"{c}_src")).otherwise(pl.col(c)).alias(c) for c in fields
    ]
    return out.with_columns(updates).select(df.columns)


def ensure(n: int, path: Path) -> Path:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        generate(n).write_csv(path)
    return path


if __name__ == "__main__":
    args = sys.argv[1:]
    repeats = 0.0
    if "--repeats" in args:
        at = args.index("--repeats")
        repeats = float(args[at + 1])
        del args[at : at + 2]
    count = int(args[0]) if args else 1_000_000
    out = Path(args[1]) if len(args) > 1 else Path(f"bench/data/suppliers_{count}.csv")
    out.parent.mkdir(parents=True, exist_ok=True)
    frame = generate(count)
    if repeats:
        frame = with_repeats(frame, repeats)
    frame.write_csv(out)
    print(f"wrote {count} rows to {out}" + (f", {repeats:.0%} repeating an earlier id" if repeats else ""))

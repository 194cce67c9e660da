"""Regenerate examples/suppliers.csv (and friends) deterministically.

The example list is a realistic supplier master of a mid-sized apparel, electronics and food importer:
about 200 suppliers in many countries, spelled the way ERP exports spell them, with a few rows that a
screen must quarantine and a few that exercise every kind of finding. Company names are invented except
where a row deliberately spells a real listed entity (UFLPA Entity List, CBP orders) the way a supplier
master would, to show watch-list matching.

    python examples/make_examples.py
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = [
    "Vendor ID", "Vendor Name", "Parent Company", "Country", "State/Province", "City", "Street Address",
    "Products", "HS Code", "Industry", "Annual Spend (USD)", "Supplier Tier", "migrant_worker_share",
    "uses_labor_agents", "recruitment_fees_paid_by_workers", "passport_retention", "wage_withholding",
    "excessive_overtime", "restricted_movement", "Buyer",
]

# Rows chosen to show every kind of finding, one a line of special_rows.csv (name, parent, country, region,
# city, address, goods, hs, industry, spend, tier, migrant share, agents, fees, passport, wages, overtime,
# movement).
with (HERE / "special_rows.csv").open(encoding="utf-8", newline="") as _fh:
    SPECIAL = [tuple(row) for row in list(csv.reader(_fh))[1:]]

COUNTRIES = [  # spelling as an ERP might hold it, weight, cities, goods
    ("China", 18, ["Shenzhen", "Dongguan", "Ningbo", "Suzhou", "Qingdao", "Xiamen", "Foshan", "Wuxi"],
     ["garments", "electronics", "toys", "footwear", "textiles", "christmas decorations", "artificial flowers",
      "nails", "cotton fabric", "lithium-ion batteries", "solar cells"]),
    ("Viet Nam", 14, ["Binh Duong", "Dong Nai", "Ho Chi Minh City", "Hai Phong", "Bac Ninh"],
     ["garments", "footwear", "electronics", "coffee", "cashews", "rice"]),
    ("Bangladesh", 10, ["Dhaka", "Gazipur", "Narayanganj", "Chittagong"], ["garments", "knitwear", "leather goods", "dried fish"]),
    ("India", 12, ["Tirupur", "Bengaluru", "Ludhiana", "Chennai", "Surat"],
     ["garments", "cotton yarn", "carpets", "gems", "rice", "tea", "bricks", "embellished textiles"]),
    ("Türkiye", 9, ["Istanbul", "Bursa", "Izmir", "Denizli", "Gaziantep"], ["garments", "cotton yarn", "hazelnuts", "textiles"]),
    ("Indonesia", 6, ["Jakarta", "Bandung", "Semarang", "Medan"], ["garments", "footwear", "palm oil", "rubber", "coffee"]),
    ("Pakistan", 5, ["Lahore", "Faisalabad", "Karachi", "Sialkot"], ["cotton", "garments", "surgical instruments", "carpets"]),
    ("Cambodia", 4, ["Phnom Penh", "Kandal"], ["garments", "footwear", "bricks"]),
    ("Thailand", 4, ["Bangkok", "Chonburi", "Ayutthaya"], ["electronics", "fish", "sugarcane", "garments"]),
    ("Mexico", 5, ["Monterrey", "Tijuana", "Guadalajara", "Puebla"], ["electronics", "tomatoes", "chile peppers", "garments"]),
    ("Brazil", 4, ["Sao Paulo", "Porto Alegre", "Belo Horizonte"], ["cattle", "coffee", "sugarcane", "footwear", "charcoal"]),
    ("U.S.A.", 6, ["Los Angeles", "Dallas", "Atlanta", "Chicago"], ["packaging", "garments", "electronics"]),
    ("Germany", 4, ["Stuttgart", "Munich", "Cologne"], ["machinery", "chemicals"]),
    ("Italy", 4, ["Prato", "Biella", "Milan"], ["textiles", "leather", "garments"]),
    ("Portugal", 2, ["Porto", "Braga"], ["footwear", "garments"]),
    ("Ethiopia", 2, ["Hawassa", "Addis Ababa"], ["garments", "coffee"]),
    ("Peru", 2, ["Lima", "Arequipa"], ["garments", "gold", "coffee"]),
    ("Colombia", 2, ["Medellin", "Bogota"], ["coffee", "garments", "coal"]),
    ("Kenya", 2, ["Nairobi", "Athi River"], ["tea", "garments", "flowers"]),
    ("Egypt", 2, ["Cairo", "Alexandria"], ["cotton", "garments"]),
    ("Morocco", 2, ["Tangier", "Casablanca"], ["garments", "fish"]),
    ("Sri Lanka", 3, ["Colombo", "Katunayake"], ["garments", "tea", "rubber gloves"]),
    ("Philippines", 2, ["Manila", "Cebu"], ["electronics", "coconuts", "fish"]),
    ("Korea, Rep.", 2, ["Busan", "Incheon"], ["electronics", "textiles"]),
    ("Japan", 2, ["Osaka", "Nagoya"], ["electronics", "machinery"]),
    ("Burma", 2, ["Yangon"], ["garments", "jade", "rubber"]),
    ("UK", 2, ["Leicester", "Manchester"], ["garments", "packaging"]),
]
STEMS = ["Golden", "Star", "Evergreen", "Pacific", "Sunrise", "Lotus", "Bright", "Harmony", "Prime", "Oriental",
         "Silver", "Delta", "Phoenix", "Crown", "Jade", "Summit", "Horizon", "Royal", "Everest", "Blue River"]
FORMS = {"China": "Co., Ltd.", "Viet Nam": "Co., Ltd", "Bangladesh": "Ltd", "India": "Pvt Ltd",
         "Türkiye": "San. ve Tic. A.S.", "Indonesia": "PT", "Pakistan": "(Pvt) Ltd", "Cambodia": "Co., Ltd",
         "Thailand": "Co., Ltd.", "Mexico": "S.A. de C.V.", "Brazil": "Ltda", "U.S.A.": "Inc",
         "Germany": "GmbH", "Italy": "S.p.A.", "Portugal": "Lda", "Ethiopia": "PLC", "Peru": "S.A.C.",
         "Colombia": "S.A.S.", "Kenya": "Ltd", "Egypt": "S.A.E.", "Morocco": "SARL", "Sri Lanka": "(Pvt) Ltd",
         "Philippines": "Inc.", "Korea, Rep.": "Co., Ltd.", "Japan": "K.K.", "Burma": "Co., Ltd.", "UK": "Ltd"}
NOUN = {"garments": "Garments", "knitwear": "Knitwear", "footwear": "Footwear", "electronics": "Electronics",
        "toys": "Toys", "textiles": "Textiles", "cotton yarn": "Spinning Mills", "coffee": "Coffee Exporters",
        "tea": "Tea Estates", "palm oil": "Agro", "rubber gloves": "Gloves", "cattle": "Beef Packers"}
HS = {"garments": "6109", "footwear": "6403", "electronics": "8542", "toys": "9503", "textiles": "5208",
      "cotton yarn": "5205", "coffee": "0901", "tea": "0902", "cotton": "5201", "rice": "1006", "fish": "0302"}


def build_rows(seed: int = 20261128) -> list[dict[str, str]]:
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    for i, spec in enumerate(SPECIAL, start=1):
        name, parent, country, region, city, addr, goods, hs, industry, spend, tier, *work = spec
        work = list(work) + [""] * (7 - len(work))
        rows.append(dict(zip(HEADER, [f"V{10000 + i}", name, parent, country, region, city, addr, goods, hs, industry,
                                      f"{spend}", tier, *work, "special"], strict=True)))
    weights = [c[1] for c in COUNTRIES]
    used: set[str] = {r["Vendor Name"] for r in rows}
    while len(rows) < 198:
        country, _, cities, goods_list = rng.choices(COUNTRIES, weights=weights)[0]
        goods = rng.choice(goods_list)
        name = f"{rng.choice(STEMS)} {NOUN.get(goods, goods.title())} {FORMS[country]}"
        if country == "Indonesia":
            name = f"PT {rng.choice(STEMS)} {NOUN.get(goods, goods.title())}"
        if name in used:
            continue
        used.add(name)
        share = rng.choice(["", "", "0", "0.05", "0.1"])
        rows.append(dict(zip(HEADER, [
            f"V{10000 + len(rows) + 1}", name, "", country, "", rng.choice(cities), "", goods,
            HS.get(goods, "") if rng.random() < 0.4 else "", "", f"{rng.randrange(5, 900) * 1000}",
            rng.choice(["1", "1", "2"]), share, "", "", "", "", "", "", rng.choice(["apparel", "hardlines", "food"]),
        ], strict=True)))
    # Rows a screen must quarantine or report, as real masters contain them.
    rows.append(dict.fromkeys(HEADER, "") | {"Vendor ID": "V10199", "Vendor Name": "Unnamed site (pending onboarding)",
                                             "Products": "garments", "Annual Spend (USD)": "12000", "Buyer": "apparel"})
    rows.append(dict.fromkeys(HEADER, "") | {"Vendor ID": "V10200", "Country": "India", "Products": "cotton",
                                             "Buyer": "apparel"})
    rows.append(rows[40] | {"Buyer": "duplicate vendor id from a second ERP"})
    return rows


def main() -> None:
    rows = build_rows()
    with (HERE / "suppliers.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=HEADER, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    watch = [{"name": "Blue River Textiles Co., Ltd.", "aliases": "Blue River Textile | BRT Textiles",
              "country": "CN", "reason": "internal audit 2026-04: unauthorised subcontracting to a Xinjiang mill"}]
    with (HERE / "watchlist.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["name", "aliases", "country", "reason"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(watch)
    (HERE / "suppliers.ndjson").write_text(
        "".join(json.dumps({"id": r["Vendor ID"], "name": r["Vendor Name"], "country": r["Country"],
                            "products": r["Products"]}, ensure_ascii=False) + "\n" for r in rows[:25]),
        encoding="utf-8")
    print(f"wrote {len(rows)} rows to {HERE / 'suppliers.csv'}")


if __name__ == "__main__":
    main()

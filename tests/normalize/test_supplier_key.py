"""supplier_key: the same supplier-site across rows, stable across runs and machines."""

from __future__ import annotations

import hashlib

import polars as pl

from screening.normalize.supplier_key import add_supplier_key


def _keys(rows: list[dict[str, str | None]]) -> list[str]:
    cols = ("supplier_name", "country_code", "region_code", "city", "address", "region_raw")
    frame = pl.DataFrame({c: [r.get(c) for r in rows] for c in cols}, schema={c: pl.String for c in cols})
    return add_supplier_key(frame).get_column("supplier_key").to_list()


def test_key_is_sha256_of_folded_name_country_and_site() -> None:
    [key] = _keys([{"supplier_name": "Café Müller S.A.", "country_code": "FR", "city": "Saint-Étienne"}])
    assert key == "sk-" + hashlib.sha256(b"cafe muller s a|FR|saint etienne").hexdigest()[:16]


def test_case_accents_and_punctuation_do_not_split_a_supplier() -> None:
    keys = _keys(
        [
            {"supplier_name": "Café Müller S.A.", "country_code": "FR", "city": "Lyon"},
            {"supplier_name": "CAFE MULLER SA", "country_code": "FR", "city": "LYON"},  # "sa" != "s a"
            {"supplier_name": "cafe  muller, s.a.", "country_code": "FR", "city": " lyon "},
            {
                "supplier_name": "Ｃａｆé Müller S.A.",
                "country_code": "FR",
                "city": "Lyon",
            },
        ]
    )
    assert keys[0] == keys[2] == keys[3]
    assert keys[1] != keys[0]


def test_region_wins_over_city_and_other_sites_or_countries_differ() -> None:
    keys = _keys(
        [
            {"supplier_name": "Acme", "country_code": "CN", "region_code": "CN-GD", "city": "Shenzhen"},
            {"supplier_name": "Acme", "country_code": "CN", "region_code": "CN-GD", "address": "1 Road"},
            {"supplier_name": "Acme", "country_code": "CN", "city": "Shenzhen"},
            {"supplier_name": "Acme", "country_code": "VN", "region_code": "CN-GD"},
            {"supplier_name": None, "country_code": None},
        ]
    )
    assert keys[0] == keys[1]
    assert len({keys[0], keys[2], keys[3], keys[4]}) == 4
    assert all(k.startswith("sk-") and len(k) == 19 for k in keys)


def test_rows_keep_their_own_keys_when_ascii_and_other_scripts_mix() -> None:
    rows = [
        {"supplier_name": name, "country_code": "CN", "city": "Wuxi"}
        for name in ("北京制造厂", "Beijing Works", "Ångström AB", "Angstrom AB", "Beijing Works")
    ]
    keys = _keys(rows)
    alone = [_keys([row])[0] for row in rows]
    assert keys == alone
    assert keys[2] == keys[3] and keys[1] == keys[4] and keys[0] != keys[1]

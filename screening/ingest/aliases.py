"""Header aliases of the input contract, and how headers are compared.

A header matches an alias when both are equal after :func:`normalise_header`, which ignores case,
spaces, ``_``, ``-``, ``.`` (the contract's list) and also brackets and quote marks, so
``"Spend (USD)"`` equals ``spend usd`` and ``"Country / Region"`` equals ``country/region``. ``#``
and ``N°`` carry meaning: they read as ``no`` (``"Vendor #"`` is ``vendor no``, a vendor id).

A header that only *contains* an alias as whole words (``"Product Type Type"`` contains
``product type``) is a guess: :func:`header_words` splits both into words for that test.

Fields are named as the contract names them (``country``, ``region``, ``goods``, ``sector``);
:data:`FIELD_COLUMN` gives the ingest-frame column each one fills (``country_raw`` ...).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from screening.contract import INGEST_SCHEMA, WORKFORCE_BOOL_FIELDS

#: Contract field -> ingest frame column.
FIELD_COLUMN: Final[dict[str, str]] = {
    "supplier_id": "supplier_id",
    "supplier_name": "supplier_name",
    "parent_name": "parent_name",
    "country": "country_raw",
    "region": "region_raw",
    "city": "city",
    "address": "address",
    "goods": "goods_raw",
    "hs_code": "hs_code",
    "sector": "sector_raw",
    "production_phase": "production_phase",
    "facility_type": "facility_type",
    "workers": "workers",
    "spend": "spend",
    "tier": "tier",
    "migrant_worker_share": "migrant_worker_share",
    **{name: name for name in WORKFORCE_BOOL_FIELDS},
}
assert set(FIELD_COLUMN.values()) == {c for c in INGEST_SCHEMA if not c.startswith("_")}

#: A mapping file may also name a field by its frame column (``country_raw``).
FIELD_BY_NAME: Final[dict[str, str]] = {
    **{field: field for field in FIELD_COLUMN},
    **{column: field for field, column in FIELD_COLUMN.items()},
}

#: Fields whose values are parsed (the others are text kept as written, trimmed).
BOOL_FIELDS: Final[frozenset[str]] = frozenset(WORKFORCE_BOOL_FIELDS)
NUMBER_FIELDS: Final[frozenset[str]] = frozenset({"workers", "spend"})
SHARE_FIELDS: Final[frozenset[str]] = frozenset({"migrant_worker_share"})

#: Field -> aliases, most specific first (the order breaks ties between columns of one field).
#: The field's own name is always an alias.
# fmt: off
ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "supplier_id": (
        "supplier id", "supplier number", "supplier code", "supplier no", "vendor id",
        "vendor number", "vendor code", "vendor no", "factory id", "facility id", "site id", "id",
        "supplier nr", "vendor nr", "lieferantennummer", "lieferantennr", "lieferanten nr",
        "lieferanten id", "kreditorennummer", "codigo proveedor", "código proveedor",
        "código de proveedor", "id proveedor", "numero fournisseur", "numéro fournisseur",
        "code fournisseur", "no fournisseur", "no de fournisseur", "codice fornitore",
        "codigo fornecedor", "código fornecedor",
        "tedarikçi kodu", "tedarikci kodu", "tedarikçi no",
    ),
    "supplier_name": (
        "factory name", "facility name", "site name", "company name", "legal name",
        "supplier name", "company", "supplier", "name", "vendor name", "vendor",
        "lieferant", "lieferantenname", "firmenname", "firma", "proveedor", "nombre proveedor",
        "nombre del proveedor", "razón social", "razon social", "fournisseur", "nom fournisseur",
        "nom du fournisseur", "raison sociale", "fornitore", "nome fornitore", "ragione sociale",
        "fornecedor", "nome do fornecedor", "tedarikçi", "tedarikci", "tedarikçi adı", "leverancier",
        "dostawca",
    ),
    "parent_name": (
        "parent name", "supplier group", "parent company", "parent", "group", "group name",
        "holding company",
    ),
    "country": (
        "country", "country/region", "country or region", "country name", "country code",
        "country of origin", "origin country", "supplier country", "factory country", "site country",
        "nation", "country raw",
        "land", "herkunftsland", "ursprungsland", "lieferland", "país", "pais", "país de origen",
        "pais de origen", "pays", "pays d'origine", "paese", "paese di origine", "país de origem",
        "ülke", "ulke", "menşe ülke", "kraj",
    ),
    "region": (
        "region", "state/province", "province/state", "state or province", "province", "state",
        "prefecture", "sub-national region", "subnational region", "region raw",
    ),
    "city": (
        "city", "town", "city/town", "municipality", "stadt", "ort", "ciudad", "ville", "città",
        "citta", "cidade", "şehir", "sehir",
    ),
    "address": (
        "address", "street address", "full address", "site address", "facility address",
        "factory address", "supplier address", "company address", "street", "addr",
        "anschrift", "adresse", "dirección", "direccion", "indirizzo", "endereço", "endereco", "adres",
    ),
    "goods": (
        "goods", "products", "product", "product type", "product types", "product category",
        "main products", "product description", "commodity", "commodities", "goods/services",
        "materials", "item description", "goods raw",
    ),
    "hs_code": ("hs code", "hs", "hts", "hts code", "tariff code", "commodity code"),
    "sector": ("sector", "industry", "naics", "isic", "category", "industry sector", "sector raw"),
    "production_phase": (
        "production phase", "production phases", "production process", "process", "processes",
    ),
    "facility_type": ("facility type", "factory type", "site type"),
    "workers": (
        "workers", "total workers", "number of workers", "no of workers", "worker count", "employees",
        "total employees", "number of employees", "employee count", "headcount",
    ),
    "spend": ("spend", "annual spend", "spend usd", "annual spend usd", "amount"),
    "tier": ("tier", "supplier tier"),
    "migrant_worker_share": (
        "migrant worker share", "% migrant workers", "migrant workers %", "% migrant",
        "percent migrant workers", "share of migrant workers", "migrant share",
    ),
    "uses_labor_agents": (
        "uses labor agents", "uses labour agents", "labor agents", "labour agents",
        "uses recruitment agencies", "recruitment agencies",
    ),
    "recruitment_fees_paid_by_workers": (
        "recruitment fees paid by workers", "worker paid recruitment fees", "recruitment fees",
    ),
    "passport_retention": ("passport retention", "passports retained", "retains passports"),
    "wage_withholding": ("wage withholding", "wages withheld", "withholding of wages"),
    "excessive_overtime": ("excessive overtime",),
    "restricted_movement": ("restricted movement", "restricted freedom of movement"),
    "housing_provided": ("housing provided", "employer provided housing", "worker housing", "dormitory"),
}
# fmt: on

#: ``supplier_name`` aliases that name a vendor: such a column becomes ``parent_name`` when a more
#: specific site or company name column is also present.
VENDOR_ALIASES: Final[frozenset[str]] = frozenset({"vendor", "vendor name"})

# fmt: off
#: Single-word aliases too generic to be guessed from inside a longer header
#: ("Name of the trade union" is not a supplier name; "Postal Code" is not a code of anything).
NO_GUESS: Final[frozenset[str]] = frozenset(
    {
        "id", "name", "group", "parent", "category", "amount", "company", "supplier", "vendor",
        "nation", "process", "processes", "hs", "hts", "tier", "street", "town", "naics", "isic",
        "land", "ort", "firma", "pays", "paese", "pais", "país", "kraj", "adres",
    }
)
# fmt: on

_DROP = re.compile(r"[\s_\-.()\[\]'\"’`]+")
#: Signs that carry meaning in a header, as the word they stand for ("Vendor #" is a vendor number).
_NUMBER_SIGNS = re.compile(r"#|\bn[°º]")
_WORD = re.compile(r"[^\W_]+")


def normalise_header(text: str) -> str:
    """``"Country / Region"`` -> ``"country/region"``: the form headers and aliases are compared in."""
    folded = _NUMBER_SIGNS.sub(" no ", unicodedata.normalize("NFKC", text).casefold())
    return _DROP.sub("", folded)


def header_words(text: str) -> tuple[str, ...]:
    """The words of a header, lower-cased: ``"Product Type Type"`` -> ``("product", "type", "type")``."""
    return tuple(_WORD.findall(_NUMBER_SIGNS.sub(" no ", unicodedata.normalize("NFKC", text).casefold())))


def _build_exact() -> dict[str, list[tuple[str, int, str]]]:
    table: dict[str, list[tuple[str, int, str]]] = {}
    for field, aliases in ALIASES.items():
        for rank, alias in enumerate((field, *aliases)):
            key = normalise_header(alias)
            entries = table.setdefault(key, [])
            if all(f != field for f, _, _ in entries):
                entries.append((field, rank, alias))
    return table


#: normalised alias -> [(field, rank, alias)]; rank 0 is the most specific.
EXACT: Final[dict[str, list[tuple[str, int, str]]]] = _build_exact()

#: (alias words, field, rank, alias) for whole-word guesses, longest alias first.
GUESS_WORDS: Final[tuple[tuple[tuple[str, ...], str, int, str], ...]] = tuple(
    sorted(
        {
            (header_words(alias), field, rank, alias)
            for field, aliases in ALIASES.items()
            for rank, alias in enumerate((field.replace("_", " "), *aliases))
            if alias not in NO_GUESS and header_words(alias)
        },
        key=lambda item: (-len(item[0]), item[1], item[2]),
    )
)

#: World regions, as companies write them: a column holding these is not a sub-national region.
# fmt: off
WORLD_REGIONS: Final[frozenset[str]] = frozenset(
    normalise_header(v)
    for v in (
        "Americas", "America", "North America", "South America", "Latin America", "LATAM", "LAC",
        "Central America", "Caribbean", "NAM", "NORAM", "SAM", "Asia", "Asia Pacific", "APAC",
        "APJ", "SE Asia", "S Asia", "N Asia", "E Asia", "W Asia", "South Asia", "South East Asia",
        "Southeast Asia", "East Asia", "North Asia", "North East Asia", "Northeast Asia",
        "Central Asia", "West Asia", "Western Asia", "Greater China", "EMEA", "Europe", "EU",
        "Western Europe", "Eastern Europe", "Northern Europe", "Southern Europe", "Central Europe",
        "Africa", "North Africa", "Sub-Saharan Africa", "West Africa", "East Africa",
        "Southern Africa", "Middle East", "MENA", "Oceania", "ANZ", "Australasia", "Pacific",
        "Rest of World", "ROW",
        # Chinese labels (traditional and simplified), as in CommonWealth's Apple list
        "中港澳", "東南亞", "东南亚", "南亞", "南亚", "北美", "北美洲", "歐洲", "欧洲", "拉丁美洲",
        "西亞", "西亚", "非洲", "大洋洲", "中亞", "中亚", "東北亞", "东北亚", "亞洲", "亚洲",
        "東亞", "东亚", "中東", "中东", "東北亞（不含中港澳台）", "东北亚（不含中港澳台）",
    )
)
# fmt: on

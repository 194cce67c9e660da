"""Rule kinds, in one table: what each kind joins, and so which fields its rules may name.

A rule's ``kind`` names an entry of :data:`KINDS`. An entry says which relation a rule's rows come
from (``rows``: the suppliers, their goods or their watch-list hits) and, for kinds that join an
indicator dataset (``indicator: <dataset id>`` in the rule), on which columns: ``indicator_on`` maps
each column of the dataset to the field it must equal. The SQL ``FROM`` clause, the namespaces a
rule may name (``supplier``, ``good``, ``hit``, ``ind``) and the typed columns behind them all
follow from the entry. Adding a kind is one entry, for example a dataset by sector and country::

    "sector_country": Kind(
        indicator_on={"sector": "supplier.sector", "country_code": "supplier.country_code"}
    ),

Identifiers in the SQL come only from this table and from the columns the relations really have;
every value is a parameter (see :mod:`screening.rules.sql`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final


@dataclass(frozen=True)
class Relation:
    """A relation the engine registers in DuckDB, named by a rule as ``namespace.column``."""

    table: str  # the DuckDB relation (fixed by the engine)
    alias: str  # its alias in the SQL
    always: tuple[str, ...] = ()  # columns every finding of a kind joining it needs


#: The relations rules read. ``ind`` is the indicator dataset a rule names (table ``ind_<id>``).
RELATIONS: Final[dict[str, Relation]] = {
    "supplier": Relation("sup", "s", always=("supplier_id",)),
    "good": Relation("sup_goods", "g", always=("name", "inferred", "certain")),
    "hit": Relation("hits", "h", always=("field", "list_id", "matched_entity", "score", "entity_id")),
    "ind": Relation("ind_{indicator}", "i"),
}


@dataclass(frozen=True)
class Kind:
    """``rows``: the namespace a finding is per row of; ``indicator_on``: dataset column -> field."""

    rows: str = "supplier"
    indicator_on: dict[str, str] = field(default_factory=dict)

    @property
    def namespaces(self) -> tuple[str, ...]:
        spaces = ["supplier"] if self.rows == "supplier" else ["supplier", self.rows]
        return (*spaces, "ind") if self.indicator_on else tuple(spaces)

    @property
    def needs_indicator(self) -> bool:
        return bool(self.indicator_on)


#: Every rule kind. One entry per kind; nothing else in the engine names a kind.
KINDS: Final[dict[str, Kind]] = {
    "supplier": Kind(),
    "country": Kind(indicator_on={"country_code": "supplier.country_code"}),
    "goods": Kind(rows="good"),
    "goods_country": Kind(
        rows="good", indicator_on={"country_code": "supplier.country_code", "good": "good.name"}
    ),
    "watchlist": Kind(rows="hit"),
    # A dataset by sector and country (sector x country risk, migrant-labour corridors).
    "sector_country": Kind(
        indicator_on={"sector": "supplier.sector", "country_code": "supplier.country_code"}
    ),
    # A sub-national risk context, scoped by sector (a Prato wool comber is not a cut-and-sew workshop).
    "region": Kind(indicator_on={"region_code": "supplier.region_code", "sector": "supplier.sector"}),
}

#: Placeholders an evidence template may use that are not columns: filled from the rule and dataset.
CONSTANTS: Final[tuple[str, ...]] = ("dataset.edition", "dataset.title", "rule.title")

FIELD = re.compile(r"^(" + "|".join(RELATIONS) + r")\.([A-Za-z_][A-Za-z0-9_]*)$")

"""Rule kinds come from one table: the join, the namespaces and the fields all follow from an entry."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from screening.rules.evaluate import DatasetInfo, RuleContext, evaluate_rule
from screening.rules.kinds import KINDS, Kind
from screening.rules.models import Rule
from screening.rules.sql import from_clause
from screening.scoring.policy import load_policy


def _rule(kind: str, indicator: str | None = None, **extra) -> Rule:
    return Rule.model_validate(
        {
            "id": "test-rule",
            "version": 1,
            "title": "A test rule",
            "category": "forced_labor",
            "severity": "high",
            "points": 40,
            "basis": "country",
            "kind": kind,
            "indicator": indicator,
            "datasets": [indicator or "supplier_list"],
            "evidence": extra.pop("evidence", "Supplier {supplier.supplier_id} is flagged."),
            "cases": [
                {"name": "fires", "expect": "fire", "supplier": {"country": "China"}},
                {"name": "near_miss", "expect": "no_fire", "supplier": {"country": "Germany"}},
            ],
            **extra,
        }
    )


@pytest.mark.parametrize(
    ("kind", "indicator", "sql"),
    [
        ("supplier", None, "sup s"),
        ("country", "tip", 'sup s JOIN "ind_tip" i ON i."country_code" = s."country_code"'),
        ("goods", None, "sup_goods g JOIN sup s ON s._key = g._key"),
        (
            "goods_country",
            "ilab_goods",
            'sup_goods g JOIN sup s ON s._key = g._key JOIN "ind_ilab_goods" i '
            'ON i."country_code" = s."country_code" AND i."good" = g."name"',
        ),
        ("watchlist", None, "hits h JOIN sup s ON s._key = h._key"),
    ],
)
def test_each_kind_joins_what_its_entry_says(kind, indicator, sql):
    assert from_clause(_rule(kind, indicator)) == sql.replace("sup s", '"sup" s').replace(
        "sup_goods g", '"sup_goods" g'
    ).replace("hits h", '"hits" h')


def test_a_kind_is_one_entry_of_the_table(monkeypatch, rules_dir):
    """A kind joining a dataset on sector and country, added as one entry, screens end to end."""
    monkeypatch.setitem(
        KINDS,
        "sector_country",
        Kind(indicator_on={"sector": "supplier.sector", "country_code": "supplier.country_code"}),
    )
    rule = _rule(
        "sector_country",
        "sector_risk",
        where=[{"field": "ind.risk", "op": "eq", "value": "high"}],
        evidence="{supplier.supplier_name}: {ind.risk} risk for {supplier.sector} in "
        "{supplier.country_code}.",
    )
    con = duckdb.connect()
    con.register(
        "sup",
        pl.DataFrame(
            {
                "_key": [0, 1, 2],
                "supplier_id": ["A", "B", "C"],
                "supplier_name": ["Alpha", "Beta", "Gamma"],
                "sector": ["mining", "mining", "textiles"],
                "country_code": ["CD", "DE", "CD"],
            }
        ),
    )
    con.register(
        "ind_sector_risk",
        pl.DataFrame({"sector": ["mining", "mining"], "country_code": ["CD", "DE"], "risk": ["high", "low"]}),
    )
    ctx = RuleContext(
        con=con, datasets={"sector_risk": DatasetInfo("Sector risk", "2025")}, policy=load_policy(rules_dir)
    )
    findings = evaluate_rule(rule, ctx)
    assert findings.get_column("supplier_id").to_list() == ["A"]
    assert findings.item(0, "evidence") == "Alpha: high risk for mining in CD."
    assert findings.item(0, "source_dataset") == "sector_risk"


def test_a_rule_may_only_name_the_namespaces_its_kind_joins():
    with pytest.raises(ValueError, match="a country rule may only test supplier, ind fields"):
        _rule("country", "tip", where=[{"field": "good.name", "op": "eq", "value": "cotton"}])
    with pytest.raises(ValueError, match="kind 'province' is not one of supplier, country"):
        _rule("province", "tip")
    with pytest.raises(ValueError, match="a goods rule takes no `indicator`"):
        _rule("goods", "tip")

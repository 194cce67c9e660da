"""Rule compilation: values are parameters, identifiers come from whitelists."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from screening.errors import ConfigError
from screening.rules.models import Condition
from screening.rules.sql import compile_condition, quote

TYPES = {
    "supplier": {
        "country_code": "VARCHAR",
        "migrant_worker_share": "DOUBLE",
        "passport_retention": "BOOLEAN",
        "_goods_unmapped": "VARCHAR[]",
    }
}


def test_values_travel_as_parameters_not_sql_text():
    hostile = "CN' OR '1'='1"
    sql, params = compile_condition(Condition(field="supplier.country_code", op="eq", value=hostile), TYPES)
    assert hostile not in sql
    assert params == [hostile]
    con = duckdb.connect()
    con.register("sup", pl.DataFrame({"country_code": ["CN", "DE"]}))
    n = con.execute(f"SELECT count(*) FROM sup s WHERE {sql}", params).fetchone()[0]
    assert n == 0


def test_in_list_and_numeric_ops():
    sql, params = compile_condition(
        Condition(field="supplier.country_code", op="in", value=["QA", "SA"]), TYPES
    )
    assert sql == 's."country_code" IN (?, ?)' and params == ["QA", "SA"]
    sql, params = compile_condition(
        Condition(field="supplier.migrant_worker_share", op="ge", value=0.2), TYPES
    )
    assert sql == 'TRY_CAST(s."migrant_worker_share" AS DOUBLE) >= ?' and params == [0.2]


def test_quote_refuses_anything_but_plain_identifiers():
    assert quote("C_138_Ratified") == '"C_138_Ratified"'
    with pytest.raises(ConfigError):
        quote('x"; DROP TABLE sup; --')


@pytest.mark.parametrize(("op", "value"), [("in", []), ("ge", "ten"), ("eq", None), ("is_null", 1)])
def test_malformed_conditions_are_rejected(op, value):
    with pytest.raises(ValueError):
        Condition(field="supplier.country_code", op=op, value=value)

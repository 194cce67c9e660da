"""Evidence templates build sentences from columns without formatting user data as code."""

from __future__ import annotations

import polars as pl
import pytest

from screening.errors import ConfigError
from screening.rules import evidence as ev


def test_template_fields_and_sentence():
    tpl = "{good.name} from {supplier.country_name} is listed ({dataset.edition} edition){good.note}."
    assert ev.fields(tpl) == [
        ("good", "name"),
        ("supplier", "country_name"),
        ("dataset", "edition"),
        ("good", "note"),
    ]
    df = pl.DataFrame(
        {"good__name": ["Cotton"], "supplier__country_name": ["Turkmenistan"], "good__note": [""]}
    )
    out = df.select(ev.build(tpl, {"dataset.edition": "2022"}, df.schema).alias("e")).item()
    assert out == "Cotton from Turkmenistan is listed (2022 edition)."


def test_braces_in_data_are_not_interpreted():
    tpl = "Name {supplier.supplier_name}."
    df = pl.DataFrame({"supplier__supplier_name": ["{dataset.edition} {__import__('os')}"]})
    out = df.select(ev.build(tpl, {"dataset.edition": "X"}, df.schema).alias("e")).item()
    assert out == "Name {dataset.edition} {__import__('os')}."


def test_lists_are_joined_and_nulls_read_unknown():
    df = pl.DataFrame(
        {"supplier__g": [["a", "b"]], "supplier__c": [None]},
        schema={"supplier__g": pl.List(pl.String), "supplier__c": pl.String},
    )
    out = df.select(ev.build("{supplier.g} / {supplier.c}", {}, df.schema).alias("e")).item()
    assert out == "a, b / unknown"


def test_malformed_placeholder_is_a_config_error():
    with pytest.raises(ConfigError):
        ev.fields("{good.name} and {broken")

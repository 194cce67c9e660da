"""Suite files are data: the bundled ones load, and a mistake in one is a ConfigError naming it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from screening.errors import ConfigError
from screening.validation.spec import InSet, RowCountBetween, load_suite, parse_suite

ROOT = Path(__file__).resolve().parents[2]


def _input_suite() -> dict:
    return yaml.safe_load((ROOT / "rules" / "expectations" / "input.yml").read_text(encoding="utf-8"))


def test_bundled_suites_load_with_their_expectations():
    rules = ROOT / "rules"
    assert [e.id for e in load_suite(rules, "input").batches["suppliers"].expectations] == [
        "supplier_id_present",
        "supplier_name_present",
        "supplier_name_not_blank",
        "country_code_iso",
        "spend_not_negative",
        "migrant_worker_share_is_share",
        "workers_not_negative",
    ]
    results = load_suite(rules, "results")
    assert set(results.batches) == {"scores", "findings", "counts"}
    assert results.on_failure == "block"
    assert {"rows_screened", "rule_ids", "dataset_ids", "tiers"} <= results.refs()
    # A dataset's expectations live in its own YAML (rules/indicators/<id>.yml), not in a suite file.
    assert not (rules / "expectations" / "datasets.yml").exists()


def test_unknown_key_is_rejected_naming_file_and_field():
    data = _input_suite()
    data["batches"]["suppliers"]["expectations"][0]["colum"] = "supplier_id"
    with pytest.raises(ConfigError) as err:
        parse_suite(data, "rules/expectations/input.yml")
    assert "rules/expectations/input.yml" in str(err.value)
    assert "colum" in str(err.value) and "unknown key" in str(err.value)


def test_unknown_kind_is_rejected():
    data = _input_suite()
    data["batches"]["suppliers"]["expectations"][0]["expect"] = "looks_fine"
    with pytest.raises(ConfigError, match="expect"):
        parse_suite(data, "input.yml")


def test_quarantine_suite_accepts_only_row_level_expectations_with_reasons():
    data = _input_suite()
    data["batches"]["suppliers"]["expectations"].append(
        {
            "id": "ids_unique",
            "expect": "unique",
            "columns": ["supplier_id"],
            "description": "x",
            "reason": "dup",
        }
    )
    with pytest.raises(ConfigError, match="row-level"):
        parse_suite(data, "input.yml")
    data = _input_suite()
    del data["batches"]["suppliers"]["expectations"][0]["reason"]
    with pytest.raises(ConfigError, match="needs a `reason`"):
        parse_suite(data, "input.yml")


def test_duplicate_ids_and_bad_bounds_are_rejected():
    data = _input_suite()
    exps = data["batches"]["suppliers"]["expectations"]
    exps.append(dict(exps[0]))
    with pytest.raises(ConfigError, match="more than once"):
        parse_suite(data, "input.yml")
    with pytest.raises(ValueError, match="greater than max"):
        RowCountBetween(id="rows", expect="row_count_between", min=10, max=5, description="x")
    with pytest.raises(ValueError, match="exactly one"):
        InSet(id="x", expect="in_set", column="c", values=("a",), values_ref="tiers", description="x")


def test_unknown_batch_or_ref_is_reported(tmp_path: Path):
    spec = load_suite(ROOT / "rules", "input")
    with pytest.raises(ConfigError, match=r"unknown refs \['iso3166_alpha2'\]"):
        spec.require(["suppliers"], {}, "input.yml")
    with pytest.raises(ConfigError, match="unknown batches"):
        spec.require(["other"], {"iso3166_alpha2": set()}, "input.yml")


def test_suite_name_must_match_its_file(tmp_path: Path):
    folder = tmp_path / "expectations"
    folder.mkdir()
    data = _input_suite()
    (folder / "inputs.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ConfigError, match="does not match the file name"):
        load_suite(tmp_path, "inputs")
    with pytest.raises(ConfigError, match="does not exist"):
        load_suite(tmp_path, "results")

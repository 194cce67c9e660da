"""Each indicator dataset invariant, broken on purpose, gives the right failure and severity."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from screening.errors import ConfigError, ValidationFailed
from screening.indicators import load_catalog
from screening.validation import ValidationReport, validate_datasets
from screening.validation.datasets import dataset_specs

from .conftest import read_dataset, rewrite_dataset

pytestmark = pytest.mark.usefixtures("gx")


def _run(rules_dir: Path):
    return validate_datasets(load_catalog(rules_dir), rules_dir)


def _failed(result, dataset_id: str) -> dict[str, object]:
    return {o.expectation: o for o in result.failures if o.batch == dataset_id}


def test_bundled_datasets_pass_and_every_declared_check_runs(rules_copy: Path):
    catalog = load_catalog(rules_copy)
    result = validate_datasets(catalog, rules_copy)
    assert result.success and not result.failures, [o.message for o in result.failures]
    declared = sum(len(dataset_specs(meta)) for meta in catalog.datasets.values())
    assert result.evaluated >= declared >= 7 * 4
    batches = {o.batch for o in result.outcomes}
    assert {"ilab_goods", "tip_tiers", "gsi_2023", "ilo_ratifications", "uflpa", "cbp_wro"} <= batches
    assert {"rows_min", "rows_max", "unique.country", "country_mapped"} <= {
        o.expectation for o in result.outcomes if o.batch == "tip_tiers"
    }


def test_truncated_dataset_blocks_with_dataset_and_expectation_named(rules_copy: Path):
    rewrite_dataset(rules_copy, "tip_tiers", read_dataset(rules_copy, "tip_tiers").head(20))
    result = _run(rules_copy)
    failed = _failed(result, "tip_tiers")
    assert set(failed) == {"rows_min"}
    assert failed["rows_min"].blocking and failed["rows_min"].observed == 20
    assert failed["rows_min"].threshold == ">= 180 rows"
    report = ValidationReport.from_results([result])
    assert not report.success
    message = report.blocking_message() or ""
    assert "indicator dataset `tip_tiers`" in message and "`rows_min`" in message
    assert "observed 20 rows; expected >= 180 rows" in message


def test_dataset_above_its_maximum_only_warns(rules_copy: Path):
    uflpa = read_dataset(rules_copy, "uflpa")
    extra = pl.DataFrame({"name": [f"Hypothetical Growth Entity {i}" for i in range(200)]}).with_columns(
        pl.lit("1").alias("verified_in_sources"),
        pl.lit("https://www.dhs.gov/uflpa-entity-list").alias("source_urls"),
        pl.lit("Section 2(d)(2)(B)(v)").alias("legal_authority"),
        pl.lit("2026-03-01").alias("date_added"),
        pl.lit("2026-03-01").alias("effective_dates"),
    )
    rewrite_dataset(rules_copy, "uflpa", pl.concat([uflpa, extra], how="diagonal"))
    result = _run(rules_copy)
    assert result.success
    (warning,) = result.warnings
    assert (warning.batch, warning.expectation, warning.observed) == ("uflpa", "rows_max", 344)
    assert not warning.blocking and "<= 300 rows" in warning.message
    assert ValidationReport.from_results([result]).warning_messages() == [warning.message]


def test_duplicate_key_blocks(rules_copy: Path):
    gsi = read_dataset(rules_copy, "gsi_2023")
    rewrite_dataset(rules_copy, "gsi_2023", pl.concat([gsi, gsi.filter(pl.col("country") == "India")]))
    failed = _failed(_run(rules_copy), "gsi_2023")
    assert set(failed) == {"unique.country"}
    assert failed["unique.country"].blocking
    assert failed["unique.country"].observed["examples"] == ["India", "India"]


def test_unmapped_country_blocks_and_names_the_value(rules_copy: Path):
    goods = read_dataset(rules_copy, "ilab_goods")
    broken = goods.with_columns(
        pl.when(pl.int_range(pl.len()) == 3)
        .then(pl.lit("Atlantis"))
        .otherwise(pl.col("country"))
        .alias("country")
    )
    rewrite_dataset(rules_copy, "ilab_goods", broken)
    failed = _failed(_run(rules_copy), "ilab_goods")
    assert set(failed) == {"country_mapped"}
    outcome = failed["country_mapped"]
    assert outcome.column == "country" and outcome.observed["examples"] == ["Atlantis"]
    assert outcome.observed["at"] == [5]  # CSV line: header is line 1, fourth data row is line 5


def test_category_outside_its_set_blocks(rules_copy: Path):
    tiers = read_dataset(rules_copy, "tip_tiers")
    rewrite_dataset(
        rules_copy,
        "tip_tiers",
        tiers.with_columns(pl.col("tier").replace({"Tier 3": "Tier 4"})),
    )
    failed = _failed(_run(rules_copy), "tip_tiers")
    assert set(failed) == {"values_in.tier"}
    assert set(failed["values_in.tier"].observed["examples"]) == {"Tier 4"}
    assert "Tier 2 Watch List" in failed["values_in.tier"].threshold


def test_corrupted_file_stops_the_screen_with_exit_code_1(rules_copy: Path):
    csv = rules_copy / "indicators" / "ilo_ratifications.csv"
    data = csv.read_bytes()
    csv.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValidationFailed) as err:
        _run(rules_copy)
    assert err.value.exit_code == 1 and "ilo_ratifications.csv" in str(err.value)


def test_formats_declared_in_the_datasets_own_yaml_block(rules_copy: Path):
    """The dataset's YAML is the one place its expectations live: a bad date fails its `formats` check."""
    assert not (rules_copy / "expectations" / "datasets.yml").exists()
    cbp = read_dataset(rules_copy, "cbp_wro")
    rewrite_dataset(
        rules_copy,
        "cbp_wro",
        cbp.with_columns(
            pl.when(pl.col("entity_or_scope") == "Top Glove Corporation Bhd")
            .then(pl.lit("9 Sept 2021"))
            .otherwise(pl.col("status_date"))
            .alias("status_date")
        ),
    )
    failed = _failed(_run(rules_copy), "cbp_wro")
    assert set(failed) == {"format.status_date"}
    assert failed["format.status_date"].blocking
    assert "9 Sept 2021" in str(failed["format.status_date"].observed)


def test_a_format_with_an_invalid_regex_is_a_config_error(rules_copy: Path):
    meta = rules_copy / "indicators" / "uflpa.yml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("regex: '^\\d{4}-", "regex: '^(\\d{4}-", 1))
    with pytest.raises(
        ConfigError, match=r"expectations.formats.date_added.regex.*not a valid regular expression"
    ):
        _run(rules_copy)

"""`screening indicators list` through typer's CliRunner on an app built with register()."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from screening.cli.indicators import register
from screening.indicators import activate, load_catalog, stage_version

PROJECT = Path(__file__).resolve().parents[2]
RULES = PROJECT / "rules"


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Test app."""

    register(app)
    return app


def _env(data_dir: Path, rules: Path = RULES) -> dict[str, str]:
    return {
        "SCREENING_RULES_DIR": str(rules),
        "SCREENING_DATA_DIR": str(data_dir),
        "COLUMNS": "240",
        "SCREENING_TODAY": "2026-12-02",
    }


def test_list_shows_every_dataset_with_edition_rows_and_licence(app: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["indicators", "list"], env=_env(tmp_path))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    goods = next(line for line in lines if line.startswith("│ ilab_goods "))
    assert "2022 list, 2024 removals" in goods and " 475 " in goods and "bundled" in goods
    assert "2024-09-05" in goods and "818 d STALE" in goods  # ILAB's 2026 list is due: two-year cadence
    uflpa = next(line for line in lines if line.startswith("│ uflpa "))
    assert "2026-07-09" in uflpa and "146 d " in uflpa and "STALE" not in uflpa
    tip = next(line for line in lines if line.startswith("│ tip_tiers "))
    assert " 188 " in tip and "2025-09-29" in tip and "STALE" in tip  # no 2026 TIP report was found
    for dataset_id in load_catalog(RULES).datasets:
        assert any(line.startswith(f"│ {dataset_id} ") for line in lines), dataset_id


def test_list_json_has_full_metadata_and_versions(app: typer.Typer, tmp_path: Path) -> None:
    meta = load_catalog(RULES).datasets["cbp_wro"]
    csv = (RULES / "indicators" / "cbp_wro.csv").read_bytes()
    stage_version(tmp_path, meta.model_copy(update={"edition": "mirror copy"}), csv, "2026-02-01")
    activate(tmp_path, "cbp_wro", "2026-02-01")
    result = CliRunner().invoke(app, ["indicators", "list", "--json"], env=_env(tmp_path))
    assert result.exit_code == 0, result.output
    data = {d["id"]: d for d in json.loads(result.output)["datasets"]}
    cbp = data["cbp_wro"]
    assert cbp["active"]["source"] == "refreshed" and cbp["active"]["version"] == "2026-02-01"
    assert cbp["edition"] == "mirror copy"
    assert cbp["stored_versions"] == [
        {
            "version": "2026-02-01",
            "edition": "mirror copy",
            "retrieved": "2026-12-02",
            "sha256": meta.sha256,
            "rows": 79,
            "active": True,
            "path": str(tmp_path / "indicators" / "cbp_wro" / "2026-02-01"),
        }
    ]
    goods = data["ilab_goods"]
    assert goods["active"]["source"] == "bundled"
    assert len(goods["changes_applied"]) == 22  # 4 removals and 18 additions of 2024
    assert goods["age"]["as_of"] == "2024-09-05" and goods["age"]["stale"] is True
    assert goods["refresh"]["default_url"].startswith("https://www.dol.gov/")
    assert goods["expectations"]["rows"] == {"min": 400, "max": 800}


def test_list_with_tampered_data_fails_with_the_checksum_message(
    app: typer.Typer, tmp_path: Path, rules_copy: Path
) -> None:
    csv = rules_copy / "indicators" / "gsi_2023.csv"
    csv.write_bytes(csv.read_bytes() + b"Atlantis,Europe and Central Asia,1.0,,,no\n")
    result = CliRunner().invoke(app, ["indicators", "list"], env=_env(tmp_path, rules_copy))
    assert result.exit_code != 0
    assert result.exception is not None
    assert "SHA-256 does not match" in str(result.exception)

"""The rules of rules/indicators/scripts/build_bundled.py, on tiny hand-made source files.

The script rebuilds the bundled CSVs from the gathered sources (not in the repository); these tests
pin its precedence and removal rules without them.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from screening.normalize.countries import to_alpha2

SCRIPT = Path(__file__).resolve().parents[2] / "rules" / "indicators" / "scripts" / "build_bundled.py"


@pytest.fixture(scope="module")
def build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_bundled", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def _tip_sources(tmp_path: Path, placements: str, transcribed: str) -> Path:
    (tmp_path / "more").mkdir()
    (tmp_path / "02_state_tip_tiers").mkdir()
    (tmp_path / "more" / "tip_tier_placements.csv").write_text(
        "report_year,country,tier,source,notes\n" + placements, encoding="utf-8"
    )
    (tmp_path / "02_state_tip_tiers" / "tip_2025_tier_placements_TRANSCRIBED.csv").write_text(
        "country_as_published,tier_2025,report_edition,published\n" + transcribed, encoding="utf-8"
    )
    return tmp_path


def test_latest_year_wins_and_earlier_years_are_kept_as_context(build: ModuleType, tmp_path: Path) -> None:
    source = _tip_sources(
        tmp_path,
        "2023,Korea South,Tier 2,https://gvnet.com/x,\n"
        "2024 (inferred),Korea South,Tier 1,https://knowyourcountry.com/human-trafficking,\n"
        "2024,Haiti,Special Case,https://github.com/factbook/factbook.json (ha.json),\n"
        "2023,Haiti,Tier 2 Watch List,https://github.com/factbook/factbook.json (world),\n",
        '"Korea, Republic of",Tier 1,2025 Trafficking in Persons Report,2025-09-29\n',
    )
    rows = {r["country"]: r for r in build.build_tip_tiers(source, to_alpha2)}
    kr = rows["Korea, Republic of"]
    assert (kr["tier"], kr["report_year"], kr["verified_in_sources"]) == ("Tier 1", "2025", "1")
    assert kr["earlier_placements"] == "2024: Tier 1 (inferred year); 2023: Tier 2"
    assert (rows["Haiti"]["tier"], rows["Haiti"]["report_year"]) == ("Special Case", "2024")


def test_stated_year_beats_inferred_year_of_the_same_report(build: ModuleType, tmp_path: Path) -> None:
    source = _tip_sources(
        tmp_path,
        "2024 (inferred),Algeria,Tier 2,https://knowyourcountry.com/human-trafficking,\n"
        "2024,Algeria,Tier 2 Watch List,https://github.com/factbook/factbook.json (world),\n",
        "",
    )
    (row,) = build.build_tip_tiers(source, to_alpha2)
    assert (row["tier"], row["report_year"]) == ("Tier 2 Watch List", "2024")


def test_contradicting_sources_in_the_chosen_year_stop_the_build(build: ModuleType, tmp_path: Path) -> None:
    source = _tip_sources(
        tmp_path,
        "2025,Turkmenistan,Tier 3,https://github.com/factbook/factbook.json (world),\n",
        "Turkmenistan,Tier 2 Watch List,2025 Trafficking in Persons Report,2025-09-29\n",
    )
    with pytest.raises(SystemExit, match="TM: sources disagree for 2025"):
        build.build_tip_tiers(source, to_alpha2)


def test_removal_drops_child_labour_only_rows_and_keeps_forced_labour(build: ModuleType) -> None:
    def row(good: str, country: str, cl: str, fl: str, kind: str) -> dict[str, str]:
        return {
            "good": good,
            "country": country,
            "child_labor": cl,
            "forced_labor": fl,
            "forced_child_labor": cl,
            "listing_type": kind,
        }

    rows = [
        row("Salt", "Cambodia", "Yes", "No", "child_labor"),
        row("Shrimp", "Thailand", "Yes", "Yes", "both"),
        row("Fluorspar (mineral)", "Mongolia", "Yes", "No", "child_labor"),
    ]
    changes = [
        {"change": "removed", "good": g, "country": c, "exploitation_type": "child labor (as worded)"}
        for g, c in [("Salt", "Cambodia"), ("Shrimp", "Thailand"), ("Fluorspar", "Mongolia")]
    ]
    out, log = build.apply_removals(rows, changes)
    assert out == [row("Shrimp", "Thailand", "No", "Yes", "forced_labor")]
    assert len(log) == 3

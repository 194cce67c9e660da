"""``screening rules calibrate`` on a small reference set: agreement, confusion, misses and impact."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from screening.calibration import calibrate, write_baseline
from screening.errors import ConfigError

HEADER = (
    "ref_id,supplier_id,list,supplier_name,country,region,goods,expected_tier,allowed_tiers,reason,source\n"
)
ROWS = [
    "ex-1,ex-1,examples,Changji Esquel Textile Co Ltd,China,Xinjiang,cotton yarn,critical,critical,Xinjiang site,https://www.dhs.gov/uflpa",
    "ex-2,ex-2,examples,Dhaka Knit Garments Ltd,Bangladesh,,garments,medium,medium,ILAB garments BD child labour,https://www.dol.gov/agencies/ilab/reports/child-labor/list-of-goods",
    "ex-3,ex-3,examples,Stuttgart Logistik GmbH,Germany,,logistics,low,low,nothing known,https://www.walkfree.org/global-slavery-index/",
    "ex-4,ex-4,examples,Dhaka Denim Ltd,Bangladesh,,garments,high,high,a deliberate miss for the test,https://example.org/",
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "reference.csv").write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    (tmp_path / "calibration.yml").write_text("min_agreement: 0.7\n", encoding="utf-8")
    return tmp_path


def test_agreement_confusion_and_rows_outside_their_range(folder: Path):
    result = calibrate(folder)
    assert result.rows.get_column("risk_tier").to_list() == ["critical", "medium", "low", "medium"]
    assert result.agreement == 0.75 and result.passed
    assert result.outside().get_column("ref_id").to_list() == ["ex-4"]
    confusion = {r["expected"]: r for r in result.confusion().to_dicts()}
    assert confusion["high"]["medium"] == 1 and confusion["critical"]["critical"] == 1


def test_impact_names_the_suppliers_that_move_tier_against_the_baseline(folder: Path):
    write_baseline(calibrate(folder), folder)
    baseline = (folder / "baseline.csv").read_text(encoding="utf-8")
    moved = baseline.replace("Stuttgart Logistik GmbH,low", "Stuttgart Logistik GmbH,medium")
    (folder / "baseline.csv").write_text(moved)
    result = calibrate(folder)
    assert [(m.ref_id, m.before, m.after) for m in result.moves] == [("ex-3", "medium", "low")]
    assert result.impact().to_dicts() == [{"list": "examples", "rows": 4, "moved": 1, "up": 0, "down": 1}]


def test_cli_fails_below_the_committed_agreement(folder: Path, tmp_path: Path):
    rules = tmp_path / "rules"
    import shutil

    shutil.copytree(Path(__file__).resolve().parents[2] / "rules", rules)
    shutil.copy(folder / "reference.csv", rules / "calibration" / "reference.csv")
    (rules / "calibration" / "baseline.csv").unlink(missing_ok=True)
    (rules / "calibration" / "calibration.yml").write_text("min_agreement: 0.9\n")
    out = subprocess.run(
        [sys.executable, "-m", "screening", "rules", "calibrate", "--json", "--rules-dir", str(rules)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert out.returncode == 1, out.stderr
    payload = json.loads(out.stdout)
    assert payload["agreement"] == 0.75 and payload["passed"] is False
    assert [r["ref_id"] for r in payload["outside"]] == ["ex-4"]


def test_an_expected_tier_outside_its_allowed_tiers_is_refused(folder: Path):
    text = (folder / "reference.csv").read_text().replace("low,low,nothing", "low,medium,nothing")
    (folder / "reference.csv").write_text(text)
    with pytest.raises(ConfigError, match="ex-3"):
        calibrate(folder)

"""Refreshed editions under the data dir: staging, listing, atomic activation, override of bundled data."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from screening.errors import InputError
from screening.indicators import (
    DatasetIntegrityError,
    activate,
    active_version,
    list_versions,
    load_catalog,
    stage_version,
)
from screening.indicators.versions import ACTIVE_FILE

PROJECT = Path(__file__).resolve().parents[2]
RULES = PROJECT / "rules"

UFLPA_HEADER = (
    "name,aliases,name_variants_in_sources,location,legal_authority,date_added,date_added_basis,effective_dates,batch,"
    "verified_in_sources,source_urls,notes\n"
)


def _uflpa_edition(n: int) -> bytes:
    rows = "".join(
        f'"Example Entity {i} Co., Ltd.",,,,Section 2(d)(2)(B)(v),2026-03-0{1 + i % 9},source,'
        f"2026-03-0{1 + i % 9},2026-03 batch,1,https://www.dhs.gov/uflpa-entity-list,\n"
        for i in range(n)
    )
    return (UFLPA_HEADER + rows).encode("utf-8")


def _stage(data_dir: Path, version: str, n: int = 3) -> Path:
    bundled = load_catalog(RULES).datasets["uflpa"]
    meta = bundled.model_copy(update={"edition": f"as of {version}", "refresh": None})
    return stage_version(data_dir, meta, _uflpa_edition(n), version)


def test_staged_version_is_listed_but_not_active(tmp_path: Path) -> None:
    folder = _stage(tmp_path, "2026-03-01")
    assert (folder / "data.csv").is_file() and (folder / "meta.yml").is_file()
    (info,) = list_versions(tmp_path, "uflpa")
    assert (info.version, info.rows, info.active, info.edition) == (
        "2026-03-01",
        3,
        False,
        "as of 2026-03-01",
    )
    assert active_version(tmp_path, "uflpa") is None
    assert load_catalog(RULES, tmp_path).versions()["uflpa"]["source"] == "bundled"


def test_activated_version_overrides_the_bundled_one(tmp_path: Path) -> None:
    _stage(tmp_path, "2026-03-01", n=4)
    assert activate(tmp_path, "uflpa", "2026-03-01") is None
    assert (tmp_path / "indicators" / "uflpa" / ACTIVE_FILE).read_text() == "2026-03-01\n"
    cat = load_catalog(RULES, tmp_path)
    v = cat.versions()["uflpa"]
    assert (v["source"], v["version"], v["rows"], v["edition"]) == (
        "refreshed",
        "2026-03-01",
        4,
        "as of 2026-03-01",
    )
    assert cat.frame("uflpa").get_column("name").to_list()[0] == "Example Entity 0 Co., Ltd."
    assert cat.versions()["cbp_wro"]["source"] == "bundled"  # other datasets untouched
    assert [i.active for i in list_versions(tmp_path, "uflpa")] == [True]


def test_switching_versions_keeps_old_ones_and_can_return_to_bundled(tmp_path: Path) -> None:
    _stage(tmp_path, "2026-03-01", n=3)
    _stage(tmp_path, "2026-04-01", n=5)
    activate(tmp_path, "uflpa", "2026-03-01")
    assert activate(tmp_path, "uflpa", "2026-04-01") == "2026-03-01"
    assert [(i.version, i.active) for i in list_versions(tmp_path, "uflpa")] == [
        ("2026-03-01", False),
        ("2026-04-01", True),
    ]
    assert load_catalog(RULES, tmp_path).frame("uflpa").height == 5
    assert activate(tmp_path, "uflpa", "bundled") == "2026-04-01"
    assert load_catalog(RULES, tmp_path).frame("uflpa").height == 144
    assert not list(tmp_path.glob("indicators/uflpa/.*"))  # no temporary files left behind


def test_activation_refuses_a_corrupted_version_and_keeps_the_active_one(tmp_path: Path) -> None:
    _stage(tmp_path, "2026-03-01")
    activate(tmp_path, "uflpa", "2026-03-01")
    bad = _stage(tmp_path, "2026-04-01")
    (bad / "data.csv").write_bytes(_uflpa_edition(2))
    with pytest.raises(
        DatasetIntegrityError, match=r"SHA-256 does not match .*expected [0-9a-f]{64}, actual"
    ):
        activate(tmp_path, "uflpa", "2026-04-01")
    assert active_version(tmp_path, "uflpa") == "2026-03-01"


def test_active_file_naming_a_missing_version_is_a_clear_error(tmp_path: Path) -> None:
    _stage(tmp_path, "2026-03-01")
    (tmp_path / "indicators" / "uflpa" / ACTIVE_FILE).write_text("2027-01-01\n")
    with pytest.raises(
        DatasetIntegrityError, match=r"version '2027-01-01' of dataset 'uflpa' is missing.*2026-03-01"
    ):
        load_catalog(RULES, tmp_path)


@pytest.mark.parametrize("version", ["../uflpa", ".hidden", "a/b", "", "x" * 65])
def test_unsafe_version_names_are_refused(tmp_path: Path, version: str) -> None:
    with pytest.raises(InputError, match="not a valid version name"):
        activate(tmp_path, "uflpa", version)


def test_unsafe_dataset_ids_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a dataset id"):
        list_versions(tmp_path, "../etc")


def test_existing_version_is_never_overwritten(tmp_path: Path) -> None:
    _stage(tmp_path, "2026-03-01")
    with pytest.raises(InputError, match="already exists"):
        _stage(tmp_path, "2026-03-01", n=9)
    assert list_versions(tmp_path, "uflpa")[0].rows == 3


def test_version_of_another_dataset_is_refused(tmp_path: Path) -> None:
    folder = _stage(tmp_path, "2026-03-01")
    target = tmp_path / "indicators" / "cbp_wro" / "2026-03-01"
    target.parent.mkdir(parents=True)
    folder.rename(target)
    with pytest.raises(
        DatasetIntegrityError, match=r"declares id 'uflpa' but is stored under dataset 'cbp_wro'"
    ):
        activate(tmp_path, "cbp_wro", "2026-03-01")


def test_refreshed_frame_gets_country_codes(tmp_path: Path) -> None:
    bundled = load_catalog(RULES).datasets["tip_tiers"]
    csv = load_catalog(RULES).frame("tip_tiers").drop("country_code").head(10)
    data = csv.write_csv().encode("utf-8")
    meta = bundled.model_copy(update={"edition": "2026 (test)"})
    stage_version(tmp_path, meta, data, "2026-07-01")
    activate(tmp_path, "tip_tiers", "2026-07-01")
    frame = load_catalog(RULES, tmp_path).frame("tip_tiers")
    assert frame.height == 10 and frame.get_column("country_code").null_count() == 0
    assert frame.filter(pl.col("country") == "Afghanistan").get_column("country_code").item() == "AF"


@pytest.mark.parametrize(
    ("payload", "message"),
    [(b"", "cannot be read as a CSV"), (b"name\n\xff\xfe broken\n", "is not UTF-8 text")],
    ids=["empty", "not_utf8"],
)
def test_staging_unreadable_bytes_is_refused_and_leaves_nothing(
    tmp_path: Path, payload: bytes, message: str
) -> None:
    meta = load_catalog(RULES).datasets["uflpa"]
    with pytest.raises(DatasetIntegrityError, match=message):
        stage_version(tmp_path, meta, payload, "2026-05-01")
    assert list_versions(tmp_path, "uflpa") == []


def test_activation_refuses_a_schema_change(tmp_path: Path) -> None:
    meta = load_catalog(RULES).datasets["uflpa"]
    stage_version(tmp_path, meta, b"entity,date\nAcme,2026-01-01\n", "2026-05-01")
    with pytest.raises(DatasetIntegrityError, match=r"columns differ .*missing \['name'"):
        activate(tmp_path, "uflpa", "2026-05-01")
    assert active_version(tmp_path, "uflpa") is None

"""The metadata schema: every bundled file passes, a bad one is refused with a readable message."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from screening.errors import ConfigError
from screening.indicators import load_catalog, load_meta

BUNDLE = Path(__file__).resolve().parents[2] / "rules" / "indicators"


def _write(tmp_path: Path, data: dict[str, object], name: str = "ilab_goods.yml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _good() -> dict[str, object]:
    loaded = yaml.safe_load((BUNDLE / "ilab_goods.yml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


@pytest.mark.parametrize("path", sorted(BUNDLE.glob("*.yml")), ids=lambda p: p.stem)
def test_every_bundled_metadata_file_passes_the_schema(path: Path) -> None:
    meta = load_meta(path)
    assert meta.id == path.stem
    assert meta.source_url.startswith("https://")
    assert (BUNDLE / f"{meta.id}.csv").is_file()


def test_unknown_key_is_rejected_naming_file_and_key(tmp_path: Path) -> None:
    data = _good() | {"licensee": "typo"}
    path = _write(tmp_path, data)
    with pytest.raises(ConfigError) as err:
        load_meta(path)
    msg = str(err.value)
    assert str(path) in msg
    assert "`licensee`: unknown key" in msg


def test_missing_field_and_bad_value_are_both_named(tmp_path: Path) -> None:
    data = _good()
    del data["coverage"]
    data["expectations"] = {"rows": {"min": 900, "max": 10}}
    path = _write(tmp_path, data)
    with pytest.raises(ConfigError) as err:
        load_meta(path)
    msg = str(err.value)
    assert "`coverage`: required key is missing" in msg
    assert "`expectations.rows`" in msg and "min (900) is greater than max (10)" in msg


def test_expectation_on_undeclared_column_is_rejected(tmp_path: Path) -> None:
    data = _good()
    data["expectations"] = {"rows": {"min": 1, "max": 2}, "not_null": ["goods"]}
    with pytest.raises(ConfigError, match=r"expectations\.not_null: 'goods'"):
        load_meta(_write(tmp_path, data))


def test_checksum_must_be_hex_sha256(tmp_path: Path) -> None:
    data = _good() | {"sha256": "abc"}
    with pytest.raises(ConfigError, match=r"line \d+, `sha256`: must be the 64 lower-case hex digits"):
        load_meta(_write(tmp_path, data))


def test_yaml_syntax_error_names_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yml"
    path.write_text("id: x\ntitle: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken\.yml: not valid YAML at line \d+"):
        load_meta(path)


def test_id_must_match_file_name(rules_copy: Path) -> None:
    folder = rules_copy / "indicators"
    (folder / "gsi_2023.yml").rename(folder / "gsi.yml")
    with pytest.raises(ConfigError, match=r"declares id 'gsi_2023' but the file is named gsi\.yml"):
        load_catalog(rules_copy)


def test_integer_edition_is_read_as_text(tmp_path: Path) -> None:
    data = _good() | {"edition": 2022}
    assert load_meta(_write(tmp_path, data)).edition == "2022"


def test_a_publisher_column_name_listed_twice_is_refused(tmp_path: Path) -> None:
    data = _good()
    refresh = dict(data["refresh"])  # type: ignore[call-overload]
    refresh["columns"] = {
        "good": ["Good"],
        "country": ["Country", "Country/Area"],
        "region": ["country area"],
    }
    path = _write(tmp_path, data | {"refresh": refresh})
    with pytest.raises(ConfigError) as err:
        load_meta(path)
    assert "`refresh.columns`" in str(err.value)
    assert "'country area' is the same header as 'Country/Area' of `country`" in str(err.value)

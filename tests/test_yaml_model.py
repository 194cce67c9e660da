"""One reader of the project's YAML files: every mistake names the file, the line, the key and the fix."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ConfigDict

from screening.errors import ConfigError
from screening.yaml_model import load_model


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    weight: float


class Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str
    items: list[Item]


def test_a_bad_value_deep_in_a_list_names_its_line_and_the_fix(tmp_path):
    path = tmp_path / "doc.yml"
    path.write_text("title: x\nitems:\n  - name: a\n    weight: 1\n  - name: b\n    weight: heavy\n")
    with pytest.raises(ConfigError) as err:
        load_model(path, Doc, what="test file", fix="See the example.")
    assert str(err.value).startswith(f"{path}: invalid test file: line 6, `items.1.weight`: ")
    assert str(err.value).endswith("See the example.")
    assert err.value.exit_code == 2


def test_an_unknown_key_names_the_key_line_and_a_missing_one_its_parent(tmp_path):
    path = tmp_path / "doc.yml"
    path.write_text("title: x\nitems:\n  - name: a\n    wieght: 1\n")
    with pytest.raises(ConfigError) as err:
        load_model(path, Doc, what="test file", fix="See the example.")
    message = str(err.value)
    assert "line 4, `items.0.wieght`: unknown key (check its spelling)" in message
    assert "line 3, `items.0.weight`: required key is missing" in message


def test_broken_yaml_and_a_missing_file_are_config_errors(tmp_path):
    path = tmp_path / "doc.yml"
    path.write_text("title: x\nitems: [unclosed\n")
    with pytest.raises(ConfigError, match=r"doc.yml: not valid YAML at line 3, column 1"):
        load_model(path, Doc, what="test file", fix="See the example.")
    with pytest.raises(ConfigError, match=r"The test file .*nope.yml does not exist"):
        load_model(tmp_path / "nope.yml", Doc, what="test file", fix="See the example.")

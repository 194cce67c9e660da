import json

import typer
from typer.testing import CliRunner

from screening.cli.match import register

runner = CliRunner()


def app() -> typer.Typer:
    a = typer.Typer()
    register(a)
    return a


def test_compare_prints_score_decision_and_explanation_as_json():
    res = runner.invoke(
        app(),
        [
            "compare",
            "HOSHINE SILICON IND (SHANSHAN) CO LTD",
            "Hoshine Silicon Industry (Shanshan) Co., Ltd.",
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["score"] == 1.0 and data["decision"] == "match" and "hoshine" in data["explanation"]


def test_compare_pairs_writes_one_csv_row_per_input_row_in_order(tmp_path):
    path = tmp_path / "pairs.csv"
    path.write_text(
        "left,right\nZhongtai Securities,Xinjiang Zhongtai Chemical Co. Ltd.\nDeutsche Bank AG,Deutsche Bank AG\n=1+1,x\n"  # noqa: E501
    )
    res = runner.invoke(app(), ["compare", "--pairs", str(path)])
    assert res.exit_code == 0, res.output
    lines = res.output.strip().splitlines()
    assert lines[0] == "left,right,score,decision"
    assert lines[1].endswith(",no_match") and lines[2].endswith("1.0000,match")
    assert lines[3].startswith("'=1+1")


def test_compare_pairs_bad_file_is_an_input_error(tmp_path):
    path = tmp_path / "pairs.csv"
    path.write_text("a,b\nx,y\n")
    res = runner.invoke(app(), ["compare", "--pairs", str(path)])
    assert res.exit_code != 0 and "needs columns left and right" in str(res.exception)


def test_match_lists_candidates_as_json():
    res = runner.invoke(app(), ["match", "Hetian Taida Apparel", "--country", "CN", "--json", "--limit", "2"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["candidates"][0]["matched_entity"] == "Hetian Taida Apparel Co., Ltd."
    assert len(data["candidates"]) == 2

"""``screening indicators refresh`` as a user meets it: the change report; exit 1 and a message on failure."""

from __future__ import annotations

import json

import pytest

from tests.cli_run import assert_exit, screening


def refresh_from(source_server, source: str, page: str, *flags: str, env: dict[str, str]):
    """``screening indicators refresh --source SOURCE FLAGS`` from ``page`` of the recorded-source server."""
    return screening(
        "indicators", "refresh", "--source", source, *flags, "--url", source_server.at(page), env=env
    )


@pytest.mark.slow  # three refresh commands in child processes (CI: make test-slow)
def test_refresh_prints_the_changes_and_list_shows_the_new_active_version(source_server, data_dir):
    env = {"SCREENING_DATA_DIR": str(data_dir), "SCREENING_COLUMNS": "200", "COLUMNS": "200"}
    res = refresh_from(source_server, "uflpa", "uflpa/uflpa-entity-list.html", env=env)
    assert res.returncode == 0, res.stderr
    assert "uflpa: activated 2" in res.stdout
    assert "0 entities added, 0 removed, 1 changed" in res.stdout
    assert "changes.json" in res.stdout
    listed = json.loads(screening("indicators", "list", "--json", env=env).stdout)
    uflpa = next(d for d in listed["datasets"] if d["id"] == "uflpa")
    assert uflpa["active"]["source"] == "refreshed"
    assert uflpa["edition"] == "as of 2025-01-15 (DHS UFLPA Entity List page)"
    assert [v["active"] for v in uflpa["stored_versions"]] == [True]


def test_failed_download_exits_1_naming_source_and_url_without_the_token(source_server, data_dir):
    env = {
        "SCREENING_DATA_DIR": str(data_dir),
        "SCREENING_HTTP_RETRIES": "1",
        "SCREENING_SOURCE_TIP_TIERS_URL": source_server.at("status/503") + "?key=hunter2",
    }
    res = screening("indicators", "refresh", "--source", "tip_tiers", env=env)
    assert_exit(res, 1, "tip_tiers: could not download", "HTTP 503", source_server.at("status/503"))
    assert "hunter2" not in res.stderr + res.stdout
    assert not (data_dir / "indicators" / "tip_tiers").exists()


@pytest.mark.slow  # refresh commands in child processes (CI: make test-slow)
def test_dry_run_json_reports_the_candidate_and_stages_nothing(source_server, data_dir):
    env = {"SCREENING_DATA_DIR": str(data_dir)}
    res = refresh_from(
        source_server, "ilab_goods", "ilab_goods/list-of-goods.html", "--dry-run", "--json", env=env
    )
    assert res.returncode == 0, res.stderr
    (result,) = json.loads(res.stdout)
    assert result["status"] == "validated" and result["rows"] == 467
    # the 2022 workbook lacks the 11 pairs the bundled edition added from the 2024 list
    assert result["changes"]["counts"] == {"added": 3, "removed": 11, "changed": 3}
    assert not (data_dir / "indicators" / "ilab_goods").exists()


def test_unknown_source_is_a_usage_error(data_dir):
    res = screening(
        "indicators", "refresh", "--source", "gsi_2023", env={"SCREENING_DATA_DIR": str(data_dir)}
    )
    assert res.returncode == 2 and "'gsi_2023' cannot be refreshed" in res.stderr

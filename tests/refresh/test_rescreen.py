"""After a new edition each list's latest screen is re-screened; NEW high/critical findings alert once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from screening.errors import ConfigError
from screening.indicators import activate, load_meta, stage_version
from screening.indicators.models import RowBounds
from screening.indicators.refresh import refresh_dataset
from screening.pipeline import RunOptions, run
from screening.rescreen import load_lists_config, rescreen_all, screen_configured, stale_lists, staleness
from screening.settings import get_settings

ROOT = Path(__file__).resolve().parents[2]
SUPPLIERS = ROOT / "tests" / "fixtures" / "rescreen" / "suppliers.csv"
OLD_UFLPA = ROOT / "tests" / "fixtures" / "recorded" / "uflpa" / "uflpa_2024-11-25.csv"
PAGE = "uflpa/uflpa-entity-list.html"


def stage_old_uflpa(data_dir: Path) -> None:
    """The UFLPA list before its January 2025 batch (91 of the bundled entities) as the active edition.

    Its own metadata lowers rows.min to 80: a past, smaller edition of the list, not a truncated one.
    """
    meta = load_meta(get_settings().rules_dir / "indicators" / "uflpa.yml")
    meta = meta.model_copy(
        update={
            "edition": "as of 2024-11-25 (bundled rows dated before the January 2025 batch)",
            "expectations": meta.expectations.model_copy(update={"rows": RowBounds(min=80, max=300)}),
        }
    )
    stage_version(data_dir, meta, OLD_UFLPA.read_bytes(), "20241125T000000Z")
    activate(data_dir, "uflpa", "20241125T000000Z")


@pytest.fixture
def screened(data_dir, tmp_path, webhook, monkeypatch):
    """A store holding one screen of the fixture list made with the older UFLPA edition."""
    monkeypatch.setenv("SCREENING_WEBHOOK_URL", webhook.url)
    stage_old_uflpa(data_dir)
    store = tmp_path / "out" / "screening.duckdb"
    first = run(
        [SUPPLIERS],
        RunOptions(out=tmp_path / "out" / "first", store=store, list_name="tier2-cn", reports=False),
    )
    return store, first


@pytest.mark.slow  # a refresh and two re-screens with validation (CI: make test-slow)
def test_new_edition_rescreens_the_list_and_alerts_once_for_new_findings_only(
    screened, source_server, webhook
):
    store, first = screened
    critical_before = set(first.findings.filter(first.findings["severity"] == "critical")["supplier_id"])
    assert critical_before == {"R002"}  # Hoshine: listed since 2022
    assert stale_lists(store) == []  # current: nothing to re-screen

    result = refresh_dataset("uflpa", url=source_server.at(PAGE), backoff_s=0.01)
    assert result.status == "activated" and result.changes["counts"]["added"] == 37

    (stale,) = stale_lists(store)
    assert stale.list_name == "tier2-cn" and stale.run_id == first.run["run_id"]
    assert stale.reasons == [
        "new uflpa edition (was as of 2024-11-25 (bundled rows dated before the January 2025 batch))"
    ]
    (done,) = rescreen_all(store)
    assert done.status == "rescreened" and done.previous_run_id == first.run["run_id"]
    assert done.new_findings == 1 and done.alert_sent
    out = Path(done.out_dir)
    assert out == store.parent / "rescreens" / "tier2-cn" / done.run_id
    assert (out / "scores.csv").exists() and json.loads((out / "run.json").read_text())[
        "list_name"
    ] == "tier2-cn"

    assert len(webhook.posts) == 1
    body = webhook.posts[0]["json"]
    assert webhook.posts[0]["content_type"] == "application/json"
    assert "1 new high/critical finding in supplier list 'tier2-cn'" in body["text"]
    assert "R001" in body["text"] and "Xinjiang Zijin Zinc Industry" in body["text"]
    assert "Hoshine" not in json.dumps(body)  # an old finding never alerts again
    alerts = json.loads((out / "alerts.json").read_text())
    assert [(f["supplier_id"], f["rule_id"], f["severity"]) for f in alerts["new_findings"]] == [
        ("R001", "uflpa-entity-match", "critical")
    ]
    assert alerts["delivery"]["sent"] is True and alerts["delivery"]["target"].startswith("http://127.0.0.1/")
    assert "secret-token" not in (out / "alerts.json").read_text()

    assert rescreen_all(store) == []  # current again: nothing runs, nothing is sent
    (forced,) = rescreen_all(store, force=True)
    assert forced.status == "rescreened" and forced.new_findings == 0 and not forced.alert_sent
    assert json.loads((Path(forced.out_dir) / "alerts.json").read_text())["count"] == 0
    assert len(webhook.posts) == 1


def test_a_failed_webhook_is_recorded_and_the_rescreen_still_counts(
    screened, source_server, webhook, monkeypatch
):
    store, _ = screened
    monkeypatch.setenv("SCREENING_HTTP_RETRIES", "1")
    webhook.status[0] = 500
    refresh_dataset("uflpa", url=source_server.at(PAGE), backoff_s=0.01)
    (done,) = rescreen_all(store)
    assert done.new_findings == 1 and not done.alert_sent
    assert done.alert_error == "http://127.0.0.1/… answered HTTP 500"
    record = json.loads((Path(done.out_dir) / "alerts.json").read_text())
    assert record["delivery"]["sent"] is False and record["count"] == 1


def test_rules_or_edition_changes_make_a_screen_stale():
    run_json = {
        "rules_version": "1.0.0+aaa",
        "indicator_versions": {
            "uflpa": {"sha256": "x1", "edition": "as of 2025-01-15"},
            "tip_tiers": {"sha256": "t1", "edition": "2025"},
        },
    }
    assert staleness(run_json, "1.0.0+aaa", {"uflpa": "x1", "tip_tiers": "t1"}) == []
    assert staleness(run_json, "1.0.0+bbb", {"uflpa": "x1", "tip_tiers": "t1"}) == [
        "rules version changed (1.0.0+aaa -> 1.0.0+bbb)"
    ]
    assert staleness(run_json, "1.0.0+aaa", {"uflpa": "x2", "tip_tiers": "t1", "gsi_2023": "g"}) == [
        "new gsi_2023 edition (was not used)",
        "new uflpa edition (was as of 2025-01-15)",
    ]


@pytest.mark.slow  # three scheduled screens with validation (CI: make test-slow)
def test_scheduled_screen_of_configured_lists_alerts_on_first_screen_then_only_on_new(
    data_dir, tmp_path, webhook, monkeypatch
):
    monkeypatch.setenv("SCREENING_WEBHOOK_URL", webhook.url)
    lists = tmp_path / "ops" / "lists.yml"
    lists.parent.mkdir()
    (lists.parent / "suppliers.csv").write_bytes(SUPPLIERS.read_bytes())
    lists.write_text(
        "store: state/screening.duckdb\nlists:\n  - name: tier2-cn\n    inputs: [suppliers.csv]\n"
    )
    (first,) = screen_configured(lists)
    assert first.status == "screened" and first.previous_run_id is None
    assert Path(first.out_dir).parent == tmp_path / "ops" / "state" / "scheduled" / "tier2-cn"
    assert first.new_findings > 0 and len(webhook.posts) == 1  # a list's first screen: every critical is new
    (second,) = screen_configured(lists)
    assert second.previous_run_id == first.run_id and second.new_findings == 0
    assert len(webhook.posts) == 1


def test_lists_file_errors_name_the_file_and_field(tmp_path):
    bad = tmp_path / "lists.yml"
    bad.write_text("lists:\n  - name: a\n")
    with pytest.raises(ConfigError) as info:
        load_lists_config(bad)
    assert str(bad) in str(info.value) and "lists.0.inputs" in str(info.value)
    bad.write_text("lists:\n  - {name: a, inputs: [x.csv]}\n  - {name: a, inputs: [y.csv]}\n")
    with pytest.raises(ConfigError, match="appear more than once"):
        load_lists_config(bad)

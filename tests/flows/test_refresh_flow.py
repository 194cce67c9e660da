"""Refresh flow end to end: a new UFLPA edition is activated, the stale list re-screened, one alert sent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.refresh.conftest import data_dir, source_server, webhook  # noqa: F401 - fixtures used by name
from tests.refresh.test_rescreen import SUPPLIERS, stage_old_uflpa


@pytest.mark.slow  # a refresh flow on Prefect with two re-screens: about 35 s (CI: make test-slow)
@pytest.mark.flow
def test_refresh_flow_activates_rescreens_and_alerts_once(
    prefect_harness,
    data_dir,  # noqa: F811 - the fixture imported above
    source_server,  # noqa: F811
    webhook,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    from flows.monthly import monthly_screen
    from flows.refresh import refresh_indicators

    monkeypatch.setenv("SCREENING_WEBHOOK_URL", webhook.url)
    monkeypatch.setenv("SCREENING_SOURCE_UFLPA_URL", source_server.at("uflpa/uflpa-entity-list.html"))
    stage_old_uflpa(data_dir)
    lists = tmp_path / "screening-lists.yml"
    lists.write_text(
        f"store: state/screening.duckdb\nlists:\n  - name: tier2-cn\n    inputs: [{SUPPLIERS}]\n"
    )
    (first,) = monthly_screen(str(lists))
    assert first["status"] == "screened" and len(webhook.posts) == 1  # first screen: Hoshine is new

    out = refresh_indicators(sources=["uflpa"], lists_file=str(lists))
    (result,) = out["results"]
    assert out["activated"] == ["uflpa"]
    assert (
        result["changes"]["summary"] == "37 entities added, 0 removed, 1 changed (legal_authority, aliases)"
    )
    (again,) = out["rescreens"]
    assert again["status"] == "rescreened" and again["previous_run_id"] == first["run_id"]
    assert again["new_findings"] == 1 and again["alert_sent"]
    assert Path(again["out_dir"]).parent == tmp_path / "state" / "rescreens" / "tier2-cn"
    assert len(webhook.posts) == 2 and "R001" in webhook.posts[1]["json"]["text"]
    alerts = json.loads((Path(again["out_dir"]) / "alerts.json").read_text())
    assert [f["supplier_id"] for f in alerts["new_findings"]] == ["R001"]

    quiet = refresh_indicators(sources=["uflpa"], lists_file=str(lists))
    assert quiet["results"][0]["status"] == "unchanged" and quiet["rescreens"] == []
    assert len(webhook.posts) == 2

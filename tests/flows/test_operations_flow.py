"""What an operations team sees in Prefect: artifacts, Failed for a broken source or list while the others
complete, run names, the webhook from a Secret block, the store's concurrency limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.refresh.conftest import data_dir, source_server, webhook  # noqa: F401 - fixtures used by name
from tests.refresh.test_rescreen import SUPPLIERS, stage_old_uflpa


def _task_states(flow_run_id: object) -> dict[str, str]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
    return {r.name: r.state.type.value for r in runs if r.state is not None}


def _artifacts(flow_run_id: object) -> dict[str, object]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
    return {str(a.key): a.data for a in found}


@pytest.mark.slow  # a monthly screen and a refresh on Prefect: about 35 s (CI: make test-slow)
@pytest.mark.flow
def test_a_failed_list_and_a_failed_source_show_failed_while_the_others_complete(
    prefect_harness,
    data_dir,  # noqa: F811 - the fixtures imported above
    source_server,  # noqa: F811
    webhook,  # noqa: F811
    tmp_path,
    monkeypatch,
):
    from prefect.blocks.system import Secret

    from flows.monthly import monthly_screen
    from flows.refresh import refresh_indicators

    Secret(value=webhook.url).save("screening-webhook", overwrite=True)  # no SCREENING_WEBHOOK_URL set
    monkeypatch.setenv("SCREENING_SOURCE_UFLPA_URL", source_server.at("uflpa/uflpa-entity-list.html"))
    monkeypatch.setenv("SCREENING_SOURCE_CBP_WRO_URL", source_server.at("nothing/here.html"))  # 404
    stage_old_uflpa(data_dir)
    lists = tmp_path / "screening-lists.yml"
    lists.write_text(
        "store: state/screening.duckdb\nlists:\n"
        f"  - name: tier2-cn\n    inputs: [{SUPPLIERS}]\n"
        f"  - name: gone\n    inputs: [{tmp_path / 'deleted.csv'}]\n"
    )
    state = monthly_screen(str(lists), "screening-webhook", return_state=True)
    assert state.is_failed()
    assert str(state.result(raise_on_failure=False)).startswith("list 'gone': input file(s)")
    flow_run_id = state.state_details.flow_run_id
    tasks = _task_states(flow_run_id)
    assert tasks["screen-tier2-cn"] == "COMPLETED" and tasks["screen-gone"] == "FAILED"
    assert len(webhook.posts) == 1  # the good list's alert went to the URL in the Secret block
    artifacts = _artifacts(flow_run_id)
    tiers = artifacts["tier2-cn-tiers"]
    assert '"tier": "critical", "rows": 1' in str(tiers)
    assert "report.html" in str(artifacts["tier2-cn-report"])
    assert "Hoshine" in str(artifacts["tier2-cn-top-flags"])

    state = refresh_indicators(
        ["uflpa", "cbp_wro"], lists_file=str(lists), webhook_secret="screening-webhook", return_state=True
    )
    assert state.is_failed()
    error = str(state.result(raise_on_failure=False))
    assert error.startswith("source cbp_wro:") and "uflpa" not in error.split("re-screen")[0]
    flow_run_id = state.state_details.flow_run_id
    tasks = _task_states(flow_run_id)
    assert tasks["refresh-uflpa"] == "COMPLETED" and tasks["refresh-cbp_wro"] == "FAILED"
    report = str(_artifacts(flow_run_id)["indicator-refresh"])
    assert "| uflpa | activated |" in report and "| cbp_wro | failed |" in report

    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        run = client.read_flow_run(flow_run_id)
    assert run.name.startswith("refresh-uflpa-cbp-wro-20")


def test_each_store_has_its_own_concurrency_limit(tmp_path: Path) -> None:
    from flows.ops import store_limit_name

    a, b = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    assert store_limit_name(a) == store_limit_name(tmp_path / "x" / ".." / "a.duckdb") != store_limit_name(b)
    assert store_limit_name(a).startswith("screening-store-") and "/" not in store_limit_name(a)


def test_the_store_stages_of_a_flow_screen_hold_the_slot_and_retry() -> None:
    from flows.ops import screen_step

    step = screen_step(Path("s.duckdb"), None)
    persist = step("persist", lambda: None)
    score = step("score", lambda: None)
    assert persist.retries == 2 and persist.timeout_seconds == 3600
    assert score.retries == 0

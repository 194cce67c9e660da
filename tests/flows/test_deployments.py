"""Scheduled deployments: declared alike in prefect.yaml and flows/serve.py, run on a real Prefect server."""

from __future__ import annotations

import inspect
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SUPPLIERS = ROOT / "tests" / "fixtures" / "rescreen" / "suppliers.csv"
EXPECTED = {
    "monthly-screen": ("flows/monthly.py:monthly_screen", "monthly-screen", "0 6 1 * *"),
    "daily-refresh": ("flows/refresh.py:refresh_indicators", "refresh-indicators", "0 5 * * *"),
    "rescreen": ("flows/rescreen.py:rescreen_lists", "rescreen-lists", None),
    "screen-suppliers": ("flows/screen.py:screen_suppliers", "screen-suppliers", None),
}
AD_HOC = {"screen-suppliers"}  # takes its inputs as parameters, not the lists file


def _flow(entrypoint: str):
    import importlib

    path, name = entrypoint.split(":")
    return getattr(importlib.import_module(path.removesuffix(".py").replace("/", ".")), name)


def test_prefect_yaml_declares_the_four_deployments_with_valid_entrypoints_and_schedules():
    from prefect.cli.deploy._models import PrefectYamlModel
    from prefect.schedules import Cron

    raw = yaml.safe_load((ROOT / "prefect.yaml").read_text())
    model = PrefectYamlModel.model_validate(raw)
    found = {d.name: d for d in model.deployments}
    assert set(found) == set(EXPECTED)
    for name, (entrypoint, flow_name, cron) in EXPECTED.items():
        dep = found[name]
        assert dep.entrypoint == entrypoint
        flow = _flow(entrypoint)
        assert flow.name == flow_name
        assert set(dep.parameters) <= set(inspect.signature(flow.fn).parameters)
        if name not in AD_HOC:
            assert dep.parameters["lists_file"] == "{{ $PWD }}/screening-lists.yml"
        assert dep.work_pool is not None and dep.work_pool.name == "screening"
        crons = [s.cron for s in dep.schedules or []]
        assert crons == ([cron] if cron else [])
        for c in crons:
            Cron(c, timezone="UTC")  # raises on an invalid expression


def test_serve_script_builds_the_same_deployments(tmp_path):
    from flows.serve import build_deployments

    lists = tmp_path / "lists.yml"
    lists.write_text("lists: [{name: a, inputs: [a.csv]}]\n")
    deployments = {d.name: d for d in build_deployments(lists)}
    assert set(deployments) == set(EXPECTED)
    for name, (entrypoint, flow_name, cron) in EXPECTED.items():
        dep = deployments[name]
        assert dep.flow_name == flow_name
        assert dep.parameters == ({} if name in AD_HOC else {"lists_file": str(lists.resolve())})
        assert [s.schedule.cron for s in dep.schedules] == ([cron] if cron else [])
        assert dep.entrypoint.endswith(entrypoint.replace(".py:", ".py:"))
    schema = deployments["screen-suppliers"]._parameter_openapi_schema  # what the UI's form shows
    assert schema.required == ["inputs"]
    assert schema.properties["inputs"]["items"] == {"type": "string"}
    assert schema.properties["partition_rows"]["anyOf"][0]["type"] == "integer"
    quick = build_deployments(lists, every=5, only=("monthly-screen",))
    assert [d.schedules[0].schedule.interval.total_seconds() for d in quick] == [5.0]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(what: str, check, timeout: float, proc: subprocess.Popen | None = None, log: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        if proc is not None and proc.poll() is not None:
            raise AssertionError(
                f"{what}: process exited {proc.returncode}: {log.read_text()[-3000:] if log else ''}"
            )
        time.sleep(0.5)
    raise AssertionError(f"{what}: not ready after {timeout:.0f} s: {log.read_text()[-3000:] if log else ''}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@pytest.mark.flow
@pytest.mark.slow  # a real Prefect server and a served deployment: about 50 s; CI runs it after `make test`
@pytest.mark.timeout(420)
def test_scheduled_deployment_runs_a_screen_on_the_prefect_server(tmp_path):
    """The monthly deployment runs on schedule's behalf; the ad-hoc one from `prefect deployment run`."""
    import httpx
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        "SCREENING_DATA_DIR": str(tmp_path / "data"),
    }
    env.pop("SCREENING_STORE", None)
    env.pop("SCREENING_WEBHOOK_URL", None)
    lists = tmp_path / "ops" / "screening-lists.yml"
    lists.parent.mkdir()
    lists.write_text(
        f"store: state/screening.duckdb\nlists:\n  - name: tier2-cn\n    inputs: [{SUPPLIERS}]\n"
    )
    prefect = [sys.executable, "-m", "prefect"]  # the prefect CLI of this interpreter
    server_log, serve_log = tmp_path / "server.log", tmp_path / "serve.log"
    server = subprocess.Popen(
        [*prefect, "server", "start", "--host", "127.0.0.1", "--port", str(port), "--no-ui"],
        env=env,
        cwd=tmp_path,
        stdout=server_log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    served: subprocess.Popen | None = None
    try:

        def healthy() -> bool:
            try:
                return httpx.get(f"{api}/health", timeout=2).status_code == 200
            except httpx.HTTPError:
                return False

        _wait("prefect server", healthy, 120, server, server_log)
        serve = [sys.executable, "-m", "flows.serve", "--lists", str(lists)]
        served = subprocess.Popen(
            [*serve, "--only", "monthly-screen", "--only", "screen-suppliers"],
            env=env,
            cwd=ROOT,
            stdout=serve_log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        with temporary_settings({PREFECT_API_URL: api}):
            with get_client(sync_client=True) as client:

                def deployed():
                    try:
                        return client.read_deployment_by_name("monthly-screen/monthly-screen")
                    except Exception:
                        return None

                deployment = _wait("served deployment", deployed, 60, served, serve_log)
                assert [s.schedule.cron for s in deployment.schedules] == ["0 6 1 * *"]
                assert deployment.parameters == {"lists_file": str(lists.resolve())}
                flow_run = run_deployment("monthly-screen/monthly-screen", timeout=150, poll_interval=1)
                final = client.read_flow_run(flow_run.id)
        assert final.state is not None and final.state.is_completed(), (
            final.state,
            serve_log.read_text()[-3000:],
        )
        runs = sorted((tmp_path / "ops" / "state" / "scheduled" / "tier2-cn").iterdir())
        assert len(runs) == 1
        for name in ("scores.csv", "findings.csv", "run.json", "alerts.json"):
            assert (runs[0] / name).exists(), name
        assert (tmp_path / "ops" / "state" / "screening.duckdb").exists()

        adhoc = tmp_path / "adhoc"
        params = {"inputs": [str(SUPPLIERS)], "out": str(adhoc), "no_store": True, "list_name": "ad hoc"}
        run_adhoc = [*prefect, "deployment", "run", "screen-suppliers/screen-suppliers"]
        cli = subprocess.run(
            [*run_adhoc, "--params", json.dumps(params), "--watch", "--watch-timeout", "200"],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=260,
        )
        assert cli.returncode == 0, (cli.stdout[-2000:], cli.stderr[-2000:], serve_log.read_text()[-3000:])
        assert "screen-ad-hoc-20" in cli.stdout  # the run's name: its list and date
        assert json.loads((adhoc / "run.json").read_text())["list_name"] == "ad hoc"
    finally:
        if served is not None:
            _stop(served)
        _stop(server)

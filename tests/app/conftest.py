"""Fixtures for the review app's tests.

Fixture policy: ``screened_base`` runs two real screens of ``examples/suppliers.csv`` (the first
without supplier V10002, so the diff has a change) and one of a list of hostile supplier names (the
report tests' ``HOSTILE`` strings) into one store, once per session. Each test gets its own copy of
that folder (``site``), so decisions never leak between tests. ``client_for`` signs a Flask test
client in; the browser tests serve the app with waitress on a free loopback port (``live_app``).
"""

from __future__ import annotations

import csv
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient

from screening.app import AppConfig, create_app
from tests.cli_run import screening_here
from tests.report.test_safety import HOSTILE

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "suppliers.csv"
MAIN = "main-suppliers"
HOSTILE_LIST = "hostile-list"
SLASH_ID = "A/1 <b>?x=1&y"


@dataclass(frozen=True)
class Site:
    root: Path

    @property
    def store(self) -> Path:
        return self.root / "screening.duckdb"


def screen(source: Path, out: Path, store: Path, list_name: str) -> None:
    """``screening run`` into the store (in this process: the app reads what it wrote, not how it started)."""
    code, printed = screening_here(
        "run", str(source), "--out", str(out), "--store", str(store), "--list-name", list_name
    )
    assert code == 0, printed


def hostile_csv(path: Path) -> Path:
    """One supplier per hostile string, in countries and goods that make real findings."""
    places = [("CN", "Cotton"), ("Uzbekistan", "Cotton"), ("Turkmenistan", "Cotton"), ("CN", "Polysilicon")]
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["supplier_id", "supplier_name", "country", "goods"])
        for i, name in enumerate(HOSTILE):
            country, goods = places[i % len(places)]
            writer.writerow([f"H{i + 1}", name, country, goods])
        writer.writerow([SLASH_ID, "Slash Id Trading Co", "CN", "Cotton"])  # an id no URL path could carry
    return path


@pytest.fixture(scope="session")
def screened_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("app-site")
    store = base / "screening.duckdb"
    rows = EXAMPLE.read_text(encoding="utf-8").splitlines()
    first = base / "inputs" / "suppliers-2026-10.csv"
    first.parent.mkdir()
    first.write_text("\n".join(r for r in rows if not r.startswith("V10002,")) + "\n", encoding="utf-8")
    screen(first, base / "out" / "2026-10", store, MAIN)
    screen(EXAMPLE, base / "out" / "2026-11", store, MAIN)
    screen(hostile_csv(base / "inputs" / "hostile.csv"), base / "out" / "hostile", store, HOSTILE_LIST)
    return base


@pytest.fixture
def site(screened_base: Path, tmp_path: Path) -> Site:
    root = tmp_path / "site"
    shutil.copytree(screened_base, root, ignore=shutil.ignore_patterns("*.lock"))
    return Site(root)


@pytest.fixture
def app(site: Site) -> Flask:
    return create_app(AppConfig(store_path=site.store))


def supplier_url(list_name: str, supplier_id: str) -> str:
    return "/supplier?" + urlencode({"list": list_name, "id": supplier_id})


def evidence_url(list_name: str, supplier_id: str) -> str:
    return "/evidence.zip?" + urlencode({"list": list_name, "id": supplier_id})


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def sign_in(client: FlaskClient, name: str, token: str = "") -> FlaskClient:
    page = client.get("/signin")
    response = client.post("/signin", data={"csrf_token": csrf_of(page.text), "name": name, "token": token})
    assert response.status_code == 302, response.text
    return client


@pytest.fixture
def client_for(app: Flask) -> Callable[[str], FlaskClient]:
    return lambda name: sign_in(app.test_client(), name)


@pytest.fixture
def live_app(site: Site) -> Iterator[tuple[str, Site]]:
    """The app served by waitress on 127.0.0.1 and a free port, in a thread of this process."""
    import waitress

    web = create_app(AppConfig(store_path=site.store))
    server = waitress.create_server(web, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}", site
    finally:
        time.sleep(0.3)  # let waitress finish the last response before closing its sockets
        server.close()
        thread.join(timeout=5)

"""Fixtures for the refresh, re-screen and alert tests.

Fixture policy: the publishers are played by ``source_server``, an ``http.server`` on 127.0.0.1
(ephemeral port, in a thread) serving the recorded copies under tests/fixtures/recorded/ (made by
make_recorded.py there from the bundled real data) plus the broken cases it makes itself: HTTP 500,
a response slower than the timeout, and a body cut short of its Content-Length. ``data_dir`` is a
fresh SCREENING_DATA_DIR per test, so the active editions start as the bundled ones and every
refresh writes under tmp_path. ``webhook`` is a receiver on 127.0.0.1 recording alert POSTs.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RECORDED = ROOT / "tests" / "fixtures" / "recorded"
BUNDLE = ROOT / "rules" / "indicators"


@dataclass
class Server:
    url: str
    requests: list[dict[str, str]] = field(default_factory=list)

    def at(self, path: str) -> str:
        return f"{self.url}/{path.lstrip('/')}"


def _find(path: str) -> Path | None:
    """A recorded file by its path, else by its file name anywhere (links on the landing pages)."""
    rel = path.split("?")[0].lstrip("/")
    if rel.startswith("bundled/"):
        candidate = BUNDLE / rel.removeprefix("bundled/")
        return candidate if candidate.is_file() else None
    candidate = RECORDED / rel
    if candidate.is_file():
        return candidate
    name = Path(rel).name
    matches = [p for p in RECORDED.rglob(name) if "broken" not in p.parts] if name else []
    return matches[0] if matches else None


def _type(path: Path) -> str:
    return {
        ".html": "text/html; charset=utf-8",
        ".csv": "text/csv",
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }.get(path.suffix, "application/octet-stream")


class _Handler(BaseHTTPRequestHandler):
    server_version = "RecordedPublisher/1.0"
    log: list[dict[str, str]]
    counts: dict[str, int]

    def log_message(self, format: str, *args: object) -> None:  # keep the test output quiet
        pass

    def do_GET(self) -> None:
        self.log.append({"path": self.path, "user_agent": self.headers.get("User-Agent", "")})
        path = self.path.split("?")[0]
        if path.startswith("/status/"):
            code = int(path.rsplit("/", 1)[-1])
            body = b"<html><head><title>Internal Server Error</title></head><body>error</body></html>"
            self.send_response(code)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if path.startswith(
            "/flaky/"
        ):  # /flaky/<key>/<failures>/<path>: 503 (Retry-After: 0) that often first
            _, _, key, failures, rest = path.split("/", 4)
            self.counts[key] = self.counts.get(key, 0) + 1
            if self.counts[key] <= int(failures):
                self.send_response(503)
                self.send_header("Retry-After", "0")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            path = "/" + rest
        if path.startswith("/slow/"):
            time.sleep(float(path.split("/")[2]))
            path = "/" + "/".join(path.split("/")[3:])
        cut = path.startswith("/cut/")
        if cut:
            path = path.removeprefix("/cut")
        file = _find(path)
        if file is None:
            self.send_error(404)
            return
        data = file.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", _type(file))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data[: len(data) // 2] if cut else data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        if cut:
            self.close_connection = True


@pytest.fixture(scope="session")
def source_server() -> Iterator[Server]:
    log: list[dict[str, str]] = []
    handler = type("Handler", (_Handler,), {"log": log, "counts": {}})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(url=f"http://127.0.0.1:{httpd.server_address[1]}", requests=log)
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("SCREENING_DATA_DIR", str(folder))
    monkeypatch.setenv("SCREENING_HTTP_TIMEOUT", "2")
    monkeypatch.setenv("SCREENING_HTTP_RETRIES", "2")
    for key in (
        "SCREENING_SOURCE_UFLPA_URL",
        "SCREENING_SOURCE_CBP_WRO_URL",
        "SCREENING_SOURCE_ILAB_GOODS_URL",
        "SCREENING_SOURCE_TIP_TIERS_URL",
        "SCREENING_WEBHOOK_URL",
        "SCREENING_STORE",
    ):
        monkeypatch.delenv(key, raising=False)
    return folder


@dataclass
class Webhook:
    url: str
    posts: list[dict[str, object]] = field(default_factory=list)
    status: list[int] = field(default_factory=lambda: [200])


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    hook = Webhook(url="")

    class Receiver(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            hook.posts.append(
                {
                    "path": self.path,
                    "content_type": self.headers.get("Content-Type", ""),
                    "json": json.loads(body),
                }
            )
            self.send_response(hook.status[0])
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    hook.url = f"http://127.0.0.1:{httpd.server_address[1]}/hooks/T000/B000/secret-token"
    try:
        yield hook
    finally:
        httpd.shutdown()
        httpd.server_close()

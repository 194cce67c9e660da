"""A download server that trickles bytes must not defeat the refresh timeout: each attempt has a
total deadline (DEADLINE_FACTOR x SCREENING_HTTP_TIMEOUT), whatever the server does."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from screening.errors import SourceError
from screening.indicators.connectors.http import DEADLINE_FACTOR, HttpClient
from screening.settings import get_settings


class _Drip(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        try:
            if self.path == "/headers":  # headers that never end, one byte every 0.5 s
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                while True:
                    self.wfile.write(b"X")
                    self.wfile.flush()
                    time.sleep(0.5)
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            if self.path == "/ok":
                body = b"name,country\n" * 5000
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            self.end_headers()
            while True:  # the body: one byte every 0.5 s, forever
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.5)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture
def drip_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Drip)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize("path", ["/body", "/headers"])
def test_a_trickling_server_is_stopped_at_the_deadline_of_each_attempt(drip_url, monkeypatch, path):
    monkeypatch.setenv("SCREENING_HTTP_TIMEOUT", "0.5")
    monkeypatch.setenv("SCREENING_HTTP_RETRIES", "2")
    client = HttpClient(get_settings(), backoff_s=0.0, sleep=lambda s: None)
    started = time.monotonic()
    with pytest.raises(SourceError, match="after 2 attempt"):
        client.get(drip_url + path, source="uflpa")
    elapsed = time.monotonic() - started
    assert elapsed < 2 * DEADLINE_FACTOR * 0.5 + 2  # two attempts of at most 2 s each, not forever


def test_a_normal_download_is_whole(drip_url, monkeypatch):
    monkeypatch.setenv("SCREENING_HTTP_TIMEOUT", "5")
    client = HttpClient(get_settings(), backoff_s=0.0, sleep=lambda s: None)
    download = client.get(drip_url + "/ok", source="uflpa")
    assert download.content == b"name,country\n" * 5000

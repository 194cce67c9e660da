"""Downloads: retries with backoff, size limits, redacted URLs; what a refresh may and may not fetch."""

from __future__ import annotations

import pytest

from screening.errors import SourceError
from screening.indicators.connectors.http import HttpClient, redact_url
from screening.settings import get_settings
from tests.refresh.conftest import RECORDED


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "https://user:pw@www.dhs.gov/uflpa-entity-list?token=abc#top",
            "https://www.dhs.gov/uflpa-entity-list?…",
        ),
        ("http://127.0.0.1:8080/a/b.csv", "http://127.0.0.1:8080/a/b.csv"),
        ("https://mirror.example.org/x.csv?", "https://mirror.example.org/x.csv"),
    ],
)
def test_urls_are_shown_without_credentials_or_query(url, shown):
    assert redact_url(url) == shown


def test_a_503_is_retried_with_backoff_then_the_file_is_fetched(source_server, data_dir):
    waits: list[float] = []
    client = HttpClient(get_settings(), backoff_s=0.25, sleep=waits.append)
    download = client.get(
        source_server.at("flaky/k1/1/tip_tiers/2025-trafficking-in-persons-report.html"), source="tip_tiers"
    )
    assert download.attempts == 2 and download.status == 200
    assert waits == [0.0]  # the server's Retry-After: 0 wins over the backoff
    assert len(download.sha256) == 64 and download.content.startswith(b"<!DOCTYPE html>")


def test_backoff_doubles_between_attempts(data_dir, monkeypatch):
    monkeypatch.setenv("SCREENING_HTTP_RETRIES", "3")
    waits: list[float] = []
    client = HttpClient(get_settings(), backoff_s=0.5, sleep=waits.append)
    with pytest.raises(SourceError, match="after 3 attempt"):
        client.get("http://127.0.0.1:9/unreachable.csv", source="uflpa")
    assert waits == [0.5, 1.0]


def test_download_larger_than_the_limit_is_refused(source_server, data_dir, monkeypatch):
    monkeypatch.setenv("SCREENING_MAX_DOWNLOAD_BYTES", "1000")
    with pytest.raises(SourceError) as info:
        HttpClient(get_settings()).get(source_server.at("uflpa/uflpa-entity-list.html"), source="uflpa")
    size = (RECORDED / "uflpa" / "uflpa-entity-list.html").stat().st_size
    assert f"{size:,} bytes, more than the limit of 1,000 (SCREENING_MAX_DOWNLOAD_BYTES)" in str(info.value)


def test_a_404_fails_at_once_and_names_the_setting(source_server, data_dir):
    client = HttpClient(get_settings(), sleep=lambda s: None)
    with pytest.raises(SourceError) as info:
        client.get(source_server.at("nowhere.csv"), source="cbp_wro")
    assert "answered HTTP 404" in str(info.value) and "SCREENING_SOURCE_CBP_WRO_URL" in str(info.value)
    assert sum(r["path"] == "/nowhere.csv" for r in source_server.requests) == 1


def test_only_http_urls_are_fetched(data_dir):
    with pytest.raises(SourceError, match="is not an http"):
        HttpClient(get_settings()).get("file:///etc/passwd", source="uflpa")

"""Downloads for ``screening indicators refresh``: one requests session, bounded and checked.

Every download has a timeout per read (``SCREENING_HTTP_TIMEOUT``) and a total deadline per attempt
(:data:`DEADLINE_FACTOR` times it, however the bytes trickle in: a server sending one byte every two
seconds, or headers that never end, cannot hold a refresh), a number of attempts
(``SCREENING_HTTP_RETRIES``) with exponential backoff between them for what may pass (connection
errors, timeouts, cut-off bodies, HTTP 429 and 5xx), a User-Agent (``SCREENING_USER_AGENT``), a
size limit checked against ``Content-Length`` and while streaming (``SCREENING_MAX_DOWNLOAD_BYTES``),
and a SHA-256 of the bytes received, compared with an expected value when one is given. A body
shorter than its ``Content-Length`` is a truncated download, never data.

URLs are shown without credentials, query strings or fragments (:func:`redact_url`): a mirror URL
may carry a token. Failures raise :class:`~screening.errors.SourceError` (exit 1) naming the source,
the redacted URL and what went wrong.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
from urllib3.exceptions import ProtocolError, ReadTimeoutError

from screening.errors import SourceError
from screening.settings import Settings, get_settings

#: Status codes worth another attempt; any other 4xx fails at once.
RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
#: Longest wait between attempts (seconds), whatever Retry-After or the backoff say.
MAX_WAIT_S = 30.0
_CHUNK = 64 * 1024
#: An attempt (connection, headers and body) ends after this many read timeouts, however it goes.
DEADLINE_FACTOR = 4


def redact_url(url: str) -> str:
    """``url`` without user name, password, query string or fragment (``?…`` marks a removed query)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparseable URL>"
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    clean = urlunsplit((parts.scheme, host, parts.path, "", ""))
    return clean + ("?…" if parts.query else "")


@dataclass(frozen=True)
class Download:
    """One fetched resource: the bytes as received and how they were obtained."""

    url: str  # as requested (may hold a token: never print it, use ``shown``)
    final_url: str  # after redirects
    content: bytes
    content_type: str
    sha256: str
    status: int
    attempts: int
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def shown(self) -> str:
        return redact_url(self.final_url)

    def join(self, href: str) -> str:
        """An absolute URL for a link found in this resource."""
        return urljoin(self.final_url, href)


class _Retryable(Exception):
    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


class HttpClient:
    """A requests session with the project's timeouts, retries, User-Agent and size limit."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        backoff_s: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings or get_settings()
        self._started = 0.0
        self.backoff_s = backoff_s
        self._sleep = sleep
        self.session = requests.Session()
        self.session.headers.update(
            {
                "User-Agent": self.settings.user_agent,
                "Accept": "text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, "
                "text/html;q=0.9, */*;q=0.5",
            }
        )

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, *, source: str, expected_sha256: str | None = None) -> Download:
        """Fetch ``url`` for dataset ``source``; raises SourceError once every attempt has failed."""
        shown = redact_url(url)
        if urlsplit(url).scheme not in ("http", "https"):
            raise SourceError(
                f"{source}: {shown} is not an http(s) URL; set SCREENING_SOURCE_<ID>_URL to one."
            )
        attempts = max(1, self.settings.http_retries)
        reasons: list[str] = []
        for attempt in range(1, attempts + 1):
            try:
                download = self._attempt(url, source, attempt)
            except _Retryable as exc:
                reasons.append(f"attempt {attempt}: {exc.reason}")
                if attempt < attempts:
                    wait = exc.wait if exc.wait is not None else self.backoff_s * 2 ** (attempt - 1)
                    self._sleep(min(MAX_WAIT_S, wait))
                continue
            if expected_sha256 and download.sha256 != expected_sha256.lower():
                raise SourceError(
                    f"{source}: the download from {download.shown} does not have the expected checksum: "
                    f"expected sha256 {expected_sha256.lower()}, got {download.sha256}. The file changed or "
                    "was tampered with; check the source before refreshing again. The active edition is "
                    "unchanged."
                )
            return download
        raise SourceError(
            f"{source}: could not download {shown} after {attempts} attempt(s): {'; '.join(reasons)}. "
            "The active edition is unchanged; retry later or point SCREENING_SOURCE_"
            f"{source.upper()}_URL at a mirror."
        )

    def _headers(self, url: str, timeout: float, deadline: float) -> requests.Response:
        """The response (headers read, body not yet), or _Retryable past ``deadline``: the request runs
        in a worker thread, so headers that trickle in forever cannot hold the caller."""
        box: dict[str, object] = {}
        late = threading.Event()

        def fetch() -> None:
            try:
                response = self.session.get(
                    url, timeout=(timeout, timeout), stream=True, allow_redirects=True
                )
            except BaseException as exc:  # handed to the caller
                box["error"] = exc
                return
            if late.is_set():
                response.close()
            box["response"] = response

        worker = threading.Thread(target=fetch, name="screening-http", daemon=True)
        worker.start()
        worker.join(max(0.0, deadline - time.monotonic()))
        if worker.is_alive():
            late.set()
            raise _Retryable(f"no complete response within {deadline - self._started:g} s")
        error = box.get("error")
        if isinstance(error, BaseException):
            raise error
        response = box["response"]
        assert isinstance(response, requests.Response)
        return response

    def _attempt(self, url: str, source: str, attempt: int) -> Download:
        timeout = self.settings.http_timeout
        limit = self.settings.max_download_bytes
        started = self._started = time.monotonic()
        deadline = started + DEADLINE_FACTOR * timeout
        try:
            response = self._headers(url, timeout, deadline)
        except requests.Timeout:
            raise _Retryable(f"timed out after {timeout:g} s") from None
        except requests.ConnectionError as exc:
            raise _Retryable(f"connection failed ({_short(exc)})") from None
        except requests.RequestException as exc:
            raise SourceError(f"{source}: cannot request {redact_url(url)}: {_short(exc)}.") from None
        with response:
            status = response.status_code
            if status in RETRY_STATUS:
                raise _Retryable(f"HTTP {status} {response.reason or ''}".strip(), _retry_after(response))
            if status >= 400:
                raise SourceError(
                    f"{source}: {redact_url(response.url or url)} answered HTTP {status} "
                    f"{response.reason or ''}".rstrip()
                    + ". The URL is probably wrong or moved: check the publisher's page and set "
                    f"SCREENING_SOURCE_{source.upper()}_URL. The active edition is unchanged."
                )
            declared = _content_length(response)
            if declared is not None and declared > limit:
                raise SourceError(
                    f"{source}: {redact_url(response.url)} is {declared:,} bytes, more than the limit of "
                    f"{limit:,} (SCREENING_MAX_DOWNLOAD_BYTES). Raise the limit if the file is genuine."
                )
            digest = hashlib.sha256()
            chunks: list[bytes] = []
            size = 0
            try:
                for chunk in _chunks(response, deadline):
                    size += len(chunk)
                    if size > limit:
                        raise SourceError(
                            f"{source}: {redact_url(response.url)} sent more than the limit of {limit:,} "
                            "bytes (SCREENING_MAX_DOWNLOAD_BYTES); download stopped. Raise the limit if "
                            "the file is genuine."
                        )
                    if time.monotonic() > deadline:
                        raise _Retryable(f"body still arriving after {DEADLINE_FACTOR * timeout:g} s")
                    digest.update(chunk)
                    chunks.append(chunk)
            except requests.Timeout:
                raise _Retryable(f"timed out after {timeout:g} s while reading the body") from None
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
                of = f" of {declared:,} declared bytes" if declared is not None else " bytes"
                raise _Retryable(f"truncated body: cut off after {size:,}{of} ({_short(exc)})") from None
            if declared is not None and size != declared and not response.headers.get("Content-Encoding"):
                raise _Retryable(f"truncated body: {size:,} of {declared:,} declared bytes")
            return Download(
                url=url,
                final_url=response.url or url,
                content=b"".join(chunks),
                content_type=response.headers.get("Content-Type", ""),
                sha256=digest.hexdigest(),
                status=status,
                attempts=attempt,
                headers={k: v for k, v in response.headers.items() if k.lower() in _KEPT_HEADERS},
            )


_KEPT_HEADERS = frozenset({"content-type", "last-modified", "etag", "content-length", "content-disposition"})


def _chunks(response: requests.Response, deadline: float) -> Iterator[bytes]:
    """The body as it arrives: each read returns what one socket read brings (``read1``), so the
    deadline is checked between reads even when the server sends a byte at a time."""
    raw = response.raw
    while time.monotonic() <= deadline:
        try:
            chunk = raw.read1(_CHUNK, decode_content=True)
        except ReadTimeoutError:
            raise requests.Timeout() from None
        except (ProtocolError, OSError) as exc:
            raise requests.ConnectionError(str(exc)) from None
        if not chunk:
            return
        yield chunk
    yield b""  # past the deadline: the caller's check ends the attempt


def _content_length(response: requests.Response) -> int | None:
    raw = response.headers.get("Content-Length")
    if raw is None or not raw.strip().isdigit():
        return None
    return int(raw)


def _retry_after(response: requests.Response) -> float | None:
    raw = (response.headers.get("Retry-After") or "").strip()
    return float(raw) if raw.isdigit() else None


def _short(exc: BaseException) -> str:
    """A short reason without any URL (requests puts the full URL, token and all, in its messages)."""
    text = str(exc)
    for needle, reason in _REASONS:
        if needle in text.lower():
            return reason
    text = _URL_IN_TEXT.sub(lambda m: redact_url(m.group(0)), " ".join(text.split()))
    text = _PATH_IN_TEXT.sub("url: <path>", text)
    return type(exc).__name__ if not text else (text if len(text) <= 160 else text[:159] + "…")


_REASONS = (
    ("connection refused", "connection refused"),
    ("name or service not known", "host name not found"),
    ("temporary failure in name resolution", "host name not found"),
    ("nodename nor servname", "host name not found"),
    ("no route to host", "no route to host"),
    ("network is unreachable", "network unreachable"),
    ("connection reset", "connection reset by the server"),
    ("remote end closed connection", "the server closed the connection"),
    ("certificate verify failed", "TLS certificate not trusted"),
    ("sslerror", "TLS error"),
    ("incompleteread", "incomplete read"),
    ("read timed out", "read timed out"),
)
_URL_IN_TEXT = re.compile(r"https?://[^\s'\"<>)]+")
_PATH_IN_TEXT = re.compile(r"url: /\S*")

"""report.html and an evidence pack in a real headless browser (Debian's chromium).

The screenshots are written to tests/artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pytest

from screening.report import write_evidence_pack

from .sample import DATASETS, policy

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,  # a real Chromium (CI: make test-slow)
    pytest.mark.skipif(
        CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)"
    ),
]
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def _chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip


def _png(path: Path) -> tuple[int, int, int]:
    """Width, height and the number of distinct byte values of the decoded image data."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    idat, pos = b"", 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        if kind == b"IDAT":
            idat += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    return width, height, len(set(zlib.decompress(idat)))


def _screenshot(profile: Path, page: Path, shot: Path) -> None:
    shot.parent.mkdir(parents=True, exist_ok=True)
    shot.unlink(missing_ok=True)
    _chromium(profile, f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri())


def test_report_renders_with_its_charts_in_chromium(written: dict[str, Path], tmp_path: Path) -> None:
    shot = ARTIFACTS / "report.png"
    _screenshot(tmp_path / "profile", written["html"], shot)
    width, height, distinct = _png(shot)
    assert (width, height) == (1280, 2000)
    assert shot.stat().st_size > 50_000 and distinct > 50  # a rendered page, not a blank one
    dom = _chromium(tmp_path / "profile", "--dump-dom", written["html"].as_uri()).stdout
    assert dom.count('<svg class="chart"') == 6
    assert dom.count("<rect") > 30
    assert "Flagged suppliers" in dom and "Hoshine Silicon (Shanshan) Co., Ltd." in dom


def test_report_prints_to_a_multi_page_pdf(written: dict[str, Path], tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    _chromium(
        tmp_path / "profile", f"--print-to-pdf={pdf}", "--no-pdf-header-footer", written["html"].as_uri()
    )
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page\n") + data.count(b"/Type /Page>") > 1


def test_evidence_pack_renders_in_chromium(sample: Any, tmp_path: Path) -> None:
    scores, findings, run = sample
    page = write_evidence_pack(
        tmp_path, "SUP-0001", scores=scores, findings=findings, run=run, datasets=DATASETS, policy=policy()
    )
    shot = ARTIFACTS / "evidence-SUP-0001.png"
    _screenshot(tmp_path / "profile", page, shot)
    assert _png(shot)[2] > 50
    dom = _chromium(tmp_path / "profile", "--dump-dom", page.as_uri()).stdout
    assert dom.count("<h3>Finding ") == 5 and "Import-ban relevance" in dom

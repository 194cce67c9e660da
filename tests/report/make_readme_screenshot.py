"""Make docs/img/report.png, the README's screenshot of report.html, with headless chromium.

    python -m tests.report.make_readme_screenshot                 # from the hand-made sample screen
    python -m tests.report.make_readme_screenshot --from out      # from a real screen's out/report.html

The sample is the realistic hand-made screen of ``tests/report/sample.py``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

from .sample import build, run_record, write_sample_reports

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "docs" / "img" / "report.png"


def screenshot(page: Path, target: Path, size: str = "1280,1700") -> Path:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("chromium is not installed: apt-get install chromium")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={profile}", "--hide-scrollbars", f"--screenshot={target}",
                f"--window-size={size}", page.resolve().as_uri(),
            ],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    return target


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--from", dest="source", type=Path, help="a screen's output folder with report.html")
    parser.add_argument("--out", type=Path, default=TARGET, help=f"the PNG to write (default {TARGET})")
    args = parser.parse_args()
    if args.source is not None:
        print(screenshot(args.source / "report.html", args.out))
        return
    with tempfile.TemporaryDirectory() as tmp:
        scores, findings = build()
        paths = write_sample_reports(Path(tmp), scores, findings, run_record())
        print(screenshot(paths["html"], args.out))


if __name__ == "__main__":
    main()

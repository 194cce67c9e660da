"""Make docs/img/app-queue.png and docs/img/app-supplier.png, the README's screenshots of the review app.

    python -m tests.app.make_screenshots

Screens examples/suppliers.csv into a temporary store, takes two decisions (one from the command line,
one in the app), and photographs the queue and a supplier page in headless chromium via Playwright.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import waitress
from playwright.sync_api import sync_playwright

from screening.app import AppConfig, create_app

from .conftest import EXAMPLE, MAIN, ROOT, screen, supplier_url
from .test_browser import ARGS, CHROMIUM

IMG = ROOT / "docs" / "img"


def main() -> None:
    if CHROMIUM is None:
        raise SystemExit("chromium is not installed: apt-get install chromium")
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "screening.duckdb"
        screen(EXAMPLE, Path(folder) / "out", store, MAIN)
        subprocess.run(
            [sys.executable, "-m", "screening", "review", "decide", "V10002", "region-xinjiang", "--decision",
             "escalated", "--reviewer", "B. Checker", "--note", "Changji site: in Xinjiang.", "--store",
             str(store)],
            check=True, capture_output=True, cwd=ROOT,
        )  # fmt: skip
        server = waitress.create_server(create_app(AppConfig(store_path=store)), host="127.0.0.1", port=0)
        threading.Thread(target=server.run, daemon=True).start()
        url = f"http://127.0.0.1:{server.effective_port}"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1360, "height": 860})
            page.goto(url + "/signin")
            page.fill("#name", "A. Auditor")
            page.click("button[type=submit]")
            page.goto(url + "/queue?status=any&tier=critical")
            page.keyboard.press("j")
            page.keyboard.press("j")
            page.screenshot(path=str(IMG / "app-queue.png"))
            page.goto(url + supplier_url(MAIN, "V10001"))
            finding = page.locator("article.finding").first
            finding.locator("input[value=escalated]").check()
            finding.locator("textarea[name=note]").fill("Same Shanshan entity as the UFLPA listing.")
            finding.locator("button[value=stay]").click()
            page.locator("article.finding").nth(1).scroll_into_view_if_needed()
            page.evaluate("window.scrollTo(0, 0)")
            page.set_viewport_size({"width": 1360, "height": 1500})
            page.screenshot(path=str(IMG / "app-supplier.png"))
            browser.close()
        server.close()
    print(IMG / "app-queue.png", IMG / "app-supplier.png")


if __name__ == "__main__":
    main()

"""The review app in a real browser: Playwright driving Debian's Chromium against the app served by
waitress on a loopback port. Skipped only when chromium (or the playwright package) is absent."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from screening.store import open_store

from .conftest import HOSTILE_LIST, MAIN, ROOT, Site, supplier_url

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]  # fmt: skip
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,  # a real Chromium (CI: make test-slow)
    pytest.mark.skipif(
        CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)"
    ),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def _signed_in(browser: Any, url: str, name: str) -> Any:
    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs
    page.goto(url + "/queue")
    assert "/signin" in page.url
    page.fill("#name", name)
    page.click("button[type=submit]")
    page.wait_for_url("**/queue**")
    return page


def _cli_json(site: Site, *args: str) -> Any:
    out = subprocess.run(
        [sys.executable, "-m", "screening", "review", *args, "--json", "--store", str(site.store)],
        check=True, capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    return json.loads(out.stdout)


def test_auditor_works_the_queue_by_keyboard_and_decides_with_a_note(
    browser: Any, live_app: tuple[str, Site]
) -> None:
    url, site = live_app
    page = _signed_in(browser, url, "A. Auditor")
    assert page.locator("#reviewer").inner_text() == "A. Auditor"
    first = page.locator("#queue tbody tr").first
    first_id = first.locator("a.open code").inner_text()
    page.keyboard.press("j")
    assert "selected" in (first.get_attribute("class") or "")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda at: supplier_url(MAIN, first_id) in at)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "app-supplier.png"))
    finding = page.locator("article.finding", has=page.locator("code", has_text="region-xinjiang"))
    finding.locator("input[value=cleared]").check()
    finding.locator("textarea[name=note]").fill("Site audited 2026-10; not in Xinjiang.")
    finding.locator("button[value=stay]").click()
    assert "Recorded 'cleared' on " + first_id in page.locator(".flash").inner_text()
    assert "cleared" in finding.locator("h3 .status").inner_text()

    rows = _cli_json(site, "list", "--status", "cleared")
    assert [(r["supplier_id"], r["rule_id"], r["reviewed_by"], r["review_note"]) for r in rows] == [
        (first_id, "region-xinjiang", "A. Auditor", "Site audited 2026-10; not in Xinjiang.")
    ]
    log = _cli_json(site, "log")
    assert log[-1]["action"] == "decide" and log[-1]["actor"] == "A. Auditor"

    page.click("text=Audit log")
    assert "Chain verified" in page.locator("#chain").inner_text()
    top = page.locator("#audit tbody tr").first.inner_text()
    assert "A. Auditor" in top and "decide" in top and f"{first_id}/region-xinjiang" in top

    page.goto(url + "/queue")
    page.keyboard.press("n")
    page.wait_for_url("**page=2**")
    assert "page 2 of" in page.locator(".pager").inner_text()


def test_decide_and_next_moves_along_the_queue(browser: Any, live_app: tuple[str, Site]) -> None:
    url, _ = live_app
    page = _signed_in(browser, url, "A. Auditor")
    page.locator("#queue a.open").first.click()
    start = page.url
    page.locator("article.finding").first.locator("input[value=escalated]").check()
    page.locator("article.finding").first.locator("textarea[name=note]").fill("Escalated to legal.")
    page.locator("article.finding").first.locator("button[value=next]").click()
    page.wait_for_load_state()
    assert page.url != start and "/supplier?" in page.url
    assert "Recorded 'escalated'" in page.locator(".flash").inner_text()


def test_hostile_supplier_names_are_rendered_as_text(browser: Any, live_app: tuple[str, Site]) -> None:
    url, _ = live_app
    page = _signed_in(browser, url, "A. Auditor")
    page.goto(url + f"/queue?list={HOSTILE_LIST}&status=any")
    names = page.locator("#queue .name").all_inner_texts()
    assert "<script>alert(1)</script>" in names and '=HYPERLINK("http://evil","x")' in names
    page.goto(url + supplier_url(HOSTILE_LIST, "H7"))
    assert page.locator("#supplier-name").inner_text() == '"><img src=x onerror=alert(1)>'
    assert page.locator("main img").count() == 0
    page.goto(url + supplier_url(HOSTILE_LIST, "H6"))
    assert page.locator("#supplier-name").inner_text() == "<script>alert(1)</script>"
    assert page.locator("main script").count() == 0
    assert page.dialogs == []


def test_a_form_with_a_forged_csrf_token_is_refused(browser: Any, live_app: tuple[str, Site]) -> None:
    url, site = live_app
    page = _signed_in(browser, url, "A. Auditor")
    page.goto(url + supplier_url(MAIN, "V10001"))
    form = page.locator("article.finding").first.locator("form.decide")
    form.locator("input[value=cleared]").check()
    form.locator("textarea[name=note]").fill("forged")
    form.evaluate("f => { f.querySelector('input[name=csrf_token]').value = 'forged-token'; }")
    form.locator("button[value=stay]").click()
    assert "403" in page.locator("h1").inner_text()
    assert "security token" in page.locator(".error").inner_text()
    with open_store(site.store, create=False) as store:
        assert store.review_list(status="cleared").is_empty()


def test_second_reviewers_stale_decision_is_refused(browser: Any, live_app: tuple[str, Site]) -> None:
    url, site = live_app
    first, second = _signed_in(browser, url, "A. Auditor"), _signed_in(browser, url, "B. Checker")
    target = supplier_url(MAIN, "V10001")
    for page in (first, second):
        page.goto(url + target)

    def decide(page: Any, decision: str, note: str) -> Any:
        finding = page.locator("article.finding", has=page.locator("code", has_text="region-xinjiang"))
        finding.locator(f"input[value={decision}]").check()
        finding.locator("textarea[name=note]").fill(note)
        finding.locator("button[value=stay]").click()
        return finding

    decide(first, "escalated", "Production in Shanshan county.")
    assert "Recorded 'escalated'" in first.locator(".flash").inner_text()
    shown = decide(second, "cleared", "Looks fine to me.")
    message = second.locator("#message").inner_text()
    assert "decided 'escalated' by A. Auditor" in message and "your decision was not recorded" in message
    assert "escalated" in shown.locator("h3 .status").inner_text()  # B now sees the current state
    rows = [
        r
        for r in _cli_json(site, "list")
        if r["supplier_id"] == "V10001" and r["rule_id"] == "region-xinjiang"
    ]
    assert [(r["review_status"], r["reviewed_by"]) for r in rows] == [("escalated", "A. Auditor")]

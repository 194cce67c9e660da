"""The app's pages with Flask's test client, over a store written by real screens."""

from __future__ import annotations

import html
import io
import json
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import polars as pl
import pytest
from flask import Flask
from flask.testing import FlaskClient

from screening.store import open_store
from screening.store.lock import exclusive_lock
from tests.report.test_safety import HOSTILE

from .conftest import HOSTILE_LIST, MAIN, ROOT, SLASH_ID, Site, csrf_of, evidence_url, supplier_url

Client = Callable[[str], FlaskClient]


def _open_queue(site: Site) -> pl.DataFrame:
    with open_store(site.store, create=False) as store:
        return store.review_list(status="open")


def _decide(
    client: FlaskClient,
    supplier: str,
    rule: str,
    decision: str,
    note: str,
    then: str = "stay",
    list_name: str = MAIN,
):
    page = client.get(supplier_url(list_name, supplier))
    block = page.text.split(f"<code>{rule}</code>", 1)[1]
    fields = dict(re.findall(r'name="(fingerprint|expected_seq)" value="([^"]*)"', block)[:2])
    data = {"csrf_token": csrf_of(page.text), "list_name": list_name, "supplier_id": supplier,
            "rule_id": rule, "decision": decision, "note": note, "then": then, "q": "", **fields}  # fmt: skip
    return client.post("/decide", data=data), fields


def test_queue_counts_distinct_suppliers_of_the_open_findings(client_for: Client, site: Site) -> None:
    expected = _open_queue(site)
    page = client_for("A. Auditor").get("/queue").text
    suppliers = expected.select(pl.struct("list_name", "supplier_id").n_unique()).item()
    assert f"<b>{suppliers}</b> suppliers, {expected.height} findings" in page
    first = expected.row(0, named=True)
    assert first["risk_tier"] == "critical"
    rows = re.findall(r'<tr data-href="([^"]+)"', page)
    assert len(rows) == 50 and supplier_url(MAIN, first["supplier_id"]) in html.unescape(rows[0])


def test_queue_filters_by_tier_country_category_and_list(client_for: Client, site: Site) -> None:
    client = client_for("A. Auditor")
    expected = _open_queue(site).filter(pl.col("list_name") == MAIN, pl.col("risk_tier") == "high")
    page = client.get(f"/queue?list={MAIN}&tier=high&status=open").text
    assert f"{expected.height} findings" in page
    assert "badge b-critical" not in page.split("<tbody>")[1]
    ids = set(re.findall(r"<code>(V\d+)</code></a>", page))
    assert ids <= set(expected.get_column("supplier_id").to_list()) and ids
    vn = client.get(f"/queue?list={MAIN}&country=VN&status=any").text
    assert ">CN<" not in vn.split("<tbody>")[1] and ">VN<" in vn.split("<tbody>")[1]
    entity = client.get("/queue?category=entity_list&status=any").text
    with open_store(site.store, create=False) as store:
        listed = store.review_list().filter(pl.col("category") == "entity_list")
    assert f"{listed.height} findings" in entity
    assert set(re.findall(r"<td><code>([a-z0-9-]+)</code></td>", entity)) == set(listed["rule_id"].to_list())


def test_queue_pages_through_every_finding(client_for: Client, site: Site) -> None:
    client = client_for("A. Auditor")
    total = _open_queue(site).height
    pages = -(-total // 50)
    last = client.get(f"/queue?status=open&page={pages}").text
    assert f"page {pages} of {pages}" in last
    assert len(re.findall(r"<tr data-href=", last)) == total - 50 * (pages - 1)
    assert 'id="next"' not in last and 'id="prev"' in last


def test_decision_in_the_app_is_the_clis_record_and_audit_entry(client_for: Client, site: Site) -> None:
    client = client_for("A. Auditor")
    response, fields = _decide(client, "V10001", "region-xinjiang", "escalated", "Site in Shanshan, Turpan.")
    assert response.status_code == 302
    assert (
        "Recorded &#39;escalated&#39; on V10001 / region-xinjiang (was open) by A. Auditor"
        in client.get(response.headers["Location"]).text
    )
    listed = subprocess.run(
        [sys.executable, "-m", "screening", "review", "list", "--status", "escalated", "--json",
         "--store", str(site.store)],
        check=True, capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    rows = json.loads(listed.stdout)
    assert [
        (r["supplier_id"], r["rule_id"], r["reviewed_by"], r["review_note"], r["fingerprint"]) for r in rows
    ] == [("V10001", "region-xinjiang", "A. Auditor", "Site in Shanshan, Turpan.", fields["fingerprint"])]
    with open_store(site.store, create=False) as store:
        last = store.audit_log().row(-1, named=True)
        assert store.verify_audit_log() == store.audit_log().height
    assert (last["actor"], last["action"], last["target"]) == (
        "A. Auditor",
        "decide",
        "V10001/region-xinjiang",
    )
    assert json.loads(last["detail"])["decision"] == "escalated"


def test_cli_decision_shows_in_the_app(client_for: Client, site: Site) -> None:
    subprocess.run(
        [sys.executable, "-m", "screening", "review", "decide", "V10001", "region-xinjiang", "--decision",
         "remediation", "--reviewer", "CLI Reviewer", "--note", "Supplier to move production.",
         "--store", str(site.store), "--list-name", MAIN],
        check=True, capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    client = client_for("A. Auditor")
    page = client.get(supplier_url(MAIN, "V10001")).text
    assert "CLI Reviewer" in page and "Supplier to move production." in page
    assert "CLI Reviewer" in client.get("/audit").text
    remediation = client.get("/queue?status=remediation&reviewer=CLI+Reviewer").text
    assert "<b>1</b> suppliers, 1 findings" in remediation


def test_decide_and_next_goes_to_the_next_supplier_of_the_queue(client_for: Client, site: Site) -> None:
    order = (
        _open_queue(site)
        .filter(pl.col("list_name") == MAIN)
        .get_column("supplier_id")
        .unique(maintain_order=True)
    )
    response, _ = _decide(client_for("A. Auditor"), order[0], "region-xinjiang", "cleared", "ok", then="next")
    assert response.status_code == 302
    assert response.headers["Location"].startswith(supplier_url(MAIN, order[1]))


def test_a_decision_needs_a_note(client_for: Client, site: Site) -> None:
    response, _ = _decide(client_for("A. Auditor"), "V10001", "region-xinjiang", "cleared", "   ")
    assert response.status_code == 400
    assert "the audit trail needs the reason" in response.text
    assert _open_queue(site).filter(pl.col("supplier_id") == "V10001").height >= 1
    with open_store(site.store, create=False) as store:
        assert store.review_list(status="cleared").is_empty()


def test_second_reviewers_stale_decision_is_refused_and_shows_the_current_state(
    client_for: Client, site: Site
) -> None:
    first, second = client_for("A. Auditor"), client_for("B. Checker")
    page_b = second.get(supplier_url(MAIN, "V10001")).text  # B opens the page first
    response, _ = _decide(first, "V10001", "region-xinjiang", "cleared", "Listed site is another company.")
    assert response.status_code == 302
    block = page_b.split("<code>region-xinjiang</code>", 1)[1]
    fields = dict(re.findall(r'name="(fingerprint|expected_seq)" value="([^"]*)"', block)[:2])
    assert fields["expected_seq"] == "0"
    form = {
        "csrf_token": csrf_of(page_b),
        "list_name": MAIN,
        "supplier_id": "V10001",
        "rule_id": "region-xinjiang",
        "decision": "escalated",
        "note": "Xinjiang site.",
        **fields,
    }
    stale = second.post("/decide", data=form)
    assert stale.status_code == 409
    text = html.unescape(stale.text)
    assert "decided 'cleared' by A. Auditor" in text and "your decision was not recorded" in text
    assert "Listed site is another company." in text  # the current state is shown
    with open_store(site.store, create=False) as store:
        decided = store.review_list(list_name=MAIN).filter(
            pl.col("supplier_id") == "V10001", pl.col("rule_id") == "region-xinjiang"
        )
        assert decided.get_column("review_status").to_list() == ["cleared"]
        assert store.audit_log().get_column("action").to_list().count("decide") == 1


def test_hostile_supplier_names_stay_text(client_for: Client, site: Site) -> None:
    client = client_for("A. Auditor")
    queue = client.get(f"/queue?list={HOSTILE_LIST}&status=any").text
    shown = (
        client.get(supplier_url(HOSTILE_LIST, "H6")).text + client.get(supplier_url(HOSTILE_LIST, "H7")).text
    )
    for page in (queue, shown):
        assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in shown
    assert html.escape(HOSTILE[0], quote=True).replace("&quot;", "&#34;") in queue


def test_supplier_page_shows_findings_evidence_match_features_history(client_for: Client, site: Site) -> None:
    page = client_for("A. Auditor").get(supplier_url(MAIN, "V10001")).text
    assert "HOSHINE SILICON IND (SHANSHAN) CO LTD" in page
    assert "uflpa-entity-match" in page and "edition" in page
    assert '<table class="features">' in page and "<td>name_tokens</td>" in page
    history = page.split('id="history"')[1].split("</table>")[0]
    assert history.count("<tr>") == 3  # header + two screens of the list
    own = page.split('id="own"')[1].split("</table>")[0]
    assert "<th>Buyer</th>" in own  # a column of the list itself, from the screen's scores.parquet
    assert 'href="/runs/' in page and "report.html" in page


def test_evidence_pack_zip_has_the_page_findings_and_decisions(client_for: Client, site: Site) -> None:
    client = client_for("A. Auditor")
    _decide(client, "V10001", "region-xinjiang", "escalated", "Needs the importer's review.")
    response = client.get(evidence_url(MAIN, "V10001"))
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert 'filename="evidence-V10001.zip"' in response.headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        names = sorted(archive.namelist())
        page = archive.read("V10001/evidence.html").decode()
        findings = pl.read_csv(archive.read("V10001/findings.csv"))
        decisions = json.loads(archive.read("V10001/decisions.json"))
    assert names == [
        "V10001/decisions.json",
        "V10001/evidence.html",
        "V10001/findings.csv",
        "V10001/run.json",
    ]
    assert "Evidence pack: HOSHINE SILICON IND (SHANSHAN) CO LTD" in page and "Needs the importer" in page
    assert findings.filter(pl.col("rule_id") == "region-xinjiang")["review_status"].to_list() == ["escalated"]
    assert decisions[0]["reviewer"] == "A. Auditor"


def test_audit_log_page_verifies_the_chain(client_for: Client, site: Site) -> None:
    client = client_for("A. Auditor")
    _decide(client, "V10001", "region-xinjiang", "cleared", "checked")
    page = client.get("/audit").text
    with open_store(site.store, create=False) as store:
        n = store.audit_log().height
    assert f"Chain verified: all {n} entries" in page
    import duckdb

    con = duckdb.connect(str(site.store))
    con.execute("UPDATE audit_log SET actor = 'someone else' WHERE action = 'decide'")
    con.close()
    broken = client.get("/audit").text
    assert "is broken at entry" in broken and "Chain verified" not in broken


def test_diff_page_shows_the_supplier_added_by_the_second_screen(client_for: Client, site: Site) -> None:
    page = client_for("A. Auditor").get(f"/diff?list={MAIN}").text
    with open_store(site.store, create=False) as store:
        _, a, b = store.last_two_runs(MAIN)
        expected = store.diff(a, b).to_frame()
    counts = dict(expected.group_by("change").len().iter_rows())
    assert counts.get("supplier_added") == 1
    assert "1 supplier_added" in page and f"<code>{a}</code>" in page
    assert f"{counts['new_finding']} new_finding" in page
    assert "<code>V10002</code> Changji Esquel Textile Co Ltd" in page


def test_report_html_is_served_sandboxed(client_for: Client, site: Site) -> None:
    client = client_for("A. Auditor")
    with open_store(site.store, create=False) as store:
        run_id = store.runs(MAIN).get_column("run_id")[-1]
    response = client.get(f"/runs/{run_id}/report.html")
    assert response.status_code == 200 and b"<svg" in response.data
    assert response.headers["Content-Security-Policy"].startswith("sandbox;")
    assert client.get(f"/runs/{run_id}/scores.csv").status_code == 404
    xlsx = client.get(f"/runs/{run_id}/report.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"


def test_while_a_screen_holds_the_store_the_last_complete_state_is_shown(app: Flask, site: Site) -> None:
    client = app.test_client()
    page = client.get("/signin")
    client.post("/signin", data={"csrf_token": csrf_of(page.text), "name": "A. Auditor"})
    before = client.get("/queue").text
    app.config["SCREENING"].read_timeout_s = 0.2
    app.extensions["screening.store"].timeout_s = 0.2
    with exclusive_lock(site.store, 1.0):  # what a screen holds while it writes its run
        during = client.get("/queue")
    assert during.status_code == 200 and "last\ncomplete state" in during.text
    counts = re.search(r"<b>\d+</b> suppliers, \d+ findings", before)
    assert counts and counts.group(0) in during.text


@pytest.mark.slow  # a real screen written while the app reads, polled: about 35 s (CI: make test-slow)
def test_a_screen_written_while_the_app_reads_shows_only_complete_runs(
    client_for: Client, site: Site
) -> None:
    client = client_for("A. Auditor")
    counts = re.compile(r"<b>(\d+)</b> suppliers, (\d+) findings")
    before = counts.search(client.get(f"/queue?list={HOSTILE_LIST}&status=any").text)
    assert before
    bigger = site.root / "inputs" / "hostile-more.csv"
    rows = (site.root / "inputs" / "hostile.csv").read_text(encoding="utf-8").splitlines()
    bigger.write_text("\n".join([*rows, "H99,Xinjiang Cotton Trader,CN,Cotton"]) + "\n", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "screening", "run", str(bigger), "--out", str(site.root / "out" / "hostile-2"),
         "--store", str(site.store), "--list-name", HOSTILE_LIST],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    seen = set()
    while process.poll() is None:
        page = client.get(f"/queue?list={HOSTILE_LIST}&status=any")
        assert page.status_code == 200
        found = counts.search(page.text)
        assert found
        seen.add(found.groups())
        time.sleep(0.02)  # keep reading all along, but leave the screen the CPU it needs
    assert process.returncode == 0
    after = counts.search(client.get(f"/queue?list={HOSTILE_LIST}&status=any").text)
    assert after and after.groups() != before.groups()
    assert seen <= {before.groups(), after.groups()}  # never a half-written run
    assert before.groups() in seen


def test_basis_sector_and_the_two_axes_are_shown(client_for: Client, site: Site) -> None:
    client = client_for("A. Auditor")
    queue = client.get(f"/queue?list={MAIN}").text
    assert "<th>basis</th>" in queue and "<th>sector</th>" in queue
    with open_store(site.store, create=False) as store, store.reading() as con:
        red, exposure = con.execute(
            "SELECT red_flag_score, exposure_score FROM suppliers WHERE supplier_id = 'V10001' "
            "ORDER BY run_id DESC LIMIT 1"
        ).fetchall()[0]
    supplier = client.get(supplier_url(MAIN, "V10001")).text
    assert "What the score rests on" in supplier
    assert (
        f'<th>red flags about this supplier (supplier and input findings)</th><td class="n">{red:.1f}'
        in supplier
    )
    assert f'<th>inherent exposure (site and country findings)</th><td class="n">{exposure:.1f}' in supplier
    assert "basis site" in supplier


def test_a_supplier_id_with_slashes_and_markup_has_its_page_and_pack(client_for: Client, site: Site) -> None:
    client = client_for("A. Auditor")
    queue = client.get(f"/queue?list={HOSTILE_LIST}&status=any").text
    ids = [
        parse_qs(urlsplit(html.unescape(h)).query)["id"][0] for h in re.findall(r'data-href="([^"]+)"', queue)
    ]
    assert SLASH_ID in ids and "<b>?x" not in queue
    page = client.get(supplier_url(HOSTILE_LIST, SLASH_ID))
    assert page.status_code == 200 and "Slash Id Trading Co" in page.text
    assert "<code>A/1 &lt;b&gt;?x=1&amp;y</code>" in page.text
    response, _ = _decide(client, SLASH_ID, "ilab-forced-labor-good", "cleared", "ok", list_name=HOSTILE_LIST)
    assert response.status_code == 302
    assert parse_qs(urlsplit(response.headers["Location"]).query)["id"] == [SLASH_ID]
    pack = client.get(evidence_url(HOSTILE_LIST, SLASH_ID))
    assert (
        pack.status_code == 200 and 'filename="evidence-A_1__b__x_1_y-' in pack.headers["Content-Disposition"]
    )
    assert client.get("/supplier?list=" + HOSTILE_LIST).status_code == 400

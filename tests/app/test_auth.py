"""Who is who: sign-in against the administrator's reviewers, CSRF on every form, loopback by default."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from screening.app import AppConfig, create_app
from screening.app.reviewers import add_reviewer, load_reviewers
from screening.cli import main
from screening.errors import ConfigError
from screening.store import open_store

from .conftest import MAIN, Site, csrf_of, evidence_url, sign_in, supplier_url


def test_every_page_needs_a_signed_in_reviewer(app: Flask) -> None:
    client = app.test_client()
    for path in (
        "/queue",
        "/audit",
        "/diff",
        supplier_url(MAIN, "V10001"),
        evidence_url(MAIN, "V10001"),
    ):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/signin?next=")


def test_reviewer_signs_in_with_the_token_the_administrator_gave(site: Site, tmp_path: Path) -> None:
    reviewers = tmp_path / "reviewers.yml"
    token = add_reviewer(reviewers, "A. Auditor")
    other = add_reviewer(reviewers, "B. Checker")
    assert token not in reviewers.read_text() and len(token) >= 40
    assert oct(reviewers.stat().st_mode & 0o777) == "0o600"
    app = create_app(AppConfig(store_path=site.store, reviewers_path=reviewers))
    client = app.test_client()
    page = client.get("/signin")
    assert 'name="token"' in page.text
    wrong = client.post(
        "/signin", data={"csrf_token": csrf_of(page.text), "name": "A. Auditor", "token": other}
    )
    assert wrong.status_code == 401 and "do not match" in wrong.text
    unknown = client.post(
        "/signin", data={"csrf_token": csrf_of(page.text), "name": "Mallory", "token": token}
    )
    assert unknown.status_code == 401
    assert client.get("/queue").status_code == 302
    sign_in(client, "A. Auditor", token)
    queue = client.get("/queue")
    assert queue.status_code == 200 and '<span id="reviewer">A. Auditor</span>' in queue.text


def test_a_reviewer_removed_from_the_file_is_signed_out(site: Site, tmp_path: Path) -> None:
    reviewers = tmp_path / "reviewers.yml"
    token = add_reviewer(reviewers, "A. Auditor")
    add_reviewer(reviewers, "B. Checker")
    app = create_app(AppConfig(store_path=site.store, reviewers_path=reviewers))
    client = sign_in(app.test_client(), "A. Auditor", token)
    assert client.get("/queue").status_code == 200
    add_reviewer(reviewers, "A. Auditor")  # a new token: the old one stops working, the name stays
    assert client.get("/queue").status_code == 200
    reviewers.write_text(reviewers.read_text().split("- name: A. Auditor")[0])
    assert load_reviewers(reviewers).names() == ["B. Checker"]
    assert client.get("/queue").status_code == 302


def test_sign_in_never_redirects_off_site(app: Flask) -> None:
    client = app.test_client()
    page = client.get("/signin")
    response = client.post(
        "/signin", data={"csrf_token": csrf_of(page.text), "name": "A", "next": "//evil.example/x"}
    )
    assert response.headers["Location"] == "/queue"


def test_a_form_without_the_sessions_csrf_token_is_refused(app: Flask, site: Site) -> None:
    client = sign_in(app.test_client(), "A. Auditor")
    form = {"list_name": MAIN, "supplier_id": "V10001", "rule_id": "region-xinjiang", "fingerprint": "x",
            "expected_seq": "0", "decision": "cleared", "note": "forged"}  # fmt: skip
    for token in (None, "", "not-the-token"):
        data = form if token is None else {**form, "csrf_token": token}
        response = client.post("/decide", data=data)
        assert response.status_code == 403
        assert "security token" in response.text
    other = sign_in(app.test_client(), "B. Checker")  # another session's token is no good either
    response = client.post("/decide", data={**form, "csrf_token": csrf_of(other.get("/queue").text)})
    assert response.status_code == 403
    with open_store(site.store, create=False) as store:
        assert store.review_list(status="cleared").is_empty()
        assert "decide" not in store.audit_log().get_column("action").to_list()


def test_sign_in_itself_needs_the_csrf_token(app: Flask) -> None:
    client = app.test_client()
    client.get("/signin")
    assert client.post("/signin", data={"name": "A. Auditor"}).status_code == 403


def test_session_cookie_and_pages_are_locked_down(app: Flask) -> None:
    client = app.test_client()
    page = client.get("/signin")
    cookie = page.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert page.headers["X-Frame-Options"] == "DENY"


def test_app_refuses_another_interface_without_reviewers(site: Site, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"Refusing to serve on 0\.0\.0\.0"):
        create_app(AppConfig(store_path=site.store, host="0.0.0.0"))
    reviewers = tmp_path / "reviewers.yml"
    add_reviewer(reviewers, "A. Auditor")
    assert create_app(AppConfig(store_path=site.store, host="0.0.0.0", reviewers_path=reviewers))
    assert create_app(AppConfig(store_path=site.store, host="::1"))


def test_cli_exits_2_with_a_message_when_the_host_is_not_loopback(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["app", "--store", str(site.store), "--host", "0.0.0.0", "--port", "8799"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "Refusing to serve on 0.0.0.0" in err and "app-reviewer" in err and "Traceback" not in err


def test_cli_app_reviewer_prints_a_token_that_signs_in(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reviewers = tmp_path / "team" / "reviewers.yml"
    main(["app-reviewer", "C. Reviewer", "--reviewers", str(reviewers)])
    token = capsys.readouterr().out.strip().splitlines()[-1]
    app = create_app(AppConfig(store_path=site.store, reviewers_path=reviewers))
    sign_in(app.test_client(), "C. Reviewer", token)


def test_a_broken_reviewers_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "reviewers.yml"
    path.write_text("reviewers:\n  - name: A\n    token_sha256: not-a-hash\n")
    with pytest.raises(ConfigError, match=r"reviewers.yml is invalid at reviewers.0.token_sha256"):
        load_reviewers(path)
    path.write_text("reviewers:\n  - {name: A, token_sha256: " + "a" * 64 + "}\n  - {name: A, token_sha256: "
                    + "b" * 64 + "}\n")  # fmt: skip
    with pytest.raises(ConfigError, match="lists A more than once"):
        load_reviewers(path)

"""Alert payloads: Slack- and Teams-compatible JSON chosen by host; untrusted text escaped; secret hidden."""

from __future__ import annotations

import json

import pytest

from screening.alerts import Alert, detect_format, payload, send

FINDING = {
    "supplier_id": "R001",
    "supplier_name": "Evil <https://phish.example|Click> & *Co*",
    "rule_id": "uflpa-entity-match",
    "category": "entity_list",
    "severity": "critical",
    "evidence": 'The supplier name matches "Xinjiang Zijin Zinc Industry Co., Ltd." (UFLPA Entity List).',
}


def make_alert(n: int = 1) -> Alert:
    findings = [{**FINDING, "supplier_id": f"R{i:03d}"} for i in range(1, n + 1)]
    return Alert(
        list_name="tier2-cn",
        run_id="20261128T000000Z-abc",
        previous_run_id="20261101T000000Z-def",
        reason="new uflpa edition (was as of 2024-11-25)",
        out_dir="/srv/out/r1",
        findings=findings,
    )


@pytest.mark.parametrize(
    ("url", "fmt"),
    [
        ("https://hooks.slack.com/services/T0/B0/XXXX", "slack"),
        ("https://contoso.webhook.office.com/webhookb2/abc@def/IncomingWebhook/123/456", "teams"),
        ("https://outlook.office.com/webhook/abc", "teams"),
        (
            "https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=x",
            "adaptive",
        ),
        ("https://mattermost.example.org/hooks/xyz", "slack"),
    ],
)
def test_format_follows_the_webhook_host(url, fmt):
    assert detect_format(url) == fmt


def test_slack_payload_has_text_and_blocks_with_untrusted_text_escaped():
    body = payload(make_alert(), "slack")
    assert body["text"].startswith("1 new high/critical finding in supplier list 'tier2-cn'")
    assert body["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "1 new high/critical finding in supplier list 'tier2-cn'"},
    }
    line = body["blocks"][2]["text"]["text"]
    assert "&lt;https://phish.example|Click&gt; &amp; *Co*" in line and "<https://phish" not in json.dumps(
        body
    )
    assert "*Why:* new uflpa edition (was as of 2024-11-25)" in body["blocks"][1]["text"]["text"]


def test_teams_message_card_and_adaptive_card_payloads():
    card = payload(make_alert(12), "teams")
    assert card["@type"] == "MessageCard" and card["@context"] == "https://schema.org/extensions"
    section = card["sections"][0]
    assert {f["name"] for f in section["facts"]} == {"List", "Why", "Run", "Outputs"}
    assert section["text"].count("CRITICAL") == 10 and "... and 2 more (see alerts.json)" in section["text"]
    assert "\\*Co\\*" in section["text"] and "\\<https" in section["text"]
    adaptive = payload(make_alert(), "adaptive")
    attachment = adaptive["attachments"][0]
    assert adaptive["type"] == "message"
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert attachment["content"]["type"] == "AdaptiveCard" and attachment["content"]["version"] == "1.4"
    assert attachment["content"]["body"][1]["type"] == "FactSet"


def test_send_posts_json_and_reports_only_the_host(webhook):
    delivery = send(make_alert(), webhook.url, "teams")
    assert delivery.sent and delivery.status == 200 and delivery.format == "teams"
    assert delivery.target == "http://127.0.0.1/…" and "secret-token" not in repr(delivery)
    assert webhook.posts[0]["json"]["@type"] == "MessageCard"
    assert webhook.posts[0]["path"] == "/hooks/T000/B000/secret-token"


def test_unreachable_webhook_is_a_recorded_failure_not_a_crash(monkeypatch):
    monkeypatch.setenv("SCREENING_HTTP_RETRIES", "1")
    delivery = send(make_alert(), "http://127.0.0.1:9/hooks/secret-token")
    assert not delivery.sent and delivery.error == "ConnectionError posting to http://127.0.0.1/…"

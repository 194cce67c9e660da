"""Alerts for new ``high`` and ``critical`` findings: to a webhook, and into the run's ``alerts.json``.

After a screen of a named list (a re-screen after a new edition, or a scheduled screen),
:func:`alert_for_run` compares it with the list's previous screen in the store (the store's diff):
findings that are new (not in the previous screen, by fingerprint) and ``high`` or ``critical``
(and not already cleared by an auditor) make one alert. The alert is written to ``alerts.json`` in
the run's output folder (an empty list when nothing is new, as a record that the check ran) and,
when something is new and ``SCREENING_WEBHOOK_URL`` is set, POSTed as JSON. A second screen with
nothing new sends nothing: alerts fire once per new finding.

Payloads (:func:`payload`), chosen by ``fmt`` or, with ``auto``, by the webhook's host:

* ``slack``: ``{"text": ..., "blocks": [...]}`` (Slack incoming webhooks; Mattermost, Rocket.Chat
  and others that accept Slack's format). The default for other hosts.
* ``teams``: a legacy Office 365 connector ``MessageCard`` (hosts ``*.webhook.office.com``,
  ``outlook.office.com``).
* ``adaptive``: a ``message`` with an Adaptive Card attachment, for Teams Workflows / Power Automate
  webhooks (hosts ``*.logic.azure.com``, ``*.powerplatform.com``, ``*.powerautomate.com``).

The webhook URL is a secret: it is never logged or written; messages name its host only. Supplier
names and evidence are untrusted text: they are escaped for each format and shortened.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import polars as pl

from screening.settings import Settings, get_settings

ALERT_SEVERITIES = ("critical", "high")
ALERTS_FILE = "alerts.json"
#: Findings itemised in a message (alerts.json has them all).
SHOWN = 10
Format = Literal["auto", "slack", "teams", "adaptive"]


@dataclass
class Delivery:
    """How sending went: ``sent`` True after a 2xx; ``target`` is the webhook's host only."""

    sent: bool
    target: str
    format: str
    status: int | None = None
    attempts: int = 0
    error: str | None = None


@dataclass
class Alert:
    """New high/critical findings of one screen of one list."""

    list_name: str
    run_id: str
    previous_run_id: str | None
    reason: str
    out_dir: str
    findings: list[dict[str, Any]] = field(default_factory=list)
    created_at: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))

    @property
    def title(self) -> str:
        n = len(self.findings)
        return f"{n} new high/critical finding{'s' if n != 1 else ''} in supplier list {self.list_name!r}"


def new_findings(
    store_path: Path, list_name: str, run_id: str, findings: pl.DataFrame, scores: pl.DataFrame
) -> tuple[str | None, list[dict[str, Any]]]:
    """(previous run id, the run's new high/critical findings) using the store's diff.

    With no previous screen of the list, every high/critical finding of the run is new.
    """
    from screening.store import open_store

    with open_store(store_path, create=False) as store:
        previous = store.previous_run_id(list_name, run_id)
        if previous is not None:
            changes = store.diff(previous, run_id).to_frame()
            new = changes.filter(pl.col("change") == "new_finding").get_column("fingerprint").to_list()
        else:
            new = None
    frame = findings.filter(pl.col("severity").is_in(list(ALERT_SEVERITIES)))
    if "fingerprint" in frame.columns and new is not None:
        frame = frame.filter(pl.col("fingerprint").is_in(new))
    elif new is not None:
        frame = frame.head(0)
    if "review_status" in frame.columns:
        frame = frame.filter(pl.col("review_status").fill_null("open") != "cleared")
    names = dict(scores.select("supplier_id", "supplier_name").unique("supplier_id").iter_rows())
    rank = {s: i for i, s in enumerate(ALERT_SEVERITIES)}
    rows = [
        {
            "supplier_id": r.get("supplier_id"),
            "supplier_name": names.get(r.get("supplier_id")),
            "rule_id": r.get("rule_id"),
            "category": r.get("category"),
            "severity": r.get("severity"),
            "evidence": r.get("evidence"),
            "source_dataset": r.get("source_dataset"),
            "source_edition": r.get("source_edition"),
            "matched_entity": r.get("matched_entity"),
            "fingerprint": r.get("fingerprint"),
        }
        for r in frame.iter_rows(named=True)
    ]
    rows.sort(key=lambda r: (rank.get(str(r["severity"]), 9), str(r["supplier_id"]), str(r["rule_id"])))
    return previous, rows


def detect_format(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    if host.endswith("webhook.office.com") or host == "outlook.office.com":
        return "teams"
    if host.endswith((".logic.azure.com", ".powerplatform.com", ".powerautomate.com")):
        return "adaptive"
    return "slack"


def _short(text: object, limit: int = 300) -> str:
    value = " ".join(str(text or "").split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _slack_escape(text: object, limit: int = 300) -> str:
    return _short(text, limit).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _md_escape(text: object, limit: int = 300) -> str:
    value = _short(text, limit)
    for ch in "\\*_`[]<>#|~":
        value = value.replace(ch, "\\" + ch)
    return value


def _line(f: dict[str, Any], esc: Callable[..., str]) -> str:
    return (
        f"{esc(str(f['severity']).upper(), 20)} {esc(f['supplier_id'], 60)} {esc(f['supplier_name'], 120)}: "
        f"{esc(f['evidence'])} ({esc(f['rule_id'], 80)})"
    )


def payload(alert: Alert, fmt: str) -> dict[str, Any]:
    """The JSON body for ``fmt`` (slack, teams or adaptive)."""
    more = len(alert.findings) - SHOWN
    facts = [
        ("List", alert.list_name),
        ("Why", alert.reason),
        ("Run", alert.run_id + (f" (previous {alert.previous_run_id})" if alert.previous_run_id else "")),
        ("Outputs", alert.out_dir),
    ]
    if fmt == "teams":
        lines = [_line(f, _md_escape) for f in alert.findings[:SHOWN]]
        if more > 0:
            lines.append(f"... and {more} more (see {ALERTS_FILE})")
        return {
            "@type": "MessageCard",
            "@context": "https://schema.org/extensions",
            "summary": _short(alert.title, 200),
            "themeColor": "C4314B",
            "title": _md_escape(alert.title, 200),
            "sections": [
                {
                    "facts": [{"name": k, "value": _md_escape(v, 300)} for k, v in facts],
                    "text": "\n\n".join(lines),
                    "markdown": True,
                }
            ],
        }
    if fmt == "adaptive":
        body: list[dict[str, Any]] = [
            {
                "type": "TextBlock",
                "text": _md_escape(alert.title, 200),
                "weight": "Bolder",
                "size": "Medium",
                "wrap": True,
            },
            {"type": "FactSet", "facts": [{"title": k, "value": _md_escape(v, 300)} for k, v in facts]},
        ]
        body += [
            {"type": "TextBlock", "text": _line(f, _md_escape), "wrap": True} for f in alert.findings[:SHOWN]
        ]
        if more > 0:
            body.append(
                {"type": "TextBlock", "text": f"... and {more} more (see {ALERTS_FILE})", "wrap": True}
            )
        card = {
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "type": "AdaptiveCard",
            "version": "1.4",
            "body": body,
        }
        return {
            "type": "message",
            "attachments": [
                {
                    "contentType": "application/vnd.microsoft.card.adaptive",
                    "contentUrl": None,
                    "content": card,
                }
            ],
        }
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": _short(alert.title, 150)}},
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "\n".join(f"*{k}:* {_slack_escape(v)}" for k, v in facts)},
        },
    ]
    blocks += [
        {"type": "section", "text": {"type": "mrkdwn", "text": "• " + _line(f, _slack_escape)}}
        for f in alert.findings[:SHOWN]
    ]
    if more > 0:
        blocks.append(
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": f"... and {more} more in {ALERTS_FILE}"}],
            }
        )
    text = f"{_slack_escape(alert.title, 200)} ({_slack_escape(alert.reason)}): " + "; ".join(
        _line(f, _slack_escape) for f in alert.findings[:3]
    )
    return {"text": _short(text, 2900), "blocks": blocks}


def send(alert: Alert, url: str, fmt: str = "auto", settings: Settings | None = None) -> Delivery:
    """POST the alert; retries connection errors, 429 and 5xx. Never raises for a failed delivery."""
    import requests

    settings = settings or get_settings()
    chosen = detect_format(url) if fmt == "auto" else fmt
    parts = urlsplit(url)
    target = f"{parts.scheme}://{parts.hostname or '?'}/…"
    delivery = Delivery(sent=False, target=target, format=chosen)
    body = payload(alert, chosen)
    headers = {"User-Agent": settings.user_agent, "Content-Type": "application/json"}
    attempts = max(1, settings.http_retries)
    for attempt in range(1, attempts + 1):
        delivery.attempts = attempt
        try:
            response = requests.post(
                url, data=json.dumps(body), headers=headers, timeout=settings.http_timeout
            )
        except requests.RequestException as exc:
            delivery.error = f"{type(exc).__name__} posting to {target}"
        else:
            delivery.status = response.status_code
            if 200 <= response.status_code < 300:
                delivery.sent, delivery.error = True, None
                return delivery
            delivery.error = f"{target} answered HTTP {response.status_code}"
            if response.status_code < 500 and response.status_code != 429:
                return delivery
        if attempt < attempts:
            time.sleep(min(10.0, 0.5 * 2 ** (attempt - 1)))
    return delivery


def write_alerts_json(out_dir: Path, alert: Alert, delivery: Delivery | None) -> Path:
    path = out_dir / ALERTS_FILE
    record = {
        "list_name": alert.list_name,
        "run_id": alert.run_id,
        "previous_run_id": alert.previous_run_id,
        "reason": alert.reason,
        "created_at": alert.created_at,
        "severities": list(ALERT_SEVERITIES),
        "new_findings": alert.findings,
        "count": len(alert.findings),
        "delivery": asdict(delivery) if delivery is not None else None,
    }
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(record, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def alert_for_run(
    store_path: Path,
    list_name: str,
    run_id: str,
    out_dir: Path,
    findings: pl.DataFrame,
    scores: pl.DataFrame,
    reason: str,
    settings: Settings | None = None,
    fmt: str | None = None,
) -> tuple[Alert, Delivery | None]:
    """Work out the run's new high/critical findings, send them when there are any, write alerts.json."""
    settings = settings or get_settings()
    previous, rows = new_findings(store_path, list_name, run_id, findings, scores)
    alert = Alert(
        list_name=list_name,
        run_id=run_id,
        previous_run_id=previous,
        reason=reason,
        out_dir=str(out_dir),
        findings=rows,
    )
    delivery: Delivery | None = None
    if rows and settings.webhook_url:
        chosen = fmt or str(getattr(settings, "webhook_format", "auto") or "auto")
        delivery = send(alert, settings.webhook_url, chosen, settings)
    write_alerts_json(out_dir, alert, delivery)
    return alert, delivery

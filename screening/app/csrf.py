"""CSRF protection for every form: a per-session token in a hidden field, checked on every POST.

The session cookie is also ``SameSite=Strict`` and ``HttpOnly``; the token is the check that does not
depend on the browser. A POST without the session's token is refused with 403 and nothing is done.
"""

from __future__ import annotations

import hmac
import secrets

from flask import abort, request, session

FIELD = "csrf_token"


def token() -> str:
    """The session's CSRF token (created on first use); templates put it in every form."""
    value = session.get(FIELD)
    if not isinstance(value, str) or not value:
        value = secrets.token_urlsafe(32)
        session[FIELD] = value
    return value


def protect() -> None:
    """``before_request``: refuse a state-changing request whose form lacks the session's token."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    expected = session.get(FIELD)
    given = request.form.get(FIELD, "")
    if not isinstance(expected, str) or not expected or not hmac.compare_digest(expected, given):
        abort(
            403,
            description="The form's security token is missing or out of date, so nothing was done. "
            "Reload the page and try again.",
        )

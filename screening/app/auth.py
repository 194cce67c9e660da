"""Sign-in and sign-out: a reviewer's name, and the token the administrator gave them.

Every page but the sign-in page and static files needs a signed-in reviewer; the name in the session
is the identity recorded with each decision. A reviewer removed from the reviewers file is signed out
at their next request.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from screening.app.config import AppConfig
from screening.app.reviewers import Reviewers

bp = Blueprint("auth", __name__)
OPEN_ENDPOINTS = frozenset({"auth.signin", "static"})


def config() -> AppConfig:
    cfg: AppConfig = current_app.config["SCREENING"]
    return cfg


def reviewers() -> Reviewers | None:
    return config().load_reviewers()


def current_reviewer() -> str | None:
    name = session.get("reviewer")
    return name if isinstance(name, str) and name else None


def require_reviewer() -> Response | None:
    """``before_request``: send anyone not signed in (or no longer listed) to the sign-in page."""
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    name = current_reviewer()
    allowed = reviewers()
    if name is not None and (allowed is None or name in allowed.names()):
        return None
    session.pop("reviewer", None)
    return redirect(
        url_for("auth.signin", next=request.full_path.rstrip("?") if request.method == "GET" else None)
    )


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never ``//host`` or a full URL) is followed after sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("views.queue")


@bp.route("/signin", methods=["GET", "POST"])
def signin() -> Any:
    allowed = reviewers()
    error = None
    if request.method == "POST":
        name = request.form.get("name", "").strip()
        token = request.form.get("token", "")
        if not name:
            error = "Enter your reviewer name."
        elif allowed is None or allowed.check(name, token) is not None:
            session.clear()  # a new session (and CSRF token) for the signed-in reviewer
            session["reviewer"] = name
            return redirect(_safe_next(request.form.get("next")))
        else:
            error = "That name and token do not match a reviewer the administrator configured."
    status = 401 if error else 200
    page = render_template(
        "signin.html", error=error, local_mode=allowed is None, next=request.args.get("next", "")
    )
    return page, status


@bp.route("/signout", methods=["POST"])
def signout() -> Response:
    session.clear()
    return redirect(url_for("auth.signin"))

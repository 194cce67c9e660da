"""Build the Flask app: configuration, the store, the sign-in and CSRF gates, security headers."""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from screening.app import auth, csrf, views
from screening.app.config import AppConfig
from screening.app.outputs import OutputFolders
from screening.app.queue import QueueReader
from screening.errors import StoreError
from screening.store import Store, open_store

_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def create_app(cfg: AppConfig) -> Flask:
    """The app over the store at ``cfg.store_path`` (which must exist; it is migrated if older)."""
    cfg.check_binding()
    with open_store(cfg.store_path, create=False):
        pass  # refuses a missing store, migrates an older one
    app = Flask(__name__)
    app.config.update(
        SCREENING=cfg,
        SECRET_KEY=cfg.secret_key,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_NAME="screening_session",
        MAX_CONTENT_LENGTH=64 * 1024,
    )
    store = Store(cfg.store_path, timeout_s=cfg.read_timeout_s)
    app.extensions["screening.store"] = store
    reader = QueueReader(store)
    app.extensions["screening.queue"] = reader
    threading.Thread(target=reader.warm, name="screening-app-warm", daemon=True).start()
    app.extensions["screening.outputs"] = OutputFolders(cfg.roots())
    app.jinja_env.globals["csrf_token"] = csrf.token
    app.jinja_env.globals["current_reviewer"] = auth.current_reviewer
    app.before_request(csrf.protect)
    app.before_request(auth.require_reviewer)
    app.register_blueprint(auth.bp)
    app.register_blueprint(views.bp)

    @app.after_request
    def headers(response: Response) -> Response:
        for name, value in _HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        return render_template("error.html", code=exc.code, name=exc.name, text=exc.description), exc.code

    @app.errorhandler(StoreError)
    def store_error(exc: StoreError) -> Any:
        return render_template("error.html", code=503, name="Store unavailable", text=str(exc)), 503

    return app

"""The pages: queue, supplier (with the decision forms), decide, audit log, diff, evidence pack and
the run's reports. Reads go through :mod:`screening.app.queue` and :mod:`screening.app.supplier`;
decisions through :meth:`screening.store.Store.decide` (with ``expected_seq``), the same record and
audit entry as ``screening review decide``."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

import polars as pl
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from werkzeug.wrappers import Response

from screening.app import supplier as supplier_data
from screening.app.auth import config, current_reviewer
from screening.app.evidence import evidence_zip, with_current_reviews
from screening.app.explain import explain
from screening.app.outputs import OutputFolders
from screening.app.queue import FILTERS, QueueReader, next_supplier, options, page_of
from screening.errors import InputError, StoreError
from screening.report.evidence import render_evidence
from screening.store import DECISIONS, Store
from screening.store.guard import StaleDecision

bp = Blueprint("views", __name__)
REPORT_FILES = {"report.html": "text/html", "report.xlsx": None}


def store() -> Store:
    value: Store = current_app.extensions["screening.store"]
    return value


def reader() -> QueueReader:
    value: QueueReader = current_app.extensions["screening.queue"]
    return value


def outputs() -> OutputFolders:
    value: OutputFolders = current_app.extensions["screening.outputs"]
    return value


def _filters(source: dict[str, str]) -> dict[str, str]:
    chosen = {name: source.get(name, "").strip() for name in FILTERS}
    if "status" not in source:
        chosen["status"] = "open"
    return chosen


@bp.route("/")
def home() -> Response:
    return redirect(url_for("views.queue"))


@bp.route("/queue")
def queue() -> str:
    frame, stale = reader().frame()
    filters = _filters(request.args.to_dict())
    page = page_of(frame, filters, request.args.get("page", 1, type=int), config().page_size, stale)
    return render_template(
        "queue.html", page=page, filters=filters, options=options(frame), query=urlencode(filters)
    )


@bp.route("/supplier")
def supplier() -> Any:
    list_name, supplier_id = _supplier_args()
    return _supplier_page(list_name, supplier_id, request.args.get("q", ""))


def _supplier_args() -> tuple[str, str]:
    """``?list=...&id=...``: query parameters, so that any list name or supplier id (``A/1``) works."""
    list_name, supplier_id = request.args.get("list", ""), request.args.get("id", "")
    if not list_name or not supplier_id:
        abort(400, description="A supplier page needs ?list=LIST&id=SUPPLIER_ID.")
    return list_name, supplier_id


def _supplier_page(
    list_name: str, supplier_id: str, q: str, *, message: str | None = None, status: int = 200
) -> Any:
    frame, stale = reader().frame()
    try:
        view = supplier_data.load(store(), frame, list_name, supplier_id)
    except InputError as exc:
        abort(404, description=str(exc))
    own = supplier_data.own_columns(supplier_id, outputs().file(view.run_id, "scores.parquet"))
    names = {**dict(own), **view.supplier}
    for finding in view.findings:
        named = names.get(finding.get("matched_field") or "supplier_name")
        finding["match"] = explain(named, finding.get("matched_entity"), view.supplier.get("country_code"))
    page = render_template(
        "supplier.html",
        view=view,
        stale=stale,
        message=message,
        q=q,
        next_id=next_supplier(frame, _filters(dict(parse_qsl(q))), list_name, supplier_id),
        decisions=DECISIONS,
        sub_scores=supplier_data.sub_scores(view.supplier),
        axes=supplier_data.axes(view.supplier, view.findings),
        own=own,
        reports=[n for n in REPORT_FILES if outputs().file(view.run_id, n)],
    )
    return page, status


@bp.route("/decide", methods=["POST"])
def decide() -> Any:
    form = request.form
    list_name, supplier_id, q = form.get("list_name", ""), form.get("supplier_id", ""), form.get("q", "")
    reviewer = current_reviewer()
    assert reviewer is not None  # require_reviewer runs first
    try:
        result = store().decide(
            supplier_id,
            form.get("rule_id", ""),
            form.get("decision", ""),
            reviewer,
            form.get("note", ""),
            list_name,
            fingerprint=form.get("fingerprint", ""),
            expected_seq=int(form.get("expected_seq", "-1") or -1),
        )
    except StaleDecision as exc:
        return _supplier_page(list_name, supplier_id, q, message=exc.message, status=409)
    except (InputError, StoreError, ValueError) as exc:
        return _supplier_page(list_name, supplier_id, q, message=str(exc), status=400)
    target = supplier_id
    if form.get("then") == "next":
        frame, _ = reader().frame()
        target = next_supplier(frame, _filters(dict(parse_qsl(q))), list_name, supplier_id) or ""
        if not target:
            return redirect(url_for("views.queue") + ("?" + q if q else ""))
    flash(
        f"Recorded '{result['decision']}' on {result['supplier_id']} / {result['rule_id']} "
        f"(was {result['previous_status']}) by {result['reviewer']}."
    )
    return redirect(url_for("views.supplier", list=list_name, id=target, q=q))


@bp.route("/audit")
def audit() -> str:
    log = store().audit_log()
    try:
        verified, broken = store().verify_audit_log(), None
    except StoreError as exc:
        verified, broken = None, str(exc)
    shown = log.sort("seq", descending=True).head(500)
    return render_template(
        "audit.html", rows=shown.to_dicts(), total=log.height, verified=verified, broken=broken
    )


@bp.route("/diff")
def diff() -> str:
    runs = store().runs()
    lists = sorted(set(runs.get_column("list_name").to_list())) if runs.height else []
    chosen = request.args.get("list") or (lists[0] if lists else "")
    a, b = request.args.get("a", ""), request.args.get("b", "")
    changes, error = None, None
    try:
        if not (a and b) and chosen:
            _, a, b = store().last_two_runs(chosen)
        if a and b:
            changes = store().diff(a, b).to_frame()
    except InputError as exc:
        error = str(exc)
    mine = runs.filter(pl.col("list_name") == chosen) if runs.height else runs
    return render_template(
        "diff.html",
        lists=lists,
        chosen=chosen,
        runs=mine.to_dicts(),
        a=a,
        b=b,
        rows=changes.to_dicts() if changes is not None else [],
        counts=changes.group_by("change").len().sort("change").rows() if changes is not None else [],
        error=error,
    )


@bp.route("/evidence.zip")
def evidence() -> Response:
    list_name, supplier_id = _supplier_args()
    frame, _ = reader().frame()
    try:
        view = supplier_data.load(store(), frame, list_name, supplier_id)
    except InputError as exc:
        abort(404, description=str(exc))
    folder = outputs().folder(view.run_id)
    if (
        folder is not None
        and (folder / "scores.parquet").is_file()
        and (folder / "findings.parquet").is_file()
    ):
        scores = pl.read_parquet(folder / "scores.parquet")
        findings = pl.read_parquet(folder / "findings.parquet")
        source = str(folder / "scores.parquet")
    else:
        scores = pl.DataFrame([view.supplier])
        findings = pl.DataFrame(view.findings).drop("match", "review_seq", strict=False)
        source = f"the store's copy of run {view.run_id}"
    current = frame.filter((pl.col("list_name") == list_name) & (pl.col("run_id") == view.run_id))
    findings = with_current_reviews(findings, current)
    document = render_evidence(supplier_id, scores=scores, findings=findings, run=view.run, source=source)
    name, data = evidence_zip(supplier_id, document, findings, view.run, view.decisions)
    response = current_app.response_class(data, mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.route("/runs/<run_id>/<name>")
def report_file(run_id: str, name: str) -> Response:
    if name not in REPORT_FILES:
        abort(404)
    path = outputs().file(run_id, name)
    if path is None:
        abort(404, description=f"No {name} found for run {run_id} in the app's output folders.")
    response = send_file(path, mimetype=REPORT_FILES[name], as_attachment=name.endswith(".xlsx"))
    # The report is our own escaped, self-contained page: inline styles and SVG only, never scripts.
    response.headers["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    )
    return response

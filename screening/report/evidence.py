"""The evidence pack: everything the screen knows about one supplier's flags, in one HTML file.

Meant to be filed with an importer's records or used for a UFLPA applicability review: the supplier's
identity and source row (with the input file's sha256), every finding with its evidence sentence, the
dataset, edition, licence and source it rests on, any match and its score, review decisions, the run,
and how the score was computed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NotRequired, TypedDict, Unpack

import polars as pl

from screening.contract import CATEGORIES
from screening.errors import InputError
from screening.report.cards import dataset_label
from screening.report.data_age import banner_html
from screening.report.formatting import (
    country_label,
    datasets_by_id,
    datasets_from_run,
    esc,
    fmt_num,
    join_keys,
    link_or_text,
    severity_rank_expr,
    supplier_field,
    text,
)
from screening.report.html import run_section
from screening.report.methods import LIMITS, datasets_table, scoring_html
from screening.report.page import badge, definition_table, page, table
from screening.scoring.policy import Policy, load_policy
from screening.settings import get_settings

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
BAN_NOTE = (
    "A legal import ban or presumption (UFLPA Entity List, an active CBP Withhold Release Order or "
    "Finding, production in Xinjiang) rests on the findings marked critical."
)


def safe_filename(supplier_id: str) -> str:
    """A file name stem for ``supplier_id``: letters, digits, ``_`` and ``-`` only; a hash keeps two ids
    that differ only in other characters ("A/1" and "A_1") apart."""
    stem = _UNSAFE.sub("_", supplier_id)[:80]
    if stem != supplier_id or not stem:
        stem = f"{stem}-{hashlib.sha256(supplier_id.encode('utf-8')).hexdigest()[:10]}"
    return stem


def close_ids(scores: pl.DataFrame, supplier_id: str, limit: int = 5) -> list[str]:
    """Supplier ids that look like ``supplier_id`` (same id in another case first, then by similarity)."""
    from rapidfuzz import fuzz, process

    ids = scores["supplier_id"].drop_nulls().unique(maintain_order=True).to_list()
    wanted = supplier_id.strip().casefold()
    same = [i for i in ids if i.strip().casefold() == wanted]
    similar = process.extract(supplier_id, ids, scorer=fuzz.ratio, limit=limit, score_cutoff=50)
    out = same + [str(m[0]) for m in similar if m[0] not in same]
    return out[:limit]


def lookup_supplier(scores: pl.DataFrame, supplier_id: str, *, source: str) -> pl.DataFrame:
    """The score rows of ``supplier_id``; an InputError naming ``source`` and close ids when none."""
    rows = scores.filter(pl.col("supplier_id") == supplier_id)
    if rows.height:
        return rows
    close = close_ids(scores, supplier_id)
    hint = (
        "Did you mean " + ", ".join(repr(c) for c in close) + "?"
        if close
        else "Check the id in the supplier_id column of scores.csv."
    )
    raise InputError(
        f"Supplier id {supplier_id!r} is not in {source} ({scores.height:,} suppliers screened).", hint=hint
    )


def _input_sha(run: Mapping[str, Any], source: object) -> str | None:
    if not isinstance(source, str):
        return None
    inputs = [i for i in run.get("inputs") or [] if isinstance(i, Mapping)]
    for test in (lambda p: p == source, lambda p: Path(p).name == Path(source).name):
        for item in inputs:
            if isinstance(item.get("path"), str) and test(item["path"]):
                sha = item.get("sha256")
                return str(sha) if sha else None
    return None


#: The supplier fields of an evidence pack's identity table, in order (see ``SUPPLIER_FIELDS``).
IDENTITY_FIELDS = (
    *("Supplier id", "Supplier name", "Parent", "Country", "Region", "Goods", "Spend", "Risk score"),
    *("Findings", "Top reason", "Review status", "Source file", "Row number"),
)


NOTHING_FOUND = '<section><p class="muted">The screen found nothing for this supplier.</p></section>'
NOT_RECORDED = '<span class="muted">not recorded</span>'


def identity(row: Mapping[str, Any], run: Mapping[str, Any]) -> str:
    items = [("Risk tier", badge(row.get("risk_tier")))]
    for label in IDENTITY_FIELDS:
        value = supplier_field(row, label)
        if label == "Country" and isinstance(value, str):
            value = country_label(value)
        shown = fmt_num(value, 1 if label == "Risk score" else 2) if isinstance(value, float) else text(value)
        items.append((label, esc(shown) if value is not None else NOT_RECORDED))
    sha = _input_sha(run, supplier_field(row, "Source file"))
    items.append(("Input file sha256", f"<code>{esc(sha)}</code>" if sha else NOT_RECORDED))
    subs = [
        [esc(c), esc(fmt_num(row[f"score_{c}"], 1))]
        for c in CATEGORIES
        if isinstance(row.get(f"score_{c}"), int | float) and row[f"score_{c}"]
    ]
    sub_table = table(("Category", "Sub-score"), subs, numeric=(1,)) if subs else ""
    return definition_table(items) + ("<h3>Sub-scores by category</h3>" + sub_table if subs else "")


def finding_block(f: Mapping[str, Any], datasets: Mapping[str, Mapping[str, Any]], number: int) -> str:
    meta = datasets.get(str(f.get("source_dataset") or ""), {})
    version = f.get("rule_version")
    rule = f"<code>{esc(f.get('rule_id'))}</code>"
    rule += f" version {esc(version)}" if version is not None else ""
    items = [
        ("Severity", badge(f.get("severity"))),
        ("Category", esc(f.get("category"))),
        ("Rule", rule),
        ("Points", esc(fmt_num(f.get("points"), 1))),
        ("Evidence", esc(f.get("evidence"))),
        ("Dataset", dataset_label(f, datasets)),
    ]
    if f.get("source_dataset"):
        items += [
            ("Publisher", esc(meta.get("publisher"))),
            ("Edition used", esc(f.get("source_edition") or meta.get("edition"))),
            ("Retrieved", esc(meta.get("retrieved"))),
            ("Licence", esc(meta.get("licence") or meta.get("license"))),
            ("Source", link_or_text(meta.get("source_url") or meta.get("url"))),
        ]
    if f.get("matched_entity"):
        score = f.get("match_score")
        items += [
            ("Matched entity", esc(f.get("matched_entity"))),
            ("Match score", esc(f"{score:.3f}") if isinstance(score, int | float) else ""),
            ("Matched field", esc(f.get("matched_field"))),
        ]
    if f.get("review_status"):
        items.append(("Review status", esc(f.get("review_status"))))
    if f.get("review_note"):
        items.append(("Review note", esc(f.get("review_note"))))
    return f'<article class="card"><h3>Finding {number}</h3>{definition_table(items)}</article>'


def _ban_section(findings: Sequence[Mapping[str, Any]], policy: Policy) -> str:
    critical = [f for f in findings if f.get("severity") == "critical"]
    review = [f for f in findings if f.get("severity") == "review"]
    if critical:
        lines = "".join(f"<li>{esc(f.get('evidence'))}</li>" for f in critical)
        body = f"<p>{len(critical)} finding(s) carry a legal import ban or presumption:</p><ul>{lines}</ul>"
    else:
        body = "<p>None of this supplier's findings carries a legal import ban or presumption.</p>"
    if review:
        floor = policy.severity_floor.get("review")
        effect = (
            f"until an auditor clears them they hold the supplier at <b>{esc(floor)}</b> at least"
            if floor
            else "until decided they do not raise the tier"
        )
        body += f"<p>{len(review)} possible watch-list match(es) await an auditor's decision; {effect}.</p>"
    note = f'<p class="muted">{BAN_NOTE}</p>'
    return f'<section id="import"><h2>Import-ban relevance</h2>{body}{note}</section>'


def render_evidence(
    supplier_id: str,
    *,
    scores: pl.DataFrame,
    findings: pl.DataFrame,
    run: Mapping[str, Any],
    datasets: Sequence[Mapping[str, Any]] | None = None,
    policy: Policy | None = None,
    source: str = "the screen's scores",
) -> str:
    """The evidence pack of ``supplier_id`` as one HTML document.

    ``datasets`` defaults to the run's own (:func:`datasets_from_run`), ``policy`` to ``rules/policy.yml``
    of the configured rules folder.
    """
    if datasets is None:
        datasets = datasets_from_run(run)
    if policy is None:
        policy = load_policy(get_settings().rules_dir)
    rows = lookup_supplier(scores, supplier_id, source=source)
    keys = join_keys(scores, findings)
    mine = findings.join(rows.select(keys).unique(), on=keys, how="semi", nulls_equal=True)
    mine = (
        mine.with_columns(severity_rank_expr().alias("__sev"))
        .sort(["__sev", "points"], descending=[True, True], nulls_last=True, maintain_order=True)
        .drop("__sev")
    )
    found = list(mine.iter_rows(named=True))
    by_id = datasets_by_id(datasets)
    first = rows.row(0, named=True)
    cited = {str(f["source_dataset"]) for f in found if f.get("source_dataset")}
    identities = []
    for i, row in enumerate(rows.iter_rows(named=True), start=1):
        label = f"<h3>Row {i} of {rows.height}</h3>" if rows.height > 1 else ""
        identities.append(label + identity(row, run))
    body = [
        f"<header><h1>Evidence pack: {esc(first.get('supplier_name'))}</h1>",
        f"<p>Supplier id <code>{esc(supplier_id)}</code> · run <code>{esc(run.get('run_id'))}</code> "
        f"finished {esc(run.get('finished_at'))} · {badge(first.get('risk_tier'))} score "
        f"<b>{esc(fmt_num(first.get('risk_score'), 1))}</b> · {len(found)} finding(s)</p>",
        "<p class=\"muted\">Everything this screen knows about the supplier's flags, for an importer's "
        "records or a UFLPA applicability review.</p></header>",
        _ban_section(found, policy),
        '<section id="identity"><h2>Supplier</h2>',
        *identities,
        "</section>",
        f'<h2 id="findings">Findings ({len(found)}, most severe first)</h2>',
        "" if found else NOTHING_FOUND,
        *(finding_block(f, by_id, n) for n, f in enumerate(found, start=1)),
        '<section id="datasets"><h2>Datasets cited</h2>',
        datasets_table(datasets, run, only=cited) if cited else '<p class="muted">No dataset cited.</p>',
        "</section>",
        banner_html(datasets),
        run_section(run),
        '<section id="methods"><h2>Methods</h2>',
        scoring_html(policy),
        LIMITS,
        "</section>",
    ]
    return page(f"Evidence pack {supplier_id}", body)


class EvidenceInputs(TypedDict):
    """What :func:`render_evidence` reads, as :func:`write_evidence_pack` passes it on (type-checked)."""

    scores: pl.DataFrame
    findings: pl.DataFrame
    run: Mapping[str, Any]
    datasets: NotRequired[Sequence[Mapping[str, Any]] | None]
    policy: NotRequired[Policy | None]
    source: NotRequired[str]


def write_evidence_pack(out_dir: Path, supplier_id: str, **inputs: Unpack[EvidenceInputs]) -> Path:
    """Write ``out_dir/evidence/<safe id>.html`` for ``supplier_id`` and return its path.

    ``inputs`` are those of :func:`render_evidence`. An unknown id raises
    :class:`~screening.errors.InputError` naming ``source`` and suggesting close ids.
    """
    document = render_evidence(supplier_id, **inputs)
    folder = out_dir / "evidence"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{safe_filename(supplier_id)}.html"
    path.write_text(document, encoding="utf-8")
    return path

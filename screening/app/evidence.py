"""The evidence pack of one supplier as a zip: the report's evidence page (``screening report``'s
renderer), the supplier's findings as CSV (formulas neutralised), its decisions and the run record.

The pack is rendered from the screen's own output files when the app can find them (all of the
supplier's columns), else from what the store holds; either way each finding's review status is the
current one from the store.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from screening.output.safe import neutralise_frame
from screening.report.evidence import safe_filename

_REVIEW = ("review_status", "review_note", "reviewed_by", "reviewed_at")


def with_current_reviews(findings: pl.DataFrame, current: pl.DataFrame) -> pl.DataFrame:
    """``findings`` whose review columns are replaced by ``current``'s (by fingerprint)."""
    if "fingerprint" not in findings.columns:
        return findings
    latest = current.select("fingerprint", *_REVIEW).unique(subset=["fingerprint"], keep="first")
    base = findings.drop([c for c in _REVIEW if c in findings.columns])
    return base.join(latest, on="fingerprint", how="left", maintain_order="left")


def _csv(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    neutralise_frame(frame).write_csv(buffer)
    return buffer.getvalue()


def evidence_zip(
    supplier_id: str,
    document: str,
    findings: pl.DataFrame,
    run: Mapping[str, Any],
    decisions: Sequence[Mapping[str, Any]],
) -> tuple[str, bytes]:
    """(file name, zip bytes) of the evidence pack of ``supplier_id``.

    The pack holds ``document`` (its page, from :func:`~screening.report.evidence.render_evidence`), its
    ``findings`` as CSV, its decisions and the run record.
    """
    stem = safe_filename(supplier_id)
    mine = findings.filter(pl.col("supplier_id") == supplier_id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stem}/evidence.html", document)
        archive.writestr(f"{stem}/findings.csv", _csv(mine))
        archive.writestr(
            f"{stem}/decisions.json", json.dumps(list(decisions), ensure_ascii=False, indent=2, default=str)
        )
        archive.writestr(f"{stem}/run.json", json.dumps(run, ensure_ascii=False, indent=2, default=str))
    return f"evidence-{stem}.zip", buffer.getvalue()

"""Reuse a dataset's passing validation when nothing it rests on has changed.

The indicator datasets are the same from one screen to the next until a refresh or a release changes them,
yet validating them costs 2-3 s of every screen (most of a small screen's time after Great Expectations'
own import). A dataset's outcomes are kept in ``<data dir>/validated/<key>.json`` when every expectation
passed, and a later screen takes them instead of running the checks again. The key is a SHA-256 of all
that the outcomes depend on:

- the rows as validated (the dataset's text, its mapped country codes and the unmapped-country column,
  so that a change to the country tables counts too);
- every expectation declared for the dataset, with its thresholds;
- the version of Great Expectations and the source of ``screening/validation``.

A failing dataset is never kept: it is validated again on every screen, and its failures are reported
as they are found. ``validation.json`` names the datasets whose outcomes were reused; deleting the
folder makes the next screen validate everything again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from importlib.metadata import version
from pathlib import Path

from screening.validation.outcome import Outcome

#: The folder under the data directory.
REUSE_FOLDER = "validated"


@cache
def _engine_fingerprint() -> str:
    """Great Expectations' version and the source of the validation package."""
    digest = hashlib.sha256(f"great-expectations {version('great-expectations')}\n".encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def reuse_key(dataset_id: str, rows_csv: bytes, specs: Sequence[object]) -> str:
    """The SHA-256 naming one dataset's validation: its id, the rows as validated, its expectations
    (their ``repr``: each one's kind, columns and thresholds) and the engine's fingerprint."""
    digest = hashlib.sha256()
    for part in (dataset_id.encode(), rows_csv, repr(list(specs)).encode(), _engine_fingerprint().encode()):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def reused_outcomes(folder: Path, key: str) -> list[Outcome] | None:
    """The outcomes kept under ``key``, or None when there are none (or the file is unreadable: then the
    dataset is simply validated again)."""
    try:
        kept = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        outcomes = [Outcome.from_dict(entry) for entry in kept["outcomes"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return outcomes if outcomes and all(o.success for o in outcomes) else None


def keep_outcomes(folder: Path, key: str, dataset_id: str, outcomes: Sequence[Outcome]) -> None:
    """Keep a dataset's outcomes under ``key`` when every one passed (written whole, then renamed). A
    folder that cannot be written costs only the reuse: the screen goes on."""
    if not outcomes or not all(o.success for o in outcomes):
        return
    record = {
        "dataset": dataset_id,
        "validated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "great_expectations": version("great-expectations"),
        "outcomes": [o.to_dict() for o in outcomes],
    }
    text = json.dumps(record, ensure_ascii=False, default=str)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{key}.", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, folder / f"{key}.json")
    except OSError:
        Path(tmp).unlink(missing_ok=True)

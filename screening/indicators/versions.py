"""Refreshed editions of indicator datasets, kept beside each other, one of them active.

Layout under the data directory (``SCREENING_DATA_DIR``)::

    indicators/<id>/<version>/data.csv   the edition's rows, in the bundled dataset's columns
    indicators/<id>/<version>/meta.yml   its metadata (same schema as rules/indicators/<id>.yml)
    indicators/<id>/ACTIVE               one line: the active version, or "bundled"

No ``ACTIVE`` file (or ``bundled`` in it) means the bundled edition in ``rules/indicators/`` is used.
A version is written whole into a hidden temporary folder and renamed into place
(:func:`stage_version`); switching is a write of ``ACTIVE`` to a temporary file followed by
``os.replace`` (:func:`activate`), so a reader sees either the old or the new edition, never a mix.
Old versions are kept, and :func:`list_versions` lists them.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from screening.errors import InputError
from screening.indicators.models import DATASET_ID_RE, DatasetMeta, dump_meta, load_meta
from screening.indicators.reading import DatasetIntegrityError, parse_csv, read_verified, sha256_bytes

ACTIVE_FILE = "ACTIVE"
DATA_FILE = "data.csv"
META_FILE = "meta.yml"
#: The name that, written in ACTIVE, selects the bundled edition.
BUNDLED = "bundled"
VERSION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class VersionInfo:
    """One refreshed edition kept under the data directory."""

    version: str
    path: Path
    edition: str
    retrieved: dt.date
    sha256: str
    rows: int
    active: bool


def _check_id(dataset_id: str) -> None:
    if not DATASET_ID_RE.match(dataset_id):
        raise InputError(
            f"{dataset_id!r} is not a dataset id: use one of those shown by `screening indicators list`."
        )


def _check_version(version: str) -> None:
    if version == BUNDLED:
        return
    if not VERSION_RE.match(version) or ".." in version:
        raise InputError(
            f"{version!r} is not a valid version name: use letters, digits, '.', '_' and '-' "
            "(at most 64 characters, not starting with a dot), e.g. 2025-01-15 or 20260301T0912Z."
        )


def dataset_dir(data_dir: Path, dataset_id: str) -> Path:
    """``<data_dir>/indicators/<id>``: where the refreshed editions of ``dataset_id`` live."""
    _check_id(dataset_id)
    return data_dir / "indicators" / dataset_id


def version_dir(data_dir: Path, dataset_id: str, version: str) -> Path:
    _check_version(version)
    if version == BUNDLED:
        raise InputError(f"{BUNDLED!r} names the bundled edition, which has no folder under the data dir.")
    return dataset_dir(data_dir, dataset_id) / version


def active_version(data_dir: Path, dataset_id: str) -> str | None:
    """The version named in ``ACTIVE``, or ``None`` when the bundled edition is in use."""
    path = dataset_dir(data_dir, dataset_id) / ACTIVE_FILE
    try:
        text = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    if text == "" or text == BUNDLED:
        return None
    if not VERSION_RE.match(text) or ".." in text:
        raise DatasetIntegrityError(
            f"{path}: names {text!r}, which is not a valid version. Run "
            f"`screening indicators list` to see the versions, then activate one (or delete {path} "
            "to use the bundled edition)."
        )
    return text


def load_version(data_dir: Path, dataset_id: str, version: str) -> tuple[DatasetMeta, Path, Path]:
    """(metadata, csv path, metadata path) of a stored version, checked to belong to ``dataset_id``."""
    folder = version_dir(data_dir, dataset_id, version)
    meta_path, csv_path = folder / META_FILE, folder / DATA_FILE
    if not meta_path.is_file() or not csv_path.is_file():
        known = ", ".join(v.version for v in list_versions(data_dir, dataset_id)) or "none"
        raise DatasetIntegrityError(
            f"{folder}: version {version!r} of dataset {dataset_id!r} is missing "
            f"({DATA_FILE} and {META_FILE} are both required). Stored versions: {known}. Activate "
            f"one of them, or delete {dataset_dir(data_dir, dataset_id) / ACTIVE_FILE} to use the "
            "bundled edition."
        )
    meta = load_meta(meta_path)
    if meta.id != dataset_id:
        raise DatasetIntegrityError(
            f"{meta_path}: declares id {meta.id!r} but is stored under dataset {dataset_id!r}. "
            "Move it to the right folder or correct the id."
        )
    return meta, csv_path, meta_path


def list_versions(data_dir: Path, dataset_id: str) -> list[VersionInfo]:
    """Every complete stored version of ``dataset_id``, sorted by name, with the active one marked.

    Folders still being written (hidden, starting with '.') and incomplete ones are skipped.
    """
    folder = dataset_dir(data_dir, dataset_id)
    if not folder.is_dir():
        return []
    active = active_version(data_dir, dataset_id)
    out: list[VersionInfo] = []
    for child in sorted(folder.iterdir(), key=lambda p: p.name):
        if not child.is_dir() or child.name.startswith(".") or not VERSION_RE.match(child.name):
            continue
        meta_path = child / META_FILE
        if not meta_path.is_file() or not (child / DATA_FILE).is_file():
            continue
        meta = load_meta(meta_path)
        out.append(
            VersionInfo(
                version=child.name,
                path=child,
                edition=meta.edition,
                retrieved=meta.retrieved,
                sha256=meta.sha256,
                rows=meta.rows,
                active=child.name == active,
            )
        )
    return out


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def activate(data_dir: Path, dataset_id: str, version: str) -> str | None:
    """Make ``version`` the active edition of ``dataset_id`` (``"bundled"`` reverts to the bundled one).

    The version's files are verified first (metadata schema, id, SHA-256, columns, rows); only then
    is ``ACTIVE`` replaced atomically. Returns the previously active version (``None`` = bundled), so
    a caller can switch back.
    """
    _check_version(version)
    previous = active_version(data_dir, dataset_id)
    if version != BUNDLED:
        meta, csv_path, meta_path = load_version(data_dir, dataset_id, version)
        read_verified(csv_path, meta, meta_path)
    folder = dataset_dir(data_dir, dataset_id)
    folder.mkdir(parents=True, exist_ok=True)
    _write_atomic(folder / ACTIVE_FILE, version + "\n")
    return previous


def stage_version(data_dir: Path, meta: DatasetMeta, csv_bytes: bytes, version: str) -> Path:
    """Store a new edition as ``version`` (not yet active) and return its folder.

    ``sha256`` and ``rows`` of ``meta`` are set from ``csv_bytes``; the files are written into a
    hidden temporary folder that is renamed into place, so a half-written version is never listed.
    An existing version of the same name is never overwritten.
    """
    _check_version(version)
    target = version_dir(data_dir, meta.id, version)
    if target.exists():
        raise InputError(f"{target}: version {version!r} of {meta.id!r} already exists; choose a new name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    rows = parse_csv(csv_bytes, f"new edition {version!r} of {meta.id}").height
    final_meta = meta.model_copy(update={"sha256": sha256_bytes(csv_bytes), "rows": rows})
    tmp = Path(tempfile.mkdtemp(prefix=f".{version}.", dir=target.parent))
    try:
        (tmp / DATA_FILE).write_bytes(csv_bytes)
        (tmp / META_FILE).write_text(dump_meta(final_meta), encoding="utf-8")
        os.rename(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target

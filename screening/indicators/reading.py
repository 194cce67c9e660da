"""Read one dataset CSV once per process, check it against its metadata, add ``country_code``.

A CSV is read as text (no type inference: the values stay exactly as published), its SHA-256 is
compared with the metadata's, its header with the declared columns and its length with ``rows``.
The parsed frame is cached on (path, modification time, size), so a CLI command or a screen that
asks for a dataset many times reads and hashes the file once.
"""

from __future__ import annotations

import hashlib
import io
import threading
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from screening.errors import ValidationFailed
from screening.indicators.models import DatasetMeta

COUNTRY_CODE = "country_code"


class DatasetIntegrityError(ValidationFailed):
    """A dataset file does not match its metadata (checksum, columns or row count). Exit code 1."""


@dataclass(frozen=True)
class _Parsed:
    sha256: str
    frame: pl.DataFrame


_CACHE: dict[tuple[str, int, int, str | None], _Parsed] = {}
_LOCK = threading.Lock()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """SHA-256 (hex) of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def clear_cache() -> None:
    """Forget every cached frame (tests; a long-lived process after files were replaced in place)."""
    with _LOCK:
        _CACHE.clear()


def add_country_code(frame: pl.DataFrame, country_column: str | None) -> pl.DataFrame:
    """Add ``country_code`` (ISO alpha-2 or null) mapped from ``country_column`` over unique values."""
    if country_column is None:
        return frame.with_columns(pl.lit(None, dtype=pl.String).alias(COUNTRY_CODE))
    from screening.normalize.countries import to_alpha2

    names = frame.get_column(country_column).drop_nulls().unique().to_list()
    mapping = {name: to_alpha2(name) for name in names}
    return frame.with_columns(
        pl.col(country_column)
        .replace_strict(mapping, default=None, return_dtype=pl.String)
        .alias(COUNTRY_CODE)
    )


def parse_csv(data: bytes, csv_path: Path | str) -> pl.DataFrame:
    """Parse CSV bytes as text columns; anything that is not a UTF-8 CSV is a clear error."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DatasetIntegrityError(
            f"{csv_path}: is not UTF-8 text (invalid byte at offset {exc.start}). Restore the file from "
            "the repository or re-run the refresh that produced it."
        ) from None
    try:
        return pl.read_csv(io.BytesIO(data), infer_schema=False, encoding="utf8")
    except pl.exceptions.PolarsError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DatasetIntegrityError(
            f"{csv_path}: cannot be read as a CSV ({first}). Restore the file from the repository or "
            "re-run the refresh that produced it."
        ) from None


def read_verified(csv_path: Path, meta: DatasetMeta, meta_path: Path) -> pl.DataFrame:
    """The dataset's rows as strings plus ``country_code``; raises if the file is not the one described.

    Checks, in order: the SHA-256 of the bytes equals ``meta.sha256``; the header has exactly the
    declared columns; the number of rows equals ``meta.rows``. The returned frame is a cheap clone
    of the cached one (callers may modify it freely).
    """
    try:
        stat = csv_path.stat()
    except OSError as exc:
        raise DatasetIntegrityError(
            f"{csv_path}: dataset file described by {meta_path} cannot be read ({exc.strerror}). "
            "Restore it from the repository, or activate another edition."
        ) from None
    key = (str(csv_path.resolve()), stat.st_mtime_ns, stat.st_size, meta.country_column)
    with _LOCK:
        parsed = _CACHE.get(key)
    if parsed is None:
        data = csv_path.read_bytes()
        actual = sha256_bytes(data)
        if actual != meta.sha256:
            raise _mismatch(csv_path, meta, meta_path, actual)
        frame = parse_csv(data, csv_path)
        _check_shape(frame, csv_path, meta, meta_path)
        parsed = _Parsed(actual, add_country_code(frame, meta.country_column))
        with _LOCK:
            for stale in [k for k in _CACHE if k[0] == key[0]]:  # an older state of the same file
                del _CACHE[stale]
            _CACHE[key] = parsed
    elif parsed.sha256 != meta.sha256:
        raise _mismatch(csv_path, meta, meta_path, parsed.sha256)
    else:
        _check_shape(parsed.frame.drop(COUNTRY_CODE), csv_path, meta, meta_path)
    return parsed.frame.clone()


def _mismatch(csv_path: Path, meta: DatasetMeta, meta_path: Path, actual: str) -> DatasetIntegrityError:
    return DatasetIntegrityError(
        f"{csv_path}: SHA-256 does not match its metadata {meta_path}: expected {meta.sha256}, "
        f"actual {actual}. The file changed after its metadata was written: restore it "
        "(e.g. from git) or, if the change is intended and reviewed, update `sha256` and `rows` "
        "in the metadata."
    )


def _check_shape(frame: pl.DataFrame, csv_path: Path, meta: DatasetMeta, meta_path: Path) -> None:
    declared = list(meta.columns)
    missing = [c for c in declared if c not in frame.columns]
    extra = [c for c in frame.columns if c not in meta.columns]
    if missing or extra:
        raise DatasetIntegrityError(
            f"{csv_path}: columns differ from those declared in {meta_path}: "
            f"missing {missing or 'none'}, unexpected {extra or 'none'}. The dataset's schema "
            "changed; declare the new columns (with descriptions) in the metadata or restore the file."
        )
    if frame.height != meta.rows:
        raise DatasetIntegrityError(
            f"{csv_path}: has {frame.height} data rows but {meta_path} declares rows: {meta.rows}. "
            "Restore the file or correct `rows` (and `sha256`) in the metadata."
        )

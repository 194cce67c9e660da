"""What kind of file this is: from its first bytes, then its extension.

Formats read: ``csv`` (any delimited text), ``xlsx``, ``parquet``, ``json``, ``ndjson``. Anything
else that is recognisably not a table (an image, a PDF, a Word document, an old ``.xls``, an
archive, binary data) is refused with an :class:`~screening.errors.InputError` saying what the file
is and how to get a table out of it.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from screening.errors import InputError

_EXTENSIONS = {
    ".csv": "csv", ".tsv": "csv", ".tab": "csv", ".psv": "csv",
    ".xlsx": "xlsx", ".xlsm": "xlsx",
    ".parquet": "parquet", ".pq": "parquet",
    ".json": "json",
    ".ndjson": "ndjson", ".jsonl": "ndjson",
}  # fmt: skip

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"SQLite format 3", "an SQLite database"),
)

_FIX_TABLE = "Fix: export the supplier list as CSV, XLSX, Parquet, JSON or NDJSON and pass that file."


def _zip_kind(data: bytes, source: str) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile:
        raise InputError(
            f"{source} is a damaged ZIP/Office file and cannot be opened. {_FIX_TABLE}"
        ) from None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        what = "a Word document (.docx)"
    elif any(n.startswith("ppt/") for n in names):
        what = "a PowerPoint presentation (.pptx)"
    elif "content.xml" in names:
        what = "an OpenDocument file (LibreOffice); save it as .xlsx or CSV"
    else:
        what = "a ZIP archive; unzip it and pass the table inside"
    raise InputError(f"{source} is {what}, not a table. {_FIX_TABLE}")


def _looks_ndjson(text: str) -> bool:
    lines = [line for line in text.split("\n")[:3] if line.strip()]  # U+2028 may sit inside a string
    if len(lines) < 2:
        return False
    try:
        return all(isinstance(json.loads(line), dict) for line in lines[:2])
    except ValueError:
        return False


def detect_format(path: Path, data: bytes, source: str) -> str:
    """The reader to use for ``data`` (the whole file), or ``InputError`` if it is not a table."""
    if data.startswith(b"PAR1"):
        return "parquet"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data, source)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            f"{source} is an old Excel 97-2003 workbook (.xls) or another legacy Office file, which "
            "cannot be read. Fix: open it in Excel or LibreOffice and save it as .xlsx or CSV."
        )
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{source} is {what}, not a table. {_FIX_TABLE}")
    ext = _EXTENSIONS.get(path.suffix.lower())
    if ext in ("xlsx", "parquet"):
        raise InputError(f"{source} is named like a .{ext} file but its content is not {ext}. {_FIX_TABLE}")
    if ext is not None and ext != "csv":
        return ext
    head = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    if ext is None and head[:1] in (b"[", b"{"):
        text = head.decode("utf-8", errors="replace")
        if head[:1] == b"{" and _looks_ndjson(text):
            return "ndjson"
        return "json"
    return "csv"


def check_text(text_head: str, source: str) -> None:
    """Refuse decoded text that is really binary data (control characters everywhere)."""
    sample = text_head[:8192]
    if not sample:
        return
    controls = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n\f\v") or ch == "\ufffd")
    # binary data is full of NULs and other controls; one stray NUL in a text file is not binary
    if controls > 0.05 * len(sample) + 16 or sample.count("\x00") > 0.01 * len(sample) + 8:
        raise InputError(f"{source} holds binary data, not a table of text. {_FIX_TABLE}")

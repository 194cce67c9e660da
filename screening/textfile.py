"""Reading a text file the user named, with the house messages when it is missing or not UTF-8."""

from __future__ import annotations

from pathlib import Path

from screening.errors import InputError


def read_user_text(path: Path, label: str, missing_fix: str, save_as: str = "UTF-8 CSV") -> str:
    """The text of ``path`` (a BOM dropped); an InputError naming ``label`` and the fix when it is missing
    or not UTF-8."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{label} {path} does not exist. {missing_fix}") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{label} {path} is not UTF-8 text ({exc.reason}). Save it as {save_as}.") from None

"""A stored screen's output folder (report.html, report.xlsx, scores.parquet), found by its run id.

The store keeps run.json but not where the screen wrote its files, so the app looks for ``run.json``
files in the configured roots and up to two folder levels below them (``out/``, ``out/2026-11/``),
and remembers which folder holds which run id.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

_PATTERNS = ("run.json", "*/run.json", "*/*/run.json")


class OutputFolders:
    def __init__(self, roots: tuple[Path, ...]) -> None:
        self.roots = roots
        self._known: dict[str, Path] = {}
        self._lock = threading.Lock()

    def _scan(self) -> None:
        found: dict[str, Path] = {}
        for root in self.roots:
            for pattern in _PATTERNS:
                for path in root.glob(pattern):
                    try:
                        run_id = json.loads(path.read_text(encoding="utf-8")).get("run_id")
                    except (OSError, ValueError, AttributeError):
                        continue
                    if isinstance(run_id, str) and run_id not in found:
                        found[run_id] = path.parent
        self._known = found

    def folder(self, run_id: str) -> Path | None:
        """The output folder of ``run_id``, or None when no configured root holds it."""
        with self._lock:
            path = self._known.get(run_id)
            if path is None or not (path / "run.json").is_file():
                self._scan()
                path = self._known.get(run_id)
            return path

    def file(self, run_id: str, name: str) -> Path | None:
        """``report.html`` / ``report.xlsx`` / ``scores.parquet``... of the run, if it exists."""
        folder = self.folder(run_id)
        if folder is None:
            return None
        path = folder / name
        return path if path.is_file() else None

"""What the app serves and who may use it: the store, the reviewers file, where screens were written.

Without a reviewers file the app runs in *local mode*: a reviewer signs in with a name only (as the
command line's ``--reviewer``), and so it only binds to a loopback address. On any other interface
the app refuses to start unless a reviewers file with at least one reviewer is configured.
"""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from screening.app.reviewers import Reviewers, load_reviewers
from screening.errors import ConfigError

#: Seconds a page waits for the store while a screen or a decision is being written.
READ_TIMEOUT_S = 3.0
PAGE_SIZE = 50


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class AppConfig:
    store_path: Path
    reviewers_path: Path | None = None
    #: Folders searched (two levels deep) for the screens' output folders (report.html, scores.parquet).
    output_roots: tuple[Path, ...] = ()
    host: str = "127.0.0.1"
    secret_key: str = field(default_factory=lambda: secrets.token_hex(32))
    read_timeout_s: float = READ_TIMEOUT_S
    page_size: int = PAGE_SIZE

    def load_reviewers(self) -> Reviewers | None:
        """The configured reviewers, or None in local mode."""
        if self.reviewers_path is None:
            return None
        if not self.reviewers_path.is_file():
            raise ConfigError(
                f"The reviewers file {self.reviewers_path} does not exist.",
                hint="Create it with `screening app-reviewer NAME --reviewers FILE`.",
            )
        return load_reviewers(self.reviewers_path)

    def check_binding(self) -> None:
        """Refuse a non-loopback host without authentication configured."""
        if is_loopback(self.host):
            return
        reviewers = self.load_reviewers()
        if reviewers is None or not reviewers.reviewers:
            raise ConfigError(
                f"Refusing to serve on {self.host}: on an interface other than 127.0.0.1 the app needs "
                "authentication, and no reviewers are configured.",
                hint="Create a reviewers file with `screening app-reviewer NAME --reviewers FILE` and pass "
                "--reviewers FILE, or serve on --host 127.0.0.1.",
            )

    def roots(self) -> tuple[Path, ...]:
        """Where to look for output folders: the ones given, else the store's own folder."""
        return self.output_roots or (self.store_path.resolve().parent,)

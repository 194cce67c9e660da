"""The reviewers the administrator allows, each with the SHA-256 of the token given to them.

``reviewers.yml``::

    # screening app: who may sign in. Tokens are shown once by `screening app-reviewer NAME`.
    reviewers:
      - name: A. Auditor
        token_sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08

Only hashes are stored; a token is 32 random bytes, so a plain SHA-256 is enough to keep it secret.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from screening.errors import ConfigError


class Reviewer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    token_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")

    @field_validator("name")
    @classmethod
    def _strip(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a reviewer's name cannot be blank")
        return value.strip()


class Reviewers(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reviewers: list[Reviewer] = Field(default_factory=list)

    def check(self, name: str, token: str) -> Reviewer | None:
        """The reviewer called ``name`` when ``token`` is theirs, else None (constant-time compare)."""
        digest = token_hash(token)
        found = None
        for reviewer in self.reviewers:
            same = hmac.compare_digest(reviewer.token_sha256, digest)
            if same and reviewer.name == name.strip():
                found = reviewer
        return found

    def names(self) -> list[str]:
        return [r.name for r in self.reviewers]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.strip().encode("utf-8")).hexdigest()


def load_reviewers(path: Path) -> Reviewers:
    """Read and validate ``path``; a ConfigError names the file and the problem."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigError(f"Cannot read the reviewers file {path}: {exc.strerror}.") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"The reviewers file {path} is not valid YAML: {exc}.") from exc
    try:
        loaded = Reviewers.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(
            f"The reviewers file {path} is invalid at {where}: {first['msg']}.",
            hint="Add reviewers with `screening app-reviewer NAME --reviewers FILE`.",
        ) from exc
    names = loaded.names()
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ConfigError(f"The reviewers file {path} lists {', '.join(twice)} more than once.")
    return loaded


def add_reviewer(path: Path, name: str) -> str:
    """Add ``name`` to ``path`` (created if missing) with a new token; returns the token (shown once).

    A reviewer already listed gets a new token: the old one stops working.
    """
    current = load_reviewers(path) if path.exists() else Reviewers()
    token = secrets.token_urlsafe(32)
    kept = [r for r in current.reviewers if r.name != name.strip()]
    updated = Reviewers(reviewers=[*kept, Reviewer(name=name, token_sha256=token_hash(token))])
    header = "# screening app: who may sign in. Tokens are shown once by `screening app-reviewer NAME`.\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + yaml.safe_dump(updated.model_dump(), sort_keys=False), encoding="utf-8")
    path.chmod(0o600)
    return token

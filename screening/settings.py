"""Every ``SCREENING_*`` environment variable: its value (:func:`get_settings`), default and meaning
(listed in ``settings.yml`` beside this module, :func:`settings_doc`).

Read through :func:`get_settings`; nothing else in the package reads ``os.environ`` for its own
configuration. Secrets (a webhook URL may carry a token) are never printed: use
:meth:`Settings.redacted` for display.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from types import MappingProxyType

PROJECT_ROOT = Path(__file__).resolve().parent.parent
#: The rules an installed wheel carries (setup.py copies the repository's rules/ there at build time).
PACKAGED_RULES = Path(__file__).resolve().parent / "_rules"


def default_rules_dir() -> Path:
    """The repository's ``rules/`` in a source checkout (the source of truth), else the packaged copy."""
    checkout = PROJECT_ROOT / "rules"
    if (PROJECT_ROOT / "pyproject.toml").is_file() and checkout.is_dir():
        return checkout
    return PACKAGED_RULES


#: Every ``SCREENING_*`` variable with its default and meaning, in the order they are shown: the single
#: list of them (data, not code); README and `screening settings` show it. Read by :func:`settings_doc`.
SETTINGS_FILE = Path(__file__).resolve().parent / "settings.yml"


@cache
def settings_doc() -> Mapping[str, tuple[str, str]]:
    """name -> (default, meaning) of every setting, from :data:`SETTINGS_FILE` (read once)."""
    from screening.errors import ConfigError
    from screening.yaml_model import read_yaml

    fix = "Each variable is a key with two strings, `default:` and `meaning:`; reinstall if it is damaged."
    data, _ = read_yaml(SETTINGS_FILE, what="list of settings", fix=fix)
    doc: dict[str, tuple[str, str]] = {}
    for name, entry in (data if isinstance(data, dict) else {}).items():
        keys = entry if isinstance(entry, dict) else {}
        default, meaning = keys.get("default"), keys.get("meaning")
        if not (isinstance(default, str) and isinstance(meaning, str)):
            raise ConfigError(f"{SETTINGS_FILE}: {name} wants a `default` and a `meaning` string.", hint=fix)
        doc[str(name)] = (default, meaning)
    return MappingProxyType(doc)


def _setting(name: str) -> str:
    """A setting whose default is a value (a number, a word; not a description): the environment's, or
    its default in settings.yml."""
    return _env(name, settings_doc()[name][0])


def _env(name: str, default: str) -> str:
    value = os.environ.get(name)
    return default if value is None or value.strip() == "" else value.strip()


def _int(name: str) -> int:
    """A whole number >= 0 from ``name`` (default: settings.yml's); a clear error (exit 2) names the
    variable otherwise."""
    default = settings_doc()[name][0]
    raw = _setting(name).replace("_", "").replace(",", "")
    if not raw.isdigit():
        from screening.errors import InputError

        raise InputError(
            f"{name}={os.environ.get(name)!r} is not a whole number >= 0.",
            hint=f"Set {name} to e.g. {default}.",
        )
    return int(raw)


@dataclass(frozen=True)
class Settings:
    rules_dir: Path
    data_dir: Path
    store: Path | None
    watchlists: tuple[Path, ...]
    webhook_url: str | None
    webhook_format: str
    http_timeout: float
    http_retries: int
    max_download_bytes: int
    user_agent: str
    reviewer: str
    source_urls: dict[str, str] = field(default_factory=dict)
    today: str = ""
    gx_project: Path | None = None
    xlsx_all_rows: int = 100_000
    partition_rows: int = 0
    dask: str | None = None
    webhook_secret: str | None = None

    def source_url(self, dataset_id: str, default: str) -> str:
        """The URL to fetch ``dataset_id`` from: ``SCREENING_SOURCE_<ID>_URL`` or the publisher's."""
        return self.source_urls.get(dataset_id.lower(), default)

    def redacted(self) -> dict[str, str]:
        """Settings for display: secrets are replaced by ``***`` when set."""
        out: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "webhook_url":
                out[f.name] = "***" if value else ""
            elif f.name == "source_urls":
                out[f.name] = ", ".join(f"{k}={v}" for k, v in sorted(value.items()))
            elif isinstance(value, tuple):
                out[f.name] = ":".join(str(v) for v in value)
            else:
                out[f.name] = "" if value is None else str(value)
        return out


def get_settings() -> Settings:
    """Read the settings from the environment (cheap; call it where needed)."""
    rules_dir = Path(_env("SCREENING_RULES_DIR", str(default_rules_dir()))).expanduser()
    data_dir = Path(_env("SCREENING_DATA_DIR", str(Path.home() / ".local" / "share" / "screening")))
    store_raw = os.environ.get("SCREENING_STORE", "").strip()
    watch_raw = os.environ.get("SCREENING_WATCHLISTS", "").strip()
    source_urls = {
        key[len("SCREENING_SOURCE_") : -len("_URL")].lower(): value.strip()
        for key, value in os.environ.items()
        if key.startswith("SCREENING_SOURCE_") and key.endswith("_URL") and value.strip()
    }
    return Settings(
        rules_dir=rules_dir,
        data_dir=data_dir.expanduser(),
        store=Path(store_raw).expanduser() if store_raw else None,
        watchlists=tuple(Path(p).expanduser() for p in watch_raw.split(":") if p.strip()),
        webhook_url=os.environ.get("SCREENING_WEBHOOK_URL", "").strip() or None,
        webhook_format=_setting("SCREENING_WEBHOOK_FORMAT").lower(),
        http_timeout=float(_setting("SCREENING_HTTP_TIMEOUT")),
        http_retries=int(_setting("SCREENING_HTTP_RETRIES")),
        max_download_bytes=int(_setting("SCREENING_MAX_DOWNLOAD_BYTES")),
        user_agent=_setting("SCREENING_USER_AGENT"),
        reviewer=_env("SCREENING_REVIEWER", os.environ.get("USER", "unknown")),
        source_urls=source_urls,
        today=_env("SCREENING_TODAY", ""),
        gx_project=Path(gx_raw).expanduser() if (gx_raw := _env("SCREENING_GX_PROJECT", "")) else None,
        xlsx_all_rows=_int("SCREENING_XLSX_ALL_ROWS"),
        partition_rows=_int("SCREENING_PARTITION_ROWS"),
        dask=_env("SCREENING_DASK", "") or None,
        webhook_secret=_env("SCREENING_WEBHOOK_SECRET", "") or None,
    )

"""Read a YAML file the project reads into its pydantic model: :func:`load_model`.

Rules, the policy, expectation suites, dataset metadata, the goods vocabulary and the lists file
all go through here, so a mistake in any of them reads the same way: the file, the line, the key,
what is wrong and where to look for the fix (``ConfigError``, exit 2).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from screening.errors import ConfigError, ScreeningError

M = TypeVar("M", bound=BaseModel)

#: The C safe loader when PyYAML was built with it (several times faster), else the pure-Python one.
SAFE_LOADER: Final[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(
    path: Path, *, what: str, fix: str, error: type[ScreeningError] = ConfigError
) -> tuple[Any, str]:
    """(parsed data, text) of ``path``; a missing or malformed file is ``error`` (a ConfigError for the
    project's own files, an InputError for a user's) naming the file, the line and the fix."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise error(f"The {what} {path} does not exist.", hint=fix) from None
    except UnicodeDecodeError:
        raise error(f"{path}: the {what} is not UTF-8 text.", hint=f"Save it as UTF-8. {fix}") from None
    except OSError as exc:
        raise error(f"{path}: cannot read the {what} ({exc.strerror}).", hint=fix) from None
    try:
        data = yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader (C or pure Python)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        hint = f"Fix the syntax. {fix}"
        raise error(f"{path}: not valid YAML{where}: {problem}.", hint=hint) from None
    return data, text


def validate_model(
    data: Any,
    model: type[M],
    source: Path | str,
    *,
    what: str,
    fix: str,
    text: str | None = None,
    error: type[ScreeningError] = ConfigError,
) -> M:
    """``model`` from parsed ``data``; each problem names its line (when ``text`` is given) and key."""
    if not isinstance(data, dict):
        raise error(
            f"{source}: the {what} must be a YAML mapping (key: value lines), got {type(data).__name__}.",
            hint=fix,
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = describe_validation_error(exc, text)
        raise error(f"{source}: invalid {what}: {problems}.", hint=fix) from None


def load_model(
    path: Path, model: type[M], *, what: str, fix: str, error: type[ScreeningError] = ConfigError
) -> M:
    """Read ``path`` and validate it as ``model``. ``what`` names the file for a person ("rule file",
    "scoring policy"); ``fix`` says where to look (a template, a doc); ``error`` is the error's kind."""
    data, text = read_yaml(path, what=what, fix=fix, error=error)
    return validate_model(data, model, path, what=what, fix=fix, text=text, error=error)


def describe_validation_error(exc: ValidationError, text: str | None = None) -> str:
    """Each problem of a pydantic error as "line N, `key.path`: what is wrong", joined by "; "."""
    root = _compose(text)
    parts = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        where = ".".join(str(p) for p in loc) or "(top level)"
        msg = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown key (check its spelling)"
        elif err["type"] == "missing":
            msg = "required key is missing"
        line = _line(root, loc, key=err["type"] == "extra_forbidden")
        parts.append(f"{f'line {line}, ' if line else ''}`{where}`: {msg}")
    return "; ".join(parts)


def _compose(text: str | None) -> yaml.Node | None:
    if text is None:
        return None
    try:
        return yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.YAMLError:
        return None


def _line(node: yaml.Node | None, loc: Sequence[Any], *, key: bool) -> int | None:
    """The 1-based line of the value at ``loc`` (of its key with ``key``), else of its nearest parent."""
    if node is None:
        return None
    for i, part in enumerate(loc):
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == str(part):
                    child = k if key and i == len(loc) - 1 else v
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node = child
    return int(node.start_mark.line) + 1

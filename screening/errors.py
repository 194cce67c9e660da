"""One place for the errors the library raises on purpose.

``InputError`` is a user's mistake (exit 2), ``ValidationFailed`` a blocking validation failure
(exit 1), ``SourceError`` a failed download or a refused new edition of a dataset. Each carries a
one-paragraph message meant for a person: what is wrong, where (file, row, column) and the fix.
"""

from __future__ import annotations

from typing import Any


class ScreeningError(Exception):
    """Base class: ``str(err)`` is the message shown to the user."""

    exit_code: int = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message if hint is None else f"{message} {hint}")


class InputError(ScreeningError):
    """A problem with what the user gave us: a file, a column, an option. Exit code 2."""

    exit_code = 2


class ConfigError(ScreeningError):
    """A rule, policy, mapping or dataset metadata file that does not pass its schema. Exit code 2."""

    exit_code = 2


class ValidationFailed(ScreeningError):
    """A blocking validation failed: the screen ran but nothing is published as latest. Exit code 1.

    ``result`` is what the screen wrote (a :class:`screening.options.Result`), for a summary.
    """

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None, result: Any = None) -> None:
        super().__init__(message, hint=hint)
        self.result = result


class SourceError(ScreeningError):
    """A download or a new dataset edition that could not be fetched, parsed or validated. Exit code 1."""

    exit_code = 1


class StoreError(ScreeningError):
    """The screening store cannot be opened, is locked, or is of a newer schema. Exit code 2."""

    exit_code = 2

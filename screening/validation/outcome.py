"""What validation found: one :class:`Outcome` per expectation, grouped in :class:`SuiteResult`s, and the
:class:`ValidationReport` of a screen that ``run.json`` and ``validation.json`` record.

Plain dataclasses with JSON-ready values: nothing here imports Great Expectations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

#: A value that ``json.dumps`` accepts.
JSONValue = Any

SKIPPED_WARNING = (
    "Validation was skipped (--skip-validation): no expectation was evaluated and this result is not "
    "validated. Use it for debugging only."
)


@dataclass(frozen=True)
class Outcome:
    """The verdict of one expectation on one batch, with its threshold and what was observed."""

    suite: str  # input | datasets | results
    batch: str  # the frame checked: suppliers, scores, findings, counts, or a dataset id
    expectation: str  # the id declared in the suite file (or the dataset metadata)
    gx_type: str  # the Great Expectations expectation type, e.g. expect_column_values_to_be_between
    column: str | None  # the column(s) checked, ", "-joined; None for table-level expectations
    description: str
    success: bool
    blocking: bool
    observed: JSONValue
    threshold: str
    message: str  # one sentence naming the batch, the expectation, what was seen and what was expected

    def failure_dict(self) -> dict[str, JSONValue]:
        return {
            "suite": self.suite,
            "batch": self.batch,
            "expectation": self.expectation,
            "type": self.gx_type,
            "column": self.column,
            "observed": self.observed,
            "threshold": self.threshold,
            "blocking": self.blocking,
            "message": self.message,
        }

    def to_dict(self) -> dict[str, JSONValue]:
        return {**self.failure_dict(), "success": self.success, "description": self.description}

    @classmethod
    def from_dict(cls, entry: dict[str, JSONValue]) -> Outcome:
        """The outcome that :meth:`to_dict` wrote (as ``validation.json`` and the reuse folder keep it)."""
        return cls(
            suite=entry["suite"],
            batch=entry["batch"],
            expectation=entry["expectation"],
            gx_type=entry["type"],
            column=entry["column"],
            description=entry["description"],
            success=entry["success"],
            blocking=entry["blocking"],
            observed=entry["observed"],
            threshold=entry["threshold"],
            message=entry["message"],
        )


def _blocking_message(bad: list[Outcome]) -> str | None:
    """One paragraph naming every blocking failure (None when there is none)."""
    if not bad:
        return None
    return f"{len(bad)} blocking validation failure(s): " + " ".join(o.message for o in bad)


@dataclass
class SuiteResult:
    """Every outcome of one suite. ``success`` is False only when a blocking expectation failed."""

    suite: str
    description: str
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    quarantined_rows: int | None = None  # input suite: rows moved to quarantine
    #: datasets suite: the datasets whose passing outcomes were reused (:mod:`screening.validation.reuse`)
    reused: list[str] = field(default_factory=list)

    @property
    def evaluated(self) -> int:
        return len(self.outcomes)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.success]

    @property
    def blocking_failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.success and o.blocking]

    @property
    def warnings(self) -> list[Outcome]:
        """Failures that do not block: a maximum breached, rows quarantined."""
        return [o for o in self.outcomes if not o.success and not o.blocking]

    @property
    def success(self) -> bool:
        return not self.blocking_failures

    def blocking_message(self) -> str | None:
        """One paragraph naming every blocking failure (None when there is none)."""
        return _blocking_message(self.blocking_failures)

    def to_dict(self) -> dict[str, JSONValue]:
        out: dict[str, JSONValue] = {
            "suite": self.suite,
            "description": self.description,
            "success": self.success,
            "evaluated": self.evaluated,
            "failed": len(self.failures),
            "seconds": round(self.seconds, 3),
            "expectations": [o.to_dict() for o in self.outcomes],
        }
        if self.quarantined_rows is not None:
            out["quarantined_rows"] = self.quarantined_rows
        if self.reused:
            out["reused"] = {
                "datasets": list(self.reused),
                "note": "passing outcomes kept from an earlier validation of the same rows and expectations "
                "with the same Great Expectations and validation code",
            }
        return out


@dataclass
class ValidationReport:
    """The validation of one screen: every suite's outcomes, or a record that validation was skipped."""

    suites: list[SuiteResult]
    skipped: bool = False

    @classmethod
    def from_results(
        cls, results: Iterable[SuiteResult | Iterable[SuiteResult] | None], *, skipped: bool = False
    ) -> ValidationReport:
        """Gather suite results (``None`` entries, from stages that were skipped, are ignored)."""
        suites: list[SuiteResult] = []
        for item in results:
            if item is None:
                continue
            if isinstance(item, SuiteResult):
                suites.append(item)
            else:
                suites.extend(item)
        return cls(suites=suites, skipped=skipped)

    @property
    def evaluated(self) -> int:
        return sum(s.evaluated for s in self.suites)

    @property
    def success(self) -> bool:
        return all(s.success for s in self.suites)

    @property
    def failures(self) -> list[Outcome]:
        return [o for s in self.suites for o in s.failures]

    @property
    def blocking_failures(self) -> list[Outcome]:
        return [o for s in self.suites for o in s.blocking_failures]

    def warning_messages(self) -> list[str]:
        out = [SKIPPED_WARNING] if self.skipped else []
        return out + [o.message for s in self.suites for o in s.warnings]

    def blocking_message(self) -> str | None:
        return _blocking_message(self.blocking_failures)

    def to_dict(self) -> dict[str, JSONValue]:
        return {
            "success": self.success,
            "evaluated": self.evaluated,
            "skipped": self.skipped,
            "suites": [s.to_dict() for s in self.suites],
            "failures": [o.failure_dict() for o in self.failures],
            "warnings": self.warning_messages(),
        }

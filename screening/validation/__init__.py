"""Data validation with Great Expectations: suites declared as data, run on in-memory frames.

Three suites, each a YAML file or metadata beside what it checks (``rules/expectations/``,
``rules/indicators/<id>.yml``), built into GX suites by :mod:`screening.validation.engine`:

* :func:`validate_input` quarantines supplier rows that fail (the screen goes on);
* :func:`validate_datasets` checks every indicator dataset (a breached minimum blocks, a maximum warns);
* :func:`validate_results` checks scores, findings and row counts (any failure blocks).

Gather their :class:`SuiteResult`s with :meth:`ValidationReport.from_results`, record
``report.to_dict()`` in run.json and write :func:`write_validation_report`. Importing this package
does not import Great Expectations (about 4-6 s): that happens on the first validation.
"""

from screening.ingest.quarantine import QUARANTINE_SCHEMA
from screening.validation.datasets import validate_datasets
from screening.validation.inputs import validate_input
from screening.validation.outcome import Outcome, SuiteResult, ValidationReport
from screening.validation.render import render_html, write_validation_report
from screening.validation.results import validate_results
from screening.validation.spec import SuiteSpec, load_suite

__all__ = [
    "QUARANTINE_SCHEMA",
    "Outcome",
    "SuiteResult",
    "SuiteSpec",
    "ValidationReport",
    "load_suite",
    "render_html",
    "validate_datasets",
    "validate_input",
    "validate_results",
    "write_validation_report",
]

"""How old and how complete the data behind a score is, said once per dataset wherever a score is read.

The sentences come from run.json's ``datasets`` entries (``as_of``, ``age_days``, ``stale``,
``partial``; see :func:`screening.indicators.age.data_age_lines`, also used by the CLI summary and
the XLSX sheets): the HTML banner of report.html and of each evidence pack.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from screening.indicators.age import data_age_lines
from screening.report.formatting import esc


def banner_html(datasets: Iterable[Mapping[str, Any]]) -> str:
    """The report's banner: the data's age and gaps, one sentence per dataset, escaped."""
    items = "".join(f"<li>{esc(line)}</li>" for line in data_age_lines(datasets))
    return (
        '<section id="data-age"><h2>Age and coverage of the data</h2>'
        '<div class="note"><p>A score is only as current as the lists behind it. Datasets that are '
        f"partial or past their expected update:</p><ul>{items}</ul></div></section>"
    )

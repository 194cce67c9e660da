"""The GX boundary: lazy import, one context, no whole-frame fingerprint, results keyed by id."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import polars as pl
import pytest

from screening.validation.engine import Batch, batch_definition, run_batch
from screening.validation.spec import Between, NotNull, RowCountBetween

from .conftest import ROOT


def test_importing_the_package_does_not_import_great_expectations():
    code = "import sys, screening.validation; print('great_expectations' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_one_context_and_no_whole_frame_fingerprint(gx):
    assert batch_definition() is gx  # built once per process
    batch = gx.get_batch(batch_parameters={"dataframe": pd.DataFrame({"a": range(1000)})})
    # GX hashes every frame under 1 GB for this marker (1.2 s per 1M rows); the engine switches it off.
    assert "pandas_data_fingerprint" not in batch.batch_markers


@pytest.mark.usefixtures("gx")
def test_outcomes_come_back_in_declared_order_with_their_own_verdicts():
    frame = pl.DataFrame({"spend": [10.0, -1.0, None], "name": ["a", None, "c"], "_row": [2, 3, 4]})
    specs = [
        RowCountBetween(id="rows", expect="row_count_between", min=5, description="at least 5 rows"),
        Between(id="spend_ok", expect="between", column="spend", min=0, description="spend >= 0"),
        NotNull(id="name_ok", expect="not_null", column="name", description="names given"),
        NotNull(id="absent", expect="not_null", column="nope", description="a column that is not there"),
    ]
    batch = Batch(suite="t", name="frame", subject="test frame", frame=frame, label_column="_row")
    outcomes = [o for o, _ in run_batch(batch, specs, {}, want_rows=True)]
    assert [(o.expectation, o.success) for o in outcomes] == [
        ("rows", False),
        ("spend_ok", False),
        ("name_ok", False),
        ("absent", False),
    ]
    assert outcomes[0].observed == 3 and outcomes[0].threshold == ">= 5 rows"
    assert outcomes[1].observed["at"] == [3] and outcomes[1].observed["examples"] == [-1.0]
    assert outcomes[3].blocking and outcomes[3].observed == {"error": "missing column(s) ['nope']"}

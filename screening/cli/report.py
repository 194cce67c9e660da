"""``screening report SUPPLIER_ID [--out DIR]``: write one supplier's evidence pack from a finished screen.

Reads ``DIR/scores.parquet``, ``DIR/findings.parquet`` and ``DIR/run.json`` and writes
``DIR/evidence/<id>.html``: everything the screen knows about the supplier's flags, for an importer's
file or a UFLPA applicability review. Prints the path of the file written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from screening.cli.terminal import SafeConsole

ID_HELP = "The supplier's id as in scores.csv (column supplier_id)."
OUT_HELP = "Output folder of the screen (where scores.parquet is)."


def register(app: typer.Typer) -> None:
    app.command("report")(report_command)


def report_command(
    supplier_id: Annotated[str, typer.Argument(help=ID_HELP)],
    out: Annotated[Path, typer.Option(help=OUT_HELP)] = Path("out"),
) -> None:
    """Write the evidence pack of one supplier (DIR/evidence/<id>.html) and print its path."""
    from screening.report import write_evidence_pack
    from screening.report.load import load_screen

    screen = load_screen(out)
    path = write_evidence_pack(
        out,
        supplier_id,
        scores=screen.scores,
        findings=screen.findings,
        run=screen.run,
        source=str(screen.scores_path),
    )
    SafeConsole(highlight=False, soft_wrap=True).print(str(path), markup=False)

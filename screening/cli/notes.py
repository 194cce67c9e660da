"""A screen's run notes on the console, where people look: which column became which field, title rows
skipped, ids generated, repeated ids quarantined, the encoding chosen, hidden sheets skipped."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.text import Text

#: Notes shown before "... and N more (see run.json)".
MAX_SHOWN = 20


def print_notes(console: Console, notes: Sequence[object]) -> None:
    """Print each run note on its own line (shown literally; the console strips control sequences)."""
    if not notes:
        return
    console.print(Text(f"notes ({len(notes)}):", style="bold"))
    for note in list(notes)[:MAX_SHOWN]:
        console.print(Text(f"  - {note}"))
    if len(notes) > MAX_SHOWN:
        console.print(Text(f"  ... and {len(notes) - MAX_SHOWN} more (see run.json)"))

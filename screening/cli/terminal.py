"""Terminal output that data cannot take over.

Supplier names, notes and headers come from files anyone can write. Printed raw, an escape sequence
in them would recolour the terminal, hide text, or plant a clickable OSC-8 link. :class:`SafeConsole`
is a rich console whose every rendered segment of text has C0 and C1 control characters (ESC, CSI,
BEL, ...) removed before it reaches the terminal; rich's own styling (control segments and styles)
is untouched. Its console markup is off by default, so ``[link=...]`` in a name stays text.
:func:`clean` does the same for one string, and :func:`safe_json` for JSON text.
"""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console, ConsoleOptions, ConsoleRenderable, RenderHook, RenderResult
from rich.segment import Segment

#: Control characters a terminal may act on: C0 except tab and newline, DEL, C1.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: C1 controls and DEL, which ``json.dumps(ensure_ascii=False)`` leaves as they are.
_RAW_IN_JSON = re.compile("[\x7f-\x9f]")


def clean(text: str) -> str:
    """``text`` without the control characters a terminal would interpret (ESC, CSI, BEL, ...)."""
    return _CONTROLS.sub("", text)


def safe_json(text: str) -> str:
    """JSON text with DEL and C1 controls written as ``\\u`` escapes (C0 ones already are)."""
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class _Cleaned:
    """A renderable whose text segments pass through :func:`clean`."""

    def __init__(self, inner: ConsoleRenderable) -> None:
        self.inner = inner

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for segment in console.render(self.inner, options):
            if segment.control:
                yield segment
            else:
                yield Segment(clean(segment.text), segment.style)


class _CleanHook(RenderHook):
    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        return [_Cleaned(r) for r in renderables]


class SafeConsole(Console):
    """A rich :class:`~rich.console.Console` that never lets data write control sequences."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)  # a name like "[link=...]" stays text; opt in per print
        super().__init__(*args, **kwargs)
        self.push_render_hook(_CleanHook())

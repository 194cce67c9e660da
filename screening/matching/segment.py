"""Greedy longest-match segmentation of a run of characters against a dictionary of terms."""

from __future__ import annotations

from collections.abc import Callable, Mapping


def segment(run: str, table: Mapping[str, str], longest: int, rest: Callable[[str], list[str]]) -> list[str]:
    """Terms of ``table`` found in ``run``, longest match first, become their values; each piece
    between two terms is read by ``rest`` (pinyin for Chinese, romanisation for Hangul)."""
    out: list[str] = []
    pending = ""
    i = 0
    while i < len(run):
        for size in range(min(longest, len(run) - i), 0, -1):
            piece = run[i : i + size]
            if piece in table:
                if pending:
                    out.extend(rest(pending))
                    pending = ""
                out.append(table[piece])
                i += size
                break
        else:
            pending += run[i]
            i += 1
    if pending:
        out.extend(rest(pending))
    return out

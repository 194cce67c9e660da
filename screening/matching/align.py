"""Token alignment between two normalised names, and token weights.

Two names are aligned token by token, greedily, best pairs first: equal tokens (similarity 1),
tokens one or two typing errors apart (similarity ``1 - edits / length``; two edits only for tokens
of seven letters or more), and tokens written together on one side and apart on the other
("ExxonMobil" / "Exxon Mobil", "SiemensAG" / "Siemens AG"). The weight of a token says how much
it identifies: a rare distinctive word counts fully, a common business word, a place or a group
suffix little (:class:`TokenWeights`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from screening.matching.names import Tok


@dataclass(frozen=True)
class TokenWeights:
    """How much each token kind counts; distinctive words lose weight when common in the lists."""

    generic: float = 0.4
    place: float = 0.4
    weak: float = 0.15
    qualifier_factor: float = 0.5
    rarity_floor: float = 0.6
    doc_freq: Mapping[str, int] = field(default_factory=dict)

    def weight(self, tok: Tok) -> float:
        if tok.kind == "distinctive":
            df = self.doc_freq.get(tok.text, 0)
            base = 1.0 if df <= 2 else max(self.rarity_floor, 1.0 - 0.1 * math.log2(df / 2))
        elif tok.kind == "generic":
            base = self.generic
        elif tok.kind == "place":
            base = self.place
        else:
            base = self.weak
        return base * self.qualifier_factor if tok.qualifier else base


def allowed_edits(length: int) -> int:
    """Typing errors tolerated in a token of ``length`` letters (the longer of the two)."""
    if length >= 7:
        return 2
    if length >= 3:
        return 1
    return 0


def token_similarity(a: str, b: str) -> float:
    """1 for equal tokens, ``1 - edits/length`` within :func:`allowed_edits`, else 0."""
    if a == b:
        return 1.0
    if a.isdigit() or b.isdigit():
        return 0.0
    length = max(len(a), len(b))
    limit = allowed_edits(length)
    if limit == 0 or abs(len(a) - len(b)) > limit:
        return 0.0
    edits = OSA.distance(a, b, score_cutoff=limit)
    return 0.0 if edits > limit else 1.0 - edits / length


@dataclass(frozen=True)
class Link:
    """One aligned group: token indexes on each side, similarity and how they matched."""

    left: tuple[int, ...]
    right: tuple[int, ...]
    similarity: float
    how: str  # "exact" | "approx" | "joined"


@dataclass(frozen=True)
class Alignment:
    links: tuple[Link, ...]
    left_unmatched: tuple[int, ...]
    right_unmatched: tuple[int, ...]


def _joined_candidates(single: Sequence[Tok], many: Sequence[Tok], flip: bool) -> list[Link]:
    out: list[Link] = []
    for i, tok in enumerate(single):
        if len(tok.text) < 5:
            continue
        for j in range(len(many)):
            joined = many[j].text
            for k in range(j + 1, min(j + 3, len(many))):
                joined += many[k].text
                if len(joined) > len(tok.text) + 1:
                    break
                sim = token_similarity(tok.text, joined)
                if sim >= 0.9:
                    idx = tuple(range(j, k + 1))
                    left, right = (idx, (i,)) if flip else ((i,), idx)
                    out.append(Link(left, right, sim, "joined"))
    return out


def align(left: Sequence[Tok], right: Sequence[Tok]) -> Alignment:
    """Greedy best-first alignment of two token sequences (deterministic on ties).

    Equal tokens are paired first (similarity 1 always wins); near spellings and joined words are
    only looked for among the tokens left over."""
    used_l: set[int] = set()
    used_r: set[int] = set()
    links: list[Link] = []
    positions: dict[str, list[int]] = {}
    for j, b in enumerate(right):
        positions.setdefault(b.text, []).append(j)
    for i, a in enumerate(left):
        free = positions.get(a.text)
        if free:
            j = free.pop(0)
            links.append(Link((i,), (j,), 1.0, "exact"))
            used_l.add(i)
            used_r.add(j)
    rest_l = [i for i in range(len(left)) if i not in used_l]
    rest_r = [j for j in range(len(right)) if j not in used_r]
    cands: list[Link] = []
    for i in rest_l:
        for j in rest_r:
            sim = token_similarity(left[i].text, right[j].text)
            if sim > 0:
                cands.append(Link((i,), (j,), sim, "approx"))
    if rest_l and rest_r:
        cands.extend(_joined_candidates(left, right, flip=False))
        cands.extend(_joined_candidates(right, left, flip=True))
    cands.sort(key=lambda c: (-c.similarity, -(len(c.left) + len(c.right)), c.left, c.right))
    for c in cands:
        if used_l.isdisjoint(c.left) and used_r.isdisjoint(c.right):
            links.append(c)
            used_l.update(c.left)
            used_r.update(c.right)
    links.sort(key=lambda c: (c.left, c.right))
    return Alignment(
        links=tuple(links),
        left_unmatched=tuple(i for i in range(len(left)) if i not in used_l),
        right_unmatched=tuple(j for j in range(len(right)) if j not in used_r),
    )

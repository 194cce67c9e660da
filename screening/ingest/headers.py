"""Finding the header row and deciding which column fills which field.

:func:`find_header_row` picks the first of the top rows that names enough known columns, so title
rows above a header ("Data Export - Filters applied ...") are skipped.

:func:`recognise` assigns columns to fields: first what a mapping file or preset says, then exact
aliases, then whole-word guesses. When several columns could fill one field the most specific
wins (a site or company name over a vendor; an exact alias over a guess; earlier aliases of the
contract table over later ones) and the choice is recorded. A losing vendor column becomes
``parent_name``. A column of world regions (AMERICAS, SE ASIA, 東南亞) is never a sub-national region.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from screening.ingest.aliases import (
    BOOL_FIELDS,
    EXACT,
    GUESS_WORDS,
    VENDOR_ALIASES,
    WORLD_REGIONS,
    header_words,
    normalise_header,
)
from screening.ingest.mapping import KEEP, MappingOptions
from screening.ingest.values import plausible

#: How many rows from the top are searched for the header.
HEADER_SEARCH_ROWS = 20


@dataclass
class ColumnPlan:
    """Which column index fills which field, and what was decided on the way."""

    fields: dict[str, int] = field(default_factory=dict)
    consumed: set[int] = field(default_factory=set)  # read by split/flags: not carried through
    guesses: list[dict[str, str]] = field(default_factory=list)
    choices: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Candidate:
    column: int
    field: str
    exact: bool
    rank: int
    alias: str
    words: int = 0
    ends_header: bool = False

    def order(self) -> tuple[int, int, int, int, int]:
        return (0 if self.exact else 1, 0 if self.ends_header else 1, -self.words, self.rank, self.column)


def row_score(cells: Sequence[str], known: frozenset[str]) -> int:
    """How many distinct known columns a row names (aliases by field, plus mapping/preset headers)."""
    fields: set[str] = set()
    extra = 0
    for cell in cells:
        key = normalise_header(cell)
        if not key:
            continue
        entries = EXACT.get(key)
        if entries:
            fields.add(entries[0][0])
        elif key in known:
            extra += 1
    return len(fields) + extra


def find_header_row(rows: Sequence[Sequence[str]], known: frozenset[str]) -> int:
    """0-based index of the header among ``rows``: the first naming at least two known columns."""
    best, best_score = 0, 0
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = row_score(cells, known)
        if score >= 2:
            return index
        if score > best_score:
            best, best_score = index, score
    if best_score == 0:
        for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
            if any(c.strip() for c in cells):
                return index
    return best


def _candidates(column: int, header: str) -> list[_Candidate]:
    entries = EXACT.get(normalise_header(header))
    if entries:
        return [_Candidate(column, f, True, rank, alias) for f, rank, alias in entries]
    words = header_words(header)
    best: dict[str, _Candidate] = {}  # one guess per field: the best-placed alias
    for alias_words, f, rank, alias in GUESS_WORDS:
        n = len(alias_words)
        for start in range(len(words) - n + 1):
            if words[start : start + n] == alias_words:
                cand = _Candidate(column, f, False, rank, alias, n, start + n == len(words))
                if f not in best or cand.order() < best[f].order():
                    best[f] = cand
                break
    return list(best.values())


def is_world_region_column(values: Sequence[str]) -> bool:
    """True when at least 80% of the (non-empty) values are world regions such as AMERICAS or 東南亞."""
    keys = [normalise_header(v) for v in values if v and v.strip()]
    if not keys:
        return False
    hits = sum(1 for k in keys if k in WORLD_REGIONS)
    return hits >= 0.8 * len(keys)


def _kind(field_name: str) -> str:
    if field_name in BOOL_FIELDS:
        return "bool"
    return {"workers": "workers", "spend": "number", "migrant_worker_share": "share"}.get(field_name, "text")


def _source_matches(options_keys: dict[str, str], header: str) -> str | None:
    return options_keys.get(normalise_header(header))


def recognise(
    headers: Sequence[str],
    values: Callable[[int], Sequence[str]],
    options: MappingOptions,
) -> ColumnPlan:
    """Assign columns (by index into ``headers``) to fields.

    ``values(i)`` returns a sample of column ``i``'s values (used to spot world-region columns).
    """
    plan = ColumnPlan()
    by_key = {normalise_header(h): i for i, h in enumerate(headers)}
    keep: set[int] = set()
    # 1. what the mapping / preset says
    mapped = {normalise_header(k): v for k, v in options.columns.items()}
    for i, header in enumerate(headers):
        target = _source_matches(mapped, header)
        if target is None:
            continue
        if target == KEEP:
            keep.add(i)
        elif target not in plan.fields:
            plan.fields[target] = i
    for source in [*options.split, *(s for flags in options.flags.values() for s in flags)]:
        index = by_key.get(normalise_header(source))
        if index is not None:
            plan.consumed.add(index)
    taken = set(plan.fields.values()) | keep | plan.consumed
    # 2. aliases and guesses for the rest
    cands = [c for i, h in enumerate(headers) if i not in taken for c in _candidates(i, h)]
    world: set[int] = set()
    for column in sorted({c.column for c in cands if c.field == "region"}):
        if is_world_region_column(values(column)):
            world.add(column)
            plan.notes.append(
                f"column '{headers[column]}' holds world regions (e.g. "
                f"{', '.join(sorted({v for v in values(column) if v})[:3])}), not sub-national regions:"
                " carried through as it is"
            )
    cands = [c for c in cands if not (c.field == "region" and c.column in world)]
    implausible = [c for c in cands if not c.exact and not plausible(_kind(c.field), values(c.column))]
    for c in implausible:
        plan.notes.append(
            f"column '{headers[c.column]}' looks like {c.field} by its header but its values do not fit: "
            "not read as that field"
        )
    cands = [c for c in cands if c not in implausible]
    cands.sort(key=_Candidate.order)
    winners: dict[str, _Candidate] = {}
    for cand in cands:
        if cand.field in plan.fields or cand.field in winners or cand.column in taken:
            continue
        winners[cand.field] = cand
        taken.add(cand.column)
    # 3. a vendor column beside a more specific name column is the parent
    name = winners.get("supplier_name")
    if "parent_name" not in plan.fields and "parent_name" not in winners:
        for cand in cands:
            if (
                cand.field == "supplier_name"
                and cand.exact
                and cand.alias in VENDOR_ALIASES
                and cand.column not in taken
                and (name is not None or "supplier_name" in plan.fields)
            ):
                winners["parent_name"] = _Candidate(cand.column, "parent_name", True, 0, cand.alias)
                taken.add(cand.column)
                chosen = headers[plan.fields.get("supplier_name", name.column if name else 0)]
                plan.choices.append(
                    {
                        "field": "parent_name",
                        "chosen": headers[cand.column],
                        "over": "",
                        "reason": f"'{chosen}' names the site, so the vendor column is the parent",
                    }
                )
                break
    for f, cand in winners.items():
        plan.fields[f] = cand.column
        if not cand.exact:
            plan.guesses.append({"header": headers[cand.column], "field": f, "alias": cand.alias})
        lost = [
            c
            for c in cands
            if c.field == f and c.column != cand.column and plan.fields.get("parent_name") != c.column
        ]
        if lost:
            if not cand.exact:
                reason = f"the closest whole-word guess ('{cand.alias}')"
            elif all(not c.exact for c in lost):
                reason = "an exact alias beats a guess"
            else:
                reason = f"the more specific alias ('{cand.alias}')"
            plan.choices.append(
                {
                    "field": f,
                    "chosen": headers[cand.column],
                    "over": ", ".join(dict.fromkeys(headers[c.column] for c in lost)),
                    "reason": reason,
                }
            )
    return plan

"""A watch-list finding's name match, explained feature by feature.

The match is recomputed with the matcher ``screening compare`` uses (the bundled watch lists and the
policy's algorithm and thresholds), so each feature's value, role and detail can be shown; the score
the screen stored is shown beside it.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from screening.errors import ScreeningError
from screening.matching import Matcher

_lock = threading.Lock()
_matcher: list[Matcher] = []


def matcher() -> Matcher:
    with _lock:
        if not _matcher:
            from screening.cli.match import _matcher as build

            _matcher.append(build())
        return _matcher[0]


def explain(name: str | None, entity: str | None, country: str | None) -> dict[str, Any] | None:
    """Score, decision, sentence and features of ``name`` against the listed ``entity``.

    The listed name compared is the one of ``entity`` (primary name or alias) that matches ``name``
    best, as in the screen; None when either side is missing.
    """
    if not name or not entity:
        return None
    try:
        found = matcher().candidates(name, country or None, limit=25)
        mine = found.filter(found["matched_entity"] == entity).sort("score", descending=True)
        listed = str(mine["matched_name"][0]) if mine.height else entity
        listed_country = mine["entity_country"][0] if mine.height else None
        result = matcher().compare(name, listed, country or None, listed_country or None)
    except ScreeningError as exc:
        return {"error": str(exc)}
    return {
        "listed_name": listed,
        "score": result.score,
        "decision": result.decision,
        "explanation": result.explanation,
        "features": _features(result.features),
    }


def _features(feats: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for name, feat in feats.items():
        if name.startswith("_"):
            continue
        value = feat.get("value")
        rows.append(
            {
                "feature": name,
                "role": feat.get("role", ""),
                "value": float(value) if isinstance(value, int | float) else value,
                "weight": feat.get("weight"),
                "detail": feat.get("detail", ""),
            }
        )
    return rows

"""One readable sentence per hit: which listed name matched, what agreed, what differed, country,
score and decision. The sentence is the audit trail that goes into ``findings.csv``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from screening.matching.watchlist import ListedName, WatchEntry

_DECISIONS = {"match": "match", "review": "possible match for review", "no_match": "no match"}


def list_label(list_id: str) -> str:
    if list_id == "uflpa":
        return "UFLPA Entity List"
    if list_id == "cbp_wro":
        return "CBP Withhold Release Order/Finding"
    if list_id.startswith("user:"):
        return f"user watch list {list_id[5:]}"
    return list_id


def entity_phrase(listed: ListedName, entry: WatchEntry) -> str:
    """ "matches the alias 'X' of 'Entity' (UFLPA Entity List)" and similar."""
    where = list_label(entry.list_id)
    if entry.details.get("source_id"):
        where += f", entity {entry.details['source_id']}"  # the id the list's publisher gives it
    if listed.tag == "primary" or listed.text == entry.name:
        return f"against the listed name '{entry.name}' ({where})"
    kind = {"alias": "alias", "former": "former name", "variant": "spelling seen in sources"}[listed.tag]
    return f"against the {kind} '{listed.text}' of '{entry.name}' ({where})"


def sentence(subject: str, feats: Mapping[str, Mapping[str, Any]], score: float, decision: str) -> str:
    """Compose the explanation from the engine's feature details."""
    engine = feats.get("_engine", {})
    evidence = str(engine.get("evidence") or "name_tokens")
    parts = [str(feats[evidence]["detail"]) if evidence in feats else "no agreement"]
    if evidence != "name_tokens" and "name_tokens" in feats:
        parts.append(f"words {feats['name_tokens']['detail']}")
    for name, feat in feats.items():
        if name.startswith("_") or name == "country_mismatch" or feat.get("role") == "evidence":
            continue
        if float(feat.get("value", 0)) > 0:
            suffix = "" if feat.get("role") == "penalty" else " (held below the match threshold)"
            parts.append(f"{feat['detail']}{suffix}")
    if "country_mismatch" in feats:
        parts.append(str(feats["country_mismatch"]["detail"]))
    return f"{subject}: {'; '.join(parts)}; score {score:.2f} ({_DECISIONS.get(decision, decision)})."

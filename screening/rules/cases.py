"""Run every rule's own cases: suppliers it must fire on and near-misses it must not fire on.

All cases of all rules are screened together as one small supplier frame through the real stages
(normalise, match, evaluate), so a case tests the rule as a screen would apply it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from screening.contract import INGEST_SCHEMA
from screening.errors import ConfigError

if TYPE_CHECKING:
    from screening.context import ScreenContext

#: Friendly case keys -> ingest columns.
CASE_KEYS = {
    "name": "supplier_name",
    "id": "supplier_id",
    "country": "country_raw",
    "region": "region_raw",
    "goods": "goods_raw",
    "sector": "sector_raw",
}


@dataclass(frozen=True)
class CaseResult:
    case_id: str  # RULE_ID::case_name
    passed: bool
    skipped: str | None
    message: str


def cases_frame(records: list[dict[str, Any]]) -> pl.DataFrame:
    """An ingest-shaped frame from case dicts (unknown keys are a ConfigError naming them)."""
    rows: list[dict[str, Any]] = []
    for i, rec in enumerate(records):
        row: dict[str, Any] = {c: None for c in INGEST_SCHEMA}
        row.update(
            _key=i, _source="rule-cases", _row=i + 1, supplier_id=f"case-{i}", supplier_name=f"Case {i} Ltd"
        )
        for key, value in rec.items():
            col = CASE_KEYS.get(key, key)
            if col not in INGEST_SCHEMA or col.startswith("_"):
                raise ConfigError(
                    f"Rule case field {key!r} is not a supplier field; use one of "
                    f"{', '.join(sorted(set(CASE_KEYS) | {c for c in INGEST_SCHEMA if c[0] != '_'}))}."
                )
            row[col] = value
        rows.append(row)
    return pl.DataFrame(rows, schema=INGEST_SCHEMA)


def case_watchlists(rules_dir: Path) -> tuple[Path, ...]:
    """Watch lists that rule cases screen against as user lists (``rules/risk/cases/*.csv``)."""
    return tuple(sorted((rules_dir / "risk" / "cases").glob("*.csv")))


def load_case_context(rules_dir: Path | None = None) -> ScreenContext:
    """The context rule cases run in: the bundled data plus the case watch lists."""
    from screening.context import load_context
    from screening.options import RunOptions
    from screening.settings import get_settings

    rules_dir = rules_dir or get_settings().rules_dir
    return load_context(RunOptions(rules_dir=rules_dir, watchlists=case_watchlists(rules_dir)))


def run_cases(ctx: ScreenContext, only: str | None = None) -> list[CaseResult]:
    """Every case of every rule (``only`` one rule's); a rule whose fields do not exist fails its
    cases with the problem, and the other rules' cases still run."""
    from dataclasses import replace

    from screening.findings import field_problems, find
    from screening.normalize.frame import normalize_suppliers

    broken = field_problems(ctx)
    runnable = replace(ctx.rules, rules=tuple(r for r in ctx.rules.rules if r.id not in broken))
    plan = [
        (rule, case) for rule in ctx.rules.rules for case in rule.cases if only is None or rule.id == only
    ]
    if only is not None and not plan:
        raise ConfigError(f"No rule with id {only!r}.")
    active = [(r, c) for r, c in plan if c.skip is None and r.id not in broken]
    frame = normalize_suppliers(cases_frame([c.supplier for _, c in active]), ctx.goods_vocab)
    findings = find(frame, ctx, runnable)
    results: list[CaseResult] = []
    key = 0
    for rule, case in plan:
        case_id = f"{rule.id}::{case.name}"
        if rule.id in broken:
            results.append(CaseResult(case_id, False, None, " ".join(broken[rule.id])))
            continue
        if case.skip is not None:
            results.append(CaseResult(case_id, True, case.skip, f"skipped: {case.skip}"))
            continue
        mine = findings.filter((pl.col("_key") == key) & (pl.col("rule_id") == rule.id))
        key += 1
        fired = mine.height > 0
        if case.expect == "fire" and not fired:
            others = findings.filter(pl.col("_key") == key - 1).get_column("rule_id").to_list()
            row = (
                frame.filter(pl.col("_key") == key - 1)
                .select("country_code", "region_code", "goods", "sector")
                .to_dicts()[0]
            )
            results.append(
                CaseResult(
                    case_id,
                    False,
                    None,
                    f"expected to fire but did not; normalised {row}; other rules fired: {others}",
                )
            )
        elif case.expect == "no_fire" and fired:
            results.append(
                CaseResult(
                    case_id, False, None, f"expected not to fire but did: {mine.get_column('evidence')[0]}"
                )
            )
        elif (
            fired
            and case.evidence_contains
            and not any(case.evidence_contains in e for e in mine.get_column("evidence").to_list())
        ):
            results.append(
                CaseResult(
                    case_id,
                    False,
                    None,
                    f"evidence lacks {case.evidence_contains!r}: {mine.get_column('evidence')[0]}",
                )
            )
        else:
            results.append(CaseResult(case_id, True, None, "ok"))
    return results

"""The methods section: how a score is computed (from the policy actually used) and what each
dataset covers, in its own words, including what is partial or inferred.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from screening.contract import CATEGORIES
from screening.report.formatting import esc, fmt_num, link_or_text
from screening.report.page import table
from screening.scoring.policy import Policy


def dataset_rows(
    datasets: Iterable[Mapping[str, Any]], run: Mapping[str, Any], only: set[str] | None = None
) -> list[list[str]]:
    """One row per dataset: id and title, publisher, edition, retrieved, licence, rows, coverage, source."""
    versions = run.get("indicator_versions") or {}
    rows = []
    for d in datasets:
        dataset_id = str(d.get("id", ""))
        if only is not None and dataset_id not in only:
            continue
        version = versions.get(dataset_id) if isinstance(versions, Mapping) else None
        sha = d.get("sha256") or (version.get("sha256") if isinstance(version, Mapping) else None)
        edition = d.get("edition") or (version.get("edition") if isinstance(version, Mapping) else None)
        rows_n = d.get("rows")
        rows.append(
            [
                f"<b>{esc(d.get('title') or dataset_id)}</b><br><code>{esc(dataset_id)}</code>",
                esc(d.get("publisher")),
                esc(edition),
                esc(d.get("retrieved")),
                esc(d.get("licence") or d.get("license")),
                esc(fmt_num(rows_n) if isinstance(rows_n, int | float) else rows_n),
                esc(d.get("coverage")) or '<span class="muted">not stated</span>',
                link_or_text(d.get("source_url") or d.get("url"))
                + (f'<br><code title="sha256">{esc(sha)}</code>' if sha else ""),
            ]
        )
    return rows


DATASET_HEADERS = ("Dataset", "Publisher", "Edition", "Retrieved", "Licence", "Rows", "Coverage", "Source")
DATASET_WIDTHS = (15, 12, 11, 9, 11, 6, 22, 14)


def datasets_table(
    datasets: Iterable[Mapping[str, Any]], run: Mapping[str, Any], only: set[str] | None = None
) -> str:
    rows = dataset_rows(datasets, run, only)
    if not rows:
        return '<p class="muted">No dataset metadata was recorded for this run.</p>'
    return table(DATASET_HEADERS, rows, numeric=(5,), widths=DATASET_WIDTHS)


BASIS_MEANINGS: tuple[tuple[str, str], ...] = (
    ("supplier", "a fact about this supplier: its name on a list, its reported practices, its workforce"),
    ("site", "its location or region"),
    ("input", "what it buys or processes"),
    ("country", "only its country: country x good or sector, governance"),
)


def tiers_html(policy: Policy) -> str:
    """The tiers with their meanings and expected actions, highest first."""
    rows = [
        [f"<b>{esc(tier)}</b>", esc(policy.tiers[tier].meaning), esc(policy.tiers[tier].action)]
        for tier in ("critical", "high", "medium", "low")
    ]
    return "<h3>What each tier means, and what to do</h3>" + table(
        ("Tier", "Meaning", "Expected action"), rows
    )


def scoring_html(policy: Policy) -> str:
    """How findings become a score and a tier, with the numbers of the policy in force."""
    t = policy.tier_thresholds
    floors = ", ".join(
        f"a <b>{esc(sev)}</b> finding lifts its supplier to at least <b>{esc(tier)}</b>"
        for sev, tier in policy.severity_floor.items()
        if tier is not None
    )
    basis_caps = "; ".join(
        f"a finding resting only on its <b>{esc(b)}</b> lifts it to <b>{esc(tier)}</b> at most"
        for b, tier in policy.basis_tier_cap.items()
    )
    bases = "".join(f"<li><b>{esc(b)}</b>: {esc(text)}</li>" for b, text in BASIS_MEANINGS)
    caps = [[esc(c), esc(fmt_num(policy.cap(c)))] for c in CATEGORIES]
    cleared = (
        "still count towards the score and tier"
        if policy.review.cleared_raises_tier
        else "are reported but no longer count towards the score or raise the tier"
    )
    m = policy.matching
    kept = f"{100 * policy.inferred_good_weight:.0f}%"
    return "".join(
        [
            tiers_html(policy),
            "<h3>How a score is computed</h3><ol>",
            "<li>Each rule (one file per rule in <code>rules/risk/</code>) that fires on a supplier adds a "
            "finding with its points, an evidence sentence naming the fact, and the dataset and edition "
            "it rests on.</li>",
            f"<li>Every finding says what it rests on (<code>basis</code>):<ul>{bases}</ul></li>",
            "<li>Points add up per category; each category's sub-score is capped (table below), so no "
            "single kind of risk dominates by repetition. One ILAB listing of a good and country counts "
            "once, with the points of its strongest flag (child, forced or forced child labour).</li>",
            f"<li>The risk score is the sum of the sub-scores, capped at {esc(fmt_num(policy.max_score))}; "
            "beside it, two axes: the <b>red-flag score</b> (findings about the supplier or its inputs) "
            "and the <b>exposure score</b> (its site and country).</li>",
            f"<li>The tier is set by what the findings rest on. Whatever the points, {floors}; but "
            f"{basis_caps}: country-level facts alone never make a supplier high or critical. Points "
            f"alone reach at most <b>{esc(policy.points_tier_cap)}</b> (from "
            f"{esc(fmt_num(t['medium']))} points).</li>",
            "<li>When a good was inferred (from the production phase, facility type or sector) rather than "
            f"stated in the supplier list, a goods rule keeps {esc(kept)} of its points, is one severity "
            "weaker unless the inference is near-certain, and its evidence says what would confirm it.</li>",
            f"<li>Watch-list names: a similarity of at least {esc(fmt_num(m.match_threshold, 2))} is a "
            f"confirmed match; from {esc(fmt_num(m.review_threshold, 2))} it is a possible match for "
            f"review (algorithm <code>{esc(m.algorithm)}</code>), a red flag until an auditor clears "
            "it.</li>",
            f"<li>Findings an auditor has cleared {cleared}.</li>",
            f"</ol><p>Scoring policy version {esc(policy.version)} (<code>rules/policy.yml</code>).</p>",
            "<details open><summary>Category caps</summary>",
            table(("Category", "Most points"), caps, numeric=(1,)),
            "</details>",
        ]
    )


LIMITS = (
    "<h3>What this report is and is not</h3><p>This is a screen of public risk indicators, not an audit "
    "and not a legal determination. A finding says that a public source links the supplier's country, "
    "region, goods or name to a forced- or child-labour risk; an auditor decides what it means for the "
    "supplier. No finding does not mean no risk: the sources below are partial, each as its coverage "
    "note says, and a supplier list often lacks the goods, region or workforce facts that rules need "
    "(these gaps are reported as <b>data_gap</b> findings).</p>"
)


def methods_section(policy: Policy, datasets: Iterable[Mapping[str, Any]], run: Mapping[str, Any]) -> str:
    """The full methods section of report.html."""
    return "".join(
        [
            '<section id="methods"><h2>Methods and data coverage</h2>',
            scoring_html(policy),
            "<h3>Data sources and their coverage</h3>",
            datasets_table(datasets, run),
            LIMITS,
            "</section>",
        ]
    )

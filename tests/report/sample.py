# ruff: noqa: E501  (the evidence sentences are kept whole, as the rules write them)
"""A realistic, hand-made screen for the report tests and the README screenshot.

Twenty suppliers whose findings follow the project's real rules (rule ids, points, evidence templates
of ``rules/risk/``) over real listings of the bundled data (e.g. Turkmen cotton, Pakistani bricks,
Xinjiang polysilicon, the UFLPA entry for Hoshine Silicon). Scores and tiers are computed from the
findings with the project's policy (``rules/policy.yml``), so the frames have the shape the pipeline
hands to :func:`screening.report.write_reports`. Dataset metadata is a shortened copy of
``rules/indicators/*.yml``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from screening.contract import CATEGORIES, FINDINGS_SCHEMA, SEVERITY_RANK
from screening.scoring.policy import Policy

if TYPE_CHECKING:
    from screening.report.contents import ReportInput

ILAB = "2022 list, 2024 removals and 17 of 72 additions applied (18 itemised)"
TIP = "2025 (report published 2025-09-29; second-hand transcription)"
GSI = "2023 (estimates for 2021)"
UFLPA = "as of 2025-01-15 (Federal Register notice 2025-00901)"
CBP = "early 2026 (active entries to 2026-01-29, partial)"
ILO_FL = "2012"
MIGRANT = "2025 (TIP Report 2025 narratives)"
USG = "US Government work (public domain, 17 U.S.C. 105)"

DATASETS: list[dict[str, Any]] = [
    {
        "id": "ilab_goods",
        "title": "List of Goods Produced by Child Labor or Forced Labor (TVPRA list)",
        "publisher": "U.S. Department of Labor, Bureau of International Labor Affairs (ILAB)",
        "edition": ILAB,
        "retrieved": "2026-11-28",
        "licence": USG,
        "rows": 475,
        "source_url": "https://www.dol.gov/agencies/ilab/reports/child-labor/list-of-goods",
        "coverage": "2022 list with the 2024 edition's 4 removals and 17 of the 18 additions (of 72) that could be itemised; about 55 additions remain unknown and score nothing.",
    },
    {
        "id": "tip_tiers",
        "title": "Trafficking in Persons Report - tier placements (latest known per country)",
        "publisher": "U.S. Department of State",
        "edition": TIP,
        "retrieved": "2026-11-28",
        "licence": USG,
        "rows": 188,
        "source_url": "https://www.state.gov/reports/2025-trafficking-in-persons-report/",
        "coverage": "2025 tiers for 188 countries, all second-hand (not checked against state.gov).",
    },
    {
        "id": "gsi_2023",
        "title": "Global Slavery Index 2023 - estimated prevalence of modern slavery",
        "publisher": "Walk Free (Minderoo Foundation)",
        "edition": GSI,
        "retrieved": "2026-11-28",
        "licence": "Walk Free's terms of use apply (not verified)",
        "rows": 180,
        "source_url": "https://www.walkfree.org/global-slavery-index/",
        "coverage": "Prevalence for 160 of 180 countries (blank = not estimated, not zero); no vulnerability "
        "or government-response scores.",
    },
    {
        "id": "uflpa",
        "title": "UFLPA Entity List",
        "publisher": "U.S. Department of Homeland Security, Forced Labor Enforcement Task Force (FLETF)",
        "edition": UFLPA,
        "retrieved": "2026-11-28",
        "licence": USG,
        "rows": 128,
        "source_url": "https://www.dhs.gov/uflpa-entity-list",
        "coverage": "PARTIAL: 128 of 144 entities as of 2025-01-15; the missing ones (among them the XPCC) "
        "are in uflpa_missing_notes.csv.",
    },
    {
        "id": "cbp_wro",
        "title": "Withhold Release Orders and Findings (forced labour)",
        "publisher": "U.S. Customs and Border Protection (CBP)",
        "edition": CBP,
        "retrieved": "2026-11-28",
        "licence": USG,
        "rows": 62,
        "source_url": "https://www.cbp.gov/trade/forced-labor/withhold-release-orders-and-findings",
        "coverage": "PARTIAL: 62 rows, mostly orders active in early 2026 per a third-party transcription; "
        "most historical orders are missing.",
    },
    {
        "id": "ilo_fl_indicators",
        "title": "ILO Indicators of Forced Labour",
        "publisher": "International Labour Organization",
        "edition": ILO_FL,
        "retrieved": "2026-11-28",
        "licence": "ILO publication; indicator names quoted as facts",
        "rows": 11,
        "source_url": "https://www.ilo.org/publications/ilo-indicators-forced-labour",
        "coverage": "The eleven indicators of the ILO's 2012 leaflet; indicators without a supplier-list "
        "field need an audit.",
    },
    {
        "id": "migrant_contexts",
        "title": "Migrant-labour recruitment contexts",
        "publisher": "compiled by this project from the TIP Report 2025 narratives and ILO publications",
        "edition": MIGRANT,
        "retrieved": "2026-11-28",
        "licence": "TIP Report public domain; compilation CC0",
        "rows": 12,
        "source_url": "https://www.state.gov/reports/2025-trafficking-in-persons-report/",
        "coverage": "A curated list, not exhaustive: GCC states, Jordan, Lebanon and four recruitment-debt "
        "destinations.",
    },
]

QATAR = (
    "migrant workers were tied to a sponsoring employer under the kafala system; the 2020 reforms removed "
    "exit permits and the no-objection certificate, but the ILO and the TIP Report still document "
    "employer control"
)
THAILAND = (
    "migrant workers from Cambodia, Lao PDR and Myanmar commonly pay recruitment fees and related costs "
    "that leave many in debt"
)
MALAYSIA = (
    "migrant workers commonly pay recruitment fees and related costs to agents in their home countries "
    "and in Malaysia, and many work in debt to them"
)
ILO_TITLE = "ILO Indicators of Forced Labour"

# rule id -> (category, severity, points, dataset, edition)
RULES: dict[str, tuple[str, str, float, str | None, str | None]] = {
    "uflpa-entity-match": ("entity_list", "critical", 100, "uflpa", UFLPA),
    "uflpa-entity-possible-match": ("entity_list", "review", 0, "uflpa", UFLPA),
    "cbp-wro-turkmenistan-cotton": ("state_imposed_forced_labor", "critical", 80, "cbp_wro", CBP),
    "cbp-wro-drc-artisanal-gold": ("forced_labor", "critical", 80, "cbp_wro", CBP),
    "region-xinjiang": ("region", "critical", 100, "uflpa", UFLPA),
    "state-imposed-xinjiang-goods": ("state_imposed_forced_labor", "critical", 60, "ilab_goods", ILAB),
    "ilab-forced-labor-good": ("forced_labor", "high", 40, "ilab_goods", ILAB),
    "ilab-forced-child-labor-good": ("forced_child_labor", "high", 40, "ilab_goods", ILAB),
    "ilab-child-labor-good": ("child_labor", "medium", 25, "ilab_goods", ILAB),
    "ilab-derived-good": ("forced_labor", "medium", 25, "ilab_goods", ILAB),
    "tip-tier-3": ("country_governance", "medium", 20, "tip_tiers", TIP),
    "tip-tier-2-watch-list": ("country_governance", "low", 10, "tip_tiers", TIP),
    "gsi-prevalence-high": ("country_governance", "low", 10, "gsi_2023", GSI),
    "gsi-prevalence-elevated": ("country_governance", "low", 5, "gsi_2023", GSI),
    "migrant-kafala-labour-intensive": ("migrant_labor", "medium", 20, "migrant_contexts", MIGRANT),
    "migrant-share-recruitment-debt": ("migrant_labor", "medium", 20, "migrant_contexts", MIGRANT),
    "migrant-labor-agents": ("migrant_labor", "low", 10, "migrant_contexts", MIGRANT),
    "practice-passport-retention": ("supplier_practice", "high", 40, "ilo_fl_indicators", ILO_FL),
    "practice-excessive-overtime": ("supplier_practice", "medium", 20, "ilo_fl_indicators", ILO_FL),
    "practice-recruitment-fees": ("bonded_labor", "high", 40, "ilo_fl_indicators", ILO_FL),
    "data-gap-no-goods": ("data_gap", "low", 2, None, None),
    "data-gap-unknown-country": ("data_gap", "low", 5, None, None),
    "data-gap-unmapped-goods": ("data_gap", "low", 2, None, None),
}


def _ilab(good: str, country: str, kind: str) -> str:
    what = {
        "forced": "Produced by Child Labor or Forced Labor for forced labour",
        "child": "Produced by Child Labor or Forced Labor for child labour",
        "forced_child": "for forced child labour",
    }[kind]
    return f"{good} from {country} is on the US DOL List of Goods {what} ({ILAB} edition)."


#: The rule of each kind of ILAB listing.
ILAB_RULES = {
    "forced": "ilab-forced-labor-good",
    "child": "ilab-child-labor-good",
    "forced_child": "ilab-forced-child-labor-good",
}


def _ilab_findings(good: str, country: str, *kinds: str) -> list[tuple[str, str, None]]:
    """The findings of ``good`` from ``country`` on the ILAB List of Goods, one per kind of listing, in order."""
    return [(ILAB_RULES[kind], _ilab(good, country, kind), None) for kind in kinds]


def _gsi(prevalence: str, country: str) -> str:
    return (
        f"Walk Free's Global Slavery Index ({GSI}) estimates {prevalence} people in modern slavery per 1,000 "
        f"population in {country}."
    )


def _tip3(country: str) -> str:
    return (
        f"{country} is on Tier 3 of the US State Department's Trafficking in Persons Report (2025 report): its "
        "government does not meet the minimum standards and is not making significant efforts to do so."
    )


PASSPORTS = (
    "The supplier reports that it retains workers' passports or identity documents - retention of identity "
    f"documents is an ILO indicator of forced labour ({ILO_TITLE}, {ILO_FL})."
)
FEES = (
    "The supplier reports that workers pay recruitment fees, the route into debt bondage - an ILO indicator of "
    f"forced labour ({ILO_TITLE}, {ILO_FL})."
)
OVERTIME = (
    "The supplier reports excessive overtime - an ILO indicator of forced labour where it is imposed under "
    f"threat of penalty ({ILO_TITLE}, {ILO_FL})."
)

# (id, name, parent, country, region, goods, sector, spend, [(rule, evidence, match)], review)
Match = tuple[str, float, str] | None
SUPPLIERS: list[tuple[Any, ...]] = [
    (
        "SUP-0001",
        "Hoshine Silicon (Shanshan) Co., Ltd.",
        "Hoshine Silicon Industry Co., Ltd.",
        "CN",
        "CN-XJ",
        "Polysilicon",
        "manufacturing",
        2_450_000.0,
        [
            (
                "uflpa-entity-match",
                'The supplier name "Hoshine Silicon (Shanshan) Co., Ltd." matches "Hoshine Silicon '
                f'Industry (Shanshan) Co., Ltd." on the UFLPA Entity List (edition {UFLPA}), score 0.93: tokens hoshine, '
                "silicon, shanshan agree; legal form ignored.",
                ("Hoshine Silicon Industry (Shanshan) Co., Ltd.", 0.93, "supplier_name"),
            ),
            (
                "region-xinjiang",
                "The supplier is located in Xinjiang Uygur Zizhiqu (CN-XJ): goods made there wholly or "
                "in part fall under the UFLPA rebuttable presumption of forced labour (Public Law 117-78; UFLPA Entity "
                f"List edition {UFLPA}).",
                None,
            ),
            (
                "state-imposed-xinjiang-goods",
                f"Polysilicon is on the US DOL List of Goods for forced labour in China "
                f"({ILAB} edition) and this supplier produces it in Xinjiang, where forced labour is state-imposed.",
                None,
            ),
            *_ilab_findings("Polysilicon", "China", "forced"),
            ("tip-tier-3", _tip3("China"), None),
        ],
        (
            "escalated",
            "Escalated to trade compliance; shipments on hold pending a UFLPA applicability review.",
        ),
    ),
    (
        "SUP-0002",
        "Ashgabat Pagta Ginning Complex",
        None,
        "TM",
        None,
        "Cotton",
        "agriculture",
        640_000.0,
        [
            (
                "cbp-wro-turkmenistan-cotton",
                "Cotton from Turkmenistan is produced with state-imposed forced labour and "
                "is under an active US CBP Withhold Release Order of 2018-05-18 on all Turkmen cotton and products made "
                f"with it (CBP WRO list, {CBP}).",
                None,
            ),
            *_ilab_findings("Cotton", "Turkmenistan", "forced", "child"),
            (
                "tip-tier-2-watch-list",
                "Turkmenistan is on the Tier 2 Watch List of the US State Department's "
                "Trafficking in Persons Report (2025 report).",
                None,
            ),
            ("gsi-prevalence-high", _gsi("11.9", "Turkmenistan"), None),
        ],
        ("open", None),
    ),
    (
        "SUP-0003",
        "Bukavu Gold Traders SARL",
        None,
        "CD",
        None,
        "Gold",
        "mining",
        310_000.0,
        [
            (
                "cbp-wro-drc-artisanal-gold",
                "Gold from the Democratic Republic of the Congo is under an active US CBP "
                "Withhold Release Order on gold from artisanal mines produced with forced labour (CBP WRO list, "
                f"{CBP}).",
                None,
            ),
            *_ilab_findings(
                "Gold", "the Democratic Republic of the Congo", "forced_child", "forced", "child"
            ),
        ],
        ("open", None),
    ),
    (
        "SUP-0004",
        "Lahore Kiln Bricks (Pvt) Ltd",
        None,
        "PK",
        "PK-PB",
        "Bricks",
        "manufacturing",
        85_000.0,
        [
            *_ilab_findings("Bricks", "Pakistan", "forced_child", "forced", "child"),
            ("gsi-prevalence-high", _gsi("10.6", "Pakistan"), None),
        ],
        ("open", None),
    ),
    (
        "SUP-0005",
        "Al Wakra Build & Facilities WLL",
        None,
        "QA",
        None,
        "",
        "construction",
        1_100_000.0,
        [
            ("practice-passport-retention", PASSPORTS, None),
            ("practice-recruitment-fees", FEES, None),
            (
                "migrant-kafala-labour-intensive",
                "The supplier works in construction in Qatar, where migrant workers are "
                f"employed under the kafala sponsorship system ({QATAR}).",
                None,
            ),
            (
                "data-gap-no-goods",
                "The supplier list gives no goods, HS code or production phase for this supplier, so "
                "goods-based indicators could not be checked.",
                None,
            ),
        ],
        (
            "remediation",
            "Supplier agreed to return passports and reimburse fees; follow-up audit booked for 2027-02.",
        ),
    ),
    (
        "SUP-0006",
        "Tiruppur Knit Exports",
        "KPR Group",
        "IN",
        "IN-TN",
        "Garments",
        "manufacturing",
        930_000.0,
        [
            *_ilab_findings("Garments", "India", "forced_child", "forced", "child"),
            ("practice-excessive-overtime", OVERTIME, None),
            ("gsi-prevalence-elevated", _gsi("8.0", "India"), None),
        ],
        ("open", None),
    ),
    (
        "SUP-0007",
        "Samut Sakhon Seafood Processing Co., Ltd.",
        None,
        "TH",
        "TH-74",
        "Shrimp",
        "fishing",
        1_750_000.0,
        [
            *_ilab_findings("Shrimp", "Thailand", "forced"),
            (
                "migrant-share-recruitment-debt",
                f"62% of the supplier's workers are migrants, in fishing in Thailand, where {THAILAND}.",
                None,
            ),
        ],
        ("open", None),
    ),
    (
        "SUP-0008",
        "Penang Nitrile Gloves Sdn. Bhd.",
        None,
        "MY",
        "MY-07",
        "Rubber Gloves",
        "manufacturing",
        720_000.0,
        [
            *_ilab_findings("Rubber Gloves", "Malaysia", "forced"),
            ("practice-recruitment-fees", FEES, None),
            (
                "migrant-labor-agents",
                f"The supplier recruits through labour agents in Malaysia, where {MALAYSIA}.",
                None,
            ),
        ],
        ("cleared", "Fees reimbursed in 2025 (audit report ref. 2025-114); agents now paid by the employer."),
    ),
    (
        "SUP-0009",
        "Dhaka Apparel Sourcing Ltd",
        None,
        "BD",
        None,
        "Garments",
        "manufacturing",
        1_320_000.0,
        [
            *_ilab_findings("Garments", "Bangladesh", "forced", "child"),
        ],
        ("open", None),
    ),
    (
        "SUP-0010",
        "Kumasi Cocoa Buying Co.",
        None,
        "GH",
        None,
        "Cocoa",
        "agriculture",
        410_000.0,
        [
            *_ilab_findings("Cocoa", "Ghana", "child"),
        ],
        ("open", None),
    ),
    (
        "SUP-0011",
        "Jiangsu Sunrise PV Materials Co., Ltd.",
        None,
        "CN",
        "CN-JS",
        "Photovoltaic Wafers",
        "manufacturing",
        3_200_000.0,
        [
            (
                "ilab-derived-good",
                "Photovoltaic Wafers from China is on the US DOL List of Goods as produced with "
                f"inputs made with child or forced labour (inputs from China; {ILAB} edition).",
                None,
            ),
            ("tip-tier-3", _tip3("China"), None),
        ],
        ("open", None),
    ),
    (
        "SUP-0012",
        "Hetian Haolin Hair Products Trading",
        None,
        "CN",
        None,
        "Hair Products",
        "manufacturing",
        150_000.0,
        [
            (
                "uflpa-entity-possible-match",
                'Possible match for an auditor to review: the supplier name "Hetian Haolin '
                'Hair Products Trading" resembles "Hetian Haolin Hair Accessories Co. Ltd." on the UFLPA Entity List '
                f"(edition {UFLPA}), score 0.81: tokens hetian, haolin, hair agree; products/accessories differ.",
                ("Hetian Haolin Hair Accessories Co. Ltd.", 0.81, "supplier_name"),
            ),
            ("tip-tier-3", _tip3("China"), None),
            (
                "data-gap-unmapped-goods",
                'The goods "Hair Products" match no known good, so goods-based indicators '
                "could not be checked for them; add a synonym in rules/goods or describe the goods.",
                None,
            ),
        ],
        ("open", None),
    ),
    ("SUP-0013", "Nordic Corrugated AB", None, "SE", None, "Packaging", "manufacturing", 260_000.0, [], None),
    (
        "SUP-0014",
        "Ohio Precision Fasteners Inc.",
        None,
        "US",
        "US-OH",
        "Fasteners",
        "manufacturing",
        540_000.0,
        [],
        None,
    ),
    ("SUP-0015", "Bavaria Textil GmbH", None, "DE", "DE-BY", "Yarn", "manufacturing", 380_000.0, [], None),
    (
        "SUP-0016",
        "Monterrey Autopartes S.A. de C.V.",
        None,
        "MX",
        "MX-NLE",
        "Auto Parts",
        "manufacturing",
        2_050_000.0,
        [],
        None,
    ),
    ("SUP-0017", "Porto Calçado Lda", None, "PT", None, "Footwear", "manufacturing", 470_000.0, [], None),
    (
        "SUP-0018",
        "Hanoi Timber Furniture JSC",
        None,
        "VN",
        None,
        "Furniture",
        "manufacturing",
        690_000.0,
        [],
        None,
    ),
    (
        "SUP-0019",
        "Atlas Trading Co",
        None,
        None,
        None,
        "Hardware",
        None,
        120_000.0,
        [
            (
                "data-gap-unknown-country",
                'The country "Narnia" could not be recognised as an ISO 3166 country, so '
                "country and goods indicators could not be checked; correct it in the supplier list.",
                None,
            ),
        ],
        None,
    ),
    (
        "SUP-0020",
        "Ontario Plastics Ltd.",
        None,
        "CA",
        "CA-ON",
        "Plastics",
        "manufacturing",
        330_000.0,
        [],
        None,
    ),
]

QUARANTINE = pl.DataFrame(
    {
        "source_file": ["examples/suppliers.csv", "examples/suppliers.csv"],
        "row_number": [23, 41],
        "reason": [
            "No country given: a country is required to screen a supplier; fill in the Country column of row 23.",
            "No supplier name given: fill in the Supplier Name column of row 41.",
        ],
        "raw_values": [
            '{"Supplier ID": "SUP-0099", "Supplier Name": "Orion Metals", "Country": ""}',
            '{"Supplier ID": "SUP-0100", "Supplier Name": "", "Country": "Vietnam"}',
        ],
    }
)


#: The policy the sample is scored with, pinned here so that tuning rules/policy.yml does not move
#: the numbers these tests check (rules/policy.yml's values on 2026-11-28).
POLICY = {
    "version": 1,
    "max_score": 100,
    "tier_thresholds": {"medium": 25, "high": 50, "critical": 80},
    "points_tier_cap": "high",
    "tiers": {
        "critical": {"meaning": "Legal exposure (sample).", "action": "Stop and seek legal review (sample)."},
        "high": {"meaning": "A red flag about the supplier (sample).", "action": "Audit within 30 days (sample)."},
        "medium": {"meaning": "Inherent exposure only (sample).", "action": "Questionnaire (sample)."},
        "low": {"meaning": "No indicator matched (sample).", "action": "Standard terms (sample)."},
    },
    "severity_floor": {"critical": "critical", "high": "high", "medium": "medium", "low": None, "review": None},
    "category_caps": {
        "entity_list": 100, "region": 100, "state_imposed_forced_labor": 60, "forced_labor": 50,
        "forced_child_labor": 50, "child_labor": 35, "bonded_labor": 40, "migrant_labor": 30,
        "supplier_practice": 50, "country_governance": 20, "data_gap": 10,
    },
    "matching": {"algorithm": "supplier-name-v1", "match_threshold": 0.9, "review_threshold": 0.75},
    "review": {"cleared_raises_tier": False},
    "inferred_good_weight": 0.5,
}  # fmt: skip


def policy() -> Policy:
    return Policy.model_validate(POLICY)


def report_input(
    scores: pl.DataFrame,
    findings: pl.DataFrame,
    run: dict[str, Any],
    *,
    quarantine: pl.DataFrame | None = None,
    datasets: list[dict[str, Any]] = DATASETS,
) -> ReportInput:
    """What the reports of a sample screen are made of (the sample's quarantine and policy by default)."""
    from screening.report.contents import ReportInput
    from screening.report.portfolio import summarise

    chosen = QUARANTINE if quarantine is None else quarantine
    return ReportInput(scores, findings, chosen, run, datasets, policy(), summarise(scores, findings))


def write_sample_reports(
    out: Path,
    scores: pl.DataFrame,
    findings: pl.DataFrame,
    run: dict[str, Any],
    *,
    quarantine: pl.DataFrame | None = None,
    datasets: list[dict[str, Any]] = DATASETS,
) -> dict[str, Path]:
    """report.html and report.xlsx of a sample screen (the sample's quarantine and policy by default)."""
    from screening.report import write_reports

    return write_reports(
        out,
        scores=scores,
        findings=findings,
        quarantine=QUARANTINE if quarantine is None else quarantine,
        run=run,
        datasets=datasets,
        policy=policy(),
    )


def _score(findings: list[dict[str, Any]], pol: Policy) -> tuple[float, str, dict[str, float], str]:
    counted = [f for f in findings if f.get("review_status") != "cleared" or pol.review.cleared_raises_tier]
    sub = {c: 0.0 for c in CATEGORIES}
    for f in counted:
        sub[f["category"]] += f["points"]
    sub = {c: min(v, pol.cap(c)) for c, v in sub.items()}
    total = min(sum(sub.values()), pol.max_score)
    strongest = max((f["severity"] for f in counted), key=lambda s: SEVERITY_RANK[s], default=None)
    top = max(findings, key=lambda f: (SEVERITY_RANK[f["severity"]], f["points"]), default=None)
    reason = (
        top["evidence"] if top else "No finding: no indicator applies to this supplier's country and goods."
    )
    return total, pol.tier_for(total, strongest), sub, reason


REVIEW_RANK = {"escalated": 4, "remediation": 3, "open": 2, "cleared": 1}


def _supplier_status(findings: list[dict[str, Any]]) -> str:
    """The supplier's review status: its most pressing finding's (as the pipeline computes it)."""
    statuses = [f["review_status"] for f in findings if f["review_status"]]
    return max(statuses, key=REVIEW_RANK.__getitem__) if statuses else ""


def build(
    suppliers: list[tuple[Any, ...]] = SUPPLIERS,
    source: str = "examples/suppliers.csv",
    pol: Policy | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Scores and findings frames shaped like the pipeline's (internal ``_key``, ``_source``, ``_row``)."""
    pol = pol or policy()
    score_rows: list[dict[str, Any]] = []
    finding_rows: list[dict[str, Any]] = []
    for key, (sid, name, parent, cc, region, goods, sector, spend, hits, review) in enumerate(suppliers):
        status, note = review if review else (None, None)
        mine = []
        for i, (rule_id, evidence, match) in enumerate(hits):
            # A decision applies to one finding (the first here); the others await review.
            f_status, f_note = (status, note) if i == 0 else (("open", None) if review else (None, None))
            category, severity, points, dataset, edition = RULES[rule_id]
            mine.append(
                {
                    "_key": key,
                    "supplier_id": sid,
                    "rule_id": rule_id,
                    "rule_version": 1,
                    "category": category,
                    "severity": severity,
                    "points": float(points),
                    "evidence": evidence,
                    "source_dataset": dataset,
                    "source_edition": edition,
                    "matched_entity": match[0] if match else None,
                    "match_score": match[1] if match else None,
                    "matched_field": match[2] if match else None,
                    "review_status": f_status,
                    "review_note": f_note,
                }
            )
        total, tier, sub, reason = _score(mine, pol)
        finding_rows += mine
        score_rows.append(
            {
                "supplier_id": sid,
                "supplier_name": name,
                "parent_name": parent,
                "country_code": cc,
                "region_code": region,
                "goods": goods,
                "sector": sector,
                "risk_score": total,
                "risk_tier": tier,
                **{f"score_{c}": v for c, v in sub.items()},
                "n_findings": len(mine),
                "top_reason": reason,
                "review_status": _supplier_status(mine),
                "spend": spend,
                "source_file": source,
                "source_row": key + 2,
                "_key": key,
                "_source": source,
                "_row": key + 2,
            }
        )
    scores = pl.DataFrame(score_rows, infer_schema_length=None).with_columns(
        pl.col("_key").cast(pl.Int64), pl.col("n_findings").cast(pl.Int64)
    )
    schema = {**FINDINGS_SCHEMA, "review_status": pl.String(), "review_note": pl.String()}
    findings = pl.DataFrame(finding_rows, schema=schema)
    return scores, findings


def run_record(datasets: list[dict[str, Any]] = DATASETS, rows: int = 22) -> dict[str, Any]:
    return {
        "run_id": "20261128T101500Z-3f9c2a",
        "started_at": "2026-11-28T10:15:00+00:00",
        "finished_at": "2026-11-28T10:15:04+00:00",
        "status": "success",
        "inputs": [
            {
                "path": "examples/suppliers.csv",
                "rows": rows,
                "sha256": "5d41402abc4b2a76b9719d911017c592b2f0e3c1d7e6a0f4c1b2a3d4e5f60718",
            }
        ],
        "rows_in": rows,
        "rows_screened": rows - 2,
        "rows_quarantined": 2,
        "rules_version": "2026.11.1",
        "indicator_versions": {
            d["id"]: {"edition": d["edition"], "sha256": f"{i:02d}" + "ab" * 31}
            for i, d in enumerate(datasets)
        },
        "validation": {"success": True, "evaluated": 41, "failures": []},
        "datasets": datasets,
    }

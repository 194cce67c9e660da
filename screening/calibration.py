"""Calibration as data: screen the reference rows of ``rules/calibration/`` and compare tiers.

``reference.csv`` holds suppliers drawn from the bundled example and the published lists, each with the
tier a due-diligence professional would give (``expected_tier``), the tiers they would accept
(``allowed_tiers``) and a one-line reason citing a public source. :func:`calibrate` screens them with the
same pipeline as ``screening run`` and reports the agreement, a confusion matrix, every row outside its
range, and the impact against ``baseline.csv`` (the tiers of the last accepted rules and policy): how many
reference suppliers of each list move tier, and which.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from screening.contract import TIERS
from screening.errors import ConfigError
from screening.yaml_model import load_model

REFERENCE = "reference.csv"
BASELINE = "baseline.csv"
CONFIG = "calibration.yml"
REQUIRED = (
    "ref_id",
    "list",
    "supplier_name",
    "country",
    "expected_tier",
    "allowed_tiers",
    "reason",
    "source",
)
BASELINE_COLUMNS = ("ref_id", "list", "supplier_name", "risk_tier", "risk_score", "top_reason")


class CalibrationConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_agreement: float = Field(ge=0, le=1, description="share of rows within their allowed tiers")


@dataclass
class Move:
    ref_id: str
    list: str
    supplier_name: str
    before: str
    after: str


@dataclass
class Calibration:
    rows: pl.DataFrame  # one per reference row: expected, allowed, actual tier, within
    min_agreement: float
    moves: list[Move] = field(default_factory=list)
    baseline_rows: int = 0

    @property
    def agreement(self) -> float:
        if not self.rows.height:
            return 0.0
        return float(self.rows.get_column("within").cast(pl.Int64).sum()) / self.rows.height

    @property
    def exact(self) -> float:
        if not self.rows.height:
            return 0.0
        same = self.rows.get_column("risk_tier") == self.rows.get_column("expected_tier")
        return float(same.cast(pl.Int64).sum()) / self.rows.height

    @property
    def passed(self) -> bool:
        return self.agreement >= self.min_agreement

    def outside(self) -> pl.DataFrame:
        return self.rows.filter(~pl.col("within"))

    def confusion(self) -> pl.DataFrame:
        """Expected tier (rows) x actual tier (columns), counts, in tier order."""
        counts = self.rows.group_by("expected_tier", "risk_tier").len()
        out: dict[str, list[str] | list[int]] = {"expected": list(TIERS)}
        for actual in TIERS:
            col = []
            for expected in TIERS:
                hit = counts.filter(
                    (pl.col("expected_tier") == expected) & (pl.col("risk_tier") == actual)
                ).get_column("len")
                col.append(int(hit[0]) if hit.len() else 0)
            out[actual] = col
        return pl.DataFrame(out)

    def impact(self) -> pl.DataFrame:
        """Per reference list: rows, rows that moved tier against the baseline, up and down."""
        lists = sorted(set(self.rows.get_column("list").to_list()))
        order = {t: i for i, t in enumerate(TIERS)}
        data = []
        for name in lists:
            moved = [m for m in self.moves if m.list == name]
            data.append(
                {
                    "list": name,
                    "rows": self.rows.filter(pl.col("list") == name).height,
                    "moved": len(moved),
                    "up": sum(order[m.after] > order[m.before] for m in moved),
                    "down": sum(order[m.after] < order[m.before] for m in moved),
                }
            )
        return pl.DataFrame(data)


def read_reference(folder: Path) -> pl.DataFrame:
    path = folder / REFERENCE
    if not path.is_file():
        raise ConfigError(f"The calibration reference {path} does not exist.", hint="See rules/calibration/.")
    ref = pl.read_csv(path, infer_schema=False)
    missing = [c for c in REQUIRED if c not in ref.columns]
    if missing:
        raise ConfigError(f"{path} lacks the column(s) {', '.join(missing)}.")
    ref = ref.with_columns(pl.col("allowed_tiers").str.split("|").alias("_allowed"))
    bad = ref.filter(
        ~pl.col("expected_tier").is_in(list(TIERS))
        | ~pl.col("_allowed").list.eval(pl.element().is_in(list(TIERS))).list.all()
        | ~pl.col("_allowed").list.contains(pl.col("expected_tier"))
    )
    if bad.height:
        first = bad.row(0, named=True)
        raise ConfigError(
            f"{path}: row {first['ref_id']} has expected_tier {first['expected_tier']!r} and allowed_tiers "
            f"{first['allowed_tiers']!r}; tiers are {', '.join(TIERS)} and the allowed ones must include "
            "the expected one."
        )
    dupes = ref.filter(pl.col("ref_id").is_duplicated()).get_column("ref_id").unique().to_list()
    if dupes:
        raise ConfigError(f"{path}: ref_id values must be unique; repeated: {', '.join(sorted(dupes))}.")
    return ref


def screen_reference(folder: Path, rules_dir: Path | None) -> pl.DataFrame:
    """Screen reference.csv with the library pipeline (no store, no reports): ref_id -> tier, score."""
    from screening.pipeline import RunOptions, run

    with tempfile.TemporaryDirectory(prefix="calibrate-") as tmp:
        options = RunOptions(
            out=Path(tmp), no_store=True, reports=False, skip_validation=True, rules_dir=rules_dir
        )
        result = run([folder / REFERENCE], options)
    return result.scores.select(
        pl.col("supplier_id").alias("ref_id"), "risk_tier", "risk_score", "top_reason"
    )


def read_baseline(folder: Path) -> pl.DataFrame | None:
    path = folder / BASELINE
    return pl.read_csv(path, infer_schema=False) if path.is_file() else None


def calibrate(folder: Path, rules_dir: Path | None = None) -> Calibration:
    config = load_model(
        folder / CONFIG,
        CalibrationConfig,
        what="calibration settings",
        fix="See rules/calibration/README.md.",
    )
    ref = read_reference(folder)
    screened = screen_reference(folder, rules_dir)
    rows = ref.join(screened, on="ref_id", how="left", maintain_order="left").with_columns(
        pl.col("risk_tier").fill_null("quarantined"),
    )
    rows = rows.with_columns(pl.col("_allowed").list.contains(pl.col("risk_tier")).alias("within"))
    result = Calibration(rows=rows.drop("_allowed"), min_agreement=config.min_agreement)
    baseline = read_baseline(folder)
    if baseline is not None:
        result.baseline_rows = baseline.height
        joined = rows.join(baseline.select("ref_id", pl.col("risk_tier").alias("_before")), on="ref_id")
        for r in joined.filter(pl.col("_before") != pl.col("risk_tier")).iter_rows(named=True):
            result.moves.append(
                Move(r["ref_id"], r["list"], r["supplier_name"], r["_before"], r["risk_tier"])
            )
    return result


def write_baseline(result: Calibration, folder: Path) -> Path:
    """Accept the current tiers as the baseline later changes are measured against."""
    path = folder / BASELINE
    result.rows.select(
        *BASELINE_COLUMNS[:3], "risk_tier", pl.col("risk_score").cast(pl.String), "top_reason"
    ).write_csv(path)
    return path

"""Load and validate every rule file; compute the rules version recorded in each run."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from screening.errors import ConfigError
from screening.rules.models import Rule
from screening.yaml_model import load_model

#: The file a rule maintainer copies; named in every rule-file error.
TEMPLATE = "rules/risk/_template.yml"

#: Files whose content defines a screen's result besides the indicator data.
VERSIONED_GLOBS = (
    "risk/*.yml",
    "policy.yml",
    "goods/*.yml",
    "presets/*.yml",
    "expectations/*.yml",
    "VERSION",
)


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    version: str  # "<rules/VERSION>+<sha256 prefix of every versioned file>"
    files: dict[str, str]  # rule id -> file path

    def ids(self) -> set[str]:
        return {r.id for r in self.rules}

    def get(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


def parse_rule_file(path: Path) -> Rule:
    """Parse one rule file; a problem is a ConfigError that names the file, the line and each field."""
    return load_model(path, Rule, what="rule file", fix=f"Compare with {TEMPLATE}.")


def rules_version(rules_dir: Path) -> str:
    """A version string that changes whenever any file that shapes a result changes."""
    digest = hashlib.sha256()
    for pattern in VERSIONED_GLOBS:
        for path in sorted(rules_dir.glob(pattern)):
            digest.update(path.relative_to(rules_dir).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    base_file = rules_dir / "VERSION"
    base = base_file.read_text(encoding="utf-8").strip() if base_file.exists() else "0"
    return f"{base}+{digest.hexdigest()[:12]}"


def load_rules(rules_dir: Path) -> RuleSet:
    """Every ``rules_dir/risk/*.yml`` except ``_*.yml`` templates; duplicate ids are an error."""
    risk_dir = rules_dir / "risk"
    files = sorted(p for p in risk_dir.glob("*.yml") if not p.name.startswith("_"))
    if not files:
        raise ConfigError(
            f"No rule files in {risk_dir}.", hint="Set SCREENING_RULES_DIR to the rules folder."
        )
    rules: list[Rule] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for path in files:
        try:
            rule = parse_rule_file(path)
        except ConfigError as exc:
            problems.append(str(exc))
            continue
        if rule.id in seen:
            problems.append(f"Rule id {rule.id!r} is defined twice: {seen[rule.id]} and {path}.")
            continue
        seen[rule.id] = str(path)
        rules.append(rule)
    if problems:
        raise ConfigError(" ".join(problems))
    rules.sort(key=lambda r: r.id)
    return RuleSet(rules=tuple(rules), version=rules_version(rules_dir), files=seen)

"""Risk rules as data: one YAML file per rule in ``rules/risk/``, validated, compiled to DuckDB SQL.

A rule is declarative: a *kind* that fixes the join (supplier alone, supplier x country indicator,
supplier good x country indicator, supplier x watch-list hit), conditions on named fields, and an
evidence template. Field names are checked against whitelists and values travel as SQL parameters,
so nothing a supplier or a rule author writes becomes SQL text.
"""

from screening.rules.loader import RuleSet, load_rules
from screening.rules.models import Condition, Rule, RuleCase

__all__ = ["Condition", "Rule", "RuleCase", "RuleSet", "load_rules"]

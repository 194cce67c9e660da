"""What a screen needs besides its input: rules, policy, indicator catalog, goods vocabulary and the
watch-list matcher, loaded once per run (or once per process in tests and benchmarks)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from screening.rules.evaluate import DatasetInfo
from screening.rules.loader import RuleSet, load_rules
from screening.scoring.policy import Policy, load_policy
from screening.settings import get_settings

if TYPE_CHECKING:
    from screening.indicators import Catalog
    from screening.matching import Matcher
    from screening.options import RunOptions

#: The pseudo-dataset data-gap rules rest on: the supplier list itself.
INPUT_DATASET = "supplier_list"
#: The pseudo-dataset user watch-list rules rest on (each finding names its own list as user:<name>).
USER_WATCHLIST = "user_watchlist"


@dataclass
class ScreenContext:
    rules_dir: Path
    data_dir: Path  # refreshed editions, and passing dataset validations kept for reuse
    rules: RuleSet
    policy: Policy
    catalog: Catalog
    goods_vocab: Any
    matcher: Matcher
    list_editions: dict[str, str]
    dataset_info: dict[str, DatasetInfo]

    def dataset_records(self) -> list[dict[str, Any]]:
        """Metadata of every dataset used, with its as_of, age and stale flag, for run.json and reports."""
        from screening.indicators.age import dataset_records

        return dataset_records(self.catalog)


def _file_edition(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def load_context(options: RunOptions | None = None) -> ScreenContext:
    from screening.indicators import load_catalog
    from screening.matching import Matcher, build_watchlists
    from screening.normalize.goods_vocab import load_vocabulary

    settings = get_settings()
    rules_dir = options.rules_dir if options and options.rules_dir else settings.rules_dir
    data_dir = options.data_dir if options and options.data_dir else settings.data_dir
    rules = load_rules(rules_dir)
    policy = load_policy(rules_dir)
    catalog = load_catalog(rules_dir, data_dir)
    user_lists = tuple(options.watchlists if options else ()) + settings.watchlists
    lists = build_watchlists(
        {"uflpa": catalog.frame("uflpa"), "cbp_wro": catalog.frame("cbp_wro")}, user_lists
    )
    info = {
        ds_id: DatasetInfo(title=meta.title, edition=str(meta.edition))
        for ds_id, meta in catalog.datasets.items()
    }
    info[INPUT_DATASET] = DatasetInfo(title="the supplier list as submitted", edition="this screen's input")
    info[USER_WATCHLIST] = DatasetInfo(title="watch lists supplied by the user", edition="as supplied")
    editions = {"uflpa": info["uflpa"].edition, "cbp_wro": info["cbp_wro"].edition}
    for path in user_lists:
        editions[f"user:{path.stem}"] = _file_edition(path)
    return ScreenContext(
        rules_dir=rules_dir,
        data_dir=data_dir,
        rules=rules,
        policy=policy,
        catalog=catalog,
        goods_vocab=load_vocabulary(rules_dir),
        matcher=Matcher.for_policy(lists, policy.matching),
        list_editions=editions,
        dataset_info=info,
    )

"""The matcher: screens supplier names against watch lists with a declared algorithm.

A thin loop in the style of yente's scoring: block candidates (:mod:`screening.matching.blocking`),
ask the algorithm to compare each candidate pair, apply the thresholds, keep the best entity per
supplier field (plus any other entity also above the match threshold), sort deterministically.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl

from screening.errors import ConfigError, InputError
from screening.matching.algorithm import Comparison, SupplierNameV1, from_config, get_algorithm
from screening.matching.blocking import ListIndex, candidates, make_side
from screening.matching.bounds import BoundConfig
from screening.matching.explain import entity_phrase, sentence
from screening.matching.names import NameForm, name_form, split_alternatives
from screening.matching.tokenize import token_frame
from screening.matching.watchlist import ListedName, WatchEntry, WatchList

if TYPE_CHECKING:
    from screening.scoring.policy import MatchingPolicy

SCREEN_INPUT = ("_key", "name", "country_code", "field")
#: Names longer than this are matched on their first words up to this many characters (the longest
#: listed name is under 100): matching work grows with the square of a name's words, so a 40 KB
#: "name" must not decide how much memory a screen takes. A hit on a cut name says so.
MAX_NAME_CHARS = 200
HITS_SCHEMA: dict[str, pl.DataType] = {
    "_key": pl.Int64(),
    "field": pl.String(),
    "list_id": pl.String(),
    "entity_id": pl.String(),
    "matched_entity": pl.String(),
    "matched_name": pl.String(),
    "score": pl.Float64(),
    "decision": pl.String(),
    "explanation": pl.String(),
    "entity_country": pl.String(),
    "entity_active": pl.Boolean(),
    "entity_details": pl.String(),
}


@dataclass(frozen=True)
class _Listed:
    entry: int  # index into WatchList.entries
    name: ListedName
    order: int  # position of the name within its entry (primary first)


class Matcher:
    """Screens names against ``lists`` with the algorithm declared as ``algorithm``."""

    def __init__(
        self,
        lists: WatchList,
        algorithm: str = "supplier-name-v1",
        config: Mapping[str, Any] | None = None,
        *,
        match_threshold: float = 0.9,
        review_threshold: float = 0.75,
    ) -> None:
        if not 0.0 <= review_threshold <= match_threshold <= 1.0:
            raise ConfigError(
                f"Matching thresholds must satisfy 0 <= review ({review_threshold}) <= match "
                f"({match_threshold}) <= 1."
            )
        self.lists = lists
        self.algorithm = get_algorithm(algorithm)(config)
        self.match_threshold = match_threshold
        self.review_threshold = review_threshold
        forms: list[NameForm] = []
        self._listed: list[_Listed] = []
        for e_idx, entry in enumerate(lists.entries):
            for order, listed in enumerate(entry.names):
                for alt in split_alternatives(listed.text):
                    form = name_form(alt)
                    if form.tokens or form.numbers:
                        forms.append(form)
                        self._listed.append(_Listed(e_idx, listed, order))
        doc_freq: Counter[str] = Counter()
        for form in forms:
            doc_freq.update({t.text for t in form.tokens if t.kind == "distinctive"})
        self.weights = self.algorithm.token_weights(dict(doc_freq))
        self._bound = _bound_config(self.algorithm.config, self.algorithm.FEATURES)
        self._min_len = int(self.algorithm.config["acronym_min_length"])
        self.index = ListIndex.build(forms, self.weights, self._min_len)

    @classmethod
    def for_policy(cls, lists: WatchList, policy: MatchingPolicy) -> Matcher:
        """The matcher the policy's ``matching`` section declares: its algorithm and thresholds."""
        return cls(
            lists,
            policy.algorithm,
            match_threshold=policy.match_threshold,
            review_threshold=policy.review_threshold,
        )

    # -- single pairs ---------------------------------------------------------------------------
    def decide(self, score: float) -> str:
        if score >= self.match_threshold:
            return "match"
        if score >= self.review_threshold:
            return "review"
        return "no_match"

    def compare(
        self, a: str, b: str, country_a: str | None = None, country_b: str | None = None
    ) -> Comparison:
        """Score two names (each may hold '/'-separated alternatives); the best reading wins."""
        best: tuple[float, dict[str, dict[str, Any]]] | None = None
        for x in split_alternatives(cut_name(a)):
            for y in split_alternatives(cut_name(b)):
                score, feats, _ = self.algorithm.compare_forms(
                    name_form(x),
                    name_form(y),
                    self.weights,
                    country_a=country_a,
                    country_b=country_b,
                    match_threshold=self.match_threshold,
                )
                if best is None or score > best[0]:
                    best = (score, feats)
        assert best is not None
        score = round(best[0], 4)
        decision = self.decide(score)
        text = sentence(f"'{a}' against '{b}'", best[1], score, decision)
        return Comparison(score=score, decision=decision, explanation=text, features=best[1])

    # -- screening ------------------------------------------------------------------------------
    def _score_candidates(self, names: pl.DataFrame, floor: float) -> pl.DataFrame:
        """names: name, country_code (unique rows). Returns one row per (row, listed name) scoring
        at least ``floor``; pairs are found by blocking and bounds, then scored one by one."""
        uniq = names.select("name").unique(maintain_order=True).with_row_index("sid")
        side = make_side(token_frame(uniq, self.weights), "sid", self.weights, self._min_len, self.index.side)
        cands = candidates(side, self.index, self._bound, floor)
        if cands.is_empty():
            return pl.DataFrame()
        work = cands.join(uniq, on="sid").join(names.select("name", "country_code").unique(), on="name")
        rows: list[dict[str, Any]] = []
        forms: dict[str, NameForm] = {}
        for sid_name, lid, country in (
            work.select("name", "lid", "country_code")
            .sort("name", "lid", "country_code", nulls_last=True)
            .iter_rows()
        ):
            form = forms.get(sid_name)
            if form is None:
                form = forms[sid_name] = name_form(sid_name)
            listed = self._listed[lid]
            entry = self.lists.entries[listed.entry]
            score, feats, _ = self.algorithm.compare_forms(
                form,
                self.index.forms[lid],
                self.weights,
                country_a=country,
                country_b=entry.country_code,
                match_threshold=self.match_threshold,
            )
            score = round(score, 4)
            if score < floor:
                continue
            decision = self.decide(score)
            subject = f"'{sid_name}' {entity_phrase(listed.name, entry)}"
            rows.append(
                {
                    "name": sid_name,
                    "country_code": country,
                    "entity_idx": listed.entry,
                    "order": listed.order,
                    "matched_name": listed.name.text,
                    "score": score,
                    "decision": decision,
                    "explanation": sentence(subject, feats, score, decision),
                }
            )
        return pl.DataFrame(rows, infer_schema_length=None, schema_overrides={"country_code": pl.String})

    def _entity_columns(self, hits: pl.DataFrame) -> pl.DataFrame:
        entries = self.lists.entries
        table = pl.DataFrame(
            {
                "entity_idx": list(range(len(entries))),
                "list_id": [e.list_id for e in entries],
                "entity_id": [e.entity_id for e in entries],
                "matched_entity": [e.name for e in entries],
                "entity_country": [e.country_code for e in entries],
                "entity_active": [e.active for e in entries],
                "entity_details": [_details_json(e) for e in entries],
            },
            schema_overrides={"entity_idx": pl.Int64, "entity_country": pl.String},
        )
        return hits.join(table, on="entity_idx")

    def screen(self, df: pl.DataFrame) -> pl.DataFrame:
        """Screen rows (_key, name, country_code, field) -> hits at or above the review threshold."""
        missing = [c for c in SCREEN_INPUT if c not in df.columns]
        if missing:
            raise InputError(
                f"Matcher.screen needs columns {', '.join(SCREEN_INPUT)}; missing {', '.join(missing)}."
            )
        rows = df.select(
            pl.col("_key").cast(pl.Int64),
            pl.col("name").cast(pl.String).str.strip_chars(),
            pl.col("country_code").cast(pl.String),
            pl.col("field").cast(pl.String),
        ).filter(pl.col("name").is_not_null() & (pl.col("name") != ""))
        if rows.is_empty() or not self.lists.entries:
            return pl.DataFrame(schema=HITS_SCHEMA)
        rows = rows.with_columns(pl.col("name").str.len_chars().alias("_chars"), bounded_name("name"))
        scored = self._score_candidates(rows.select("name", "country_code"), self.review_threshold)
        if scored.is_empty():
            return pl.DataFrame(schema=HITS_SCHEMA)
        best_name = (
            scored.sort(["score", "order", "matched_name"], descending=[True, False, False])
            .group_by(["name", "country_code", "entity_idx"], maintain_order=True)
            .first()
        )
        hits = rows.join(best_name, on=["name", "country_code"], nulls_equal=True)
        cut = pl.col("_chars") > MAX_NAME_CHARS
        hits = hits.with_columns(
            pl.when(cut)
            .then(
                pl.format(
                    "{} (matched on the first {} characters of a {}-character name; longer names are "
                    "cut for matching)",
                    "explanation",
                    pl.col("name").str.len_chars(),
                    "_chars",
                )
            )
            .otherwise(pl.col("explanation"))
            .alias("explanation")
        )
        hits = self._entity_columns(hits).sort(
            ["_key", "field", "score", "entity_id"], descending=[False, False, True, False]
        )
        rank = pl.int_range(pl.len()).over(["_key", "field"])
        hits = hits.filter((rank == 0) | (pl.col("score") >= self.match_threshold))
        return hits.select(list(HITS_SCHEMA)).cast(HITS_SCHEMA)  # type: ignore[arg-type]

    def candidates(
        self, name: str, country: str | None = None, limit: int = 10, floor: float = 0.5
    ) -> pl.DataFrame:
        """The best ``limit`` entities for one name, scored down to ``floor`` (for the CLI)."""
        frame = pl.DataFrame(
            {"name": [name], "country_code": [country]}, schema={"name": pl.String, "country_code": pl.String}
        ).with_columns(bounded_name("name"))
        scored = self._score_candidates(frame, floor)
        if scored.is_empty():
            return pl.DataFrame(schema={k: v for k, v in HITS_SCHEMA.items() if k not in ("_key", "field")})
        best = (
            scored.sort(["score", "order", "matched_name"], descending=[True, False, False])
            .group_by("entity_idx", maintain_order=True)
            .first()
        )
        out = self._entity_columns(best).sort(["score", "entity_id"], descending=[True, False]).head(limit)
        cols = [k for k in HITS_SCHEMA if k not in ("_key", "field")]
        return out.select(cols)


def cut_name(name: str) -> str:
    """One name cut as :func:`bounded_name` cuts a column (for ``compare``)."""
    if len(name) <= MAX_NAME_CHARS:
        return name
    head = name[:MAX_NAME_CHARS]
    at_word = head.rsplit(None, 1)[0] if " " in head.strip() else head
    return at_word if len(at_word) >= MAX_NAME_CHARS // 2 else head


def bounded_name(column: str) -> pl.Expr:
    """``column`` cut to at most :data:`MAX_NAME_CHARS` characters, at a word break when there is one."""
    name = pl.col(column)
    head = name.str.slice(0, MAX_NAME_CHARS)
    at_word = head.str.replace(r"\s+\S*$", "")
    cut = pl.when(at_word.str.len_chars() >= MAX_NAME_CHARS // 2).then(at_word).otherwise(head)
    return pl.when(name.str.len_chars() > MAX_NAME_CHARS).then(cut).otherwise(name).alias(column)


def _bound_config(config: Mapping[str, float], features: tuple[Any, ...]) -> BoundConfig:
    """The bound of :mod:`screening.matching.bounds` knows the features of supplier-name-v1 only."""
    if tuple(f.name for f in features) != tuple(f.name for f in SupplierNameV1.FEATURES):
        raise ConfigError("Blocking bounds are defined for the features of supplier-name-v1 only.")
    penalties = [config[f.weight] for f in features if f.role == "penalty" and f.weight is not None]
    slack = sum(-w for w in penalties if w < 0)
    return from_config(BoundConfig, config, {"words_penalty": "words_differ_penalty"}, negative_slack=slack)


def _details_json(entry: WatchEntry) -> str:
    data = dict(entry.details)
    data["reason"] = entry.reason
    return json.dumps(data, sort_keys=True, ensure_ascii=False)

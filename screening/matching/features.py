"""Comparators: small functions that score one aspect of a name pair and say what they saw.

Each takes a :class:`Pair` and the algorithm's config and returns a :class:`FeatureResult` whose
``detail`` is shown to users. The docstring of each comparator is its documentation (``screening
compare --json`` prints it). Evidence comparators say how strongly the names agree; penalty and
cap comparators qualify that (legal forms, places, numbers, country, approximate spelling).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Final

from rapidfuzz.distance import OSA

from screening.matching.align import Alignment, TokenWeights, align
from screening.matching.names import NameForm, Tok, is_transliterated
from screening.matching.places import world_places
from screening.matching.vocab import GENERIC_LEGAL, LEGAL_GROUPS

#: Countries treated as one for the country qualifier (mainland China, Hong Kong, Macao).
COUNTRY_GROUPS: Final[tuple[frozenset[str], ...]] = (frozenset({"CN", "HK", "MO"}),)


@dataclass(frozen=True)
class FeatureResult:
    value: float  # in [0, 1]
    detail: str


@dataclass(frozen=True, kw_only=True)
class Pair:
    """Two normalised names, each with its country, compared under one set of token weights.

    The engine scores the evidence features on the pair as :meth:`of` builds it, then hands the penalty
    features a copy that names the evidence which carried the score (:meth:`with_evidence`)."""

    a: NameForm
    country_a: str | None = None
    b: NameForm
    country_b: str | None = None
    weights: TokenWeights
    alignment: Alignment
    evidence: str = ""
    evidence_value: float = 0.0

    @classmethod
    def of(
        cls, a: NameForm, b: NameForm, weights: TokenWeights, country_a: str | None, country_b: str | None
    ) -> Pair:
        alignment = align(a.tokens, b.tokens)
        return cls(a=a, country_a=country_a, b=b, country_b=country_b, weights=weights, alignment=alignment)

    def with_evidence(self, name: str, value: float) -> Pair:
        return replace(self, evidence=name, evidence_value=value)


def _show(tok: Tok) -> str:
    return tok.text if tok.raw == tok.text else f"{tok.text} ({tok.raw})"


def name_tokens(pair: Pair, cfg: Mapping[str, float]) -> FeatureResult:
    """Weighted token agreement: twice the weight of agreeing tokens over the weight of all tokens
    of both names (a weighted Dice coefficient). Rare words weigh 1, common business words,
    places and group suffixes less; near-spellings count by their similarity."""
    al = pair.alignment
    ta, tb = pair.a.tokens, pair.b.tokens
    wa = [pair.weights.weight(t) for t in ta]
    wb = [pair.weights.weight(t) for t in tb]
    total = sum(wa) + sum(wb)
    if total == 0:
        return FeatureResult(0.0, "no comparable words")
    matched = 0.0
    agreed: list[str] = []
    for link in al.links:
        matched += link.similarity * (sum(wa[i] for i in link.left) + sum(wb[j] for j in link.right))
        left = " ".join(ta[i].text for i in link.left)
        right = " ".join(tb[j].text for j in link.right)
        if link.how == "exact":
            agreed.append(_show(ta[link.left[0]]))
        else:
            agreed.append(f"{left}~{right}")
    diff_a = [_show(ta[i]) for i in al.left_unmatched]
    diff_b = [_show(tb[j]) for j in al.right_unmatched]
    differed = " | ".join(part for part in (", ".join(diff_a) or "-", ", ".join(diff_b) or "-") if part)
    detail = f"agreed: {', '.join(agreed) or 'none'}; differed: {differed if diff_a or diff_b else 'none'}"
    return FeatureResult(matched / total, detail)


def _initials(tokens: tuple[Tok, ...]) -> str:
    return "".join(t.text[0] for t in tokens if t.kind != "weak")


def acronym(pair: Pair, cfg: Mapping[str, float]) -> FeatureResult:
    """One name is the initials of the other ("IBM" / International Business Machines, "P&G" /
    Procter & Gamble). Places beside the short form are allowed ("PLA China")."""
    min_len = int(cfg["acronym_min_length"])
    for short, long in ((pair.a, pair.b), (pair.b, pair.a)):
        core = [t for t in short.tokens if t.kind not in ("place", "weak")]
        if len(core) != 1 or not core[0].text.isalpha():
            continue
        abbr = core[0].text
        full = [t for t in long.tokens if t.kind != "weak"]
        if len(full) < 2 or not min_len <= len(abbr) <= 6:
            continue
        for tokens in (full, [t for t in full if t.kind != "place"]):
            if len(tokens) >= 2 and "".join(t.text[0] for t in tokens) == abbr:
                words = " ".join(t.text for t in tokens)
                return FeatureResult(1.0, f"'{abbr.upper()}' is the initials of '{words}'")
    return FeatureResult(0.0, "neither name is the initials of the other")


def compact_spelling(pair: Pair, cfg: Mapping[str, float]) -> FeatureResult:
    """The names are the same letters once spaces, punctuation and case are ignored ("SiemensAG" /
    "Siemens AG"), or one letter apart in names of ten letters or more."""
    ca, cb = pair.a.compact, pair.b.compact
    if not ca or not cb:
        return FeatureResult(0.0, "nothing to compare")
    if ca == cb:
        return FeatureResult(1.0, "same letters apart from spacing and punctuation")
    length = max(len(ca), len(cb))
    ka, kb = pair.a.key.replace(" ", ""), pair.b.key.replace(" ", "")
    if min(len(ka), len(kb)) >= 10 and OSA.distance(ca, cb, score_cutoff=1) <= 1:
        return FeatureResult(1.0 - 1.0 / length, "one letter apart, ignoring spacing and punctuation")
    return FeatureResult(0.0, "different letters")


def _legal_conflict(a: frozenset[str], b: frozenset[str]) -> tuple[str, str] | None:
    sa, sb = a - GENERIC_LEGAL, b - GENERIC_LEGAL
    if not sa or not sb or sa & sb:
        return None
    for x in sa:
        for y in sb:
            if any(x in g and y in g for g in LEGAL_GROUPS):
                return None
    return ("/".join(sorted(sa)), "/".join(sorted(sb)))


def legal_form_conflict(pair: Pair, cfg: Mapping[str, float]) -> FeatureResult:
    """Both names state a legal form and the forms name different kinds of legal person (AG vs
    GmbH, LLC vs ANO). "Co., Ltd.", "Inc.", "Corp." and "Limited" never conflict."""
    hit = _legal_conflict(pair.a.legal, pair.b.legal)
    if hit is None:
        return FeatureResult(0.0, "legal forms compatible")
    return FeatureResult(1.0, f"legal forms differ: {hit[0].upper()} vs {hit[1].upper()}")


def places_differ(pair: Pair, cfg: Mapping[str, float]) -> FeatureResult:
    """Each name carries a place the other lacks ("Bank of China (Hong Kong)" / "(Singapore)"):
    a sign of sister companies in different places."""
    al = pair.alignment
    pa = [pair.a.tokens[i].text for i in al.left_unmatched if pair.a.tokens[i].kind == "place"]
    pb = [pair.b.tokens[j].text for j in al.right_unmatched if pair.b.tokens[j].kind == "place"]
    if pa and pb:
        return FeatureResult(1.0, f"places differ: {', '.join(pa)} vs {', '.join(pb)}")
    return FeatureResult(0.0, "no conflicting places")


def words_differ(pair: Pair, cfg: Mapping[str, float]) -> FeatureResult:
    """Each name has a word the other lacks ("Zhongtai Securities" / "Zhongtai Chemical",
    "Construction Equipment" / "Construction Engineering"): sister companies in different lines
    of business rather than spellings of one name."""
    al = pair.alignment
    keep = ("distinctive", "generic")
    da = [pair.a.tokens[i].text for i in al.left_unmatched if pair.a.tokens[i].kind in keep]
    db = [pair.b.tokens[j].text for j in al.right_unmatched if pair.b.tokens[j].kind in keep]
    if da and db:
        return FeatureResult(1.0, f"words differ: {', '.join(da)} vs {', '.join(db)}")
    return FeatureResult(0.0, "no word on both sides without a partner")


def national_qualifier(pair: Pair, cfg: Mapping[str, float]) -> FeatureResult:
    """Only one name carries a country or world region the other lacks ("Banco Santander Mexico"
    / "Banco Santander"): possibly a national subsidiary, so never a confirmed match."""
    al = pair.alignment
    world = world_places()
    pa = [pair.a.tokens[i].text for i in al.left_unmatched if pair.a.tokens[i].text in world]
    pb = [pair.b.tokens[j].text for j in al.right_unmatched if pair.b.tokens[j].text in world]
    if bool(pa) != bool(pb):
        return FeatureResult(1.0, f"only one name says {', '.join(pa or pb)}")
    return FeatureResult(0.0, "no country on one side only")


def number_extra(pair: Pair, cfg: Mapping[str, float]) -> FeatureResult:
    """Only one name carries a number ("Management Company 23" / "Management Company"): usually a
    different member of a numbered series."""
    na, nb = pair.a.numbers, pair.b.numbers
    if bool(na) != bool(nb):
        return FeatureResult(1.0, f"number {' '.join(na or nb)} on one side only")
    return FeatureResult(0.0, "numbers on both sides or neither")


def number_mismatch(pair: Pair, cfg: Mapping[str, float]) -> FeatureResult:
    """Both names carry numbers and they differ ("Da Wang 1" / "Da Wang 2"): never a confirmed
    match, at most a possible one."""
    na, nb = pair.a.numbers, pair.b.numbers
    if na and nb and na != nb:
        return FeatureResult(1.0, f"numbers differ: {' '.join(na)} vs {' '.join(nb)}")
    return FeatureResult(0.0, "numbers agree" if na else "no numbers")


#: The similarity of two spellings of one word that a transliteration can account for.
TRANSLITERATION_SIMILARITY = 0.8


def approximate(pair: Pair, cfg: Mapping[str, float]) -> FeatureResult:
    """The agreement rests on an approximate spelling of a distinctive word, on initials, or on
    letters one apart: a possible match for a person to confirm, never a confirmed one."""
    if pair.evidence == "acronym":
        return FeatureResult(1.0, "agreement rests on initials")
    if pair.evidence == "compact_spelling" and pair.evidence_value < 1.0:
        return FeatureResult(1.0, "agreement rests on letters one apart")
    if pair.evidence == "name_tokens":
        # A name written in another script (Korean, Arabic, Greek, Thai, ...) reaches Latin letters by
        # transliteration, which spells a word only approximately (aramko/aramco, hyundae/hyundai): a close
        # spelling there is the transliteration, not a different name.
        transliterated = is_transliterated(pair.a.original) or is_transliterated(pair.b.original)
        for link in pair.alignment.links:
            toks = [pair.a.tokens[i] for i in link.left] + [pair.b.tokens[j] for j in link.right]
            if transliterated and link.similarity >= TRANSLITERATION_SIMILARITY:
                continue
            if link.similarity < 1.0 and any(t.kind == "distinctive" for t in toks):
                left = " ".join(pair.a.tokens[i].text for i in link.left)
                right = " ".join(pair.b.tokens[j].text for j in link.right)
                return FeatureResult(1.0, f"'{left}' only approximately matches '{right}'")
    return FeatureResult(0.0, "distinctive words spelled alike")


def same_country(a: str | None, b: str | None) -> bool | None:
    """True/False when both countries are known, None when either is unknown."""
    if not a or not b:
        return None
    if a == b:
        return True
    return any(a in g and b in g for g in COUNTRY_GROUPS)


def country_mismatch(pair: Pair, cfg: Mapping[str, float]) -> FeatureResult:
    """Both countries are known and differ (a listed Chinese entity named by a supplier said to be
    in Viet Nam): the names may still be the same company, so this costs points, not all.
    An unknown country costs nothing."""
    same = same_country(pair.country_a, pair.country_b)
    if same is None:
        return FeatureResult(0.0, "country not known on both sides (no penalty)")
    if same:
        return FeatureResult(0.0, f"country {pair.country_a} agrees")
    return FeatureResult(1.0, f"country differs: {pair.country_a} vs listed {pair.country_b}")

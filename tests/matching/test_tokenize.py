"""The vectorised normaliser gives exactly the tokens and compact spelling of ``name_form``."""

import random

import polars as pl

from screening.matching.align import TokenWeights
from screening.matching.names import name_form
from screening.matching.tokenize import token_frame

TRICKY = [
    "Co Ltd",
    "CO., LTD.",
    "AG Foods GmbH",
    "OOO Romashka",
    "The Company",
    "the of and",
    "Limited",
    "A.B.C. Company",
    "N.A.B.C. Company",
    "X.Y.Z.W. Trading",
    "P & G",
    "Procter & Gamble",
    "AT&T Inc.",
    "Mendez A/S",
    "Hong Kong Ltd Kong",
    "Bank of China (Hong Kong) Limited",
    "Hong Co Kong Trading",
    "Inner   Mongolia Yili Industrial Group",
    "Forty Four Holdings",
    "Da Wang 1",
    "Louis XIV Antiques",
    "Cong Ty TNHH Viet Phong",
    "Viet Phong Garment Joint Stock Company",
    "Yildiz Tekstil San. ve Tic. A.S.",
    "Ozturk Konfeksiyon Ltd. Sti.",
    "Sri Lanka Apparel Pvt Ltd",
    "Ningbo Haifeng Import & Export Co., Ltd.",
    "Xinjiang Production and Construction Corps",
    "新疆中泰化学股份有限公司",
    "ООО Ромашка",
    "Société Générale S.A.",
    "O'Brien's Textiles",
    "JSC",
    "Pt Astra",
    "3M Company",
    "123",
    "  ",
    "Group Holdings",
    "Shanghai 2nd Garment Factory",
]


def _names() -> list[str]:
    rng = random.Random(5)
    words = (
        "haifeng textile co ltd limited group hong kong inner mongolia the and of ningbo sa ag 2 iv".split()
    )
    seps = [" ", " ", " ", ", ", ". ", " & ", "-", "/"]
    made = []
    for _ in range(3000):
        parts = [rng.choice(words) for _ in range(rng.randint(1, 6))]
        text = parts[0]
        for p in parts[1:]:
            text += rng.choice(seps) + p
        made.append(text.upper() if rng.random() < 0.3 else text.title())
    return TRICKY + made


def test_vectorised_tokens_equal_name_form(supplier_pairs, lists):
    names = _names() + supplier_pairs["left"].to_list() + supplier_pairs["right"].to_list()
    names += [n.text for e in lists.entries for n in e.names]
    names = list(dict.fromkeys(names))
    frame = pl.DataFrame(
        {"sid": list(range(len(names))), "name": names}, schema={"sid": pl.UInt32, "name": pl.String}
    )
    out = token_frame(frame, TokenWeights())
    assert out.fallback < len(names) / 3  # most names take the vectorised path
    got: dict[int, list[tuple[str, str, bool]]] = {}
    for sid, tok, kind, qual in out.tokens.select("sid", "tok", "kind", "qual").iter_rows():
        got.setdefault(sid, []).append((tok, kind, qual))
    compact = dict(out.compact.select("sid", "compact").iter_rows())
    for sid, name in enumerate(names):
        form = name_form(name)
        assert got.get(sid, []) == [(t.text, t.kind, t.qualifier) for t in form.tokens], name
        assert compact[sid] == form.compact, name
    keys = out.tokens.select("sid", "pos").rows()
    assert keys == sorted(keys)

"""Watch-list screening by entity name: UFLPA Entity List, CBP WRO/Finding entities, user lists.

>>> lists = build_watchlists({"uflpa": uflpa_frame, "cbp_wro": cbp_frame})   # doctest: +SKIP
>>> matcher = Matcher(lists, "supplier-name-v1", match_threshold=0.9, review_threshold=0.75)  # doctest: +SKIP
>>> hits = matcher.screen(rows)            # _key, name, country_code, field -> hits  # doctest: +SKIP
>>> matcher.compare("HOSHINE SILICON IND (SHANSHAN) CO LTD",
...                 "Hoshine Silicon Industry (Shanshan) Co., Ltd.").decision   # doctest: +SKIP
'match'
"""

from screening.matching.algorithm import ALGORITHMS, Algorithm, Comparison, SupplierNameV1, get_algorithm
from screening.matching.matcher import HITS_SCHEMA, Matcher
from screening.matching.names import NameForm, name_form
from screening.matching.watchlist import ListedName, WatchEntry, WatchList, build_watchlists, is_scope

__all__ = [
    "ALGORITHMS",
    "HITS_SCHEMA",
    "Algorithm",
    "Comparison",
    "ListedName",
    "Matcher",
    "NameForm",
    "SupplierNameV1",
    "WatchEntry",
    "WatchList",
    "build_watchlists",
    "get_algorithm",
    "is_scope",
    "name_form",
]

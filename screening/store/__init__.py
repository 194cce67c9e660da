"""The screening store: history of screens in DuckDB, identity across screens, diffs and reviews.

```python
from screening.store import open_store
with open_store(path) as store:
    findings = store.attach_reviews(list_name, findings, scores)   # + fingerprint, review_status, ...
    store.persist_run(run, list_name, scores, findings)           # one transaction
    prev = store.previous_run_id(list_name, run["run_id"])
    if prev:
        store.diff(prev, run["run_id"]).to_frame()                # -> diff.csv
```
"""

from screening.store.diff import CHANGES, DIFF_COLUMNS, Diff
from screening.store.identity import fingerprint
from screening.store.reviews import DECISIONS, REVIEW_COLUMNS, REVIEW_STATUSES
from screening.store.schema import CURRENT_VERSION
from screening.store.store import STORE_FILE_NAME, SUCCESS_STATUS, Store, default_store_path, open_store

__all__ = [
    "CHANGES",
    "CURRENT_VERSION",
    "DECISIONS",
    "DIFF_COLUMNS",
    "REVIEW_COLUMNS",
    "REVIEW_STATUSES",
    "STORE_FILE_NAME",
    "SUCCESS_STATUS",
    "Diff",
    "Store",
    "default_store_path",
    "fingerprint",
    "open_store",
]

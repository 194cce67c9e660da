"""The auditors' review app: a local web app over the screening store (``screening app``).

```python
from screening.app import AppConfig, create_app
app = create_app(AppConfig(store_path=Path("screening.duckdb")))   # a Flask (WSGI) app
```

Pages: the queue (filters, counts by supplier, keyboard navigation), a supplier page (score, findings
with evidence, match explanation, own columns, history, decisions, decision forms), the audit log with
its chain verified, the diff of two screens, the evidence pack as a zip and the run's reports. Every
decision goes through the store's library (:meth:`screening.store.Store.decide` with ``expected_seq``), so a
decision taken here and one taken with ``screening review decide`` are the same kind of record in the
same hash-chained audit log. Templates autoescape; every form carries a CSRF token.
"""

from screening.app.config import AppConfig
from screening.app.factory import create_app

__all__ = ["AppConfig", "create_app"]

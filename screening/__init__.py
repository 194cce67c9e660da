"""Supply-chain forced-labour risk screening.

The library behind the ``screening`` CLI and the Prefect flows in ``flows/``: ingest supplier lists,
normalise them, join them in DuckDB against bundled public risk indicators, and write scores in which
every point is explained.
"""

__version__ = "0.1.0"

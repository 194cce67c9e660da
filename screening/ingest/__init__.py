"""Ingest: supplier lists as companies export them -> one frame of the contract's input fields.

``read_inputs(paths, mapping=None, sheet=None) -> IngestResult``:

- formats: delimited text (``, ; tab |``, sniffed; UTF-8 with or without BOM, UTF-16, UTF-32,
  Windows-1252/Latin-1 and other code pages detected; quoted multi-line cells), XLSX (first sheet
  or ``sheet``), Parquet, JSON (an array of objects or ``{"suppliers": [...]}``), NDJSON; an unknown
  extension is sniffed from the content;
- the header row is found below title rows; columns are recognised by the contract's aliases
  (:mod:`screening.ingest.aliases`), by a preset for known published formats
  (``rules/presets/*.yml``, :mod:`screening.ingest.presets`) or by a ``--mapping`` file
  (:mod:`screening.ingest.mapping`);
- ``frame`` holds the screenable rows (every column of ``contract.INGEST_SCHEMA`` plus input
  columns carried through under their header), ``quarantine`` every other row with its reason,
  ``inputs`` one record per file (sha256, format, encoding, rows, fields found, guesses, ids...),
  ``notes`` what a person should know about how the files were read.
"""

from screening.ingest.quarantine import QUARANTINE_SCHEMA
from screening.ingest.read import IngestResult, read_inputs

__all__ = ["QUARANTINE_SCHEMA", "IngestResult", "read_inputs"]

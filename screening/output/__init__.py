"""Writers of the run's tables (CSV, Parquet, run.json), formula-safe for spreadsheets."""

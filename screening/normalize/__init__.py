"""Normalisation of ingested supplier rows: countries, regions, goods and sectors.

Each module works over unique values and joins back, so a million rows cost what their distinct
values cost.
"""

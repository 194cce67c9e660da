"""``supplier_key``: the same supplier-site across the rows and the editions of a list.

Lists repeat suppliers: Apple's published list stacks ten yearly editions, a purchase-order extract
names a factory on every line. Every row is screened, and rows that name the same supplier at the same
site share a key, so counts can be given by row and by distinct supplier-site. The key is the sha256 of
the folded name (case, accents, punctuation and spacing ignored), the country code and the folded site
(address, else city, else the region as written): stable across runs, machines and library versions.
"""

from __future__ import annotations

import hashlib

import polars as pl

#: The site, most stable first: lists that repeat a supplier across editions often give a full address in
#: one year and only the province the next (Apple's list), so the normalised region wins when known.
_SITE_FIELDS = ("region_code", "city", "address", "region_raw")


def _fold(col: str) -> pl.Expr:
    return (
        pl.col(col)
        .cast(pl.String)
        .fill_null("")
        .str.normalize("NFKD")
        .str.replace_all(r"\p{Mn}", "")
        .str.to_lowercase()
        .str.replace_all(r"[^\p{L}\p{N}]+", " ")
        .str.strip_chars()
    )


def add_supplier_key(frame: pl.DataFrame) -> pl.DataFrame:
    """Add ``supplier_key`` ("sk-" and 16 hex digits) to a normalised frame."""
    site_cols = [c for c in _SITE_FIELDS if c in frame.columns]
    site = pl.coalesce([pl.when(_fold(c) != "").then(_fold(c)) for c in site_cols]) if site_cols else None
    basis = pl.concat_str(
        _fold("supplier_name"),
        pl.col("country_code").fill_null(""),
        site.fill_null("") if site is not None else pl.lit(""),
        separator="|",
    )
    keyed = frame.with_columns(basis.alias("_key_basis"))
    distinct = keyed.get_column("_key_basis").unique()
    digests = ["sk-" + hashlib.sha256(value.encode("utf-8")).hexdigest()[:16] for value in distinct.to_list()]
    return keyed.with_columns(
        pl.col("_key_basis").replace_strict(distinct, digests, return_dtype=pl.String).alias("supplier_key")
    ).drop("_key_basis")

"""``supplier_key``: the same supplier-site across the rows and the editions of a list.

Lists repeat suppliers: Apple's published list stacks ten yearly editions, a purchase-order extract
names a factory on every line. Every row is screened, and rows that name the same supplier at the same
site share a key, so counts can be given by row and by distinct supplier-site. The key is the sha256 of
the folded name (case, accents, punctuation and spacing ignored), the country code and the folded site
(address, else city, else the region as written): stable across runs, machines and library versions.
"""

from __future__ import annotations

import polars as pl

#: The site, most stable first: lists that repeat a supplier across editions often give a full address in
#: one year and only the province the next (Apple's list), so the normalised region wins when known.
_SITE_FIELDS = ("region_code", "city", "address", "region_raw")


def _fold(col: str, *, accents: bool = True) -> pl.Expr:
    """Case, accents, punctuation and spacing folded. ``accents=False`` skips the Unicode
    decomposition, which changes nothing in ASCII text (see :func:`_folded_names`)."""
    text = pl.col(col).cast(pl.String).fill_null("")
    if accents:
        text = text.str.normalize("NFKD").str.replace_all(r"\p{Mn}", "")
    return text.str.to_lowercase().str.replace_all(r"[^\p{L}\p{N}]+", " ").str.strip_chars()


def _folded_names(frame: pl.DataFrame) -> pl.Series:
    """``supplier_name`` folded; the decomposition runs only on the names that are not ASCII."""
    names = frame.select(pl.col("supplier_name").cast(pl.String).fill_null(""))
    folded = names.select(_fold("supplier_name", accents=False)).to_series()
    wide = names.select(pl.col("supplier_name").str.contains(r"[^\x00-\x7f]").arg_true()).to_series()
    if wide.len():
        folded = folded.scatter(wide, names[wide].select(_fold("supplier_name")).to_series())
    return folded


def _folded_site(frame: pl.DataFrame, col: str) -> pl.Series:
    """``col`` folded, null where empty; folded once per distinct value (sites repeat across rows)."""
    values = frame.get_column(col).cast(pl.String)
    distinct = values.drop_nulls().unique().sort()
    folded = distinct.to_frame("v").select(_fold("v")).to_series()
    folded = pl.select(pl.when(folded != "").then(folded)).to_series()
    return values.replace_strict(distinct, folded, default=None, return_dtype=pl.String)


def add_supplier_key(frame: pl.DataFrame) -> pl.DataFrame:
    """Add ``supplier_key`` ("sk-" and 16 hex digits) to a normalised frame."""
    import duckdb

    sites = [_folded_site(frame, c) for c in _SITE_FIELDS if c in frame.columns]
    site = pl.coalesce([pl.lit(s) for s in sites]).fill_null("") if sites else pl.lit("")
    basis = frame.select(
        pl.concat_str(
            pl.lit(_folded_names(frame)), pl.col("country_code").fill_null(""), site, separator="|"
        ).alias("basis")
    )
    # SHA-256 in DuckDB: vectorised over every row (in order), the same digest as hashlib's
    with duckdb.connect() as con:
        con.register("basis", basis)
        keys = con.sql("SELECT 'sk-' || left(sha256(basis), 16) AS supplier_key FROM basis").pl()
    return frame.with_columns(keys.get_column("supplier_key"))

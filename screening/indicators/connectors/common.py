"""What every connector shares: the parsed edition it returns, strict CSV reading, and CSV writing.

A connector turns a :class:`~screening.indicators.connectors.http.Download` into a
:class:`ParsedEdition`: rows in the bundled dataset's own columns (every value text, ``""`` for
blank), an edition label read from the publication, and notes on how it was read. The refresh then
validates those rows with the dataset's expectations before anything is staged.

Problems with the file itself are :class:`~screening.errors.SourceError`\\ s raised here with a message
naming the source, the redacted URL and what is wrong: an HTML page where data was expected, a file
cut off mid-row (truncated), a header that is not the one the format has (schema change).
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from screening.errors import ConfigError, SourceError
from screening.indicators.connectors.pages import decode_text, looks_like_html, read_page
from screening.indicators.models import header_key

if TYPE_CHECKING:
    import polars as pl

    from screening.indicators.connectors.http import Download
    from screening.indicators.models import DatasetMeta, RefreshSpec

#: The format name used when a source serves a CSV in the bundled dataset's own columns.
PLAIN_CSV = "plain_csv"


@dataclass
class ParsedEdition:
    """A new edition as read from the publisher: rows in the bundled columns, plus where they came from."""

    rows: list[dict[str, str]]
    edition: str
    format: str  # the publication format that was read (e.g. cbp_wro_csv) or plain_csv
    downloads: list[Download]  # every resource fetched, the landing page first
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    """What a connector may consult besides the download: the active edition and the rules folder."""

    meta: DatasetMeta  # metadata of the edition in use (the template of the new one)
    refresh: (
        RefreshSpec  # the publication's format and column names (``refresh:`` in rules/indicators/<id>.yml)
    )
    active: pl.DataFrame  # its rows (text columns plus country_code)
    fetch: Callable[[str], Download]  # fetch a further URL (a file linked from a landing page)
    lookup: Callable[[str], pl.DataFrame]  # another dataset's active rows, by id (e.g. regions)
    rules_dir: Path  # the rules folder (e.g. the goods vocabulary for ILAB sectors)


#: A connector's parser: a download (and what it may consult) -> the candidate edition.
Parser = Callable[["Download", Context], ParsedEdition]


def fail(source: str, download: Download, problem: str, fix: str = "") -> SourceError:
    """A SourceError in the house form: source, redacted URL, what is wrong, the active edition is kept."""
    tail = f" {fix}" if fix else ""
    return SourceError(
        f"{source}: {download.shown}: {problem}. The active edition is unchanged and nothing was "
        f"staged.{tail}"
    )


def page_title(download: Download) -> str:
    text = decode_text(download.content)
    return read_page(text[:200_000]).title or "(no title)"


def refuse_html(source: str, download: Download, expected: str) -> None:
    """Raise when ``download`` is an HTML page while ``expected`` (e.g. "a CSV file") was wanted."""
    if looks_like_html(download.content, download.content_type):
        raise fail(
            source,
            download,
            f"received an HTML page (title: {page_title(download)!r}) instead of {expected}; it is an "
            "error, login or maintenance page, or the URL points at a web page rather than the file",
            f"Check the URL, or set SCREENING_SOURCE_{source.upper()}_URL to the file's address.",
        )


def read_csv_strict(
    source: str, download: Download, *, text: str | None = None
) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV, refusing a file that is cut off (unclosed quote, short last row)."""
    body = decode_text(download.content) if text is None else text
    if not body.strip():
        raise fail(source, download, "the file is empty")
    try:
        records = list(csv.reader(io.StringIO(body, newline=""), strict=True))
    except csv.Error as exc:
        raise fail(
            source, download, f"is not a readable CSV ({exc}); the file is truncated or corrupted"
        ) from None
    records = [r for r in records if any(cell.strip() for cell in r)]
    if not records:
        raise fail(source, download, "the file has no rows")
    header = [h.strip().lstrip("\ufeff") for h in records[0]]
    rows = records[1:]
    width = len(header)
    if body.count('"') % 2 == 1:
        raise fail(source, download, "ends inside a quoted field: the file is truncated")
    bad = [i for i, r in enumerate(rows) if len(r) != width]
    if bad:
        last = len(rows) - 1
        if bad == [last] and len(rows[last]) < width:
            raise fail(
                source,
                download,
                f"the last row has {len(rows[last])} of {width} fields: the file is truncated "
                f"(cut off after {len(rows) - 1} complete rows)",
            )
        first = bad[0]
        raise fail(
            source,
            download,
            f"{len(bad)} row(s) do not have the header's {width} fields (first at CSV line {first + 2}, "
            f"{len(rows[first])} fields): the file is corrupted or not this format",
        )
    return header, rows


def schema_error(
    source: str,
    download: Download,
    what: str,
    header: Sequence[str],
    missing: Iterable[str],
    recognised: Iterable[str],
) -> SourceError:
    """The header lacks columns the format needs; ``recognised`` are the header's known columns."""
    missing = list(missing)
    known = set(recognised)
    unexpected = [h for h in header if h not in known]
    return fail(
        source,
        download,
        f"the {what} header changed: missing {missing}, unexpected {unexpected or 'none'} "
        f"(found: {list(header)})",
        "The publisher changed the file's schema: after checking what the columns now mean, add a renamed "
        f"column's name under `refresh.columns` in rules/indicators/{source}.yml (a column whose meaning "
        f"changed needs a change to screening/indicators/connectors/{source}.py).",
    )


def publisher_columns(source: str, ctx: Context, needed: Iterable[str]) -> Mapping[str, tuple[str, ...]]:
    """field -> the publisher's names for its column (``refresh.columns`` of the dataset's metadata).

    A ConfigError when a field in ``needed`` (one the connector cannot read the publication without,
    or names in its errors) is not listed there.
    """
    columns = ctx.refresh.columns
    absent = [f for f in needed if f not in columns]
    if absent:
        raise ConfigError(
            f"rules/indicators/{source}.yml: `refresh.columns` does not list {', '.join(absent)}, which "
            f"the {source} connector reads.",
            hint="Add each with the column name(s) the publisher uses, then run `screening rules validate`.",
        )
    return columns


#: A required field, or a group of fields of which one is enough (e.g. a child or forced labour flag).
Required = str | tuple[str, ...]


def find_columns(
    source: str,
    ctx: Context,
    download: Download,
    what: str,
    header: Sequence[str],
    required: Sequence[Required],
) -> dict[str, int]:
    """field -> position in ``header`` of its column, matched by the names of ``refresh.columns``.

    A schema error (naming, by its current name, each required field or group of which no column is
    found) when the header lacks one; ``what`` names the file in it (e.g. "CBP WRO/Findings CSV").
    """
    groups = [(r,) if isinstance(r, str) else r for r in required]
    names = publisher_columns(source, ctx, [f for group in groups for f in group])
    idx = header_index(header, names)
    missing = [" / ".join(names[f][0] for f in group) for group in groups if not set(group) & set(idx)]
    if missing:
        raise schema_error(source, download, what, header, missing, [header[i] for i in idx.values()])
    return idx


def plain_rows(source: str, download: Download, meta: DatasetMeta) -> list[dict[str, str]] | None:
    """Rows of a CSV in exactly the bundled dataset's columns, or None when the header is different.

    A header that shares most columns with the bundled one but not all is a schema change (error),
    not another format.
    """
    header, rows = read_csv_strict(source, download)
    declared = list(meta.columns)
    if set(header) == set(declared) and len(header) == len(declared):
        return [dict(zip(header, (v.strip() for v in row), strict=True)) for row in rows]
    shared = set(header) & set(declared)
    if len(shared) >= max(2, len(declared) // 2):
        raise schema_error(
            source, download, "dataset CSV", header, [c for c in declared if c not in header], declared
        )
    return None


def page_or_mirror(
    source: str, neither: str, fix: str, label: Callable[[list[dict[str, str]]], str]
) -> Callable[[Parser], Parser]:
    """A parser of the publisher's HTML page that also reads a mirror CSV in the bundled dataset's columns.

    A download that is not HTML is read as such a CSV, its edition named by ``label(rows)``; a
    SourceError when it is neither the publisher's page (``neither`` names it) nor such a CSV.
    """

    def wrap(parse_page: Parser) -> Parser:
        @functools.wraps(parse_page)
        def parse(download: Download, ctx: Context) -> ParsedEdition:
            if looks_like_html(download.content, download.content_type):
                return parse_page(download, ctx)
            plain = plain_rows(source, download, ctx.meta)
            if plain is None:
                raise fail(source, download, f"is neither {neither} nor a CSV in this dataset's columns", fix)
            return ParsedEdition(rows=plain, edition=label(plain), format=PLAIN_CSV, downloads=[download])

        return parse

    return wrap


def header_index(header: Sequence[str], aliases: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """field -> column position, matching headers to aliases ignoring case, spaces and punctuation."""
    keys = [header_key(h) for h in header]
    found: dict[str, int] = {}
    for name, options in aliases.items():
        for option in options:
            k = header_key(option)
            if k in keys:
                found[name] = keys.index(k)
                break
    return found


def write_csv(rows: Sequence[Mapping[str, str]], columns: Sequence[str]) -> bytes:
    """CSV bytes (UTF-8, LF, minimal quoting) of ``rows`` in ``columns`` order: deterministic."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return buf.getvalue().encode("utf-8")


def max_iso_date(values: Iterable[str]) -> str | None:
    dates = sorted(v for v in values if len(v) >= 10 and v[:4].isdigit() and v[4] == "-")
    return dates[-1][:10] if dates else None

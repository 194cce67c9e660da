"""Reading publishers' HTML pages with the standard library: text blocks in order, tables, links.

:func:`read_page` turns a page into a :class:`Page`: its title, every link (text and href), every
table (rows of cell texts, with the header row when the table has ``<th>`` cells, plus the text
that came just before the table, which on government pages names what the table lists), and the
page's text blocks (headings, paragraphs, list items, table cells) in document order. Scripts,
styles and navigation boilerplate carry no data and are skipped. Nothing is executed or fetched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "li",
        "td",
        "th",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "caption",
        "dt",
        "dd",
        "section",
        "article",
        "header",
        "footer",
        "tr",
        "table",
        "ul",
        "ol",
        "blockquote",
        "br",
        "summary",
    }
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "nav"})
_VOID_TAGS = frozenset({"br", "img", "hr", "meta", "link", "input", "source", "wbr", "col", "area", "base"})


def squash(text: str) -> str:
    """Collapse runs of whitespace (including non-breaking spaces) to single spaces."""
    return " ".join(text.replace("\xa0", " ").split())


@dataclass
class Table:
    header: list[str]  # the texts of the first row when it is made of <th> cells, else []
    rows: list[list[str]]  # body rows (cell texts)
    before: str  # the text blocks just before the table (up to ~600 characters), for its caption
    caption: str = ""
    classes: str = ""
    closed: bool = False  # False when the page ended before </table>: a truncated page


@dataclass
class Block:
    tag: str
    text: str


@dataclass
class Page:
    title: str
    blocks: list[Block] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, href)
    closed: bool = False  # saw </html> (or </body>): the page arrived whole

    def text(self) -> str:
        return " ".join(b.text for b in self.blocks)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page(title="")
        self._skip = 0
        self._in_title = False
        self._title: list[str] = []
        self._buf: list[str] = []
        self._tags: list[str] = []
        self._tables: list[Table] = []
        self._row: list[str] | None = None
        self._row_th = True
        self._cell: list[str] | None = None
        self._in_caption = False
        self._link: tuple[str, list[str]] | None = None
        self._recent: list[str] = []

    # -- helpers -----------------------------------------------------------------------------
    def _flush(self) -> None:
        text = squash("".join(self._buf))
        self._buf = []
        if not text:
            return
        tag = next((t for t in reversed(self._tags) if t in _BLOCK_TAGS), "body")
        self.page.blocks.append(Block(tag, text))
        self._recent.append(text)
        if len(self._recent) > 8:
            self._recent = self._recent[-8:]

    def _before(self) -> str:
        text = " ".join(self._recent)
        return text[-600:]

    # -- events ------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
            return
        if self._skip:
            return
        if tag == "title":
            self._in_title = True
            return
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag not in _VOID_TAGS:
            self._tags.append(tag)
        attr = dict(attrs)
        if tag == "table":
            self._tables.append(
                Table(header=[], rows=[], before=self._before(), classes=attr.get("class") or "")
            )
            self._recent = []
        elif tag == "tr" and self._tables:
            self._row, self._row_th = [], True
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
            if tag == "td":
                self._row_th = False
        elif tag == "caption":
            self._in_caption = True
        elif tag == "a" and attr.get("href"):
            self._link = (str(attr["href"]), [])

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
            return
        if self._skip:
            return
        if tag == "title":
            self._in_title = False
            self.page.title = squash("".join(self._title))
            return
        if tag in ("html", "body"):
            self.page.closed = True
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag == "a" and self._link is not None:
            href, parts = self._link
            self.page.links.append((squash("".join(parts)), href))
            self._link = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(squash("".join(self._cell)))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._tables:
            table = self._tables[-1]
            if self._row and self._row_th and not table.header and not table.rows:
                table.header = self._row
            elif self._row:
                table.rows.append(self._row)
            self._row = None
        elif tag == "caption":
            self._in_caption = False
        elif tag == "table" and self._tables:
            table = self._tables.pop()
            table.closed = True
            self.page.tables.append(table)
        if tag in self._tags:
            while self._tags and self._tags.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_title:
            self._title.append(data)
            return
        self._buf.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._link is not None:
            self._link[1].append(data)
        if self._in_caption and self._tables:
            self._tables[-1].caption = squash(self._tables[-1].caption + " " + data)

    def close(self) -> None:
        super().close()
        self._flush()
        for table in self._tables:  # never closed: keep them, marked, so callers can refuse
            if self._row:
                table.rows.append(self._row)
            self.page.tables.append(table)
        self._tables = []


def read_page(text: str) -> Page:
    parser = _Parser()
    parser.feed(text)
    parser.close()
    return parser.page


_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)


def looks_like_html(content: bytes, content_type: str = "") -> bool:
    """Whether a downloaded body is an HTML page (by its declared type or its first bytes)."""
    if "html" in content_type.lower():
        return True
    head = content[:2048].lstrip(b"\xef\xbb\xbf")
    return bool(_HTML_START.match(head)) or b"<html" in head.lower()


def decode_text(content: bytes) -> str:
    """Text of a download: UTF-8 (with or without BOM), else Windows-1252 (CBP's CSV is not UTF-8)."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")

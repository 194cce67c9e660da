"""Text encodings of delimited files: byte-order marks, UTF-8, UTF-16, and legacy code pages.

:func:`to_utf8` returns the file as UTF-8 bytes (what polars reads) and the encoding it found:
``utf-8``, ``utf-8-sig`` (with BOM), ``utf-16-le`` / ``utf-16-be`` (BOM or no BOM), ``utf-32-*``,
or a legacy code page picked with charset-normalizer. Western European single-byte files come out as
``cp1252`` (Windows-1252, the superset of Latin-1 that Excel writes), falling back to ``latin-1``.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from screening.errors import InputError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Single-byte Latin code pages charset-normalizer often names for short Western European text;
#: Windows-1252 is what such files almost always are.
_LATIN_LOOKALIKES = frozenset(
    {
        "cp1252", "cp1250", "cp1257", "latin_1", "iso8859_1", "iso8859_2", "iso8859_3", "iso8859_4",
        "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16",
        "hp_roman8", "mac_roman", "mac_latin2", "mac_iceland", "cp850", "cp437", "cp858", "cp775",
    }
)  # fmt: skip


#: Bytes Windows-1252 leaves undefined: text holding them is in another code page.
_C1_IN_CP1252 = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
#: Prefix of the encoding recorded for a UTF-8 file with some CP1252 lines.
MIXED = "utf-8+cp1252 lines "


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 without a BOM shows as a zero byte in every other position of ASCII-heavy text."""
    sample = head[:4096]
    if len(sample) < 8:
        return None
    even_zero = sum(1 for b in sample[0::2] if b == 0) / max(1, len(sample[0::2]))
    odd_zero = sum(1 for b in sample[1::2] if b == 0) / max(1, len(sample[1::2]))
    if odd_zero > 0.4 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.4 and odd_zero < 0.05:
        return "utf-16-be"
    return None


def _is_utf8(data: bytes, chunk: int = 1 << 24) -> bool:
    """Strict UTF-8 check in 16 MiB steps (no full-size copy of a large file); ASCII is UTF-8 (a check
    ten times faster than decoding)."""
    if data.isascii():
        return True
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        for start in range(0, len(data), chunk):
            decoder.decode(data[start : start + chunk])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _western_pattern(data: bytes) -> bool:
    """True when the bytes above 127 stand mostly alone between ASCII letters ("C\xf4te", "M\xfcller"):
    accented letters of a Western language. Cyrillic, Greek or Baltic text in a single-byte page writes
    whole words of such bytes. Statistics cannot tell code pages apart on a 3-row file; this can."""
    high = [i for i, b in enumerate(data[:200_000]) if b > 127]
    if not high:
        return True
    alone = sum(
        1 for i in high if (i == 0 or data[i - 1] < 128) and (i + 1 >= len(data) or data[i + 1] < 128)
    )
    return alone >= 0.8 * len(high)


def _legacy(data: bytes) -> str:
    """The single-byte code page of text that is not UTF-8: Windows-1252 for Western text (what Excel
    writes), else charset-normalizer's guess."""
    if _western_pattern(data) and not _C1_IN_CP1252.search(data[:200_000]):
        return "cp1252"
    results = from_bytes(data[:200_000])
    names = [m.encoding for m in results]
    best = names[0] if names else None
    if best is None or best in _LATIN_LOOKALIKES:
        return "cp1252"
    return best


def _mixed_lines(data: bytes) -> tuple[bytes, list[int]] | None:
    """A UTF-8 file with some lines in Windows-1252 (two exports pasted together): each line decoded in
    its own encoding. Returns the UTF-8 text and the 1-based numbers of the CP1252 lines, or None
    when no line holds valid non-ASCII UTF-8 (then the file is not UTF-8 at all)."""
    lines = data.split(b"\n")
    out: list[bytes] = []
    legacy: list[int] = []
    utf8_seen = False
    for number, line in enumerate(lines, start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            legacy.append(number)
            out.append(line.decode("cp1252", errors="replace").encode("utf-8"))
            continue
        utf8_seen = utf8_seen or not line.isascii()
        out.append(line)
    if not utf8_seen or not legacy:
        return None
    return b"\n".join(out), legacy


def _decode(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{source} looks like {encoding} text but byte {exc.start} cannot be read as {encoding}. "
            "Fix: save the file as UTF-8 (in Excel: Save As > CSV UTF-8)."
        ) from None


def describe(encoding: str) -> str:
    """A note for the user on how a file was decoded (printed with the run's notes)."""
    if encoding.startswith(MIXED):
        return f"text read as UTF-8, with lines {encoding[len(MIXED) :]} read as Windows-1252 (cp1252)"
    return f"text read as {encoding}"


def to_utf8(data: bytes, source: str) -> tuple[str, bytes]:
    """``(encoding found, the text as UTF-8 bytes without a BOM)``.

    A UTF-8 file with some lines in CP1252 comes out as ``utf-8+cp1252 lines 4, 9`` (see
    :func:`_mixed_lines`)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if name == "utf-8-sig":
                _decode(body, "utf-8", source)
                return name, body
            return name, _decode(body, name, source).encode("utf-8")
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16, _decode(data, utf16, source).encode("utf-8")
    if _is_utf8(data):
        return "utf-8", data
    mixed = _mixed_lines(data)
    if mixed is not None:
        utf8, lines = mixed
        shown = ", ".join(str(n) for n in lines[:20]) + (
            f" and {len(lines) - 20} more" if len(lines) > 20 else ""
        )
        return f"{MIXED}{shown}", utf8
    name = _legacy(data)
    try:
        text = data.decode(name)
    except (UnicodeDecodeError, LookupError):
        name, text = "latin-1", data.decode("latin-1")
    return name, text.encode("utf-8")

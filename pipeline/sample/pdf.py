"""A tiny dependency-free PDF writer for the sample corpus.

The sample corpus must look to the extract stage like a LaTeX paper: standard Type1 text in
Times (not embedded), real fi/fl/ff/ffi/ffl ligature glyphs and words hyphenated at line ends.
Writing the few PDF objects ourselves keeps every file byte-for-byte deterministic and the
project free of a PDF-writing dependency.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

PAGE_WIDTH = 612
PAGE_HEIGHT = 792
FONTS = {"R": "Times-Roman", "B": "Times-Bold"}

# Glyph codes 1..5 are remapped by each font's /Differences to the ligature glyphs, so that
# pdfminer reads U+FB01..U+FB04 as it does from LaTeX output. Standard Times has no ff, ffi
# and ffl glyphs, so viewers leave a gap for them; only fi and fl also render everywhere.
# Only fi and fl: the standard Times fonts viewers substitute have no ff, ffi or ffl glyphs.
_LIGATURE_CODES = ((b"fi", 1), (b"fl", 2))
_LIGATURE_NAMES = ("fi", "fl", "ff", "ffi", "ffl")
_LIGATURE_WIDTHS = {
    "Times-Roman": (556, 556, 500, 833, 833),
    "Times-Bold": (556, 556, 600, 833, 833),
}
_FIRST_CHAR = 1
_LAST_CHAR = 255


@dataclass(frozen=True)
class TextLine:
    """One line of text at an absolute position (points from the bottom-left corner)."""

    x: float
    y: float
    font: str
    size: float
    text: str


def encode_text(text: str) -> bytes:
    """Encode text as WinAnsi bytes, writing fi/fl/ff/ffi/ffl as their ligature glyph codes."""
    data = text.replace("\xa0", " ").encode("cp1252")
    for sequence, code in _LIGATURE_CODES:
        data = data.replace(sequence, bytes([code]))
    return data


@cache
def _glyph_widths(font: str) -> tuple[int, ...]:
    from pdfminer.fontmetrics import FONT_METRICS

    metrics = FONT_METRICS[FONTS.get(font, font)][1]
    widths = [0] * 256
    for code in range(32, 256):
        try:
            char = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            continue
        widths[code] = int(metrics.get(char, 0))
    for code, width in enumerate(_LIGATURE_WIDTHS[FONTS.get(font, font)], 1):
        widths[code] = width
    return tuple(widths)


@cache
def _word_width(word: str, font: str) -> int:
    table = _glyph_widths(font)
    return sum(table[b] for b in encode_text(word))


def text_width(text: str, font: str, size: float) -> float:
    """Width in points of `text` set in `font` ("R" or "B") at `size`."""
    space = _glyph_widths(font)[32]
    words = text.split(" ")
    units = sum(_word_width(w, font) for w in words) + space * (len(words) - 1)
    return units * size / 1000


def wrap(
    text: str,
    font: str,
    size: float,
    width: float,
    breaks: Callable[[str], Sequence[int]] | None = None,
) -> list[str]:
    """Break `text` into lines no wider than `width`, splitting only at plain spaces.

    Args:
        breaks: given a word that does not fit, the positions where it may be hyphenated;
            the longest head (plus "-") that still fits is used.
    """
    scale = size / 1000
    space = _glyph_widths(font)[32] * scale
    lines: list[str] = []
    current, used = "", 0.0
    for word in text.split(" "):
        word_w = _word_width(word, font) * scale
        if not current:
            current, used = word, word_w
        elif used + space + word_w <= width:
            current, used = f"{current} {word}", used + space + word_w
        else:
            head = _hyphen_head(word, font, scale, width - used - space, breaks)
            if head:
                lines.append(f"{current} {head}-")
                word = word[len(head) :]
                word_w = _word_width(word, font) * scale
            else:
                lines.append(current)
            current, used = word, word_w
    if current:
        lines.append(current)
    return lines


def _hyphen_head(
    word: str,
    font: str,
    scale: float,
    room: float,
    breaks: Callable[[str], Sequence[int]] | None,
) -> str:
    if breaks is None:
        return ""
    for position in sorted(breaks(word), reverse=True):
        head = word[:position]
        if _word_width(head + "-", font) * scale <= room:
            return head
    return ""


def render_pdf(pages: Sequence[Sequence[TextLine]]) -> bytes:
    """Serialise pages of text lines as a complete PDF file."""
    fonts = list(FONTS)
    first_page = 3 + len(fonts)
    kids = " ".join(f"{first_page + 2 * i} 0 R" for i in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
    ]
    objects += [_font_object(FONTS[key]) for key in fonts]
    font_refs = " ".join(f"/F{key} {3 + i} 0 R" for i, key in enumerate(fonts))
    for i, page in enumerate(pages):
        objects.append(_page_object(first_page + 2 * i + 1, font_refs))
        objects.append(_stream_object(_content(page)))
    return _assemble(objects)


def _font_object(base_font: str) -> bytes:
    differences = " ".join(f"{code} /{name}" for code, name in enumerate(_LIGATURE_NAMES, 1))
    widths = _glyph_widths(base_font)[_FIRST_CHAR : _LAST_CHAR + 1]
    rows = [" ".join(map(str, widths[i : i + 16])) for i in range(0, len(widths), 16)]
    return (
        f"<< /Type /Font /Subtype /Type1 /BaseFont /{base_font}\n"
        f"/Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding "
        f"/Differences [{differences}] >>\n"
        f"/FirstChar {_FIRST_CHAR} /LastChar {_LAST_CHAR}\n/Widths [" + "\n".join(rows) + "] >>"
    ).encode()


def _page_object(contents: int, font_refs: str) -> bytes:
    return (
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}]\n"
        f"/Resources << /Font << {font_refs} >> /ProcSet [/PDF /Text] >>\n"
        f"/Contents {contents} 0 R >>"
    ).encode()


def _content(lines: Sequence[TextLine]) -> bytes:
    ops = [
        f"BT /F{line.font} {_num(line.size)} Tf {_num(line.x)} {_num(line.y)} Td ".encode()
        + b"("
        + _escape(encode_text(line.text))
        + b") Tj ET"
        for line in lines
    ]
    return b"\n".join(ops) + b"\n"


def _escape(data: bytes) -> bytes:
    data = data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    for code in range(1, len(_LIGATURE_NAMES) + 1):
        data = data.replace(bytes([code]), b"\\%03o" % code)
    return data


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _stream_object(data: bytes) -> bytes:
    packed = zlib.compress(data, 6)
    header = f"<< /Length {len(packed)} /Filter /FlateDecode >>\nstream\n".encode()
    return header + packed + b"\nendstream"


def _assemble(objects: Sequence[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)

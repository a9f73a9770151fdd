"""Lean pdfminer.six text extraction: plain text in content-stream order, without layout.

pdfminer's `extract_text` builds an LTChar per glyph and runs layout analysis, and its
content-stream tokeniser (`PSBaseParser`) works a byte state at a time; together they make it
~16x slower than poppler's `pdftotext`. Counting terms only needs the words, their order and
the line breaks, so this module keeps pdfminer for everything that must be right (xref,
filters, fonts, encodings, ToUnicode maps, form XObjects) and replaces the two slow parts:
content streams are tokenised by one compiled regex that takes whole text operations and whole
runs of path operators in one match, and a small device writes text directly, inserting
spaces and line breaks from glyph positions.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import BinaryIO

from pdfminer.casting import safe_float
from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdffont import PDFFont, PDFType3Font, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFResourceManager, PDFTextState
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.utils import mult_matrix

from pipeline.extract._pdfstream import LeanInterpreter, string_value

_SPACE_EM = 0.15  # a gap wider than this (in ems) between strings is a word break
_LINE_EM = 0.5  # a baseline move larger than this is a line break
_BACK_EM = 1.0  # jumping back along the line by more than this also separates words
_OVERLAP_EM = 0.1  # starting this far back over the last string is overprinting (accents)
# spacing accents (as TeX fonts without ToUnicode decode them) -> combining marks
_ACCENTS = dict(zip("`\u00b4^\u02c6~\u02dc\u00af\u02d8\u02d9\u00a8\u02da\u02dd\u02c7\u00b8\u02db",
                    "\u0300\u0301\u0302\u0302\u0303\u0303\u0304\u0306\u0307\u0308\u030a\u030b"
                    "\u030c\u0327\u0328"))

Piece = tuple[str, float, int, int]  # text, width (text units per unit font size), glyphs, spaces


def extract_lean_text(path: str, max_pages: int | None = None) -> str:
    """Return the text of a PDF in content-stream order, one form feed after each page."""
    with open(path, "rb") as fp:
        return _extract(fp, max_pages)


def extract_lean_bytes(data: bytes, max_pages: int | None = None) -> str:
    """Return the text of a PDF held in memory, as `extract_lean_text` does for a file."""
    return _extract(io.BytesIO(data), max_pages)


def _extract(fp: BinaryIO, max_pages: int | None) -> str:
    """Extract the text of an open PDF file."""
    document = PDFDocument(PDFParser(fp))
    resources = PDFResourceManager(caching=True)
    device = _TextWriter(resources)
    interpreter = LeanInterpreter(resources, device)
    for number, page in enumerate(PDFPage.create_pages(document)):
        if max_pages is not None and number >= max_pages:
            break
        interpreter.process_page(page)
    return "".join(device.parts)


class _TextWriter(PDFTextDevice):
    """A device that appends decoded strings to `parts`, with the separators positions imply.

    Strings arrive as raw tokens (`(...)`, `<...>`) and kerns as raw numbers, so a string seen
    before in the same font is found in a cache without unescaping or decoding it again.
    """

    def __init__(self, rsrcmgr: PDFResourceManager) -> None:
        super().__init__(rsrcmgr)
        self.parts: list[str] = []
        self._pieces: dict[PDFFont, dict[bytes, Piece]] = {}
        self._glyphs: dict[PDFFont, dict[int, tuple[str, float]]] = {}
        self._em_factors: dict[PDFFont, float] = {}
        self._end: tuple[float, float, float, float, float] | None = None  # x, y, ux, uy, em

    def begin_page(self, page: PDFPage, ctm: tuple[float, ...]) -> None:
        self._end = None

    def end_page(self, page: PDFPage) -> None:
        self.parts.append("\f")

    def render_string(self, textstate: PDFTextState, seq: Sequence[object], ncs: object,
                      graphicstate: object) -> None:
        """Append the strings of one Tj/TJ, advancing the text position as pdfminer does."""
        font = textstate.font
        a, b, c, d, e, f = mult_matrix(textstate.matrix, self.ctm)
        scale = textstate.scaling * 0.01
        size = textstate.fontsize * scale
        charspace = textstate.charspace * scale
        wordspace = 0.0 if font.is_multibyte() else textstate.wordspace * scale
        norm = math.hypot(a, b) or 1.0
        factor = self._em_factors.get(font) or self._em_factors.setdefault(font, _em_of(font))
        em = abs(textstate.fontsize) * math.hypot(c, d) * factor
        ems_per_unit = norm / em if em else 1e9  # text-space x units to ems on the page
        pieces = self._pieces.setdefault(font, {})
        if charspace > _SPACE_EM * abs(size) and not font.is_multibyte():
            seq = _one_glyph_each(seq)  # character spacing wide enough to part words
        x, y = textstate.linematrix
        last = None  # where the previous string of this call ended, in text space
        for item in seq:
            if item.__class__ is not bytes:
                continue
            piece = pieces.get(item)
            if piece is None:
                if item[:1] not in (b"(", b"<"):
                    x -= (safe_float(item) or 0.0) * 0.001 * size  # a kern
                    continue
                glyphs = self._glyphs.setdefault(font, {})
                piece = pieces[item] = _decode(font, string_value(item), glyphs)
            if last is None:
                self._add(piece[0], a * x + c * y + e, b * x + d * y + f, a / norm, b / norm, em)
            elif -_OVERLAP_EM <= (x - last) * ems_per_unit <= _SPACE_EM:
                self.parts.append(piece[0])
            else:
                self._add_along(piece[0], (x - last) * ems_per_unit)
            # the gap to the next string counts from the last glyph, not its char spacing
            last = x = x + piece[1] * size + charspace * (piece[2] - 1) + wordspace * piece[3]
            x += charspace
        if last is not None:
            self._end = (a * last + c * y + e, b * last + d * y + f, a / norm, b / norm, em)
        textstate.linematrix = (x, y)

    def _add(self, text: str, x: float, y: float, ux: float, uy: float, em: float) -> None:
        """Append a string that starts at (x, y) on the page, after the separator it needs."""
        if self._end is None:
            self.parts.append(text)
            return
        end_x, end_y, end_ux, end_uy, end_em = self._end
        em = max(em, end_em)
        dx, dy = x - end_x, y - end_y
        across = dy * ux - dx * uy
        if across > _LINE_EM * em or ux * end_ux + uy * end_uy < 0.9:
            # up the page or turned: a new column or block, never a hyphenated word's end
            self.parts += ("\n\n", text)
        elif across < -_LINE_EM * em:
            self.parts += ("\n", text)
        else:
            self._add_along(text, (dx * ux + dy * uy) / em if em else 1e9)

    def _add_along(self, text: str, along: float) -> None:
        """Append a string that starts `along` ems after the last one ended, on its line."""
        parts = self.parts
        if along > _SPACE_EM or along < -_BACK_EM:
            if parts[-1][-1:] != " ":
                parts.append(" ")
        elif along < -_OVERLAP_EM:
            # drawn over the last string: an accent TeX puts on or after its letter
            if text in _ACCENTS:
                text = _ACCENTS[text]
            elif parts[-1] in _ACCENTS and text:
                text = text[0] + _ACCENTS[parts[-1]] + text[1:]
                parts[-1] = ""
        parts.append(text)


def _em_of(font: PDFFont) -> float:
    """Size of an em in text space units per unit of font size (Type3 fonts differ)."""
    if not isinstance(font, PDFType3Font):
        return 1.0
    # a Type3 FontMatrix may use any glyph unit (dvips bitmap fonts use pixels): take twice
    # the median advance width, as a typical glyph is about half an em wide
    widths = sorted(w for w in map(safe_float, font.widths.values()) if w and w > 0)
    return 2 * widths[len(widths) // 2] * abs(font.hscale) if widths else 1.0


def _one_glyph_each(seq: Sequence[object]) -> list[object]:
    """Split the strings of a TJ sequence in a single-byte font into one-byte strings."""
    split: list[object] = []
    for item in seq:
        if item.__class__ is bytes and item[:1] in (b"(", b"<"):
            split.extend(b"<%02x>" % byte for byte in string_value(item))
        else:
            split.append(item)
    return split


def _decode(font: PDFFont, data: bytes, glyphs: dict[int, tuple[str, float]]) -> Piece:
    """Decode one string with the font: its text, total width, glyph and space counts."""
    chars: list[str] = []
    width = 0.0
    spaces = 0
    for cid in font.decode(data):
        glyph = glyphs.get(cid)
        if glyph is None:
            try:
                text = font.to_unichr(cid)
            except PDFUnicodeNotDefined:
                text = f"(cid:{cid})"
            glyph = glyphs[cid] = (text, font.char_width(cid))
        chars.append(glyph[0])
        width += glyph[1]
        spaces += cid == 32
    return "".join(chars), width, len(chars), spaces

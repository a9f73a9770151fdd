"""Lean pdfminer.six text extraction: plain text in content-stream order, without layout.

pdfminer's `extract_text` builds an LTChar per glyph and runs layout analysis, and its
content-stream tokeniser (`PSBaseParser`) handles one byte state at a time; together they make
it ~16x slower than poppler's `pdftotext`. Counting terms only needs the words, their order and
line breaks, so this module keeps pdfminer for everything that must be right (xref, filters,
fonts, encodings, ToUnicode maps, form XObjects) and replaces the two slow parts: content
streams are tokenised by one compiled regex (runs of path operators are skipped whole), and a
small device writes text directly, inserting spaces and newlines from glyph positions.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdffont import PDFFont, PDFType3Font, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager, PDFTextState
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import stream_value
from pdfminer.utils import mult_matrix

_SPACE_EM = 0.15  # a gap wider than this (in ems) between strings is a word break
_LINE_EM = 0.5  # a baseline move larger than this is a line break
_BACK_EM = 1.0  # jumping back along the line by more than this also separates words

_END = rb"(?=[\s()<>\[\]{}/%]|\Z)"  # a token ends at white space, a delimiter or the end
_TOKEN = re.compile(
    # a run of path construction and painting operators, with their numeric operands
    rb"(?P<path>(?:(?:[-+]?[0-9.]+\s+)++(?:re|[mlcvy])" + _END + rb"\s*"
    rb"|[hSsfFBbnW]\*?" + _END + rb"\s*)+)"
    rb"|(?P<num>[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+))"
    rb"|\((?P<str>(?:[^()\\]++|\\.)*+)\)"
    rb"|(?P<op>[A-Za-z'\"][^\s()<>\[\]{}/%]*)"
    rb"|/(?P<name>[^\s()<>\[\]{}/%]*)"
    rb"|(?P<open>\[|<<)|(?P<close>\]|>>)"
    rb"|<(?P<hex>[0-9A-Fa-f\s]*)>"
    rb"|%[^\r\n]*"
    rb"|(?P<nested>\()"
    rb"|\S",
    re.S,
)
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|.)", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"\r\n": b"",
            b"\n": b"", b"\r": b""}
_INLINE_IMAGE_END = re.compile(rb"\sEI" + _END)
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")

# operator -> (interpreter method, number of operands); everything else is ignored
_TEXT_OPERATORS = {
    b"q": ("do_q", 0), b"Q": ("do_Q", 0), b"cm": ("do_cm", 6), b"Do": ("do_Do", 1),
    b"BT": ("do_BT", 0), b"Tf": ("do_Tf", 2), b"Tc": ("do_Tc", 1), b"Tw": ("do_Tw", 1),
    b"Tz": ("do_Tz", 1), b"TL": ("do_TL", 1), b"Ts": ("do_Ts", 1), b"Td": ("do_Td", 2),
    b"TD": ("do_TD", 2), b"Tm": ("do_Tm", 6), b"T*": ("do_T_a", 0), b"Tj": ("do_Tj", 1),
    b"TJ": ("do_TJ", 1), b"'": ("do__q", 1), b'"': ("do__w", 3),
}

Piece = tuple[str, float, int, int]  # text, width (text units per unit font size), glyphs, spaces


def extract_lean_text(path: str, max_pages: int | None = None) -> str:
    """Return the text of a PDF in content-stream order, one form feed after each page."""
    with open(path, "rb") as fp:
        document = PDFDocument(PDFParser(fp))
        resources = PDFResourceManager(caching=True)
        device = _TextWriter(resources)
        interpreter = _LeanInterpreter(resources, device)
        for number, page in enumerate(PDFPage.create_pages(document)):
            if max_pages is not None and number >= max_pages:
                break
            interpreter.process_page(page)
    return "".join(device.parts)


class _TextWriter(PDFTextDevice):
    """A device that appends decoded strings to `parts`, with the separators positions imply."""

    def __init__(self, rsrcmgr: PDFResourceManager) -> None:
        super().__init__(rsrcmgr)
        self.parts: list[str] = []
        self._pieces: dict[PDFFont, dict[bytes, Piece]] = {}
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
        ux, uy = a / norm, b / norm
        em = abs(textstate.fontsize) * math.hypot(c, d) * _em_of(font)
        pieces = self._pieces.setdefault(font, {})
        x, y = textstate.linematrix
        for item in seq:
            if isinstance(item, bytes):
                piece = pieces.get(item) or pieces.setdefault(item, _decode(font, item))
                self._separate(a * x + c * y + e, b * x + d * y + f, ux, uy, em)
                self.parts.append(piece[0])
                # the gap to the next string counts from the last glyph, not its char spacing
                x += piece[1] * size + charspace * (piece[2] - 1) + wordspace * piece[3]
                self._end = (a * x + c * y + e, b * x + d * y + f, ux, uy, em)
                x += charspace
            elif isinstance(item, float):
                x -= item * 0.001 * size
        textstate.linematrix = (x, y)

    def _separate(self, x: float, y: float, ux: float, uy: float, em: float) -> None:
        """Append a newline or space if this string starts away from where the last ended."""
        if self._end is None:
            return
        end_x, end_y, end_ux, end_uy, end_em = self._end
        em = max(em, end_em)
        dx, dy = x - end_x, y - end_y
        across = dy * ux - dx * uy
        if abs(across) > _LINE_EM * em or ux * end_ux + uy * end_uy < 0.9:
            self.parts.append("\n")
            return
        along = dx * ux + dy * uy
        if (along > _SPACE_EM * em or along < -_BACK_EM * em) and self.parts[-1][-1:] != " ":
            self.parts.append(" ")


def _em_of(font: PDFFont) -> float:
    """Height of an em in text space units per unit of font size (Type3 fonts differ)."""
    if isinstance(font, PDFType3Font):
        return abs(font.get_height()) or 1.0
    return 1.0


def _decode(font: PDFFont, data: bytes) -> Piece:
    """Decode one string with the font: its text, total width, glyph and space counts."""
    chars: list[str] = []
    width = 0.0
    spaces = 0
    for cid in font.decode(data):
        try:
            chars.append(font.to_unichr(cid))
        except PDFUnicodeNotDefined:
            chars.append(f"(cid:{cid})")
        width += font.char_width(cid)
        spaces += cid == 32
    return "".join(chars), width, len(chars), spaces


class _LeanInterpreter(PDFPageInterpreter):
    """A page interpreter that runs only the text and state operators, tokenised by regex."""

    def __init__(self, rsrcmgr: PDFResourceManager, device: _TextWriter) -> None:
        super().__init__(rsrcmgr, device)
        self._operators: dict[bytes, tuple[Callable[..., None], int]] = {
            op: (getattr(self, method), n) for op, (method, n) in _TEXT_OPERATORS.items()
        }

    def execute(self, streams: Sequence[object]) -> None:
        """Run the page's content streams, skipping any already running (circular forms)."""
        chunks = []
        self.stream_ids.clear()
        for obj in streams:
            stream = stream_value(obj)
            if stream.objid is None or stream.objid in self.parent_stream_ids:
                continue
            self.stream_ids.add(stream.objid)
            chunks.append(stream.get_data())
        if chunks:
            self._run(b"\n".join(chunks) + b"\n")

    def _run(self, data: bytes) -> None:
        """Tokenise `data` and call the handler of each text operator with its operands."""
        operators = self._operators
        stack: list[object] = []
        outer: list[list[object]] = []
        tokens = _TOKEN.finditer(data)
        while True:
            for m in tokens:
                kind = m.lastgroup
                if kind == "num":
                    stack.append(float(m.group()))
                elif kind == "op":
                    op = m.group()
                    handler = operators.get(op)
                    if handler is not None and len(stack) >= handler[1]:
                        handler[0](*stack[len(stack) - handler[1]:])
                    elif op == b"ID":
                        tokens = _TOKEN.finditer(data, _skip_inline_image(data, m.end()))
                        stack.clear()
                        break
                    stack.clear()
                elif kind == "str":
                    stack.append(_unescape(m.group("str")))
                elif kind == "path":
                    stack.clear()
                elif kind == "name":
                    stack.append(_name(m.group("name")))
                elif kind == "open":
                    outer.append(stack)
                    stack = []
                elif kind == "close":
                    inner, stack = stack, outer.pop() if outer else []
                    stack.append(inner)
                elif kind == "hex":
                    stack.append(_hex(m.group("hex")))
                elif kind == "nested":
                    value, end = _nested_string(data, m.end())
                    stack.append(value)
                    tokens = _TOKEN.finditer(data, end)
                    break
            else:
                return

    def do_q(self) -> None:
        """Save the graphics state (the graphic state proper is never changed here)."""
        self.gstack.append((self.ctm, self.textstate.copy(), self.graphicstate))

    def do_Tf(self, fontid: object, fontsize: object) -> None:
        """Set the font and size."""
        font = self.fontmap.get(fontid)
        self.textstate.font = font or self.rsrcmgr.get_font(None, {})
        if isinstance(fontsize, float):
            self.textstate.fontsize = fontsize

    def do_TJ(self, seq: object) -> None:
        """Show strings with positioning."""
        if self.textstate.font is not None and isinstance(seq, list):
            self.device.render_string(self.textstate, seq, None, None)

    def do__w(self, wordspace: object, charspace: object, string: object) -> None:
        """Set word and character spacing, move to the next line and show a string."""
        self.do_Tw(wordspace)
        self.do_Tc(charspace)
        self.do__q(string)

    def do_Do(self, xobjid: object) -> None:
        """Run a form XObject, then restore the device's matrix to the page's."""
        super().do_Do(xobjid)
        self.device.set_ctm(self.ctm)


def _unescape(raw: bytes) -> bytes:
    """Resolve the backslash escapes of a literal string."""
    if b"\\" not in raw:
        return raw
    return _ESCAPE.sub(_escaped, raw)


def _escaped(m: re.Match[bytes]) -> bytes:
    code = m.group(1)
    if code[:1].isdigit():
        return bytes((int(code, 8) & 0xFF,))
    return _ESCAPES.get(code, code)


def _nested_string(data: bytes, start: int) -> tuple[bytes, int]:
    """Read a literal string with nested parentheses; return it and the end offset."""
    depth, i, n = 1, start, len(data)
    while i < n:
        byte = data[i]
        if byte == 0x5C:  # backslash: the next byte is escaped
            i += 1
        elif byte == 0x28:
            depth += 1
        elif byte == 0x29:
            depth -= 1
            if depth == 0:
                return _unescape(data[start:i]), i + 1
        i += 1
    return _unescape(data[start:]), n


def _skip_inline_image(data: bytes, start: int) -> int:
    """Offset just past the EI that ends an inline image's binary data."""
    m = _INLINE_IMAGE_END.search(data, start + 1)
    return m.end() if m else len(data)


def _name(raw: bytes) -> str:
    if b"#" in raw:
        raw = _NAME_ESCAPE.sub(lambda m: bytes((int(m.group(1), 16),)), raw)
    return raw.decode("utf-8", "replace")


def _hex(digits: bytes) -> bytes:
    digits = b"".join(digits.split())
    return bytes.fromhex((digits + b"0" if len(digits) % 2 else digits).decode())

"""Run a page's content streams fast: one compiled regex tokenises them, and only the text
and state operators are executed.

pdfminer's own tokeniser (`PSBaseParser`) works a byte state at a time and was ~90% of a
layout-free extraction; here a whole text operation, or a whole run of path operators, is
one regex match. Operands stay raw bytes until an operator needs them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from pdfminer.casting import safe_float
from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdftypes import stream_value

_END = rb"(?=[\s()<>\[\]{}/%]|\Z)"  # a token ends at white space, a delimiter or the end
_NUM = rb"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)"
_STR = rb"\((?:[^()\\]++|\\.)*+\)"  # a literal string without nested parentheses
_NUMS = rb"(?:[-+.0-9]++\s++)++"  # operands that look like numbers (float() checks them)
_NAME = rb"[^\s()<>\[\]{}/%]*"
_TOKEN = re.compile(
    # a run of path construction and painting operators, with their operands
    rb"(?P<path>(?:" + _NUMS + rb"(?:re|[mlcvy])" + _END + rb"\s*"
    rb"|[hSsfFBbnW]\*?" + _END + rb"\s*)+)"
    rb"|\[(?P<TJ>(?:[^\]()\\]++|" + _STR + rb")*+)\]\s*TJ" + _END
    + rb"|(?P<Tj>" + _STR + rb")\s*Tj" + _END
    + rb"|/(?P<font>" + _NAME + rb")\s+(?P<Tf>" + _NUM + rb")\s+Tf" + _END
    + rb"|(?P<nums>" + _NUMS + rb")(?P<numop>[A-Za-z'\"]" + _NAME + rb")"
    rb"|(?P<num>" + _NUM + rb")|(?P<str>" + _STR + rb")"
    rb"|(?P<op>[A-Za-z'\"]" + _NAME + rb")|/(?P<name>" + _NAME + rb")"
    rb"|(?P<open>\[|<<)|(?P<close>\]|>>)|(?P<hex><[0-9A-Fa-f\s]*>)|%[^\r\n]*"
    rb"|(?P<nested>\()|\S",
    re.S,
)
_TJ_ITEM = re.compile(_STR + rb"|<[^>]*>|[-+.0-9]+", re.S)
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|.)", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"\r\n": b"",
            b"\n": b"", b"\r": b""}
_PAREN = re.compile(rb"\\.|[()]", re.S)  # what changes the depth of a literal string
_DEPTH = {b"(": 1, b")": -1}
_INLINE_IMAGE_END = re.compile(rb"\sEI" + _END)
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_MARK = object()  # where an array or dictionary opens on the operand stack

# operator -> (interpreter method, number of operands); all other operators are ignored
_TEXT_OPERATORS = {
    b"q": ("do_q", 0), b"Q": ("do_Q", 0), b"cm": ("do_cm", 6), b"Do": ("do_Do", 1),
    b"BT": ("do_BT", 0), b"Tf": ("do_Tf", 2), b"Tc": ("do_Tc", 1), b"Tw": ("do_Tw", 1),
    b"Tz": ("do_Tz", 1), b"TL": ("do_TL", 1), b"Ts": ("do_Ts", 1), b"Td": ("do_Td", 2),
    b"TD": ("do_TD", 2), b"Tm": ("do_Tm", 6), b"T*": ("do_T_a", 0), b"Tj": ("do_Tj", 1),
    b"TJ": ("do_TJ", 1), b"'": ("do__q", 1), b'"': ("do__w", 3),
}


class LeanInterpreter(PDFPageInterpreter):
    """A page interpreter that runs only the text and state operators, tokenised by regex.

    Operands stay raw bytes until an operator needs them (pdfminer's handlers call float()).
    """

    def __init__(self, rsrcmgr: PDFResourceManager, device: PDFTextDevice) -> None:
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
        data = b"\n".join(chunks) + b"\n"
        stack: list[object] = []
        start: int | None = 0
        while start is not None:
            start = self._run(data, start, stack)

    def _run(self, data: bytes, start: int, stack: list[object]) -> int | None:
        """Execute tokens from `start`; return where to resume after binary data, or None."""
        operators = self._operators
        for m in _TOKEN.finditer(data, start):
            kind = m.lastgroup
            if kind == "TJ":
                self.do_TJ(_TJ_ITEM.findall(m.group("TJ")))
            elif kind == "Tj":
                self.do_TJ([m.group("Tj")])
            elif kind == "Tf":
                self.do_Tf(_name(m.group("font")), m.group("Tf"))
            elif kind == "numop" or kind == "op":
                if kind == "numop":
                    stack.extend(m.group("nums").split())
                op = m.group(kind)
                handler = operators.get(op)
                if handler is not None and len(stack) >= handler[1]:
                    handler[0](*stack[len(stack) - handler[1]:])
                elif op == b"ID":
                    stack.clear()
                    return _inline_image_end(data, m.end())
            elif kind == "nested":
                end = _nested_string_end(data, m.end())
                stack.append(data[m.start():end])
                return end
            elif kind != "path":
                _push(stack, kind, m)
                continue
            stack.clear()
        return None

    def do_q(self) -> None:
        """Save the graphics state (the graphic state proper is never changed here)."""
        self.gstack.append((self.ctm, self.textstate.copy(), self.graphicstate))

    def do_Tf(self, fontid: object, fontsize: object) -> None:
        """Set the font and size."""
        font = self.fontmap.get(fontid)
        self.textstate.font = font or self.rsrcmgr.get_font(None, {})
        size = safe_float(fontsize)
        if size is not None:
            self.textstate.fontsize = size

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


def _push(stack: list[object], kind: str | None, m: re.Match[bytes]) -> None:
    """Push an operand: numbers and strings raw, names decoded, arrays collected."""
    if kind == "name":
        stack.append(_name(m.group("name")))
    elif kind == "open":
        stack.append(_MARK)
    elif kind == "close":
        opened = len(stack) - 1 - stack[::-1].index(_MARK) if _MARK in stack else 0
        items = stack[opened + 1:]
        del stack[opened:]
        stack.append(items)
    elif kind is not None:
        stack.append(m.group())


def string_value(raw: bytes) -> bytes:
    """The bytes of a raw string token: `(...)` with escapes, or `<...>` in hex."""
    if raw[:1] == b"<":
        digits = b"".join(raw[1:-1].split())
        return bytes.fromhex((digits + b"0" if len(digits) % 2 else digits).decode())
    inner = raw[1:-1]
    return _ESCAPE.sub(_escaped, inner) if b"\\" in inner else inner


def _escaped(m: re.Match[bytes]) -> bytes:
    code = m.group(1)
    if code[:1].isdigit():
        return bytes((int(code, 8) & 0xFF,))
    return _ESCAPES.get(code, code)


def _nested_string_end(data: bytes, start: int) -> int:
    """Offset just past a literal string with nested parentheses whose body is at `start`."""
    depth = 1
    for m in _PAREN.finditer(data, start):
        depth += _DEPTH.get(m.group(), 0)
        if depth == 0:
            return m.end()
    return len(data)


def _inline_image_end(data: bytes, start: int) -> int:
    """Offset just past the EI that ends an inline image's binary data."""
    m = _INLINE_IMAGE_END.search(data, start + 1)
    return m.end() if m else len(data)


def _name(raw: bytes) -> str:
    if b"#" in raw:
        raw = _NAME_ESCAPE.sub(lambda m: bytes((int(m.group(1), 16),)), raw)
    return raw.decode("utf-8", "replace")

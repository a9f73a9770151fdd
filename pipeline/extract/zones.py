"""Zones of a paper's text: header (title, authors, affiliations), body, references.

The original analysis counted mentions anywhere, bibliography included; zones let a count
leave out author names and cited titles ("body only"). They are found on the normalised
text and kept as character offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINE_START = r"(?:^|(?<=\f))[ \t]*"  # a form feed (new page) starts a line too
# The header ends where the abstract (or, failing that, the introduction) begins.
_ABSTRACT = re.compile(_LINE_START + r"(?:abstract|a\s?b\s?s\s?t\s?r\s?a\s?c\s?t)\b", re.I | re.M)
_INTRODUCTION = re.compile(_LINE_START + r"(?:1\.?|I\.?)?[ \t]*introduction\b", re.I | re.M)
# The references begin after the last heading of their own line that names them.
_REFERENCES = re.compile(
    _LINE_START + r"(?:\d+\.?|[IVX]+\.?)?[ \t]*(?:references|bibliography|literature cited|"
    r"r\s?e\s?f\s?e\s?r\s?e\s?n\s?c\s?e\s?s)[ \t]*:?[ \t]*$",
    re.I | re.M,
)
HEADER_SEARCH_CHARS = 6000


@dataclass(frozen=True)
class Zones:
    """Character offsets: the header is [0, header_end), references [references_start, end)."""

    header_end: int
    references_start: int | None

    def split(self, text: str) -> dict[str, str]:
        """The text of each zone (references empty when none was found)."""
        refs = len(text) if self.references_start is None else self.references_start
        return {"header": text[: self.header_end], "body": text[self.header_end: refs],
                "references": text[refs:]}


def find_zones(text: str) -> Zones:
    """Locate the header's end and the start of the references in normalised text."""
    head = text[:HEADER_SEARCH_CHARS]
    match = _ABSTRACT.search(head) or _INTRODUCTION.search(head)
    header_end = match.start() if match else 0
    last = None
    for last in _REFERENCES.finditer(text, header_end):  # noqa: B007 - the last one wins
        pass
    return Zones(header_end, last.end() if last else None)

"""Zones of a paper's text: header (title, authors, affiliations), body, references.

The original analysis counted mentions anywhere, bibliography included; zones let a count
leave out author names and cited titles ("body only"). They are found on the normalised
text and kept as character offsets. What follows the references (appendices, supplementary
material, the authors' biographies after a numbered list) is body again.
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
# The references end where an appendix begins: a heading of its own line naming it
# ("Appendix", "10 APPENDIX", "Supplementary Material for ..."), or the first lettered
# section ("A. Object Detection Baselines", "A Proof of Proposition 11", "A.1 Fine tuning"):
# a title, without the commas and full stops of a cited author line ("A. Graves and J.").
_APPENDIX = re.compile(_LINE_START + r"(?:\d+\.?[ \t]+)?(?:appendix|appendices|supplementary|"
                       r"supplemental)\b[^\n]{0,60}$", re.I | re.M)
_LETTERED = re.compile(_LINE_START + r"A(?:\.1)?\.?[ \t]+(?P<title>[A-Z][^\n]{2,70})$", re.M)
# ... or where a numbered list ([1] ... [N]) ends: its last entry's first line ending in a
# year and a full stop, when a good deal of other text follows (IEEE's biographies).
_NUMBERED = re.compile(r"(?:^|(?<=\f))\[(\d+)\]", re.M)
_ENTRY_END = re.compile(r"(?:19|20)\d\d[a-z]?\)?\.[ \t]*(?:\n|\f)")
ENTRY_MAX_CHARS = 600
MIN_AFTER_LIST_CHARS = 300
HEADER_SEARCH_CHARS = 6000


@dataclass(frozen=True)
class Zones:
    """Character offsets: the header is [0, header_end), the references [references_start,
    references_end) (to the text's end when references_end is None), the rest is body."""

    header_end: int
    references_start: int | None
    references_end: int | None = None

    def split(self, text: str) -> dict[str, str]:
        """The text of each zone (references empty when none was found); the body after the
        references follows the one before them after a paragraph break."""
        start = len(text) if self.references_start is None else self.references_start
        end = len(text) if self.references_end is None else self.references_end
        body = text[self.header_end: start]
        if end < len(text):
            body = f"{body}\n\n{text[end:]}"
        return {"header": text[: self.header_end], "body": body, "references": text[start:end]}


def find_zones(text: str) -> Zones:
    """Locate the header's end, and the start and end of the references, in normalised text."""
    head = text[:HEADER_SEARCH_CHARS]
    match = _ABSTRACT.search(head) or _INTRODUCTION.search(head)
    header_end = match.start() if match else 0
    last = None
    for last in _REFERENCES.finditer(text, header_end):  # noqa: B007 - the last one wins
        pass
    if last is None:
        return Zones(header_end, None)
    return Zones(header_end, last.end(), _references_end(text, last.end()))


def _references_end(text: str, start: int) -> int | None:
    """Where the references that begin at `start` end, or None if they run to the end."""
    appendix = _APPENDIX.search(text, start)
    lettered = next((m for m in _LETTERED.finditer(text, start)
                     if not _looks_cited(m["title"])), None)
    ends = [m.start() for m in (appendix, lettered) if m is not None]
    listed = _numbered_list_end(text, start)
    if listed is not None:
        ends.append(listed)
    return min(ends) if ends else None


def _looks_cited(title: str) -> bool:
    """A line of a reference (authors, a title's full stop), not a section's title."""
    title = title.rstrip()
    return "," in title or re.search(r"\.\s", title) is not None or title.endswith(".")


def _numbered_list_end(text: str, start: int) -> int | None:
    """The end of a numbered reference list's last entry, if much text follows it."""
    last = None
    for last in _NUMBERED.finditer(text, start):  # noqa: B007 - the last entry
        pass
    if last is None:
        return None
    entry_end = _ENTRY_END.search(text, last.end(), last.end() + ENTRY_MAX_CHARS)
    if entry_end is None or len(text[entry_end.end():].strip()) < MIN_AFTER_LIST_CHARS:
        return None
    return entry_end.end()

"""Lay out a sample paper's text on letter-size pages, as LaTeX would roughly do.

The layout matters to the extract stage: paragraphs must come out of pdfminer as text boxes
of consecutive lines, words hyphenated at line ends must be split between two lowercase
letters (which `normalize_text` rejoins), and a first name must stay on the line of its
surname (the Adam rule in `terms.toml` looks at the next word).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence

from pipeline.sample.pdf import PAGE_HEIGHT, PAGE_WIDTH, TextLine, text_width, wrap
from pipeline.sample.text import Document

_MARGIN = 60
_WIDTH = PAGE_WIDTH - 2 * _MARGIN
_HYPHEN_RATE = 0.5
_HYPHENABLE = re.compile(r"[A-Za-z]?[a-z]{5,}[.,;:]?")
_VOWELS = frozenset("aeiouy")
_DIGRAPHS = frozenset(("ch", "ck", "gh", "ng", "ph", "qu", "sh", "th", "wh"))


class _Pages:
    """Pages being filled from the top, breaking to a new page at the bottom margin."""

    def __init__(self) -> None:
        self.pages: list[list[TextLine]] = [[]]
        self.y = PAGE_HEIGHT - _MARGIN

    def skip(self, points: float) -> None:
        self.y -= points

    def add(self, lines: Sequence[str], font: str, size: float, leading: float,
            x: float = _MARGIN, indent: float = 0.0, centre: bool = False) -> None:
        for i, line in enumerate(lines):
            if self.y - leading < _MARGIN:
                self.pages.append([])
                self.y = PAGE_HEIGHT - _MARGIN
            self.y -= leading
            left = (PAGE_WIDTH - text_width(line, font, size)) / 2 if centre else x
            self.pages[-1].append(TextLine(left + (indent if i else 0), self.y, font, size, line))

    def numbered(self) -> list[list[TextLine]]:
        for number, page in enumerate(self.pages, 1):
            page.append(TextLine(PAGE_WIDTH / 2 - 3, _MARGIN / 2, "R", 10, str(number)))
        return self.pages


def layout_document(doc: Document, rng: random.Random) -> list[list[TextLine]]:
    """Place the title block, abstract, sections and references on pages."""
    pages = _Pages()
    pages.add(wrap(doc.title, "B", 16, _WIDTH - 60), "B", 16, 20, centre=True)
    pages.skip(10)
    authors = ", ".join(name.replace(" ", "\xa0") for name in doc.authors)
    pages.add(wrap(authors, "R", 11, _WIDTH - 60), "R", 11, 14, centre=True)
    pages.add([doc.affiliation], "R", 10, 13, centre=True)
    pages.skip(14)
    pages.add(["Abstract"], "B", 11, 13, centre=True)
    pages.skip(3)
    abstract = wrap(doc.abstract, "R", 10, _WIDTH - 72, _breaks(rng))
    pages.add(abstract, "R", 10, 12, x=_MARGIN + 36)
    for heading, paragraphs in doc.sections:
        pages.skip(12)
        pages.add([heading], "B", 12, 14)
        for paragraph in paragraphs:
            pages.skip(4)
            pages.add(wrap(paragraph, "R", 10, _WIDTH, _breaks(rng)), "R", 10, 12)
    pages.skip(12)
    pages.add(["References"], "B", 12, 14)
    pages.skip(4)
    for number, entry in enumerate(doc.references, 1):
        lines = wrap(f"[{number}] {entry}", "R", 9, _WIDTH - 18)
        pages.add(lines, "R", 9, 11, indent=18)
        pages.skip(2)
    return pages.numbered()


def _breaks(rng: random.Random) -> Callable[[str], list[int]]:
    """Hyphenation points of a word that does not fit, taken about half the time."""

    def breaks(word: str) -> list[int]:
        if not _HYPHENABLE.fullmatch(word) or rng.random() >= _HYPHEN_RATE:
            return []
        core = word.rstrip(".,;:").lower()
        return [p for p in range(2, len(core) - 2) if _is_syllable_break(core, p)]

    return breaks


def _is_syllable_break(word: str, at: int) -> bool:
    """Crude English syllable rule: split "ab-cd" (VC-CV) or "a-ba" (V-CV), not digraphs."""
    before, after, next_ = word[at - 1], word[at], word[at + 1]
    if after in _VOWELS or next_ not in _VOWELS or word[at - 1 : at + 1] in _DIGRAPHS:
        return False
    return before in _VOWELS or word[at - 2] in _VOWELS

"""Count stage: is a word that is also a first name or a surname ("Adam") a person here?

A curated term marked `is_also_a_name` counts only where its word is not part of a person's
name. What tells a name, from what the paper itself says:
- its author list (from its metadata): the word beside the rest of an author's name;
- a first name before an initial or a capitalised word, accented ones too ("Adam R.
  Klivans", "Adam Santoro", "Adam Ścibior"), unless that word belongs to the method
  ("Adam Optimizer", "Adam Update Rule");
- a surname after a first name or an initial, ending a name ("Hartwig Adam,", "O. Adam,",
  "Olivier Adam3" with its affiliation mark);
- the reference list's "Surname, First name," ("Santoro, Adam,"), in the references only
  (in the body, "Nesterov, Adam, and RMSProp" lists optimizers);
- an all-capitals name on a short line of its own ("ADAM SMITH" on a title page).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.count.ngrams import STOP_WORDS

# Capitalised words that follow the method's name in titles and headings.
METHOD_WORDS = frozenset({
    "optimizer", "optimiser", "optimizers", "optimization", "optimisation", "algorithm",
    "algorithms", "update", "updates", "method", "methods", "solver", "rule", "rules",
    "variant", "variants", "step", "steps", "learning", "training", "with", "and", "vs",
})
# Capitalised words that start sentences, not names: "Using Adam, we ...".
NOT_FIRST_NAMES = STOP_WORDS | METHOD_WORDS | frozenset({
    "using", "use", "uses", "used", "unlike", "like", "apply", "applying", "train", "trained",
    "choose", "chose", "run", "runs", "replace", "replacing", "both", "also", "then",
})
_NEXT_WORD = re.compile(r"[ \t\xa0]*\n?[ \t\xa0]*(?P<word>[^\W\d_][\w’'\-]*)(?P<dot>\.?)")
_PREVIOUS_WORD = re.compile(r"(?P<word>[^\W\d_][\w’'\-]*)(?P<dot>\.?)[ \t\xa0]*\n?[ \t\xa0]*\Z")
_NAME_END = re.compile(r"(?:[ \t]*[,;*†‡§¶]|\d|[ \t]*\n|[ \t]+and\b|[ \t]*$)")
_REFERENCE_FIRST_NAME = re.compile(r"[^\W\d_][\w’'\-]*,[ \t\xa0]*\n?[ \t\xa0]*\Z")
_REFERENCE_NAME_END = re.compile(r"(?:[ \t]*[,.]|[ \t]+and\b)")
WINDOW_CHARS = 60
SHORT_LINE_WORDS = 4


def is_name(text: str, start: int, end: int, authors: Sequence[str] = (),
            is_references: bool = False) -> bool:
    """Whether the word at text[start:end] is part of a person's name here."""
    before = text[max(0, start - WINDOW_CHARS): start]
    after = text[end: end + WINDOW_CHARS]
    return (_is_author(text, start, end, authors) or _is_first_name(text[start:end], after)
            or _is_surname(before, after)
            or (is_references and _is_reference_first_name(before, after))
            or _is_capitals_name(text, start, end, after))


def _is_author(text: str, start: int, end: int, authors: Sequence[str]) -> bool:
    """The word beside the rest of one of the paper's authors' names."""
    word = text[start:end].lower()
    for author in authors:
        parts = author.lower().split()
        if word not in parts or len(parts) < 2:
            continue
        index = parts.index(word)
        neighbours = parts[:index][-1:] + parts[index + 1:][:1]
        near = text[max(0, start - WINDOW_CHARS): end + WINDOW_CHARS].lower()
        if any(re.search(rf"(?<![^\W\d_]){re.escape(n.rstrip('.'))}", near)
               for n in neighbours):
            return True
    return False


def _is_first_name(word: str, after: str) -> bool:
    """Followed by an initial or a capitalised word that is not the method's."""
    if word.isupper():  # capitals: see _is_capitals_name
        return False
    following = _NEXT_WORD.match(after)
    if following is None:
        return False
    name, dot = following["word"], following["dot"]
    if len(name) == 1 and name.isupper() and dot:  # "Adam R. Klivans"
        return True
    return (name[0].isupper() and len(name) > 1 and name[1:2].islower()
            and name.lower() not in METHOD_WORDS)


def _is_surname(before: str, after: str) -> bool:
    """After a first name or an initial, and where a name ends."""
    previous = _PREVIOUS_WORD.search(before)
    if previous is None or not _NAME_END.match(after):
        return False
    name = previous["word"]
    if len(name) == 1:
        return name.isupper() and bool(previous["dot"])  # "O. Adam,"
    return name[0].isupper() and name[1:].islower() and name.lower() not in NOT_FIRST_NAMES


def _is_reference_first_name(before: str, after: str) -> bool:
    """A reference's "Surname, First name," or "Surname, First name and"."""
    return bool(_REFERENCE_FIRST_NAME.search(before)) and bool(_REFERENCE_NAME_END.match(after))


def _is_capitals_name(text: str, start: int, end: int, after: str) -> bool:
    """"ADAM SMITH": capitals, then a capitals word, on a short line of its own."""
    if not text[start:end].isupper():
        return False
    following = _NEXT_WORD.match(after)
    if following is None or not following["word"].isupper() or following["dot"]:
        return False
    if following["word"].lower() in METHOD_WORDS:
        return False
    line_start = max(text.rfind("\n", 0, start), text.rfind("\f", 0, start)) + 1
    line_end = len(text) if (stop := text.find("\n", end)) < 0 else stop
    return len(text[line_start:line_end].split()) <= SHORT_LINE_WORDS

"""The stamp arXiv prints in the margin of page 1: `arXiv:1706.03762v5 [cs.CL] 6 Dec 2017`.

It names the paper, the version, its primary category and the day that version was
submitted: until a paper's metadata arrives, the provisional category and date of a PDF
read by its file name alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

_STAMP = re.compile(
    r"arXiv:(?P<id>\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})v(?P<version>\d+)\s+"
    r"\[(?P<category>[a-z\-]+(?:\.[A-Za-z\-]+)?)\]\s+"
    r"(?P<day>\d{1,2})\s*(?P<month>[A-Z][a-z]{2})\s*(?P<year>(?:19|20)\d{2})")
STAMP_SEARCH_PAGES = 2  # the stamp is on page 1; a cover page may come first


@dataclass(frozen=True)
class Stamp:
    """What page 1's arXiv stamp says."""

    paper_id: str
    version: int
    primary_category: str
    submitted_on: date  # the day this version was submitted


def find_stamp(text: str) -> Stamp | None:
    """The arXiv stamp on the first pages of a normalised text, if there is one."""
    head = "\f".join(text.split("\f", STAMP_SEARCH_PAGES)[:STAMP_SEARCH_PAGES])
    match = _STAMP.search(head)
    if match is None:
        return None
    try:
        day = datetime.strptime(f"{match['day']} {match['month']} {match['year']}",
                                "%d %b %Y").date()
    except ValueError:  # not a date after all
        return None
    return Stamp(match["id"], int(match["version"]), match["category"], day)

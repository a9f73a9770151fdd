"""What the pipeline knows about one paper, and how arXiv identifiers are read.

A paper is its base id (`1706.03762`, `cs/0112017`); its month is the month of its v1
submission (UTC), which the arXiv API reports as `published`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from pipeline.errors import ArxivTrendsError

_NEW_ID = re.compile(r"^(?P<base>\d{4}\.\d{4,5})(?:v(?P<version>\d+))?$")
_OLD_ID = re.compile(r"^(?P<base>[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v(?P<version>\d+))?$")
_ABS_PREFIX = re.compile(r"^https?://arxiv\.org/abs/")
FIRST_YEAR = 1991  # arXiv's first submissions (August 1991)


@dataclass(frozen=True)
class Paper:
    """One arXiv paper at the version the pipeline read."""

    paper_id: str
    version: int
    title: str
    authors: tuple[str, ...]
    primary_category: str
    categories: tuple[str, ...]
    published_at: datetime
    updated_at: datetime
    pdf_url: str | None = None
    abstract: str = ""
    versions: tuple[tuple[int, datetime], ...] = ()  # (version, created_at); () = v1 and latest

    def version_history(self) -> tuple[tuple[int, datetime], ...]:
        """Known (version, created_at) pairs: all of them if given, else v1 and the latest."""
        if self.versions:
            return self.versions
        if self.version == 1:
            return ((1, self.published_at),)
        return ((1, self.published_at), (self.version, self.updated_at))

    @property
    def month(self) -> date:
        """First day of the month of the v1 submission."""
        return self.published_at.date().replace(day=1)


@dataclass(frozen=True)
class PdfJob:
    """One PDF to read: a file, or the bytes of a tar member; or why there is none to read."""

    paper_id: str
    name: str  # the file's path, the tar member's name, or where it could not be had
    data: bytes | None = None
    version: int | None = None
    failure: str | None = None  # no PDF to read (a download refused, a file missing): why
    authors: tuple[str, ...] = ()  # from the metadata, when known: to tell names from terms


def latest_versions(papers: Iterable[Paper]) -> list[Paper]:
    """One paper per id: the one at the highest version (the first of equals)."""
    latest: dict[str, Paper] = {}
    for paper in papers:
        if paper.paper_id not in latest or paper.version > latest[paper.paper_id].version:
            latest[paper.paper_id] = paper
    return list(latest.values())


def pdf_filename(paper_id: str, version: int) -> str:
    """The arXiv file name of a paper's PDF: `1706.03762v5.pdf`, `cs0112017v1.pdf`."""
    return f"{paper_id.replace('/', '')}v{version}.pdf"


def month_from_id(paper_id: str) -> date:
    """The month an id's YYMM gives (`1706.03762` -> 2017-06, `cs/9912017` -> 1999-12): the
    month arXiv announced it, usually its v1 month."""
    yymm = paper_id.split("/")[-1][:4]
    year, month = int(yymm[:2]), int(yymm[2:])
    return date(2000 + year if year < 91 else 1900 + year, month, 1)


def split_arxiv_id(raw: str) -> tuple[str, int | None]:
    """Split `1706.03762v5`, an abs URL or an old-style id into (base id, version)."""
    text = _ABS_PREFIX.sub("", raw.strip())
    for pattern in (_NEW_ID, _OLD_ID):
        match = pattern.match(text)
        if match:
            version = match.group("version")
            return match.group("base"), int(version) if version else None
    raise ArxivTrendsError(f"not an arXiv identifier: {raw!r}")


def parse_month(text: str) -> date:
    """Read `YYYY-MM` as the first day of that month, from arXiv's first year to next year."""
    try:
        month = datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise ArxivTrendsError(f"month must look like 2017-03, got {text!r}") from None
    if not FIRST_YEAR <= month.year <= date.today().year + 1:
        raise ArxivTrendsError(f"month {text} is outside arXiv's years ({FIRST_YEAR} to "
                               f"{date.today().year + 1})")
    return month


def month_range(first: date, last: date) -> list[date]:
    """Every first-of-month from `first` to `last`, inclusive."""
    months = []
    current = first.replace(day=1)
    while current <= last:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def add_months(month: date, n_months: int) -> date:
    """The first of the month `n_months` after `month` (before it when negative)."""
    index = month.year * 12 + month.month - 1 + n_months
    return date(index // 12, index % 12 + 1, 1)

"""What every source hands the ingest: paper metadata as records, PDF jobs, and a name.

A source never touches the database; it yields these plain values and `pipeline.ops.ingest`
takes them through extract, count and store, whatever the source.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import polars as pl

from pipeline.papers import Paper, PdfJob

# A paper's metadata as a row of `core_papers`, and its versions as rows of
# `core_paper_versions` (sql/schema/): what a batch of records holds.
PAPER_SCHEMA = {
    "paper_id": pl.String, "version": pl.Int32, "title": pl.String, "abstract": pl.String,
    "authors": pl.List(pl.String), "primary_category": pl.String,
    "categories": pl.List(pl.String), "published_at": pl.Datetime("us"),
    "updated_at": pl.Datetime("us"), "month": pl.Date, "source": pl.String,
}
VERSION_SCHEMA = {"paper_id": pl.String, "version": pl.Int32, "created_at": pl.Datetime("us")}


@dataclass(frozen=True)
class ListingWindow:
    """One window of the arXiv API's listing of a month, as asked and answered."""

    month: date
    categories: str  # the category set, sorted and comma-separated
    start: datetime
    end: datetime
    query: str
    total_results: int | None
    status: str  # complete, provisional (may still grow), split (too large), failed
    error: str | None = None


@dataclass(frozen=True)
class PaperBatch:
    """Paper metadata, a batch at a time: rows shaped as `PAPER_SCHEMA` and `VERSION_SCHEMA`;
    `window` is the listing window the batch answers, when it comes from one."""

    papers: pl.DataFrame
    versions: pl.DataFrame
    window: ListingWindow | None = None

    @classmethod
    def of(cls, papers: list[Paper], source: str, window: ListingWindow | None = None,
           ) -> PaperBatch:
        """The records of `papers`, as `source` gave them."""
        return cls(papers_frame(papers, source), versions_frame(papers), window)

    @classmethod
    def concat(cls, batches: list[PaperBatch]) -> PaperBatch:
        """All the batches' records as one batch (their windows left out)."""
        if not batches:
            return cls.of([], "")
        return cls(pl.concat([b.papers for b in batches]),
                   pl.concat([b.versions for b in batches]))


@dataclass(frozen=True)
class Source:
    """What one ingest reads.

    Args:
        name: where the papers come from (`core_papers.source`, the run's record): arxiv,
            feed, sample, pdf or snapshot.
        batches: paper metadata, a batch at a time.
        jobs: the PDFs to read; None for a source of metadata alone.
        n_jobs: how many jobs there are, when known (progress).
        replaces_months: the batches hold whole months: the months they cover are replaced,
            in one transaction (saved feeds, the sample).
        deletes_read_files: the jobs' files are downloads: each is deleted once its text is
            stored.
        is_all_or_nothing: the batches are one input (a snapshot file) that counts only if
            read to its end: staged apart, published by this run alone once it has read them
            all, dropped by the next such run if it breaks off; never published by another.
    """

    name: str
    batches: Iterable[PaperBatch] = ()
    jobs: Iterable[PdfJob] | None = None
    n_jobs: int | None = None
    replaces_months: bool = False
    deletes_read_files: bool = False
    is_all_or_nothing: bool = False


def papers_frame(papers: list[Paper], source: str) -> pl.DataFrame:
    """Papers as records (rows of `core_papers`)."""
    return pl.DataFrame(
        {
            "paper_id": [p.paper_id for p in papers],
            "version": [p.version for p in papers],
            "title": [p.title for p in papers],
            "abstract": [p.abstract for p in papers],
            "authors": [list(p.authors) for p in papers],
            "primary_category": [p.primary_category for p in papers],
            "categories": [list(p.categories) for p in papers],
            "published_at": [p.published_at for p in papers],
            "updated_at": [p.updated_at for p in papers],
            "month": [p.month for p in papers],
            "source": [source] * len(papers),
        },
        schema=PAPER_SCHEMA,
    )


def versions_frame(papers: list[Paper]) -> pl.DataFrame:
    """Papers' version histories as records (rows of `core_paper_versions`)."""
    rows = [(p.paper_id, v, at) for p in papers for v, at in p.version_history()]
    return pl.DataFrame(rows, schema=VERSION_SCHEMA, orient="row")

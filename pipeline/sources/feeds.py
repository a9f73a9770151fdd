"""Saved arXiv API responses (Atom files) with a folder of their PDFs: an offline source.

The sample corpus is written this way too. Each feed's papers replace their months whole;
a paper whose PDF is not in the folder is recorded as such.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipeline.errors import ArxivTrendsError
from pipeline.papers import Paper, PdfJob, latest_versions, pdf_filename
from pipeline.sources.atom import parse_feed
from pipeline.sources.records import PaperBatch, Source


def feeds_source(feed_paths: list[Path], pdf_dir: Path, name: str = "feed") -> Source:
    """The papers of the feeds (at their latest version) and their PDFs in `pdf_dir`."""
    papers = latest_versions(p for path in feed_paths
                             for p in parse_feed(path.read_bytes(), str(path)))
    jobs = feed_jobs(papers, pdf_dir)
    return Source(name, batches=[PaperBatch.of(papers, name)], jobs=jobs,
                  n_jobs=sum(job.failure is None for job in jobs), replaces_months=True)


def month_feeds(feeds_dir: Path, month: date) -> list[Path]:
    """The saved responses of one month in a folder (`YYYY-MM*.xml`)."""
    feeds = sorted(feeds_dir.glob(f"{month:%Y-%m}*.xml"))
    if not feeds:
        raise ArxivTrendsError(f"no feed for {month:%Y-%m} in {feeds_dir}")
    return feeds


def feed_jobs(papers: list[Paper], pdf_dir: Path) -> list[PdfJob]:
    """A job per paper, in id order: its PDF in `pdf_dir`, or the file it lacks."""
    jobs = []
    for paper in sorted(papers, key=lambda p: p.paper_id):
        path = pdf_dir / pdf_filename(paper.paper_id, paper.version)
        jobs.append(PdfJob(paper.paper_id, str(path), version=paper.version,
                           failure=None if path.exists() else "no PDF file",
                           authors=paper.authors))
    return jobs

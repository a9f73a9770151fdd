"""The whole path for a batch of papers: PDFs -> text -> term mentions -> DuckDB.

The CLI and the Prefect flows call these functions; they hold no logic of their own.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline import fetch, store
from pipeline.count import find_terms, load_terms
from pipeline.errors import FetchError
from pipeline.extract import extract_many
from pipeline.papers import Paper
from pipeline.settings import Settings

Progress = Callable[[str], None]


@dataclass(frozen=True)
class IngestSummary:
    """What one ingest stored."""

    months: tuple[date, ...]
    n_papers: int
    n_with_text: int
    n_failed: int
    n_mentions: int


def pdf_filename(paper_id: str, version: int) -> str:
    """File name arXiv's bulk tarballs use: `1706.03762v5.pdf`, `cs0112017v1.pdf`."""
    return f"{paper_id.replace('/', '')}v{version}.pdf"


@dataclass(frozen=True)
class FetchedMonth:
    """One month's papers from arXiv and where their PDFs landed."""

    month: date
    papers: list[Paper]
    pdf_paths: dict[str, Path]
    failures: dict[str, tuple[str, str]]


def fetch_arxiv_month(
    settings: Settings, month: date, max_papers: int | None = None, progress: Progress | None = None
) -> FetchedMonth:
    """Fetch one month's metadata and PDFs from arXiv through one polite session."""
    say = progress or (lambda _: None)
    session = fetch.open_session(settings)
    say(f"fetching metadata for {month:%Y-%m} from {settings.api_url}")
    papers = fetch.fetch_month_papers(month, settings, session, max_results=max_papers)
    say(f"{len(papers)} papers; downloading PDFs to {settings.pdf_dir}")
    pdf_paths, failures = download_pdfs(papers, settings, session, say)
    return FetchedMonth(month, papers, pdf_paths, failures)


def ingest_arxiv_month(
    settings: Settings, month: date, max_papers: int | None = None, progress: Progress | None = None
) -> IngestSummary:
    """Fetch one month from arXiv, then extract, count and store it (replacing the month)."""
    got = fetch_arxiv_month(settings, month, max_papers, progress)
    return ingest_papers(settings, got.papers, got.pdf_paths, "arxiv", got.failures, [month],
                         progress)


def download_pdfs(
    papers: list[Paper], settings: Settings, session: fetch.PoliteSession, say: Progress
) -> tuple[dict[str, Path], dict[str, tuple[str, str]]]:
    """Download missing PDFs into `settings.pdf_dir`; return paths and failures by paper id."""
    settings.pdf_dir.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    failures: dict[str, tuple[str, str]] = {}
    for n, paper in enumerate(papers, 1):
        dest = settings.pdf_dir / pdf_filename(paper.paper_id, paper.version)
        if not dest.exists():
            try:
                _write_atomically(dest, fetch.fetch_pdf(paper, settings, session))
            except FetchError as err:
                failures[paper.paper_id] = (err.url, f"download: {err.reason}")
                continue
        paths[paper.paper_id] = dest
        if n % 25 == 0 or n == len(papers):
            say(f"PDFs: {n}/{len(papers)}")
    return paths, failures


def ingest_feeds(
    settings: Settings, feed_paths: list[Path], pdf_dir: Path, source: str = "feed",
    progress: Progress | None = None,
) -> IngestSummary:
    """Ingest papers described by local Atom feeds, with their PDFs in `pdf_dir`."""
    papers = [
        paper
        for path in feed_paths
        for paper in fetch.parse_feed(path.read_bytes(), str(path))
    ]
    paths = {p.paper_id: pdf_dir / pdf_filename(p.paper_id, p.version) for p in papers}
    present = {pid: path for pid, path in paths.items() if path.exists()}
    missing = {pid: (str(path), "no PDF file") for pid, path in paths.items() if pid not in present}
    return ingest_papers(settings, papers, present, source, missing, None, progress)


def ingest_papers(
    settings: Settings,
    papers: list[Paper],
    pdf_paths: dict[str, Path],
    source: str,
    failures: dict[str, tuple[str, str]] | None = None,
    months: list[date] | None = None,
    progress: Progress | None = None,
) -> IngestSummary:
    """Extract, count and store `papers`, replacing every month they (or `months`) cover."""
    say = progress or (lambda _: None)
    papers = _latest_versions(papers)
    terms = load_terms(settings.terms_path)
    failures = dict(failures or {})
    texts: dict[str, str] = {}
    mentions: dict[str, set[str]] = {}
    started = time.monotonic()
    step = max(1, len(pdf_paths) // 10)

    def on_progress(done: int) -> None:
        if done % step == 0 or done == len(pdf_paths):
            say(f"extracted {done}/{len(pdf_paths)} PDFs ({time.monotonic() - started:.0f} s)")

    jobs = sorted(pdf_paths.items())
    for result in extract_many(jobs, settings.extract_workers, settings.extract_timeout_s,
                               settings.extract_memory_mb, on_progress):
        if result.text is None:
            failures[result.paper_id] = (result.path, result.error or "unknown error")
        else:
            texts[result.paper_id] = result.text
            mentions[result.paper_id] = find_terms(result.text, terms)
    batches = _group_by_month(papers, texts, mentions, failures, months or [])
    con = store.connect(settings.db_path)
    try:
        store.save_terms(con, terms)
        run_id = uuid.uuid4().hex
        for batch in batches:
            store.save_month(con, batch, source, run_id)
    finally:
        con.close()
    say(f"stored {len(batches)} month(s) in {settings.db_path}")
    return IngestSummary(
        months=tuple(b.month for b in batches),
        n_papers=len(papers),
        n_with_text=len(texts),
        n_failed=sum(1 for p in papers if p.paper_id in failures),
        n_mentions=sum(len(m) for m in mentions.values()),
    )


def _group_by_month(
    papers: list[Paper],
    texts: dict[str, str],
    mentions: dict[str, set[str]],
    failures: dict[str, tuple[str, str]],
    months: list[date],
) -> list[store.MonthBatch]:
    batches = {m: store.MonthBatch(m, []) for m in months}
    for paper in papers:
        batch = batches.setdefault(paper.month, store.MonthBatch(paper.month, []))
        batch.papers.append(paper)
        pid = paper.paper_id
        if pid in texts:
            batch.texts[pid] = texts[pid]
            batch.mentions[pid] = mentions[pid]
        elif pid in failures:
            batch.failures[pid] = failures[pid]
        else:
            batch.failures[pid] = ("", "no PDF")
    return [batches[m] for m in sorted(batches)]


def _latest_versions(papers: list[Paper]) -> list[Paper]:
    latest: dict[str, Paper] = {}
    for paper in papers:
        if paper.paper_id not in latest or paper.version > latest[paper.paper_id].version:
            latest[paper.paper_id] = paper
    return list(latest.values())


def _write_atomically(dest: Path, content: bytes) -> None:
    tmp = dest.with_suffix(dest.suffix + ".part")
    tmp.write_bytes(content)
    tmp.replace(dest)

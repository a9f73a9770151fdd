"""The whole path: metadata -> PDFs -> text -> term mentions -> DuckDB.

The CLI and the Prefect flows call these functions; they hold no logic of their own.
"""

from __future__ import annotations

import itertools
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline import store
from pipeline.count import Term, count_term_zones, load_terms
from pipeline.errors import FetchError
from pipeline.extract import extract_many, find_zones
from pipeline.ops import harvest
from pipeline.papers import Paper, PdfJob
from pipeline.progress import ProgressBar, Say
from pipeline.settings import Settings
from pipeline.sources import arxiv_api, pdf_files

Progress = Say  # a line of progress for the user
Failures = dict[str, tuple[str, str]]  # paper id -> (path or url, reason)
PDF_CHUNK = 100  # PDFs downloaded, then read and deleted, before the next ones
STORE_CHUNK = 200  # texts a whole-month write holds in memory before writing them


@dataclass(frozen=True)
class IngestSummary:
    """What one ingest stored."""

    months: tuple[date, ...]
    n_papers: int
    n_with_text: int
    n_failed: int
    n_mentions: int


@dataclass(frozen=True)
class FetchedMonth:
    """Papers of a month whose PDFs were just downloaded, to be read and stored."""

    month: date
    papers: list[Paper]
    pdf_paths: dict[str, Path]
    failures: Failures


def harvest_arxiv_month(
    settings: Settings, month: date, progress: Progress | None = None,
) -> harvest.HarvestSummary:
    """Store a month's metadata from the API (published at once at the end); say what it listed."""
    say = progress or (lambda _: None)
    say(f"fetching metadata for {month:%Y-%m} from {settings.api_url}")
    con = store.connect(settings.db_path, memory_mb=settings.write_memory_mb)
    try:
        summary = harvest.harvest_month(con, settings, month, say=say)
    finally:
        con.close()
    say(f"{month:%Y-%m}: {summary.total_results} papers listed in {summary.n_windows} windows")
    return summary


def read_arxiv_papers(
    settings: Settings, month: date, papers: list[Paper], progress: Progress | None = None,
    run_id: str | None = None,
) -> IngestSummary:
    """Download, read and stage the papers' PDFs a chunk at a time (disk holds one chunk),
    then publish what was read with the month's n-gram counts (`store.stage`).

    Each chunk's counts go to the run's record (`run_id`; default: a record of its own).
    """
    run_id = run_id or uuid.uuid4().hex
    say = progress or (lambda _: None)
    terms = load_terms(settings.terms_path)
    session = arxiv_api.open_session(settings)
    totals = IngestSummary((month,), 0, 0, 0, 0)
    # Both bars span the month, so their rates and ETAs count downloads and reading alike.
    with ProgressBar(f"fetching {month:%Y-%m}", len(papers)) as fetching, \
            ProgressBar(f"extracting {month:%Y-%m}", len(papers)) as extracting:
        for start in range(0, len(papers), PDF_CHUNK):
            chunk = papers[start:start + PDF_CHUNK]
            pdf_paths, failures = download_pdfs(chunk, settings, session, say, fetching)
            part = store_fetched_month(
                settings, terms, FetchedMonth(month, chunk, pdf_paths, failures), say,
                extracting, run_id)
            totals = IngestSummary((month,), totals.n_papers + part.n_papers,
                                   totals.n_with_text + part.n_with_text,
                                   totals.n_failed + part.n_failed,
                                   totals.n_mentions + part.n_mentions)
            extracting.unless_drawing(say)(
                f"{month:%Y-%m}: {totals.n_papers}/{len(papers)} papers read")
    con = store.connect(settings.db_path, memory_mb=settings.write_memory_mb)
    try:
        store.save_terms(con, terms)
        store.publish_staged(con, settings.ngram_min_df)
    finally:
        con.close()
    say(f"{month:%Y-%m}: {totals.n_papers} papers to read: {totals.n_with_text} read, "
        f"{totals.n_failed} failed, {totals.n_mentions} paper-term mentions")
    return totals


def store_fetched_month(
    settings: Settings, terms: list[Term], fetched: FetchedMonth,
    progress: Progress | None = None, bar: ProgressBar | None = None,
    run_id: str | None = None,
) -> IngestSummary:
    """Extract, count and stage the text of a fetched month's papers.

    Args:
        bar: the bar to count extracted PDFs on (default: one of its own).
    """
    say = progress or (lambda _: None)
    texts, mentions, failures = read_pdfs(
        settings, terms, _jobs_for(fetched.papers, fetched.pdf_paths), fetched.failures, say,
        len(fetched.pdf_paths), bar)
    batch = store.MonthBatch(fetched.month, fetched.papers, texts, mentions, failures)
    _fill_missing_failures(batch)
    con = store.connect(settings.db_path)
    try:
        store.stage_texts(con, batch, "arxiv", run_id or uuid.uuid4().hex)
    finally:
        con.close()
    if not settings.keep_pdfs:  # disk stays bounded: the text is stored now
        for pid in texts:
            fetched.pdf_paths[pid].unlink(missing_ok=True)
    return IngestSummary((fetched.month,), len(fetched.papers), len(texts),
                         len(batch.failures), sum(len(m) for m in mentions.values()))


def download_pdfs(
    papers: list[Paper], settings: Settings, session: arxiv_api.PoliteSession, say: Progress,
    bar: ProgressBar | None = None,
) -> tuple[dict[str, Path], Failures]:
    """Download missing PDFs into `settings.pdf_dir`; return paths and failures by paper id.

    Args:
        bar: the bar to count fetched papers on (default: one of its own).
    """
    settings.pdf_dir.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    failures: Failures = {}
    with ProgressBar("fetching PDFs", len(papers)) if bar is None else nullcontext(bar) as bar:
        count = bar.unless_drawing(say)
        for n, paper in enumerate(papers, 1):
            dest = settings.pdf_dir / pdf_files.pdf_filename(paper.paper_id, paper.version)
            try:
                if not dest.exists():
                    _write_atomically(dest, arxiv_api.fetch_pdf(paper, settings, session))
                paths[paper.paper_id] = dest
            except FetchError as err:
                failures[paper.paper_id] = (err.url, f"download: {err.reason}")
            bar.update()
            if n % 25 == 0 or n == len(papers):
                count(f"PDFs: {n}/{len(papers)}")
    return paths, failures


def ingest_feeds(
    settings: Settings, feed_paths: list[Path], pdf_dir: Path, source: str = "feed",
    progress: Progress | None = None,
    run_id: str | None = None,
) -> IngestSummary:
    """Ingest papers described by local Atom feeds, with their PDFs in `pdf_dir`."""
    papers = [
        paper
        for path in feed_paths
        for paper in arxiv_api.parse_feed(path.read_bytes(), str(path))
    ]
    paths = {p.paper_id: pdf_dir / pdf_files.pdf_filename(p.paper_id, p.version) for p in papers}
    present = {pid: path for pid, path in paths.items() if path.exists()}
    missing = {pid: (str(path), "no PDF file") for pid, path in paths.items() if pid not in present}
    return ingest_papers(settings, papers, present, source, missing, None, progress, run_id)


def ingest_papers(
    settings: Settings,
    papers: list[Paper],
    pdf_paths: dict[str, Path],
    source: str,
    failures: Failures | None = None,
    months: list[date] | None = None,
    progress: Progress | None = None,
    run_id: str | None = None,
) -> IngestSummary:
    """Extract, count and store `papers`, replacing every month they (or `months`) cover.

    The months are written in one transaction as their texts come (`store.months`): a
    reader sees all of them whole or none of them changed.
    """
    say = progress or (lambda _: None)
    papers = _latest_versions(papers)
    terms = load_terms(settings.terms_path)
    read = iter_pdf_texts(settings, terms, _jobs_for(papers, pdf_paths), say, len(pdf_paths))
    return store_read_papers(settings, terms, papers, read, source, failures or {},
                             months or [], say, run_id)


def store_read_papers(
    settings: Settings, terms: list[Term], papers: list[Paper], read: Iterable[ReadPaper],
    source: str, failures: Failures, months: list[date], say: Progress,
    run_id: str | None = None, chunk_papers: int = STORE_CHUNK,
) -> IngestSummary:
    """Store papers and their texts as they are read, `chunk_papers` at a time, replacing
    their months whole in one transaction (with the months' n-gram counts)."""
    failures, read = dict(failures), iter(read)
    n_with_text = n_mentions = 0
    con = store.connect(settings.db_path, memory_mb=settings.write_memory_mb)
    try:
        store.save_terms(con, terms)
        with store.MonthsWriter(con, papers, months, source,
                                      run_id or uuid.uuid4().hex,
                                      settings.ngram_min_df) as writer:
            while chunk := list(itertools.islice(read, chunk_papers)):
                texts = {r.paper_id: r.text for r in chunk if r.text is not None}
                mentions = {r.paper_id: r.mentions for r in chunk if r.text is not None}
                failures.update((r.paper_id, r.failure) for r in chunk if r.failure)
                writer.add(texts, mentions)
                n_with_text += len(texts)
                n_mentions += sum(len(m) for m in mentions.values())
            stored = writer.commit(failures)
    finally:
        con.close()
    for month in stored:
        say(f"{month.month:%Y-%m}: {month.n_papers} papers listed, {month.n_with_text} read, "
            f"{month.n_failed} failed")
    say(f"stored {len(stored)} month(s) in {settings.db_path}")
    return IngestSummary(tuple(m.month for m in stored), len(papers), n_with_text,
                         sum(m.n_failed for m in stored), n_mentions)


@dataclass(frozen=True)
class ReadPaper:
    """One PDF read: its text, zones and curated-term mentions, or why it failed."""

    paper_id: str
    text: store.PaperText | None
    mentions: dict[str, tuple[int, ...]]
    failure: tuple[str, str] | None  # (path, reason)


def read_pdfs(
    settings: Settings, terms: list[Term], jobs: Iterable[PdfJob], failures: Failures,
    say: Progress, n_jobs: int | None = None, bar: ProgressBar | None = None,
) -> tuple[dict[str, store.PaperText], dict[str, dict[str, tuple[int, ...]]], Failures]:
    """Read every PDF (`iter_pdf_texts`); return texts, mentions and failures by paper id."""
    failures = dict(failures)
    texts: dict[str, store.PaperText] = {}
    mentions: dict[str, dict[str, tuple[int, ...]]] = {}
    for read in iter_pdf_texts(settings, terms, jobs, say, n_jobs, bar):
        if read.text is None:
            failures[read.paper_id] = read.failure or ("", "unknown error")
        else:
            texts[read.paper_id], mentions[read.paper_id] = read.text, read.mentions
    return texts, mentions, failures


def iter_pdf_texts(
    settings: Settings, terms: list[Term], jobs: Iterable[PdfJob], say: Progress,
    n_jobs: int | None = None, bar: ProgressBar | None = None,
) -> Iterator[ReadPaper]:
    """Extract PDFs in worker processes; find each text's zones and the terms in each zone.

    Args:
        bar: the bar to count extracted PDFs on (default: one of its own).
    """
    started = time.monotonic()
    step = max(1, (n_jobs or 1000) // 10)
    with ProgressBar("extracting PDFs", n_jobs) if bar is None else nullcontext(bar) as bar:
        count = bar.unless_drawing(say)

        def on_progress(done: int) -> None:
            bar.update()
            if done % step == 0 or done == n_jobs:
                of = f"/{n_jobs}" if n_jobs else ""
                count(f"extracted {done}{of} PDFs ({time.monotonic() - started:.0f} s)")

        for result in extract_many(jobs, settings.extract_workers, settings.extract_timeout_s,
                                   settings.extract_memory_mb, on_progress,
                                   settings.dask_scheduler):
            if result.text is None:
                failure = (result.path, result.error or "unknown error")
                yield ReadPaper(result.paper_id, None, {}, failure)
                continue
            zones = find_zones(result.text)
            text = store.PaperText(result.text, result.version, result.quality or "ok", zones)
            yield ReadPaper(result.paper_id, text, count_term_zones(result.text, terms, zones),
                            None)


def _jobs_for(papers: list[Paper], pdf_paths: dict[str, Path]) -> list[PdfJob]:
    versions = {p.paper_id: p.version for p in papers}
    return [PdfJob(pid, str(path), version=versions.get(pid))
            for pid, path in sorted(pdf_paths.items())]


def _fill_missing_failures(batch: store.MonthBatch) -> None:
    for paper in batch.papers:
        if paper.paper_id not in batch.texts and paper.paper_id not in batch.failures:
            batch.failures[paper.paper_id] = ("", "no PDF")


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

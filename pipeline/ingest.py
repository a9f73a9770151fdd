"""The whole path: metadata -> PDFs -> text -> term mentions -> DuckDB.

The CLI and the Prefect flows call these functions; they hold no logic of their own.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline import fetch, harvest, ngrams, pdfsource, store
from pipeline.count import Term, count_term_zones, load_terms
from pipeline.errors import FetchError
from pipeline.extract import PdfJob, extract_many
from pipeline.papers import Paper
from pipeline.progress import ProgressBar
from pipeline.settings import Settings
from pipeline.zones import find_zones

Progress = Callable[[str], None]
Failures = dict[str, tuple[str, str]]  # paper id -> (path or url, reason)
PDF_CHUNK = 100  # PDFs downloaded, then read and deleted, before the next ones


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
    settings: Settings, month: date, max_papers: int | None = None,
    progress: Progress | None = None,
) -> tuple[harvest.HarvestSummary, list[Paper]]:
    """Store a month's metadata from the API; return it with the papers still to read.

    Args:
        max_papers: return at most this many papers to read (the metadata is always complete).
    """
    say = progress or (lambda _: None)
    say(f"fetching metadata for {month:%Y-%m} from {settings.api_url}")
    con = store.connect(settings.db_path)
    try:
        summary = harvest.harvest_month(con, settings, month, say=say)
        papers = store.load_papers_without_text(con, month, settings.categories, max_papers)
    finally:
        con.close()
    say(f"{month:%Y-%m}: {summary.total_results} papers listed in {summary.n_windows} windows, "
        f"{len(papers)} to read")
    return summary, papers


def read_arxiv_papers(
    settings: Settings, month: date, papers: list[Paper], progress: Progress | None = None,
    run_id: str | None = None,
) -> IngestSummary:
    """Download, read and store the papers' PDFs a chunk at a time (disk holds one chunk).

    Each chunk's counts go to the run's record (`run_id`; default: a record of its own).
    The month's n-grams are counted afterwards (`count_month_ngrams`).
    """
    run_id = run_id or uuid.uuid4().hex
    say = progress or (lambda _: None)
    session = fetch.open_session(settings)
    totals = IngestSummary((month,), 0, 0, 0, 0)
    # Both bars span the month, so their rates and ETAs count downloads and reading alike.
    with ProgressBar(f"fetching {month:%Y-%m}", len(papers)) as fetching, \
            ProgressBar(f"extracting {month:%Y-%m}", len(papers)) as extracting:
        for start in range(0, len(papers), PDF_CHUNK):
            chunk = papers[start:start + PDF_CHUNK]
            pdf_paths, failures = download_pdfs(chunk, settings, session, say, fetching)
            part = store_fetched_month(
                settings, FetchedMonth(month, chunk, pdf_paths, failures), say, extracting,
                run_id)
            totals = IngestSummary((month,), totals.n_papers + part.n_papers,
                                   totals.n_with_text + part.n_with_text,
                                   totals.n_failed + part.n_failed,
                                   totals.n_mentions + part.n_mentions)
            extracting.unless_drawing(say)(
                f"{month:%Y-%m}: {totals.n_papers}/{len(papers)} papers read")
    say(f"{month:%Y-%m}: {totals.n_papers} papers to read: {totals.n_with_text} read, "
        f"{totals.n_failed} failed, {totals.n_mentions} paper-term mentions")
    return totals


def count_month_ngrams(settings: Settings, months: list[date]) -> None:
    """Count the unigrams and bigrams of the months' stored texts again (whole months)."""
    con = store.connect(settings.db_path)
    try:
        ngrams.recount_ngrams(con, months, settings.ngram_min_df)
    finally:
        con.close()


def store_fetched_month(
    settings: Settings, fetched: FetchedMonth, progress: Progress | None = None,
    bar: ProgressBar | None = None, run_id: str | None = None,
) -> IngestSummary:
    """Extract, count and store the text of a fetched month's papers.

    Args:
        bar: the bar to count extracted PDFs on (default: one of its own).
    """
    say = progress or (lambda _: None)
    terms = load_terms(settings.terms_path)
    texts, mentions, failures = read_pdfs(
        settings, terms, _jobs_for(fetched.papers, fetched.pdf_paths), fetched.failures, say,
        len(fetched.pdf_paths), bar)
    batch = store.MonthBatch(fetched.month, fetched.papers, texts, mentions, failures)
    _fill_missing_failures(batch)
    con = store.connect(settings.db_path)
    try:
        store.save_terms(con, terms)
        store.save_texts(con, batch, "arxiv", run_id or uuid.uuid4().hex)
    finally:
        con.close()
    if not settings.keep_pdfs:  # disk stays bounded: the text is stored now
        for pid in texts:
            fetched.pdf_paths[pid].unlink(missing_ok=True)
    return IngestSummary((fetched.month,), len(fetched.papers), len(texts),
                         len(batch.failures), sum(len(m) for m in mentions.values()))


def download_pdfs(
    papers: list[Paper], settings: Settings, session: fetch.PoliteSession, say: Progress,
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
            dest = settings.pdf_dir / pdfsource.pdf_filename(paper.paper_id, paper.version)
            try:
                if not dest.exists():
                    _write_atomically(dest, fetch.fetch_pdf(paper, settings, session))
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
        for paper in fetch.parse_feed(path.read_bytes(), str(path))
    ]
    paths = {p.paper_id: pdf_dir / pdfsource.pdf_filename(p.paper_id, p.version) for p in papers}
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
    """Extract, count and store `papers`, replacing every month they (or `months`) cover."""
    say = progress or (lambda _: None)
    papers = _latest_versions(papers)
    terms = load_terms(settings.terms_path)
    texts, mentions, failures = read_pdfs(settings, terms, _jobs_for(papers, pdf_paths),
                                          failures or {}, say, len(pdf_paths))
    batches = _group_by_month(papers, texts, mentions, failures, months or [])
    con = store.connect(settings.db_path)
    try:
        store.save_terms(con, terms)
        run_id = run_id or uuid.uuid4().hex
        for batch in batches:
            store.save_month(con, batch, source, run_id)
            say(f"{batch.month:%Y-%m}: {len(batch.papers)} papers listed, "
                f"{len(batch.texts)} read, {len(batch.failures)} failed")
        ngrams.recount_ngrams(con, [b.month for b in batches], settings.ngram_min_df)
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


def read_pdfs(
    settings: Settings, terms: list[Term], jobs: Iterable[PdfJob], failures: Failures,
    say: Progress, n_jobs: int | None = None, bar: ProgressBar | None = None,
) -> tuple[dict[str, store.PaperText], dict[str, dict[str, tuple[int, ...]]], Failures]:
    """Extract PDFs in worker processes; find each text's zones and the terms in each zone.

    Args:
        bar: the bar to count extracted PDFs on (default: one of its own).
    """
    failures = dict(failures)
    texts: dict[str, store.PaperText] = {}
    mentions: dict[str, dict[str, tuple[int, ...]]] = {}
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
                failures[result.paper_id] = (result.path, result.error or "unknown error")
                continue
            zones = find_zones(result.text)
            texts[result.paper_id] = store.PaperText(result.text, result.version,
                                                     result.quality or "ok", zones)
            mentions[result.paper_id] = count_term_zones(result.text, terms, zones)
    return texts, mentions, failures


def _jobs_for(papers: list[Paper], pdf_paths: dict[str, Path]) -> list[PdfJob]:
    versions = {p.paper_id: p.version for p in papers}
    return [PdfJob(pid, str(path), version=versions.get(pid))
            for pid, path in sorted(pdf_paths.items())]


def _fill_missing_failures(batch: store.MonthBatch) -> None:
    for paper in batch.papers:
        if paper.paper_id not in batch.texts and paper.paper_id not in batch.failures:
            batch.failures[paper.paper_id] = ("", "no PDF")


def _group_by_month(
    papers: list[Paper],
    texts: dict[str, str],
    mentions: dict[str, set[str]],
    failures: Failures,
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
    for batch in batches.values():
        _fill_missing_failures(batch)
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

"""Ingest of local PDFs: files, folders and arXiv's bulk tarballs, metadata known or not.

The paper id and version come from each file's name; a paper whose metadata is not stored
yet gets a placeholder row in the month of its id's YYMM (its v1 month), which a later
metadata ingest fills in. PDFs are read in chunks, each staged before the next is read,
so memory stays bounded and an interruption keeps what was read; the end publishes all of
it with the n-gram counts of its months in one transaction (`store.stage`).
"""

from __future__ import annotations

import itertools
import uuid
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import duckdb

from pipeline import store
from pipeline.count import load_terms
from pipeline.ops.ingest import Failures, IngestSummary, Progress, read_pdfs
from pipeline.papers import Paper, PdfJob
from pipeline.progress import ProgressBar
from pipeline.settings import Settings
from pipeline.sources import pdf_files


def add_pdfs(
    settings: Settings, paths: list[Path], progress: Progress | None = None,
    chunk_size: int = 100, is_resumed: bool = False,
) -> IngestSummary:
    """Read arXiv-named PDFs from files, folders and tarballs; store texts and mentions.

    Papers whose metadata is not stored yet get a placeholder row in the month of their
    id's YYMM (their v1 month); a later metadata ingest fills in the rest. With
    `is_resumed`, a PDF whose paper already has that version's text is not read again.
    """
    terms = load_terms(settings.terms_path)
    by_month: Counter[tuple[date, bool]] = Counter()  # (month, is stored) -> PDFs
    totals = [0, 0, 0, 0]  # papers, with text, failed, mentions
    run_id = uuid.uuid4().hex  # one record per month this call reads
    con = store.connect(settings.db_path, memory_mb=settings.write_memory_mb)
    try:
        store.save_terms(con, terms)
        with ProgressBar("extracting PDFs") as bar:  # a tarball's count is known only at its end
            say = bar.wrap(progress or (lambda _: None))
            jobs = pdf_files.iter_pdf_jobs(paths, lambda name, why: say(f"skipped {name}: {why}"))
            if is_resumed:
                read = store.load_read_versions(con)
                jobs = (j for j in jobs if (j.paper_id, j.version) not in read)
            while chunk := list(itertools.islice(jobs, chunk_size)):
                texts, mentions, failures = read_pdfs(settings, terms, chunk, {}, say, None, bar)
                by_month.update(_save_pdf_chunk(con, chunk, texts, mentions, failures, run_id))
                totals = [totals[0] + len(chunk), totals[1] + len(texts),
                          totals[2] + len(failures),
                          totals[3] + sum(len(m) for m in mentions.values())]
                bar.unless_drawing(say)(
                    f"{totals[0]} PDFs read, {totals[1]} stored, {totals[2]} failed")
        months = sorted({month for month, _ in by_month})
        store.publish_staged(con, settings.ngram_min_df)
    finally:
        con.close()
    for month in months:
        say(f"{month:%Y-%m}: {by_month[month, True] + by_month[month, False]} PDFs read, "
            f"{by_month[month, True]} stored, {by_month[month, False]} failed")
    return IngestSummary(tuple(months), *totals)


def _save_pdf_chunk(
    con: duckdb.DuckDBPyConnection, chunk: list[PdfJob],
    texts: dict[str, store.PaperText], mentions: dict[str, dict[str, tuple[int, ...]]],
    failures: Failures, run_id: str,
) -> Counter[tuple[date, bool]]:
    """Store one chunk of local PDFs, month by month; count them by (month, is stored)."""
    known = store.load_known_months(con, [job.paper_id for job in chunk])
    batches: dict[date, store.MonthBatch] = {}
    new_papers: dict[date, list[Paper]] = {}
    counts: Counter[tuple[date, bool]] = Counter()
    for job in chunk:
        month = known.get(job.paper_id) or pdf_files.month_from_id(job.paper_id)
        batch = batches.setdefault(month, store.MonthBatch(month, []))
        if job.paper_id in texts:
            batch.texts[job.paper_id] = texts[job.paper_id]
            batch.mentions[job.paper_id] = mentions[job.paper_id]
        else:
            batch.failures[job.paper_id] = failures[job.paper_id]
        if job.paper_id not in known:  # two versions of one paper: the store keeps the later
            new_papers.setdefault(month, []).append(_placeholder(job, month))
        counts[month, job.paper_id in texts] += 1
    for month, batch in batches.items():
        store.stage_texts(con, batch, "pdf", run_id, new_papers.get(month, []))
    return counts


def _placeholder(job: PdfJob, month: date) -> Paper:
    """A paper known only from its PDF's name: id, version and (v1) month."""
    start = datetime(month.year, month.month, 1)
    return Paper(job.paper_id, job.version or 1, "", (), "", (), start, start)

"""The one ingest path: any source's paper records and PDFs -> extract -> count -> store.

Every way in (the arXiv API's listing and PDFs, saved feeds, the sample, local PDFs and
tarballs, the metadata snapshot) is a `pipeline.sources.Source` of plain values, and
`ingest` takes each through the same steps, so that each rule is written once, here:
- Reading: every PDF in a killable worker (`extract`), its zones found and its curated
  terms counted per zone (`count`), as the workers finish.
- Institutions: the title pages of the texts stored, matched once they are published.
- Which version wins: a source's records hold each paper at its latest version; a text
  is stored with the version it was read at.
- A paper without metadata (a PDF added by name) is filed under its id's month, as a
  placeholder, until its metadata arrives.
- How months are written: a source of whole months (saved feeds, the sample) replaces
  them in one transaction, their n-grams counted as the texts pass; any other source stages
  what it reads a chunk at a time (committed, so hours of reading survive a crash) and
  publishes all of it at its end, with the n-gram counts of the months it changed.
"""

from __future__ import annotations

import contextlib
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb

from pipeline import store
from pipeline.count import load_terms
from pipeline.count.institutions import load_institutions
from pipeline.ops.abstracts import count_abstract_months, use_counting_rules
from pipeline.ops.institutions import count_institutions
from pipeline.ops.read import ReadPaper, read_pdfs
from pipeline.papers import Paper, month_from_id
from pipeline.progress import Say
from pipeline.settings import Settings
from pipeline.sources import PaperBatch, Source

Progress = Say  # a line of progress for the user
Failures = dict[str, tuple[str, str]]  # paper id -> (path or url, reason)
PDF_CHUNK = 100  # PDFs read, then staged (downloads deleted), before the next ones
STORE_CHUNK = 200  # texts a whole-month write holds in memory before writing them
# The most characters of text a chunk holds, whatever its number of papers: about 250
# average papers; so the main process holds a bounded amount of text at once.
CHUNK_CHARS = 15_000_000
# A source of metadata alone writes small batches: DuckDB's cache of table blocks would
# otherwise grow with the database, and its default 16 MB checkpoints make a bulk upsert
# twice as slow (bench/bench_snapshot.py).
METADATA_MEMORY_MB = 128
CHECKPOINT_MB = 64


@dataclass(frozen=True)
class IngestSummary:
    """What one ingest stored: papers with metadata or a PDF, texts, failures, mentions."""

    months: tuple[date, ...]
    n_papers: int
    n_with_text: int
    n_failed: int
    n_mentions: int

    @classmethod
    def total(cls, summaries: list[IngestSummary]) -> IngestSummary:
        """What several ingests stored together."""
        return cls(tuple(sorted({m for s in summaries for m in s.months})),
                   *(sum(getattr(s, name) for s in summaries)
                     for name in ("n_papers", "n_with_text", "n_failed", "n_mentions")))


def ingest(
    settings: Settings, source: Source, progress: Progress | None = None,
    run_id: str | None = None, con: duckdb.DuckDBPyConnection | None = None,
) -> IngestSummary:
    """Take `source` through extract -> count -> store; publish what it stored.

    Args:
        run_id: the run whose record counts what is stored (default: a record of its own).
        con: the connection to write on (default: one of the ingest's own).
    """
    say = progress or (lambda _: None)
    has_texts = source.jobs is not None
    terms = load_terms(settings.terms_path)
    load_institutions(settings.institutions_path)  # a broken list stops us before any read
    reads = read_pdfs(settings, terms, source.jobs, say, source.n_jobs) if has_texts else ()
    with contextlib.ExitStack() as stack:
        if con is None:
            con = (store.connect_writing(settings, memory_mb=settings.write_memory_mb)
                   if has_texts else store.connect_writing(
                       settings, memory_mb=METADATA_MEMORY_MB, checkpoint_mb=CHECKPOINT_MB))
            stack.callback(con.close)
        use_counting_rules(con, settings, terms, say)
        summary = write_source(con, settings, source, reads, say, run_id)
        # the title pages of the texts it stored (and of any an earlier run left unmatched)
        count_institutions(con, settings, say)
        # the abstract-level source of the months whose metadata changed, at once
        count_abstract_months(con, settings, terms, progress=say)
        return summary


def write_source(
    con: duckdb.DuckDBPyConnection, settings: Settings, source: Source,
    reads: Iterable[ReadPaper], say: Progress, run_id: str | None = None,
    chunk_papers: int | None = None,
) -> IngestSummary:
    """Store the source's records and what was read of its PDFs, `chunk_papers` at a time."""
    run_id = run_id or uuid.uuid4().hex
    if source.replaces_months:
        return _write_whole_months(con, settings, source, reads, say, run_id,
                                   chunk_papers or STORE_CHUNK)
    return _stage_then_publish(con, settings, source, reads, say, run_id,
                               chunk_papers or PDF_CHUNK)


def _write_whole_months(
    con: duckdb.DuckDBPyConnection, settings: Settings, source: Source,
    reads: Iterable[ReadPaper], say: Progress, run_id: str, chunk_papers: int,
) -> IngestSummary:
    """Replace the months of the source's records in one transaction, texts streamed in."""
    records = PaperBatch.concat(list(source.batches))
    failures: Failures = {}
    n_with_text = n_mentions = 0
    with store.MonthsWriter(con, records, source.name, run_id, settings.categories,
                            settings.ngram_min_df) as writer:
        for chunk in _chunks(reads, chunk_papers):
            texts = {r.paper_id: r.text for r in chunk if r.text is not None}
            mentions = {r.paper_id: r.mentions for r in chunk if r.text is not None}
            failures.update((r.paper_id, r.failure) for r in chunk if r.failure)
            writer.add(texts, mentions)
            n_with_text += len(texts)
            n_mentions += sum(len(m) for m in mentions.values())
        stored = writer.commit(failures)
    for month in stored:
        say(f"{month.month:%Y-%m}: {month.n_papers} papers listed, {month.n_with_text} read, "
            f"{month.n_failed} failed")
    say(f"stored {len(stored)} month(s) in {settings.db_path}")
    return IngestSummary(tuple(m.month for m in stored), records.papers.height, n_with_text,
                         sum(m.n_failed for m in stored), n_mentions)


def _stage_then_publish(
    con: duckdb.DuckDBPyConnection, settings: Settings, source: Source,
    reads: Iterable[ReadPaper], say: Progress, run_id: str, chunk_papers: int,
) -> IngestSummary:
    """Stage the records and the reads a chunk at a time, then publish all of it at once."""
    n_records = 0
    if source.is_all_or_nothing and (n_dropped := store.drop_staged_input(con)):
        say(f"dropped {n_dropped} papers staged by an earlier {source.name} import that did not "
            "finish")
    for batch in source.batches:
        store.stage_batch(con, batch, source.is_all_or_nothing)
        n_records += batch.papers.height
    by_month: Counter[tuple[date, bool]] = Counter()  # (month, has text) -> papers read
    n_mentions = 0
    for chunk in _chunks(reads, chunk_papers):
        by_month.update(_stage_reads(con, chunk, source.name, run_id))
        n_mentions += sum(len(r.mentions) for r in chunk)
        if source.deletes_read_files:  # disk stays bounded: the texts are stored now
            for read in chunk:
                if read.text is not None:
                    Path(read.path).unlink(missing_ok=True)
        n_read, n_stored = sum(by_month.values()), _n_with(by_month, True)
        of = f"/{source.n_jobs}" if source.n_jobs else ""
        say(f"{n_read}{of} papers read: {n_stored} stored, {n_read - n_stored} failed")
    published = store.publish_staged(con, settings.ngram_min_df, source.is_all_or_nothing)
    months = sorted({month for month, _ in by_month})
    for month in months:
        say(f"{month:%Y-%m}: {by_month[month, True] + by_month[month, False]} papers read, "
            f"{by_month[month, True]} stored, {by_month[month, False]} failed")
    return IngestSummary(tuple(months or published), n_records + sum(by_month.values()),
                         _n_with(by_month, True), _n_with(by_month, False), n_mentions)


def _stage_reads(
    con: duckdb.DuckDBPyConnection, chunk: list[ReadPaper], source: str, run_id: str,
) -> Counter[tuple[date, bool]]:
    """Stage a chunk of reads, month by month; count them by (month, has text).

    A paper's text is stored at its highest version: a read of a lower version than one
    stored, staged or in the chunk is left out. A paper's month is its stored (or staged)
    one; a paper without metadata gets a placeholder (`_placeholder`).
    """
    reads = _highest_versions(chunk, store.load_text_versions(con, [r.paper_id for r in chunk]))
    known = store.load_known_months(con, [read.paper_id for read in reads])
    batches: dict[date, store.MonthBatch] = {}
    new_papers: dict[date, list[Paper]] = {}
    counts: Counter[tuple[date, bool]] = Counter()
    for read in reads:
        placeholder = None if read.paper_id in known else _placeholder(read)
        month = known.get(read.paper_id) or placeholder.month
        batch = batches.setdefault(month, store.MonthBatch(month, []))
        if read.text is not None:
            batch.texts[read.paper_id] = read.text
            batch.mentions[read.paper_id] = read.mentions
        else:
            batch.failures[read.paper_id] = read.failure or (read.path, "unknown error")
        if placeholder is not None:
            new_papers.setdefault(month, []).append(placeholder)
        counts[month, read.text is not None] += 1
    for month, batch in batches.items():
        store.stage_reads(con, batch, source, run_id, new_papers.get(month, []))
    return counts


def _highest_versions(chunk: list[ReadPaper], stored: dict[str, int]) -> list[ReadPaper]:
    """Of each paper's reads, the one of the highest version (a text over a failure), unless
    a text of a higher version is stored already."""
    best: dict[str, ReadPaper] = {}
    for read in chunk:
        rank = (read.version or 0, read.text is not None)
        other = best.get(read.paper_id)
        if other is None or rank > (other.version or 0, other.text is not None):
            best[read.paper_id] = read
    return [read for read in best.values()
            if (read.version or 0) >= stored.get(read.paper_id, 0)]


def _placeholder(read: ReadPaper) -> Paper:
    """A paper known only from its PDF: id and version from the file's name; primary category
    and v1 date from page 1's arXiv stamp (v1's day, or the first of the id's month for a
    later version); none of them if there is no stamp (held apart until metadata arrives).
    """
    stamp = read.stamp if read.stamp and read.stamp.paper_id == read.paper_id else None
    month = month_from_id(read.paper_id)
    start = datetime(month.year, month.month, 1)
    if stamp is None:
        return Paper(read.paper_id, read.version or 1, "", (), "", (), start, start)
    submitted = datetime.combine(stamp.submitted_on, datetime.min.time())
    published = submitted if stamp.version == 1 else start
    return Paper(read.paper_id, read.version or stamp.version, "", (), stamp.primary_category,
                 (stamp.primary_category,), published, submitted)


def _n_with(by_month: Counter[tuple[date, bool]], has_text: bool) -> int:
    return sum(n for (_, is_read), n in by_month.items() if is_read == has_text)


def _chunks(items: Iterable[ReadPaper], size: int,
            max_chars: int = CHUNK_CHARS) -> Iterator[list[ReadPaper]]:
    """`size` reads at a time, fewer when their texts reach `max_chars` together."""
    chunk: list[ReadPaper] = []
    n_chars = 0
    for item in items:
        chunk.append(item)
        n_chars += len(item.text.text) if item.text is not None else 0
        if len(chunk) >= size or n_chars >= max_chars:
            yield chunk
            chunk, n_chars = [], 0
    if chunk:
        yield chunk

"""Store stage, whole months: replace months in one transaction while their texts stream in.

An ingest of saved feeds or the sample replaces every month it covers. Its texts arrive a
chunk at a time from the PDF workers and are written as they arrive, inside one DuckDB
transaction that also holds the months' papers, curated-term mentions, extraction failures
and n-gram counts, and that commits only at the end. Any process opening the file sees each
month as it was before or whole, never half: a crash or a kill rolls the write back.
Python holds one chunk and the running n-gram sums (`count.MonthCounter`), never a month
of text. Each chunk's texts go to new files beside the database (`text_files`), which the
rows name; once committed, each month's files are rewritten as one.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

import duckdb

from pipeline.count import DEFAULT_MIN_DF, MonthCounter
from pipeline.sources import PaperBatch
from pipeline.store.db import fetch_sql_file, registered, run_sql_file
from pipeline.store.frames import (
    Failures,
    Mentions,
    PaperText,
    failures_frame,
    ids_frame,
    mentions_frame,
    months_frame,
    texts_frame,
)
from pipeline.store.ngram_counts import recount_month_ngrams, replace_month_ngrams
from pipeline.store.runs import record_batch
from pipeline.store.text_files import compact_months, save_text_file, texts_folder


@dataclass(frozen=True)
class StoredMonth:
    """What a whole-month write stored for one month."""

    month: date
    n_papers: int
    n_with_text: int
    n_failed: int


class MonthsWriter:
    """Replace the months of `records` in one transaction, their texts streamed in.

    Use as a context manager: entering deletes the months and stores the papers, `add`
    stores texts as they come, `commit` stores the rest and commits; leaving without a
    commit (an error) rolls everything back.
    """

    def __init__(
        self, con: duckdb.DuckDBPyConnection, records: PaperBatch, source: str, run_id: str,
        categories: tuple[str, ...], min_df: int = DEFAULT_MIN_DF,
    ) -> None:
        self.con, self.records, self.source, self.run_id = con, records, source, run_id
        self.min_df = min_df
        self.month_of: dict[str, date] = dict(records.papers.select("paper_id", "month").rows())
        self.months = sorted(set(self.month_of.values()))
        # the papers whose texts count in the shares (and n-grams): of the categories
        wanted = set(categories)
        self.is_in_categories = {pid: bool(wanted.intersection(cats)) for pid, cats
                                 in records.papers.select("paper_id", "categories").rows()}
        # each paper's categories, its primary first (the n-grams are counted by category)
        self.categories_of = {
            pid: [primary, *(c for c in cats if c != primary)] for pid, primary, cats
            in records.papers.select("paper_id", "primary_category", "categories").rows()}
        self.counter = MonthCounter(tuple(sorted(wanted)))
        self.n_read: Counter[date] = Counter()
        self.months_left: list[date] = []
        self.started_at = datetime.now()
        self.folder = texts_folder(con)
        self.is_open = False

    def __enter__(self) -> MonthsWriter:
        self.con.begin()
        self.is_open = True
        try:
            self._replace_papers()
        except BaseException:
            with contextlib.suppress(duckdb.Error):  # the first error is the one to report
                self._rollback()
            raise
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        try:
            self._rollback()
        except duckdb.Error:
            if not exc_type:
                raise  # else the error that stopped the write is the one to report

    def add(self, texts: dict[str, PaperText], mentions: Mentions) -> None:
        """Store a chunk of texts with their mentions, and count their n-grams."""
        unknown = [pid for pid in texts if pid not in self.month_of]
        if unknown:
            raise ValueError(f"texts of papers not being stored: {', '.join(unknown[:5])}")
        by_month_texts: dict[date, dict[str, PaperText]] = {}
        for pid, text in texts.items():
            by_month_texts.setdefault(self.month_of[pid], {})[pid] = text
        file_of = {}
        for month, month_texts in by_month_texts.items():
            file_of |= dict.fromkeys(month_texts, save_text_file(self.folder, month, month_texts))
        with registered(self.con, batch_texts=texts_frame(texts, file_of),
                        batch_mentions=mentions_frame(mentions)):
            run_sql_file(self.con, "store/insert_texts")
        by_month: dict[date, list[str]] = {}
        for pid, text in texts.items():
            self.n_read[self.month_of[pid]] += 1
            if self.is_in_categories[pid] and text.quality != "garbled":
                by_month.setdefault(self.month_of[pid], []).append(pid)
        for month, ids in by_month.items():
            self.counter.add(month, [texts[pid].text for pid in ids],
                             [self.categories_of[pid] for pid in ids])

    def commit(self, failures: Failures) -> list[StoredMonth]:
        """Store the failures (papers without text nor failure: "no PDF"), the n-gram counts
        and the run's record of each month; commit. Return what each month holds."""
        n_texts = {m: self.counter.n_papers(m) for m in self.months}
        failures = {pid: failures.get(pid, ("", "no PDF")) for pid in self._ids_without_text()}
        with registered(self.con, batch_failures=failures_frame(failures, self.started_at)):
            run_sql_file(self.con, "store/count_failure_attempts")
        # the months' failures replaced; a killed long read's staged rows must not come back
        with registered(self.con, batch_months=months_frame(self.months)):
            run_sql_file(self.con, "store/finish_months")
        n_papers = Counter(self.month_of.values())
        n_failed = Counter(self.month_of[pid] for pid in failures)
        stored = []
        for month in self.months:
            replace_month_ngrams(self.con, month, self.counter.counts(month), n_texts[month],
                                 self.min_df,
                                 by_category=self.counter.category_counts(month, self.min_df))
            counts = (n_papers[month], self.n_read[month], n_failed[month])
            stored.append(StoredMonth(month, *counts))
            record_batch(self.con, self.run_id, month, self.source, self.started_at, counts)
        for month in self.months_left:  # papers moved out of it: its texts counted again
            recount_month_ngrams(self.con, month, self.min_df)
        self.is_open = False  # a failed commit rolls back by itself
        self.con.commit()
        compact_months(self.con, self.months + self.months_left)
        return stored

    def _replace_papers(self) -> None:
        """Forget what the months and the papers held (failures at commit), store the papers."""
        with registered(self.con, batch_ids=ids_frame(list(self.month_of)),
                        batch_months=months_frame(self.months),
                        batch_papers=self.records.papers,
                        batch_versions=self.records.versions):
            run_sql_file(self.con, "store/forget_months")
            self.months_left = [m for (m,) in fetch_sql_file(self.con, "store/months_left")]
            run_sql_file(self.con, "store/upsert_core_papers")

    def _ids_without_text(self) -> list[str]:
        with registered(self.con, batch_ids=ids_frame(list(self.month_of))):
            return [pid for (pid,) in fetch_sql_file(self.con, "store/ids_without_text")]

    def _rollback(self) -> None:
        if self.is_open:
            self.is_open = False
            self.con.rollback()

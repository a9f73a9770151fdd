"""Store stage, whole months: replace months in one transaction while their texts stream in.

An ingest of saved feeds or local files replaces every month it covers. Its texts arrive a
chunk at a time from the PDF workers and are written as they arrive, inside one DuckDB
transaction that also holds the months' papers, curated-term mentions, extraction failures
and n-gram counts, and that commits only at the end. Any process opening the file sees each
month as it was before or whole, never half: a crash or a kill rolls the write back.
Python holds one chunk and the running n-gram sums (`ngrams.MonthCounter`), never a month
of text; DuckDB writes a large transaction's rows to the file as it goes.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import polars as pl

from pipeline.count import ngrams
from pipeline.papers import Paper
from pipeline.store import db, ngram_counts, stage

Failures = dict[str, tuple[str, str]]  # paper id -> (path or url, reason)
Mentions = dict[str, dict[str, tuple[int, ...]]]  # paper id -> term -> (header, body, refs)


@dataclass(frozen=True)
class StoredMonth:
    """What a whole-month write stored for one month."""

    month: date
    n_papers: int
    n_with_text: int
    n_failed: int


class MonthsWriter:
    """Replace the months of `papers` (and `months`) in one transaction, texts streamed in.

    Use as a context manager: entering deletes the months and stores the papers, `add`
    stores texts as they come, `commit` stores the rest and commits; leaving without a
    commit (an error) rolls everything back.
    """

    def __init__(
        self, con: duckdb.DuckDBPyConnection, papers: list[Paper], months: list[date],
        source: str, run_id: str, min_df: int = ngrams.DEFAULT_MIN_DF,
    ) -> None:
        self.con, self.papers, self.source, self.run_id = con, papers, source, run_id
        self.min_df = min_df
        self.month_of = {p.paper_id: p.month for p in papers}
        self.months = sorted(set(months) | set(self.month_of.values()))
        self.counter = ngrams.MonthCounter()
        self.started_at = datetime.now()
        self.is_open = False

    def __enter__(self) -> MonthsWriter:
        self.con.execute("begin transaction")
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

    def add(self, texts: dict[str, db.PaperText], mentions: Mentions) -> None:
        """Store a chunk of texts with their mentions, and count their n-grams."""
        unknown = [pid for pid in texts if pid not in self.month_of]
        if unknown:
            raise ValueError(f"texts of papers not being stored: {', '.join(unknown[:5])}")
        with db.registered(self.con, batch_texts=db.texts_frame(texts),
                              batch_mentions=db.mentions_frame(mentions)):
            self.con.execute("insert into core_paper_texts select * from batch_texts")
            self.con.execute("insert into core_paper_terms select * from batch_mentions")
        by_month: dict[date, list[str]] = {}
        for pid, text in texts.items():
            by_month.setdefault(self.month_of[pid], []).append(text.text)
        for month, month_texts in by_month.items():
            self.counter.add(month, month_texts)

    def commit(self, failures: Failures) -> list[StoredMonth]:
        """Store the failures (papers without text nor failure: "no PDF"), the n-gram counts
        and the run's record of each month; commit. Return what each month holds."""
        n_texts = {m: self.counter.n_papers(m) for m in self.months}
        failures = {pid: failures.get(pid, ("", "no PDF")) for pid in self._ids_without_text()}
        counted = db.store_query("counted_failures")
        with db.registered(self.con,
                              batch_failures=db.failures_frame(failures, self.started_at)):
            self.con.execute(f"create or replace temp table counted_failures as {counted}")
        self.con.execute("delete from core_extract_failures"
                         " where paper_id in (select paper_id from forget)")
        self.con.execute("insert into core_extract_failures select * from counted_failures")
        # a killed long read's staged rows for these months must not come back
        stage.forget_staged(self.con, "forget", self.months)
        n_papers = Counter(self.month_of.values())
        n_failed = Counter(self.month_of[pid] for pid in failures)
        stored = []
        for month in self.months:
            ngram_counts.replace_month_ngrams(self.con, month, self.counter.counts(month),
                                             n_texts[month], self.min_df)
            counts = (n_papers[month], n_texts[month], n_failed[month])
            stored.append(StoredMonth(month, *counts))
            db.record_batch(self.con, self.run_id, month, self.source, self.started_at,
                               counts)
        self.is_open = False  # a failed commit rolls back by itself
        self.con.execute("commit")
        return stored

    def _replace_papers(self) -> None:
        """Forget what the months and the papers held (failures at commit), store the papers."""
        ids = pl.DataFrame({"paper_id": list(self.month_of)}, schema={"paper_id": pl.String})
        with db.registered(self.con, batch_ids=ids,
                              batch_papers=db.papers_frame(self.papers, self.source),
                              batch_versions=db.versions_frame(self.papers)):
            self.con.execute(
                "create or replace temp table forget as select paper_id from core_papers"
                " where list_contains(?, month) union select paper_id from batch_ids",
                [self.months])
            for table in ("core_paper_texts", "core_paper_terms", "core_papers",
                          "core_paper_versions"):
                self.con.execute(
                    f"delete from {table} where paper_id in (select paper_id from forget)")
            db.upsert_batch_papers(self.con)

    def _ids_without_text(self) -> list[str]:
        stored = pl.DataFrame({"paper_id": list(self.month_of)}, schema={"paper_id": pl.String})
        with db.registered(self.con, batch_ids=stored):
            rows = self.con.execute("select paper_id from batch_ids anti join core_paper_texts"
                                    " using (paper_id) order by paper_id").fetchall()
        return [pid for (pid,) in rows]

    def _rollback(self) -> None:
        if self.is_open:
            self.is_open = False
            self.con.execute("rollback")

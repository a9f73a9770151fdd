"""Store stage, staging and publishing: what a long step reads is committed a chunk at a
time outside the core tables, then moved into them at once.

The arXiv API's listing windows, the PDFs read from arXiv or added from files, and the
metadata snapshot's batches are staged a chunk at a time (`papers.stage_batch`,
`stage_reads`): committed, so an interrupted run keeps its work, but not yet in the core
tables. At the end of the step, `publish_staged` moves all of it into the core tables and
recounts the n-grams of every month whose texts changed, in one transaction. So a DuckDB
client opening the file sees each month as a finished step left it (its metadata whole,
the texts a run has read with their mentions and n-gram counts), never a half-written one;
a kill leaves the core tables as they were and the staged rows for the next run.
"""

from __future__ import annotations

from datetime import date, datetime

import duckdb

from pipeline.count import DEFAULT_MIN_DF
from pipeline.papers import Paper
from pipeline.sources.records import papers_frame, versions_frame
from pipeline.store.db import fetch_sql_file, registered, run_sql_file, transaction
from pipeline.store.frames import (
    MonthBatch,
    failures_frame,
    ids_frame,
    mentions_frame,
    texts_frame,
)
from pipeline.store.ngram_counts import recount_month_ngrams
from pipeline.store.runs import record_batch
from pipeline.store.text_files import compact_months, save_text_file, texts_folder


def stage_reads(
    con: duckdb.DuckDBPyConnection, batch: MonthBatch, source: str, run_id: str,
    new_papers: list[Paper] | None = None,
) -> None:
    """Stage what was read of the batch's papers (texts, mentions, failures), replacing what
    was staged of them, and count it in the run's record, in one transaction.

    The papers' metadata is left as stored; `new_papers` (not stored yet) are staged too.
    """
    started_at = datetime.now()
    ids = sorted({p.paper_id for p in batch.papers} | set(batch.texts) | set(batch.failures))
    name = save_text_file(texts_folder(con), batch.month, batch.texts) if batch.texts else ""
    frames = {"batch_papers": papers_frame(new_papers or [], source),
              "batch_versions": versions_frame(new_papers or []),
              "batch_ids": ids_frame(ids),
              "batch_texts": texts_frame(batch.texts, dict.fromkeys(batch.texts, name)),
              "batch_mentions": mentions_frame(batch.mentions),
              "batch_failures": failures_frame(batch.failures, started_at)}
    with registered(con, **frames), transaction(con):
        run_sql_file(con, "store/count_failure_attempts")
        run_sql_file(con, "store/upsert_stage_papers")
        run_sql_file(con, "store/stage_reads")
        record_batch(con, run_id, batch.month, source, started_at,
                     (len(ids), len(batch.texts), len(batch.failures)))


def publish_staged(
    con: duckdb.DuckDBPyConnection, min_df: int = DEFAULT_MIN_DF, is_all_or_nothing: bool = False
) -> list[date]:
    """Publish everything staged, with the n-gram counts of the months whose texts changed,
    in one transaction; return those months, whose texts are then each made one file. The
    staged metadata of an all-or-nothing input is published only by its own run
    (`is_all_or_nothing`), once it read the input whole."""
    with transaction(con):
        if is_all_or_nothing:
            run_sql_file(con, "store/move_stage_input")
        run_sql_file(con, "store/mark_staged")
        months = [m for (m,) in fetch_sql_file(con, "store/months_of_staged_texts")]
        run_sql_file(con, "store/move_staged")
        for month in months:
            recount_month_ngrams(con, month, min_df)
    compact_months(con, months)
    return months

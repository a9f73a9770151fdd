"""Store stage, publishing: move what a long step staged into the core tables at once.

The arXiv API's query windows, the PDFs read from arXiv or added from files, and the
metadata snapshot's batches are staged a chunk at a time (`store_windows.save_window`,
`db.stage_texts`, `db.save_papers(..., "stage")`): committed, so an interrupted run
keeps its work, but outside the core tables. At the end of the step,
`publish_staged` moves all of it into the core tables and recounts the n-grams of every
month whose texts changed, in one transaction. So a DuckDB client opening the file sees each
month as a finished step left it (its metadata whole, the texts a run has read with their
mentions and n-gram counts), never a half-written one; a kill leaves the core tables as
they were and the staged rows for the next run.
"""

from __future__ import annotations

from datetime import date

import duckdb

from pipeline.count import ngrams
from pipeline.store import db, ngram_counts

_MOVES = (  # (core table, stage table: one row per paper, as staged; the ids it replaces)
    ("core_papers", "stage_papers", "staged_papers"),
    ("core_paper_versions", "stage_paper_versions", "staged_papers"),
    ("core_paper_texts", "stage_paper_texts", "staged_reads"),
    ("core_paper_terms", "stage_paper_terms", "staged_reads"),
    ("core_extract_failures", "stage_extract_failures", "staged_reads"),
)


def publish_staged(
    con: duckdb.DuckDBPyConnection, min_df: int = ngrams.DEFAULT_MIN_DF
) -> list[date]:
    """Publish everything staged, with the n-gram counts of the months whose texts changed,
    in one transaction; return those months."""
    changed = db.store_query("months_of_staged_texts")
    with db.transaction(con):
        con.execute("create or replace temp table staged_papers as"
                    " select distinct paper_id from stage_papers")
        con.execute("create or replace temp table staged_reads as"
                    " select paper_id from stage_paper_texts"
                    " union select paper_id from stage_extract_failures")
        months = [m for (m,) in con.execute(changed).fetchall()]
        for core, stage, ids in _MOVES:
            con.execute(f"delete from {core} where paper_id in (select paper_id from {ids})")
            con.execute(f"insert into {core} select * from {stage}")
            con.execute(f"delete from {stage}")
        for month in months:
            ngram_counts.recount_month_ngrams(con, month, min_df)
    return months


def forget_staged(con: duckdb.DuckDBPyConnection, ids_table: str, months: list[date]) -> None:
    """Drop what is staged for the papers in `ids_table` (a paper_id column) or of `months`
    (inside the caller's transaction: a write replacing those months whole)."""
    con.execute(f"create or replace temp table forget_staged as select paper_id"
                f" from {ids_table} union select paper_id from stage_papers"
                " where list_contains(?, month)", [months])
    for _, stage, _ in _MOVES:
        con.execute(f"delete from {stage} where paper_id in (select paper_id from forget_staged)")

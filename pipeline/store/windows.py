"""Store the progress of metadata ingests: query windows and month status.

Kept apart from `store` (papers, texts, mentions) because only the API harvest uses it.
"""

from __future__ import annotations

from datetime import date, datetime

import duckdb

from pipeline.papers import Paper
from pipeline.store import db


def save_window(
    con: duckdb.DuckDBPyConnection, month: date, categories: str, window_start: datetime,
    window_end: datetime, query: str, total_results: int | None, papers: list[Paper],
    status: str, error: str | None = None,
) -> None:
    """Record one query window and stage its papers, in one transaction (published by
    `stage.publish_staged` once the month's windows are done)."""
    frames = {"batch_papers": db.papers_frame(papers, "arxiv"),
              "batch_versions": db.versions_frame(papers)}
    with db.registered(con, **frames), db.transaction(con):
        db.upsert_batch_papers(con, "stage")
        con.execute(
            "delete from raw_query_windows where month = ? and categories = ?"
            " and window_start = ? and window_end = ?",
            [month, categories, window_start, window_end],
        )
        con.execute(
            "insert into raw_query_windows values (?, ?, ?, ?, ?, ?, ?, ?, ?, now())",
            [month, categories, window_start, window_end, query, total_results, len(papers),
             status, error],
        )


def load_complete_windows(
    con: duckdb.DuckDBPyConnection, month: date, categories: str
) -> list[tuple[datetime, datetime]]:
    """(start, end) of the month's windows already complete for these categories."""
    return con.execute(
        "select window_start, window_end from raw_query_windows where month = ?"
        " and categories = ? and status = 'complete' order by window_start",
        [month, categories],
    ).fetchall()


def load_window_total(con: duckdb.DuckDBPyConnection, month: date, categories: str) -> int:
    """Sum of totalResults over the month's fetched windows (complete or provisional)."""
    rows = con.execute(
        "select coalesce(sum(total_results), 0) from raw_query_windows"
        " where month = ? and categories = ? and status in ('complete', 'provisional')",
        [month, categories],
    ).fetchall()
    return int(rows[0][0])


def save_month_harvest(
    con: duckdb.DuckDBPyConnection, month: date, categories: str, status: str,
    n_windows: int | None = None, total_results: int | None = None,
) -> None:
    """Record how far the metadata ingest of a month has come."""
    with db.transaction(con):
        con.execute("delete from raw_month_harvests where month = ? and categories = ?",
                    [month, categories])
        con.execute("insert into raw_month_harvests values (?, ?, ?, ?, ?, now())",
                    [month, categories, status, n_windows, total_results])

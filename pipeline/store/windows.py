"""Store stage, the arXiv API's listing: the windows asked for each month, and how far each
month's listing has come (`raw_query_windows`, `raw_month_harvests`)."""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import polars as pl

from pipeline.sources import ListingWindow
from pipeline.store.db import fetch_sql_file, registered, run_sql_file, transaction


def record_window(con: duckdb.DuckDBPyConnection, window: ListingWindow, n_fetched: int) -> None:
    """Record one window as asked and answered (inside the caller's transaction)."""
    frame = pl.DataFrame([{
        "month": window.month, "categories": window.categories,
        "window_start": window.start, "window_end": window.end, "query": window.query,
        "total_results": window.total_results, "n_fetched": n_fetched,
        "status": window.status, "error": window.error,
    }], schema={"month": pl.Date, "categories": pl.String, "window_start": pl.Datetime("us"),
                "window_end": pl.Datetime("us"), "query": pl.String,
                "total_results": pl.Int32, "n_fetched": pl.Int32, "status": pl.String,
                "error": pl.String})
    with registered(con, listing_window=frame):
        run_sql_file(con, "store/record_window")


def load_complete_windows(
    con: duckdb.DuckDBPyConnection, month: date, categories: str
) -> list[tuple[datetime, datetime]]:
    """(start, end) of the month's windows already complete for these categories."""
    return fetch_sql_file(con, "store/complete_windows",
                          {"month": month, "categories": categories})


def load_window_total(con: duckdb.DuckDBPyConnection, month: date, categories: str) -> int:
    """Sum of totalResults over the month's fetched windows (complete or provisional)."""
    rows = fetch_sql_file(con, "store/window_total", {"month": month, "categories": categories})
    return int(rows[0][0])


def save_month_harvest(
    con: duckdb.DuckDBPyConnection, month: date, categories: str, status: str,
    n_windows: int | None = None, total_results: int | None = None,
) -> None:
    """Record how far the listing of a month has come."""
    frame = pl.DataFrame([{"month": month, "categories": categories, "status": status,
                           "n_windows": n_windows, "total_results": total_results}],
                         schema={"month": pl.Date, "categories": pl.String,
                                 "status": pl.String, "n_windows": pl.Int32,
                                 "total_results": pl.Int32})
    with registered(con, month_harvest=frame), transaction(con):
        run_sql_file(con, "store/record_month_harvest")


def load_harvest_status(con: duckdb.DuckDBPyConnection, month: date, categories: str) -> str:
    """How far the listing of a month has come: none, partial or complete."""
    rows = fetch_sql_file(con, "store/month_harvest_status",
                          {"month": month, "categories": categories})
    return rows[0][0]

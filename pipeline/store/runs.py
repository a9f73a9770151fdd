"""Store stage, run records (`ingest_runs`): one row per month a run stored, opened when the
run starts (`running`), counted up as its batches are stored, closed with its status."""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import polars as pl

from pipeline import __version__
from pipeline.store.db import fetch_sql_file, registered, run_sql_file, transaction


def open_run(con: duckdb.DuckDBPyConnection, run_id: str, month: date, source: str) -> None:
    """Open a run's record of `month`; a record of the month still `running` belongs to a
    run that stopped without closing it (killed, or its disk full): it is `interrupted`."""
    with transaction(con):
        run_sql_file(con, "store/interrupt_stale_runs", {"month": month})
        run_sql_file(con, "store/open_run", {"run_id": run_id, "month": month,
                                             "source": source, "version": __version__})


def close_run(con: duckdb.DuckDBPyConnection, run_id: str, status: str) -> None:
    """Close a run's records with its final status."""
    run_sql_file(con, "store/close_run", {"run_id": run_id, "status": status})


def record_batch(
    con: duckdb.DuckDBPyConnection, run_id: str, month: date, source: str,
    started_at: datetime, counts: tuple[int, int, int],
) -> None:
    """Add a stored batch's counts (papers, with text, failed) to its run's record of the
    month, inside the caller's transaction; a run that keeps no open record (feeds, files)
    gets one, done with this batch."""
    n_papers, n_with_text, n_failed = counts
    frame = pl.DataFrame([{"run_id": run_id, "month": month, "source": source,
                           "started_at": started_at, "n_papers": n_papers,
                           "n_with_text": n_with_text, "n_failed": n_failed,
                           "code_version": __version__}],
                         schema={"run_id": pl.String, "month": pl.Date, "source": pl.String,
                                 "started_at": pl.Datetime("us"), "n_papers": pl.Int32,
                                 "n_with_text": pl.Int32, "n_failed": pl.Int32,
                                 "code_version": pl.String})
    with registered(con, run_batch=frame):
        fetch_sql_file(con, "store/add_to_run")

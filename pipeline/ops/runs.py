"""Operations: the record of each ingest run (`ingest_runs`), and the state of a month.

A run opens its record when it starts (status `running`), its stored batches add their
counts to it, and it closes with `complete`, `incomplete` (some papers neither read nor
quarantined, or the metadata not all fetched) or `failed` (it stopped on an error). The
report's footer and `arxiv-trends status` read these records.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import duckdb
import polars as pl

from pipeline import store
from pipeline.analyse import run_named_query
from pipeline.errors import ArxivTrendsError
from pipeline.settings import Settings
from pipeline.sources.arxiv_api import categories_key


@dataclass(frozen=True)
class MonthStatus:
    """How far a month has come (`sql/month_status.sql`)."""

    month: date
    harvest_status: str
    n_papers: int
    n_with_text: int
    n_failed: int
    n_unread: int
    is_complete: bool


def start_run(settings: Settings, month: date, source: str) -> str:
    """Open a run's record for `month`; return its id.

    A record of the month still `running` belongs to a run that stopped without closing it
    (killed, or its disk full): it becomes `interrupted`.
    """
    run_id = uuid.uuid4().hex
    con = store.connect_writing(settings)
    try:
        store.open_run(con, run_id, month, source)
    finally:
        con.close()
    return run_id


def finish_run(settings: Settings, run_id: str, status: str) -> None:
    """Close a run's record with its final status."""
    con = store.connect_writing(settings)
    try:
        store.close_run(con, run_id, status)
    finally:
        con.close()


def fail_run(settings: Settings, run_id: str) -> None:
    """Record a run as failed, if the database can still be written (a full disk cannot)."""
    try:
        finish_run(settings, run_id, "failed")
    except (ArxivTrendsError, duckdb.Error):
        pass  # the run's own error is the one to report; the next run marks it interrupted


def load_month_statuses(settings: Settings, months: list[date]) -> list[MonthStatus]:
    """Read whether each month is complete, over one connection."""
    params = {"categories": list(settings.categories),
              "harvest_key": categories_key(settings.categories)}
    con = store.connect_writing(settings)
    try:
        return [MonthStatus(**run_named_query(con, "month_status",
                                              {**params, "month": m}).to_dicts()[0])
                for m in months]
    finally:
        con.close()


def load_status(con: duckdb.DuckDBPyConnection) -> dict[str, pl.DataFrame]:
    """Read what `arxiv-trends status` shows: months, the last runs, failures waiting."""
    return {
        "months": run_named_query(con, "status_by_month"),
        "last_runs": run_named_query(con, "recent_runs", {"n_runs": 5}),
        "failures_waiting": run_named_query(con, "failures_waiting"),
    }

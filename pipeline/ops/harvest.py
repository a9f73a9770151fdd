"""Metadata from the arXiv API: every paper of a month, exactly once, resumably.

The listing (`sources.arxiv_api`) asks the month's windows not complete yet; the ingest
stages each window's papers with its record as soon as the window is complete, so an
interrupted month continues from the windows not yet complete, and publishes them all at
the end. The month is marked complete only when every window is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import duckdb

from pipeline import store
from pipeline.ops.ingest import ingest
from pipeline.settings import Settings
from pipeline.sources import listing_source
from pipeline.sources.arxiv_api import Window, categories_key, is_covered, month_window
from pipeline.sources.polite import PoliteSession

Say = Callable[[str], None]


@dataclass(frozen=True)
class HarvestSummary:
    """What a metadata ingest of one month did."""

    month: date
    n_windows: int
    total_results: int
    n_papers_stored: int


def harvest_month(
    con: duckdb.DuckDBPyConnection, settings: Settings, month: date,
    session: PoliteSession | None = None, say: Say | None = None,
    now: datetime | None = None,
) -> HarvestSummary:
    """Fetch and store the metadata of every paper of `month`, skipping complete windows.

    Each window's papers are staged as it completes and all are published at the end. A
    window that ends less than `settled_after_days` before `now` (UTC) may still gain
    papers: its papers are published but it stays `provisional`, to be asked again next run.
    """
    key = categories_key(settings.categories)
    done = [Window(a, b) for a, b in store.load_complete_windows(con, month, key)]
    store.save_month_harvest(con, month, key, "partial")
    source = listing_source(settings, month, done, session, say, now)
    stored = ingest(settings, source, say, con=con)
    windows = [Window(a, b) for a, b in store.load_complete_windows(con, month, key)]
    is_complete = is_covered(month_window(month), windows)
    total = store.load_window_total(con, month, key)
    store.save_month_harvest(con, month, key, "complete" if is_complete else "partial",
                             len(windows), total)
    return HarvestSummary(month, len(windows), total, stored.n_papers)


def month_is_complete(con: duckdb.DuckDBPyConnection, month: date, key: str) -> bool:
    """True once every window of the month has been fetched for these categories."""
    return store.load_harvest_status(con, month, key) == "complete"

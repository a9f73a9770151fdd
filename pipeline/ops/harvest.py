"""Metadata ingest from the arXiv API: every paper of a month, exactly once, resumably.

The month is asked for in windows (a day each, halved while a window holds more than
`window_max_results`). Each window's papers are staged with its `totalResults` as soon as
the window is complete, so an interrupted month continues from the windows not yet
complete; once every window has been asked, the papers are published to `core_papers` at
once (`store.stage`), and the month is marked complete only when every window is.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import duckdb

from pipeline import store
from pipeline.errors import ArxivTrendsError
from pipeline.progress import ProgressBar
from pipeline.settings import Settings
from pipeline.sources import arxiv_api
from pipeline.sources.arxiv_api import Window

Say = Callable[[str], None]


@dataclass(frozen=True)
class HarvestSummary:
    """What a metadata ingest of one month did."""

    month: date
    n_windows: int
    n_windows_fetched: int
    total_results: int
    n_papers_stored: int


def categories_key(categories: tuple[str, ...]) -> str:
    """The category set as stored with windows: sorted, comma-separated."""
    return ",".join(sorted(categories))


def harvest_month(
    con: duckdb.DuckDBPyConnection, settings: Settings, month: date,
    session: arxiv_api.PoliteSession | None = None, say: Say | None = None,
    now: datetime | None = None,
) -> HarvestSummary:
    """Fetch and store the metadata of every paper of `month`, skipping complete windows.

    Each window's papers are staged as it completes and all are published at the end. A
    window that ends less than `settled_after_days` before `now` (UTC) may still gain
    papers: its papers are published but it stays `provisional`, to be asked again next run.
    """
    session = session or arxiv_api.open_session(settings)
    key = categories_key(settings.categories)
    now = now or datetime.now(UTC).replace(tzinfo=None)
    settled_before = now - timedelta(days=settings.settled_after_days)
    done = [Window(a, b) for a, b in store.load_complete_windows(con, month, key)]
    store.save_month_harvest(con, month, key, "partial")
    pending = deque(w for w in arxiv_api.day_windows(month) if not is_covered(w, done))
    n_fetched = n_papers = 0
    with ProgressBar(f"listing {month:%Y-%m}", len(pending)) as bar:  # counts windows
        say = bar.wrap(say or (lambda _: None))
        while pending:
            window = pending.popleft()
            if is_covered(window, done):
                bar.update()
                continue
            result = _fetch_or_record_failure(con, settings, session, month, key, window, say)
            is_settled = window.end < settled_before
            status = ("split" if result.is_too_large
                      else "complete" if is_settled else "provisional")
            store.save_window(con, month, key, window.start, window.end, result.query,
                                      result.total_results,
                                      [] if result.is_too_large else result.papers, status)
            bar.update()
            if result.is_too_large:
                pending.extendleft(reversed(window.halves()))
                bar.total = (bar.total or 0) + 2
                continue
            if is_settled:
                done.append(window)
            n_fetched, n_papers = n_fetched + 1, n_papers + len(result.papers)
            say(f"{month:%Y-%m}: {window.start:%d %H:%M}-{window.end:%H:%M} "
                f"{len(result.papers)} papers (total so far {n_papers})")
    return _finish(con, month, key, n_fetched, n_papers, settings.ngram_min_df)


def _fetch_or_record_failure(
    con: duckdb.DuckDBPyConnection, settings: Settings, session: arxiv_api.PoliteSession,
    month: date, key: str, window: Window, say: Say,
) -> arxiv_api.WindowResult:
    try:
        return arxiv_api.fetch_window(window, settings, session, say)
    except ArxivTrendsError as err:
        query = window.query(settings.categories)
        store.save_window(con, month, key, window.start, window.end, query, None, [],
                          "failed", str(err))
        raise


def _finish(
    con: duckdb.DuckDBPyConnection, month: date, key: str, n_fetched: int, n_papers: int,
    min_df: int,
) -> HarvestSummary:
    store.publish_staged(con, min_df)  # the windows' papers, all at once
    windows = store.load_complete_windows(con, month, key)
    is_complete = is_covered(arxiv_api.month_window(month), [Window(a, b) for a, b in windows])
    total = store.load_window_total(con, month, key)
    store.save_month_harvest(con, month, key, "complete" if is_complete else "partial",
                             len(windows), total)
    return HarvestSummary(month, len(windows), n_fetched, total, n_papers)


def is_covered(window: Window, done: list[Window]) -> bool:
    """True if the windows in `done` together cover every minute of `window`."""
    next_minute = window.start
    for other in sorted(done):
        if other.start > next_minute:
            break
        if other.end >= next_minute:
            next_minute = other.end + timedelta(minutes=1)
        if next_minute > window.end:
            return True
    return next_minute > window.end


def month_is_complete(con: duckdb.DuckDBPyConnection, month: date, key: str) -> bool:
    """True once every window of the month has been fetched for these categories."""
    rows = con.execute("select status from raw_month_harvests where month = ? and categories = ?",
                       [month, key]).fetchall()
    return bool(rows) and rows[0][0] == "complete"



"""The monthly ingest as a Prefect flow: each step of `pipeline.monthly` is a task.

Tasks take plain values (month strings, settings overrides) and call the library. Steps that
are safe to repeat retry on failure; per-paper failures are recorded by the library and
reported, not fatal. The flow ends Failed when the month is incomplete (Prefect would call
a flow that swallowed its failures Completed). Run once with
`python -m flows.monthly_ingest [--month YYYY-MM]`; schedule with `arxiv-trends serve`.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.states import Completed, Failed

from flows.publish_report import write_edition
from pipeline import store
from pipeline.ops import monthly, runs
from pipeline.papers import parse_month
from pipeline.settings import load_settings

RETRY = {"retries": 2, "retry_delay_seconds": 30, "cache_policy": NO_CACHE}


@task(**RETRY)
def fetch_metadata(month: str, overrides: dict[str, Any]) -> int:
    """Store the month's metadata from arXiv; return how many papers it lists."""
    return monthly.fetch_metadata(load_settings(**overrides), parse_month(month), print)


@task(**RETRY)
def read_papers(month: str, run_id: str, overrides: dict[str, Any],
                max_papers: int | None) -> dict:
    """Download, read and count the month's papers still without text."""
    summary = monthly.read_papers(load_settings(**overrides), parse_month(month), run_id,
                                  max_papers, print)
    return asdict(summary)


@task(**RETRY)
def read_feeds(month: str, feeds_dir: str, run_id: str, overrides: dict[str, Any]) -> dict:
    """Ingest the month from saved API responses and PDFs (an offline source)."""
    settings = load_settings(**overrides)
    return asdict(monthly.read_feeds(settings, parse_month(month), Path(feeds_dir), run_id,
                                     print))


@task(cache_policy=NO_CACHE)
def check_month(month: str, overrides: dict[str, Any], is_api: bool) -> dict:
    """Read whether the month is complete."""
    return asdict(monthly.check_month(load_settings(**overrides), parse_month(month), is_api))


@flow(name="monthly-ingest", log_prints=True)
def monthly_ingest(month: str | None = None, settings_overrides: dict[str, Any] | None = None,
                   max_papers: int | None = None, feeds_dir: str | None = None):
    """Ingest one month (default: the one just ended), then publish its report edition."""
    month = month or f"{monthly.month_just_ended(date.today()):%Y-%m}"
    overrides = settings_overrides or {}
    settings = load_settings(**overrides)
    store.mark_writing(settings.db_path)  # readers use the last copy until the edition
    run_id = runs.start_run(settings, parse_month(month), "feed" if feeds_dir else "arxiv")
    try:
        if feeds_dir:  # the month replaced whole, its n-grams counted with it
            read = read_feeds(month, feeds_dir, run_id, overrides)
        else:
            fetch_metadata(month, overrides)
            read = read_papers(month, run_id, overrides, max_papers)
        status = check_month(month, overrides, not feeds_dir)
        edition = write_edition(month, overrides)
    except BaseException:
        runs.fail_run(settings, run_id)
        raise
    runs.finish_run(settings, run_id, "complete" if status["is_complete"] else "incomplete")
    result = {"month": month, "read": read, "status": status, "edition": edition}
    if not status["is_complete"]:
        return Failed(message=f"{month} is incomplete: {status['n_unread']} papers unread, "
                      f"metadata {status['harvest_status']}", data=result)
    return Completed(message=f"{month}: {read['n_with_text']} papers read, "
                     f"{read['n_failed']} quarantined", data=result)


def main() -> None:
    """Run the flow once from the command line."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    parser = argparse.ArgumentParser(description=monthly_ingest.__doc__)
    parser.add_argument("--month", help="YYYY-MM (default: the month just ended)")
    parser.add_argument("--db", help="DuckDB file")
    parser.add_argument("--max-papers", type=int,
                        help="read at most this many PDFs (the metadata is always complete)")
    parser.add_argument("--feeds-dir", help="ingest from saved API responses instead of arXiv")
    args = parser.parse_args()
    overrides = {"db_path": str(Path(args.db))} if args.db else {}
    state = monthly_ingest(args.month, overrides, args.max_papers, args.feeds_dir,
                           return_state=True)
    print(state.message)
    raise SystemExit(0 if state.is_completed() else 1)


if __name__ == "__main__":
    main()

"""The monthly ingest as a Prefect flow: each step of `pipeline.ops.monthly` is a task.

The flow ends Failed when the month is incomplete (Prefect would call a flow that swallowed
its failures Completed). Run once with `python -m flows.monthly_ingest [--month YYYY-MM]`;
schedule with `python -m flows.serve`.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from prefect import flow
from prefect.states import Completed, Failed

from flows.tasks import run_as_task
from pipeline.ops import monthly
from pipeline.papers import parse_month
from pipeline.settings import load_settings


@flow(name="monthly-ingest", log_prints=True)
def monthly_ingest(month: str | None = None, settings_overrides: dict[str, Any] | None = None,
                   max_papers: int | None = None, feeds_dir: str | None = None):
    """Ingest one month (default: the one just ended), then publish its report edition."""
    settings = load_settings(**(settings_overrides or {}))
    first = parse_month(month) if month else monthly.month_just_ended(date.today())
    result = monthly.ingest_month(settings, first, Path(feeds_dir) if feeds_dir else None,
                                  max_papers, progress=print, run_step=run_as_task)
    status, read = result.status, result.read
    data = {"month": f"{first:%Y-%m}", "read": asdict(read), "status": asdict(status),
            "edition": str(result.edition)}
    if not status.is_complete:
        return Failed(message=f"{first:%Y-%m} is incomplete: {status.n_unread} papers unread, "
                      f"metadata {status.harvest_status}", data=data)
    return Completed(message=f"{first:%Y-%m}: {read.n_with_text} papers read, "
                     f"{read.n_failed} quarantined", data=data)


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

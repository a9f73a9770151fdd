"""Backfill many months as a Prefect flow: a task per month (or per set of files).

The library decides what is left to do (`pipeline.ops.backfill`), so a re-run skips
complete months. Months run one after another (arXiv allows one connection, DuckDB one
writer); extraction inside each fans out to local processes, or to the Dask cluster whose
address is given. The flow ends Failed if any month is still incomplete.
Run: `python -m flows.backfill --start 2016-01 --end 2016-12 [--source api|feeds|...] [PATH]`.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from prefect import flow
from prefect.states import Completed, Failed

from flows.tasks import run_as_task
from pipeline.ops import backfill as library
from pipeline.ops import monthly
from pipeline.papers import parse_month
from pipeline.settings import load_settings


@flow(name="backfill", log_prints=True)
def backfill(start: str, end: str, source: str = "api", paths: list[str] | None = None,
             settings_overrides: dict[str, Any] | None = None):
    """Fill the months from `start` to `end` (YYYY-MM) from `source`, then publish `end`."""
    settings = load_settings(**(settings_overrides or {}))
    result = library.backfill(settings, parse_month(start), parse_month(end), source,
                              [Path(p) for p in paths or []], print, run_as_task)
    text_source = "abstracts" if source == "snapshot" else "fulltext"  # what was filled
    edition = str(run_as_task(monthly.publish_edition, settings, parse_month(end), text_source))
    incomplete = [f"{m:%Y-%m}" for m in result.incomplete]
    data = {"incomplete": incomplete, "edition": edition}
    if incomplete:
        return Failed(message=f"incomplete months: {', '.join(incomplete)}", data=data)
    return Completed(message=f"{start}..{end} complete; edition {edition}", data=data)


def main() -> None:
    """Run the backfill once from the command line."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    parser = argparse.ArgumentParser(description=backfill.__doc__)
    parser.add_argument("--start", required=True, help="first month, YYYY-MM")
    parser.add_argument("--end", required=True, help="last month, YYYY-MM")
    parser.add_argument("--source", default="api", choices=library.SOURCES)
    parser.add_argument("paths", nargs="*", help="feeds folder, snapshot files or tarballs")
    parser.add_argument("--db", help="DuckDB file")
    parser.add_argument("--dask-scheduler", help="extract on this Dask cluster (tcp://host:8786)")
    args = parser.parse_args()
    overrides = {k: v for k, v in {"db_path": args.db,
                                   "dask_scheduler": args.dask_scheduler}.items() if v}
    state = backfill(args.start, args.end, args.source, args.paths, overrides,
                     return_state=True)
    print(state.message)
    raise SystemExit(0 if state.is_completed() else 1)


if __name__ == "__main__":
    main()

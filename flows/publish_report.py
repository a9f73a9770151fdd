"""Publish a month's edition of the report site as a Prefect flow (one task).
Run: `python -m flows.publish_report [--month YYYY-MM] [--source abstracts] [--db FILE]`.
"""

from __future__ import annotations

import argparse
import os
from datetime import date
from typing import Any

from prefect import flow

from flows.tasks import run_as_task
from pipeline.analyse import SOURCES
from pipeline.ops import monthly
from pipeline.papers import parse_month
from pipeline.settings import load_settings


@flow(name="publish-report", log_prints=True)
def publish_report(month: str | None = None,
                   settings_overrides: dict[str, Any] | None = None,
                   source: str = "fulltext") -> str:
    """Write the edition of `month` (default: the month just ended) in `source` (fulltext or
    abstracts) and the read copy."""
    first = parse_month(month) if month else monthly.month_just_ended(date.today())
    settings = load_settings(**(settings_overrides or {}))
    edition = str(run_as_task(monthly.publish_edition, settings, first, source))
    print(f"edition: {edition}")
    return edition


def main() -> None:
    """Publish once from the command line."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    parser = argparse.ArgumentParser(description=publish_report.__doc__)
    parser.add_argument("--month", help="YYYY-MM (default: the month just ended)")
    parser.add_argument("--source", default="fulltext", choices=SOURCES,
                        help="the text source the edition counts in (default: fulltext)")
    parser.add_argument("--db", help="DuckDB file")
    args = parser.parse_args()
    publish_report(args.month, {"db_path": args.db} if args.db else {}, args.source)


if __name__ == "__main__":
    main()

"""Register the monthly deployment with its cron schedule and serve it (`make serve`).

Needs a real Prefect server (the temporary one Prefect starts by itself cannot schedule):

    prefect server start --host 127.0.0.1 --port 4200        # in its own terminal
    export PREFECT_API_URL=http://127.0.0.1:4200/api
    python -m flows.serve --db data/arxiv-trends.duckdb        # default: 06:00 UTC on the 2nd

This process then runs each scheduled (or manually triggered) flow run in a subprocess until
stopped. `--feeds-dir` serves an offline source (saved API responses) instead of arXiv.
"""

from __future__ import annotations

import argparse
import os

from flows.monthly_ingest import monthly_ingest

DEFAULT_CRON = "0 6 2 * *"  # 06:00 UTC on the 2nd: the month just ended has settled


def main() -> None:
    """Serve the monthly deployment against the server at PREFECT_API_URL."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--name", default="monthly", help="deployment name")
    parser.add_argument("--cron", default=DEFAULT_CRON, help="schedule (UTC), cron syntax")
    parser.add_argument("--db", help="DuckDB file (default: the db_path setting)")
    parser.add_argument("--site", help="report site folder (default: the site_dir setting)")
    parser.add_argument("--pdf-dir", help="PDF folder (default: the pdf_dir setting)")
    parser.add_argument("--feeds-dir", help="ingest from saved API responses instead of arXiv")
    args = parser.parse_args()
    if not os.environ.get("PREFECT_API_URL"):
        raise SystemExit("set PREFECT_API_URL to a running `prefect server start` "
                         "(e.g. http://127.0.0.1:4200/api): schedules need a real server")
    overrides = {k: v for k, v in {"db_path": args.db, "site_dir": args.site,
                                   "pdf_dir": args.pdf_dir}.items() if v}
    monthly_ingest.serve(name=args.name, cron=args.cron, parameters={
        "settings_overrides": overrides, "feeds_dir": args.feeds_dir})


if __name__ == "__main__":
    main()

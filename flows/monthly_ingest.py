"""The monthly ingest as a Prefect flow: fetch a month from arXiv, then extract, count, store.

Tasks take plain values (month strings, paths) and call library functions; all the work is
in `pipeline.ingest`. Run it once with `python -m flows.monthly_ingest --month 2017-03`.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from pipeline import ingest, readcopy
from pipeline.papers import parse_month
from pipeline.settings import load_settings


@task(cache_policy=NO_CACHE)
def fetch_metadata(month: str, settings_overrides: dict[str, Any], max_papers: int | None):
    """Store one month's metadata from the API; return the papers still to read."""
    settings = load_settings(**settings_overrides)
    _, papers = ingest.harvest_arxiv_month(settings, parse_month(month), max_papers, print)
    return papers


@task(cache_policy=NO_CACHE)
def read_papers(month: str, papers: list, settings_overrides: dict[str, Any]) -> dict:
    """Download, extract, count and store the papers' full text, a chunk at a time."""
    settings = load_settings(**settings_overrides)
    return asdict(ingest.read_arxiv_papers(settings, parse_month(month), papers, print))


@flow(name="monthly-ingest", log_prints=True)
def monthly_ingest(
    month: str, settings_overrides: dict[str, Any] | None = None, max_papers: int | None = None
) -> dict:
    """Ingest one month of arXiv ML papers into the database."""
    overrides = settings_overrides or {}
    papers = fetch_metadata(month, overrides, max_papers)
    summary = read_papers(month, papers, overrides)
    readcopy.publish_read_copy(load_settings(**overrides).db_path)  # for readers meanwhile
    return summary


def main() -> None:
    """Run the flow once from the command line."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    parser = argparse.ArgumentParser(description=monthly_ingest.__doc__)
    parser.add_argument("--month", required=True, help="YYYY-MM")
    parser.add_argument("--db", help="DuckDB file")
    parser.add_argument("--max-papers", type=int,
                        help="read at most this many PDFs (the metadata is always complete)")
    args = parser.parse_args()
    overrides = {"db_path": str(Path(args.db))} if args.db else {}
    print(monthly_ingest(args.month, overrides, args.max_papers))


if __name__ == "__main__":
    main()

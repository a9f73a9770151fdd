"""Operations: one month's ingest as steps, run alike by `arxiv-trends ingest`, system cron
and the Prefect flows (which pass a `run_step` that runs each step as a task).

The steps, in order: the metadata (arXiv API, or saved feeds for an offline source) with its
titles + abstracts counted and the month's abstract edition of the report written at once
(complete hours or days before the PDFs are), the PDFs with their text, curated-term and
n-gram counts, the check that the month is complete, and the report's full-text edition.
Each step is safe to run again: what is stored is not fetched twice, and a month's counts are
replaced whole. Each step publishes what it stored in one transaction at its end, so the
database only ever holds a month as a finished step left it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from pipeline import report, store
from pipeline.errors import ArxivTrendsError
from pipeline.ops import harvest, runs
from pipeline.ops.ingest import IngestSummary, Progress, ingest
from pipeline.ops.steps import StepRunner, run_here, safe_to_retry
from pipeline.papers import add_months
from pipeline.settings import Settings
from pipeline.sources import bucket, download_source, feeds_source
from pipeline.sources.arxiv_api import open_session
from pipeline.sources.feeds import month_feeds


@dataclass(frozen=True)
class MonthResult:
    """What a month's ingest did and whether the month is now complete."""

    month: date
    n_listed: int
    read: IngestSummary
    status: runs.MonthStatus
    edition: Path | None


def month_just_ended(today: date) -> date:
    """Return the first day of the month before `today`'s."""
    return add_months(date(today.year, today.month, 1), -1)


@safe_to_retry
def fetch_metadata(settings: Settings, month: date, progress: Progress | None = None) -> int:
    """Store the month's metadata from the arXiv API; return the papers it lists."""
    say = progress or (lambda _: None)
    say(f"fetching metadata for {month:%Y-%m} from {settings.api_url}")
    con = store.connect_writing(settings, memory_mb=settings.write_memory_mb)
    try:
        summary = harvest.harvest_month(con, settings, month, say=say)
    finally:
        con.close()
    say(f"{month:%Y-%m}: {summary.total_results} papers listed in {summary.n_windows} windows")
    return summary.total_results


@safe_to_retry
def read_papers(
    settings: Settings, month: date, run_id: str, max_papers: int | None = None,
    progress: Progress | None = None,
) -> IngestSummary:
    """Download, read and count the month's papers that have no text yet."""
    con = store.connect_writing(settings)
    try:
        papers = store.load_papers_without_text(con, month, settings.categories, max_papers)
    finally:
        con.close()
    return ingest(settings, download_source(papers, settings, open_session(settings), progress),
                  progress, run_id)


@safe_to_retry
def read_bucket_papers(
    settings: Settings, month: date, run_id: str | None = None, max_papers: int | None = None,
    progress: Progress | None = None,
) -> IngestSummary:
    """Download the month's unread papers from the public dataset bucket, many at once, and
    read them as they arrive; the papers the bucket lacks (it lags arXiv) stay unread for
    `read_papers`."""
    say = progress or (lambda _: None)
    con = store.connect_writing(settings)
    try:
        papers = store.load_papers_without_text(con, month, settings.categories, max_papers)
    finally:
        con.close()
    plan = bucket.plan_downloads(papers, bucket.open_session(), settings)
    say(f"{month:%Y-%m}: {len(plan.objects)} of {len(papers)} unread papers are in the "
        f"bucket" + (f"; {len(plan.missing)} left for arXiv" if plan.missing else ""))
    return ingest(settings, bucket.bucket_source(papers, plan, settings, say), say, run_id)


@safe_to_retry
def read_feeds(
    settings: Settings, month: date, feeds_dir: Path, run_id: str,
    progress: Progress | None = None,
) -> IngestSummary:
    """Ingest the month from saved API responses (`<feeds_dir>/YYYY-MM*.xml`) and the PDFs
    in `settings.pdf_dir`.

    The month is replaced whole, its n-grams counted in the same pass.
    """
    source = feeds_source(month_feeds(feeds_dir, month), settings.pdf_dir, "feed")
    return ingest(settings, source, progress, run_id)


def check_month(settings: Settings, month: date, is_api: bool = True) -> runs.MonthStatus:
    """Read whether the month is complete (for an offline source, the harvest is moot)."""
    return check_months(settings, [month], is_api)[0]


def check_months(
    settings: Settings, months: list[date], is_api: bool = True
) -> list[runs.MonthStatus]:
    """Read whether each month is complete (for an offline source, the harvest is moot)."""
    statuses = runs.load_month_statuses(settings, months)
    if is_api:
        return statuses
    return [dataclasses.replace(s, is_complete=s.n_unread == 0) for s in statuses]


@safe_to_retry
def publish_edition(settings: Settings, month: date, source: str = "fulltext") -> Path:
    """Write the month's edition of the report site in `source` and the database's read
    copy."""
    store.publish_read_copy(settings.db_path)
    con, _ = store.connect_reading(settings.db_path)
    try:
        data = report.load_edition_data(con, month, settings.hot_min_papers,
                                        settings.min_coverage_pct, source)
    finally:
        con.close()
    return report.write_site_edition(data, settings.site_dir)


@safe_to_retry
def publish_abstract_edition(
    settings: Settings, month: date, progress: Progress | None = None
) -> Path | None:
    """Write the month's abstract edition as soon as its metadata is stored (None, said, when
    the month has no title + abstract counted: a listing without abstracts)."""
    try:
        edition = publish_edition(settings, month, "abstracts")
    except (ArxivTrendsError, OSError, duckdb.Error) as err:  # the PDFs go on regardless
        (progress or (lambda _: None))(f"no abstract edition of {month:%Y-%m}: {err}")
        return None
    (progress or (lambda _: None))(f"{month:%Y-%m}: abstract edition written: {edition}")
    return edition


@safe_to_retry
def ingest_month(
    settings: Settings, month: date, feeds_dir: Path | None = None,
    max_papers: int | None = None, is_published: bool = True,
    progress: Progress | None = None, run_step: StepRunner = run_here,
) -> MonthResult:
    """Run every step for one month, each through `run_step`; the run is recorded either way.
    """
    source = "arxiv" if feeds_dir is None else "feed"
    store.mark_writing(settings.db_path)  # removed when the edition publishes the copy
    run_id = runs.start_run(settings, month, source)
    try:
        if feeds_dir is None:
            n_listed = run_step(fetch_metadata, settings, month, progress)
            if is_published:  # readable now; the PDFs take hours to days
                run_step(publish_abstract_edition, settings, month, progress)
                store.mark_writing(settings.db_path)  # the texts are still to come
            reads = []
            if settings.pdf_source == "bucket":  # then arXiv for what the bucket lacks
                reads.append(run_step(read_bucket_papers, settings, month, run_id, max_papers,
                                      progress))
                max_papers = (None if max_papers is None
                              else max(0, max_papers - reads[0].n_papers))
            if max_papers != 0:
                reads.append(run_step(read_papers, settings, month, run_id, max_papers,
                                      progress))
            read = IngestSummary.total(reads)
        else:  # a month replaced whole, its n-grams counted with it
            read = run_step(read_feeds, settings, month, feeds_dir, run_id, progress)
            n_listed = read.n_papers
        status = run_step(check_month, settings, month, feeds_dir is None)
        edition = run_step(publish_edition, settings, month) if is_published else None
        if is_published:  # its method page compares with the full texts read since
            run_step(publish_abstract_edition, settings, month, progress)
    except BaseException:
        runs.fail_run(settings, run_id)
        raise
    runs.finish_run(settings, run_id, "complete" if status.is_complete else "incomplete")
    return MonthResult(month, n_listed, read, status, edition)

"""Operations: fill many months at once, resumably, from one of four sources.

- `api`: each month through the arXiv API, one after another (arXiv allows one connection);
  a month already complete is skipped, so an interrupted backfill picks up where it stopped.
- `feeds`: each month from saved API responses (`<dir>/YYYY-MM*.xml`) and a folder of PDFs.
- `snapshot`: metadata from the arXiv metadata snapshot (JSON lines), then title + abstract
  counts for papers without full text (the abstract-level series).
- `tarballs`: PDFs from arXiv's bulk tarballs, files or folders; a PDF whose paper already
  has that version's text is not read again.
- `bucket`: the PDFs of each month's papers (their metadata already stored, from the
  snapshot or the API) from the public arXiv dataset bucket, many downloads at once; a month
  whose papers are all read is skipped.
Extraction fans out to `extract_workers` local processes, or to the Dask cluster at
`dask_scheduler`: that is where a backfill spends its time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline.errors import ArxivTrendsError
from pipeline.ops import local, monthly, snapshot
from pipeline.ops.ingest import Progress
from pipeline.ops.steps import StepRunner, run_here, safe_to_retry
from pipeline.papers import month_range
from pipeline.settings import Settings

SOURCES = ("api", "feeds", "snapshot", "tarballs", "bucket")


@dataclass(frozen=True)
class BackfillResult:
    """Which months were done this time, which were already complete, which are not yet."""

    done: tuple[date, ...]
    skipped: tuple[date, ...]
    incomplete: tuple[date, ...]


def find_months_to_do(settings: Settings, first: date, last: date, is_api: bool) -> list[date]:
    """List the months from `first` to `last` that are not complete yet."""
    statuses = monthly.check_months(settings, month_range(first, last), is_api)
    return [s.month for s in statuses if not s.is_complete or s.n_papers == 0]


def backfill(
    settings: Settings, first: date, last: date, source: str = "api",
    paths: list[Path] | None = None, progress: Progress | None = None,
    run_step: StepRunner = run_here,
) -> BackfillResult:
    """Fill the months from `first` to `last` from `source`, skipping what is complete;
    each month (or the files, at once) is one step run through `run_step`."""
    feeds_dir = check_request(first, last, source, paths)
    say = progress or (lambda _: None)
    if source in ("snapshot", "tarballs"):
        run_step(backfill_from_files, settings, first, last, source, paths or [], say)
        return BackfillResult(tuple(month_range(first, last)), (), ())
    if source == "bucket":
        return _backfill_from_bucket(settings, first, last, say, run_step)
    to_do = find_months_to_do(settings, first, last, source == "api")
    skipped = tuple(m for m in month_range(first, last) if m not in to_do)
    say(f"backfill {first:%Y-%m}..{last:%Y-%m}: {len(to_do)} months to do, "
        f"{len(skipped)} already complete")
    incomplete = []
    for month in to_do:
        result = run_step(monthly.ingest_month, settings, month, feeds_dir, None, False, say)
        if not result.status.is_complete:
            incomplete.append(month)
    return BackfillResult(tuple(to_do), skipped, tuple(incomplete))


def _backfill_from_bucket(
    settings: Settings, first: date, last: date, say: Progress, run_step: StepRunner
) -> BackfillResult:
    """Read each month's unread papers from the bucket; what it lacks stays unread."""
    months = month_range(first, last)
    to_do = [s.month for s in monthly.check_months(settings, months, is_api=False)
             if s.n_unread > 0]
    say(f"backfill {first:%Y-%m}..{last:%Y-%m} from the bucket: {len(to_do)} months with "
        f"unread papers")
    for month in to_do:
        run_step(monthly.read_bucket_papers, settings, month, None, None, say)
    after = monthly.check_months(settings, to_do, is_api=False) if to_do else []
    return BackfillResult(tuple(to_do), tuple(m for m in months if m not in to_do),
                          tuple(s.month for s in after if s.n_unread > 0))


def check_request(
    first: date, last: date, source: str, paths: list[Path] | None
) -> Path | None:
    """Refuse a backfill that cannot run; return the feeds folder of a `feeds` backfill."""
    if source not in SOURCES:
        raise ArxivTrendsError(f"source must be one of {', '.join(SOURCES)}, not {source!r}")
    if first > last:
        raise ArxivTrendsError(f"the first month {first:%Y-%m} is after the last {last:%Y-%m}")
    if source in ("snapshot", "tarballs") and not paths:
        raise ArxivTrendsError(f"a {source} backfill needs the files to read")
    if source == "feeds" and (not paths or len(paths) != 1 or not paths[0].is_dir()):
        raise ArxivTrendsError("a feeds backfill needs one folder of saved API responses")
    return paths[0] if source == "feeds" else None


@safe_to_retry
def backfill_from_files(settings: Settings, first: date, last: date, source: str,
                        paths: list[Path], say: Progress) -> None:
    """Import snapshot files (their titles and abstracts counted as they land) or read
    tarballs."""
    if source == "snapshot":
        for path in paths:
            snapshot.import_snapshot(settings, path, first, last, say)
    else:
        local.add_pdfs(settings, paths, say, is_resumed=True)

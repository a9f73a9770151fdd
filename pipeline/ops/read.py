"""Reading, the extract and count half of the ingest: each PDF's text in a killable worker,
its zones, its curated terms per zone and its arXiv stamp, as the workers finish."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pipeline import store
from pipeline.count import Term, count_term_zones
from pipeline.extract import Stamp, extract_many, find_stamp, find_zones
from pipeline.papers import PdfJob
from pipeline.progress import ProgressBar, Say
from pipeline.settings import Settings


@dataclass(frozen=True)
class ReadPaper:
    """One PDF read: its text, zones and curated-term mentions, or why it failed."""

    paper_id: str
    text: store.PaperText | None
    mentions: dict[str, tuple[int, ...]]
    failure: tuple[str, str] | None  # (path, reason)
    path: str = ""  # the file read
    version: int | None = None
    stamp: Stamp | None = None  # what page 1's arXiv stamp says


def read_pdfs(
    settings: Settings, terms: list[Term], jobs: Iterable[PdfJob], say: Say,
    n_jobs: int | None = None,
) -> Iterator[ReadPaper]:
    """Extract PDFs in worker processes; find each text's zones and the terms in each zone."""
    started = time.monotonic()
    step = max(1, (n_jobs or 1000) // 10)
    with ProgressBar("extracting PDFs", n_jobs) as bar:
        count = bar.unless_drawing(say)

        def on_progress(done: int) -> None:
            bar.update()
            if done % step == 0 or done == n_jobs:
                of = f"/{n_jobs}" if n_jobs else ""
                count(f"extracted {done}{of} PDFs ({time.monotonic() - started:.0f} s)")

        authors: dict[str, tuple[str, ...]] = {}  # of the jobs in flight, to tell names

        def noting_authors() -> Iterator[PdfJob]:
            for job in jobs:
                authors[job.paper_id] = job.authors
                yield job

        for result in extract_many(noting_authors(), settings.extract_workers,
                                   settings.extract_timeout_s, settings.extract_memory_mb,
                                   on_progress, settings.dask_scheduler):
            if result.text is None:
                authors.pop(result.paper_id, None)
                yield ReadPaper(result.paper_id, None, {},
                                (result.path, result.error or "unknown error"), result.path,
                                result.version)
                continue
            zones = find_zones(result.text)
            text = store.PaperText(result.text, result.version, result.quality or "ok", zones)
            mentions = count_term_zones(result.text, terms, zones,
                                        authors.pop(result.paper_id, ()))
            yield ReadPaper(result.paper_id, text, mentions, None, result.path, result.version,
                            find_stamp(result.text))

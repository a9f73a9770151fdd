"""Extract stage, in parallel: many PDFs in killable worker processes, or on a Dask cluster.

Each PDF is parsed in a worker process under a wall-time limit and a memory cap; a worker
that overruns is killed (`workers.KillablePool`), so one hostile file cannot hang or
exhaust the run. A PDF that fails comes back with its reason, and the others go on.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from pipeline.extract.pdf_text import Extracted, extract_job
from pipeline.extract.workers import KillablePool, WorkerFailure
from pipeline.papers import PdfJob


def extract_many(
    jobs: Iterable[PdfJob | tuple[str, Path]],
    workers: int = 2,
    timeout_s: float = 60,
    memory_mb: int = 2048,
    on_progress: Callable[[int], None] | None = None,
    dask_scheduler: str = "",
) -> Iterator[Extracted]:
    """Extract PDFs in killable worker processes, yielding results as they finish; a job
    without a PDF (its `failure` set) comes back failed, unread (`on_progress` counts reads).

    Args:
        dask_scheduler: address of a Dask scheduler to run on instead of local workers.
    """
    missing: deque[PdfJob] = deque()  # jobs without a PDF: their failure, at once

    def readable() -> Iterator[PdfJob]:
        for job in jobs:
            job = job if isinstance(job, PdfJob) else PdfJob(job[0], str(job[1]))
            if job.failure is None:
                yield job
            else:
                missing.append(job)

    if dask_scheduler:
        from pipeline.extract.on_dask import extract_on_dask

        results = extract_on_dask(readable(), dask_scheduler, timeout_s, memory_mb)
    else:
        results = _extract_locally(readable(), workers, timeout_s, memory_mb)
    for done, result in enumerate(results, 1):
        yield from _failed(missing)
        if on_progress:
            on_progress(done)
        yield result
    yield from _failed(missing)


def _failed(missing: deque[PdfJob]) -> Iterator[Extracted]:
    while missing:
        job = missing.popleft()
        yield Extracted(job.paper_id, job.name, None, job.failure, job.version)


def _extract_locally(
    jobs: Iterable[PdfJob], workers: int, timeout_s: float, memory_mb: int
) -> Iterator[Extracted]:
    pool = KillablePool(extract_job, workers, timeout_s, memory_mb)
    for job, result in pool.map_unordered(jobs):
        if isinstance(result, WorkerFailure):
            yield Extracted(job.paper_id, job.name, None, result.reason, job.version)
        else:
            yield result

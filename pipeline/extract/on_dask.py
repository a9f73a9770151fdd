"""Extraction on a Dask cluster: the same killable workers, one batch per Dask task.

Each task runs a batch of PDFs in a `KillablePool` of its own on the Dask worker, so the
wall-time limit and memory cap hold there too. The PDFs travel as bytes, so the workers
need no shared file system. Dask worker processes are daemonic by default and may then not
start the pool's process: run them with `distributed.worker.daemon: false`
(`DASK_DISTRIBUTED__WORKER__DAEMON=False`).
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.extract.pdf_text import Extracted, extract_job
from pipeline.extract.workers import KillablePool, WorkerFailure

BATCH_SIZE = 16
BATCHES_PER_WORKER = 2  # in flight at once: enough to keep workers busy, memory bounded


def extract_batch(jobs: list, timeout_s: float, memory_mb: int) -> list:
    """Dask task: extract a batch of jobs in one killable worker process."""
    pool = KillablePool(extract_job, 1, timeout_s, memory_mb)
    return [
        Extracted(job.paper_id, job.name, None, result.reason, job.version)
        if isinstance(result, WorkerFailure) else result
        for job, result in pool.map_unordered(jobs)
    ]


def extract_on_dask(
    jobs: Iterable, scheduler: str, timeout_s: float, memory_mb: int
) -> Iterator:
    """Extract jobs on the cluster at `scheduler`, yielding results as batches finish."""
    from distributed import Client, as_completed

    with Client(scheduler) as client:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        batches = _batches(jobs)
        running = as_completed([
            client.submit(extract_batch, batch, timeout_s, memory_mb, pure=False)
            for batch in itertools.islice(batches, n_workers * BATCHES_PER_WORKER)
        ])
        for future in running:
            yield from future.result()
            following = next(batches, None)
            if following is not None:
                running.add(client.submit(extract_batch, following, timeout_s, memory_mb,
                                          pure=False))


def _batches(jobs: Iterable) -> Iterator[list]:
    """Jobs in batches, each PDF read into bytes so that it can travel to any worker."""
    iterator = iter(jobs)
    while batch := list(itertools.islice(iterator, BATCH_SIZE)):
        yield [job if job.data is not None else
               dataclasses.replace(job, data=Path(job.name).read_bytes()) for job in batch]

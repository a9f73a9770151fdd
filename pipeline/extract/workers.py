"""Run a function over many items in worker processes that can be killed.

`multiprocessing.Pool` cannot stop a task that hangs, and loses the task (and waits
forever) when a worker dies. Here each worker takes one item at a time; a worker that
overruns its wall-time limit is killed and replaced, and one that dies is replaced too;
either way the item comes back as a failure with its reason and the rest go on. Only as
many items as there are workers are in flight, so a lazy input (a tar stream) stays lazy.
"""

from __future__ import annotations

import multiprocessing as mp
import resource
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class WorkerFailure:
    """Why an item produced no result."""

    reason: str


def _serve(fn: Callable[[Any], Any], conn: Connection, memory_mb: int) -> None:
    """Worker loop: apply `fn` to each item received until told to stop (None)."""
    limit = memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    while (item := conn.recv()) is not None:
        try:
            conn.send(fn(item))
        except MemoryError:
            conn.send(WorkerFailure(f"exceeded the memory cap of {memory_mb} MB"))
        except Exception as err:  # the item's failure, not the worker's
            conn.send(WorkerFailure(f"{type(err).__name__}: {err}"))


@dataclass
class _Worker(Generic[T]):
    process: mp.Process
    conn: Connection
    item: T | None = None
    deadline: float = 0.0


class KillablePool(Generic[T]):
    """Worker processes applying `fn`, each item under a wall-time limit and memory cap."""

    def __init__(self, fn: Callable[[T], Any], n_workers: int, timeout_s: float,
                 memory_mb: int) -> None:
        self.fn = fn
        self.n_workers = max(1, n_workers)
        self.timeout_s = timeout_s
        self.memory_mb = memory_mb
        self._ctx = mp.get_context("spawn")  # a fresh, small process: the cap is for the PDF

    def _start(self) -> _Worker[T]:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=_serve, args=(self.fn, child, self.memory_mb),
                                    daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def map_unordered(self, items: Iterable[T]) -> Iterator[tuple[T, Any]]:
        """Yield (item, result or WorkerFailure) as each item finishes."""
        pending = iter(items)
        workers = [self._start() for _ in range(self.n_workers)]
        try:
            busy = [w for w in workers if self._give(w, pending)]
            while busy:
                yield from self._collect(workers, busy, pending)
        finally:
            for worker in workers:
                _stop(worker)

    def _give(self, worker: _Worker[T], pending: Iterator[T]) -> bool:
        worker.item = next(pending, None)
        if worker.item is None:
            return False
        worker.conn.send(worker.item)
        worker.deadline = time.monotonic() + self.timeout_s
        return True

    def _collect(self, workers: list[_Worker[T]], busy: list[_Worker[T]],
                 pending: Iterator[T]) -> Iterator[tuple[T, Any]]:
        wait_s = max(0.0, min(w.deadline for w in busy) - time.monotonic())
        ready = wait([w.conn for w in busy], timeout=wait_s)
        for worker in list(busy):
            item = worker.item
            if worker.conn in ready:
                try:
                    result = worker.conn.recv()
                except (EOFError, OSError):
                    worker.process.join(1)
                    result = WorkerFailure(f"worker died (exit code {worker.process.exitcode})")
                    self._replace(workers, worker)
            elif time.monotonic() >= worker.deadline:
                result = WorkerFailure(f"timed out after {self.timeout_s:g} s")
                self._replace(workers, worker)
            else:
                continue
            busy.remove(worker)
            new = workers[-1] if worker not in workers else worker
            if self._give(new, pending):
                busy.append(new)
            yield item, result

    def _replace(self, workers: list[_Worker[T]], worker: _Worker[T]) -> None:
        worker.process.kill()
        worker.process.join()
        worker.conn.close()
        workers.remove(worker)
        workers.append(self._start())


def _stop(worker: _Worker[Any]) -> None:
    try:
        worker.conn.send(None)
    except (OSError, ValueError):
        pass
    worker.process.join(2)
    if worker.process.is_alive():
        worker.process.kill()
        worker.process.join()
    worker.conn.close()

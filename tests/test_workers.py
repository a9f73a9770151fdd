"""Killable workers: a hang, a crash, a memory blow-up and an exception lose only that item."""

from __future__ import annotations

import os
import time

from pipeline.extract.workers import KillablePool, WorkerFailure


def work(item: str) -> str:
    if item == "hang":
        time.sleep(60)
    if item == "die":
        os._exit(3)
    if item == "huge":
        return "x" * (4 * 2**30)
    if item == "bad":
        raise ValueError("a bad item")
    return item.upper()


def test_failures_are_contained_and_the_rest_go_on() -> None:
    items = ["a", "hang", "b", "die", "c", "huge", "d", "bad", "e"]
    started = time.monotonic()
    results = dict(KillablePool(work, 2, timeout_s=2, memory_mb=512).map_unordered(items))
    assert time.monotonic() - started < 20
    assert {k: v for k, v in results.items() if not isinstance(v, WorkerFailure)} == {
        "a": "A", "b": "B", "c": "C", "d": "D", "e": "E"}
    assert results["hang"].reason == "timed out after 2 s"
    assert results["die"].reason == "worker died (exit code 3)"
    assert "memory cap of 512 MB" in results["huge"].reason
    assert results["bad"].reason == "ValueError: a bad item"


def test_input_is_consumed_lazily() -> None:
    taken = []

    def items():
        for i in range(10):
            taken.append(i)
            yield str(i)

    results = KillablePool(work, 2, timeout_s=10, memory_mb=512).map_unordered(items())
    next(results)
    assert len(taken) <= 3  # only what the workers hold, plus the one just handed out

"""Operations, the steps they chain: run here, or by whoever runs them (Prefect: a task each).

A long operation (the monthly job, a backfill) calls each of its steps through a
`run_step(step, *args)` it is given; the CLI and cron run them in this process, the Prefect
flows as tasks, so no step is written twice. A step marked `safe_to_retry` may be run again
after a failure: what it stored is not fetched twice and what it counted is replaced whole.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
StepRunner = Callable[..., Any]  # run_step(step, *args): run one step, return its value
_SAFE_TO_RETRY: set[Callable[..., Any]] = set()


def run_here(step: Callable[..., T], *args: Any) -> T:
    """Run a step in this process."""
    return step(*args)


def safe_to_retry(step: Callable[..., T]) -> Callable[..., T]:
    """Mark a step as safe to run again after a failure."""
    _SAFE_TO_RETRY.add(step)
    return step


def is_safe_to_retry(step: Callable[..., Any]) -> bool:
    """Whether a step may be run again after a failure."""
    return step in _SAFE_TO_RETRY

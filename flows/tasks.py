"""The flows' one way to run a library step: as a Prefect task of its own name, retried
when the library marks it safe to run again (`pipeline.ops.steps`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE

from pipeline.ops.steps import is_safe_to_retry

RETRIES = 2
RETRY_DELAY_S = 30


def run_as_task(step: Callable[..., Any], *args: Any) -> Any:
    """Run `step(*args)` as a task; its arguments are plain values (settings, dates, paths)."""
    retries = RETRIES if is_safe_to_retry(step) else 0
    as_task = task(step, name=step.__name__.replace("_", "-"), retries=retries,
                   retry_delay_seconds=RETRY_DELAY_S, cache_policy=NO_CACHE)
    return as_task(*args)

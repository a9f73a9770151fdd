"""Backfill metadata from the public arXiv metadata snapshot (`pipeline.sources.snapshot`).

Its batches are staged as they are read, then published at once at the end, so a file that
breaks off publishes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from pipeline.ops.ingest import ingest
from pipeline.settings import Settings
from pipeline.sources import snapshot
from pipeline.sources.snapshot import BATCH_SIZE, SnapshotSummary, is_url

__all__ = ["BATCH_SIZE", "SnapshotSummary", "import_snapshot", "is_url"]


def import_snapshot(
    settings: Settings, path: Path | str, first_month: date | None = None,
    last_month: date | None = None, progress: Callable[[str], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> SnapshotSummary:
    """Import the snapshot's papers of `settings.categories` with a v1 month in the range
    (`path`: a file, or an HTTP(S) URL streamed)."""
    summary = SnapshotSummary()
    source = snapshot.snapshot_source(path, settings.categories, first_month, last_month,
                                      summary, progress, batch_size)
    ingest(settings, source, progress)
    return summary

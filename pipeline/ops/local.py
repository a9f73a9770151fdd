"""Ingests from disk: saved arXiv API responses with a folder of PDFs (and the sample
corpus, written that way), and PDF files, folders and bulk tarballs you already have."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pipeline import store
from pipeline.ops.ingest import IngestSummary, Progress, ingest
from pipeline.settings import Settings
from pipeline.sources import feeds_source, files_source


def ingest_feeds(
    settings: Settings, feed_paths: list[Path], pdf_dir: Path, source: str = "feed",
    progress: Progress | None = None, run_id: str | None = None,
) -> IngestSummary:
    """Ingest papers described by local Atom feeds, with their PDFs in `pdf_dir`, replacing
    their months whole."""
    return ingest(settings, feeds_source(feed_paths, pdf_dir, source), progress, run_id)


def add_pdfs(
    settings: Settings, paths: list[Path], progress: Progress | None = None,
    is_resumed: bool = False,
) -> IngestSummary:
    """Read arXiv-named PDFs from files, folders and tarballs; store texts and mentions.

    Papers whose metadata is not stored yet get a placeholder row in the month of their
    id's YYMM; a later metadata ingest fills in the rest. A PDF whose version's text a
    killed run staged is not read again (the run's end publishes it); with `is_resumed`, nor
    one whose version's text is stored.
    """
    say = progress or (lambda _: None)
    source = files_source(paths, lambda name, why: say(f"skipped {name}: {why}"),
                          settings.max_pdf_mb)
    con = store.connect_writing(settings)
    try:
        read = store.load_read_versions(con, is_stored_too=is_resumed)
    finally:
        con.close()
    if read:
        source = dataclasses.replace(source, jobs=(
            job for job in source.jobs if (job.paper_id, job.version) not in read))
    return ingest(settings, source, say)

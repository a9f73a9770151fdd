"""Analyse stage: the two text sources every share is counted in, kept apart.

'fulltext' is the papers' full texts (the original method: frameworks, optimizers, models
are named in methods sections); 'abstracts' is their titles + abstracts, counted for every
paper with metadata (the snapshot, the API, saved feeds) whether or not its PDF was read.
Every analysis takes one; with none asked for, commands use full text where the months
shown have it and say so.
"""

from __future__ import annotations

from pipeline.errors import ArxivTrendsError

SOURCES = ("fulltext", "abstracts")
SOURCE_LABELS = {"fulltext": "full texts", "abstracts": "titles + abstracts"}


def check_source(source: str) -> str:
    """Return `source`, or raise a clear error if it is not one of `SOURCES`."""
    if source not in SOURCES:
        raise ArxivTrendsError(f"unknown source {source!r}: use one of {', '.join(SOURCES)}")
    return source


def describe_source(source: str, how: str = "--source") -> str:
    """A line that says which source a result was counted in, and how to choose."""
    return f"source: {source} (the papers' {SOURCE_LABELS[source]}); {how} chooses"

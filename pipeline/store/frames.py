"""Store stage, frames: what a write lends to SQL, shaped as the tables it fills."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import polars as pl

from pipeline.extract import Zones
from pipeline.papers import Paper

Failures = dict[str, tuple[str, str]]  # paper id -> (path or url, reason)
Mentions = dict[str, dict[str, tuple[int, ...]]]  # paper id -> term -> (header, body, refs)


@dataclass(frozen=True)
class PaperText:
    """What was read of one paper: its text, version, quality flag and zones."""

    text: str
    version: int | None
    quality: str
    zones: Zones


@dataclass
class MonthBatch:
    """What one chunk of reading learned about papers of one month."""

    month: date
    papers: list[Paper]
    texts: dict[str, PaperText] = field(default_factory=dict)
    mentions: Mentions = field(default_factory=dict)
    failures: Failures = field(default_factory=dict)


def ids_frame(ids: list[str]) -> pl.DataFrame:
    """Paper ids as a one-column frame (`paper_id`)."""
    return pl.DataFrame({"paper_id": ids}, schema={"paper_id": pl.String})


def months_frame(months: list[date]) -> pl.DataFrame:
    """Months as a one-column frame (`month`)."""
    return pl.DataFrame({"month": months}, schema={"month": pl.Date})


def texts_frame(texts: dict[str, PaperText], file_of: dict[str, str]) -> pl.DataFrame:
    """Texts as rows of `core_paper_texts`: each text's file, by paper (`file_of`)."""
    rows = [(pid, t.version, len(t.text), t.quality, t.zones.header_end,
             t.zones.references_start, t.zones.references_end, file_of[pid])
            for pid, t in texts.items()]
    return pl.DataFrame(rows, orient="row", schema={
        "paper_id": pl.String, "version": pl.Int32, "n_chars": pl.Int32, "quality": pl.String,
        "header_end_char": pl.Int32, "references_start_char": pl.Int32,
        "references_end_char": pl.Int32, "text_file": pl.String})


def mentions_frame(mentions: Mentions) -> pl.DataFrame:
    """Curated-term mentions as rows of `core_paper_terms`."""
    rows = [(pid, term, *counts) for pid, found in mentions.items()
            for term, counts in sorted(found.items())]
    return pl.DataFrame(rows, orient="row", schema={
        "paper_id": pl.String, "term": pl.String, "n_header": pl.Int32,
        "n_body": pl.Int32, "n_references": pl.Int32})


def failures_frame(failures: Failures, at: datetime) -> pl.DataFrame:
    """Failures as rows of `core_extract_failures`, each a first attempt."""
    rows = [(pid, path, reason, 1, at) for pid, (path, reason) in failures.items()]
    return pl.DataFrame(rows, orient="row", schema={
        "paper_id": pl.String, "pdf_path": pl.String, "reason": pl.String,
        "n_attempts": pl.Int32, "failed_at": pl.Datetime("us")})

"""Extract stage: plain text from PDFs with pdfminer.six, robustly, fast and in parallel.

pdfminer.six parses each PDF; `_fasttext` reads its text without layout analysis (words,
reading order and line breaks kept), at about 8x the speed of pdfminer's `extract_text`.

Each PDF is parsed in a worker process under a wall-time limit and a memory cap; a worker
that overruns is killed (`_workers.KillablePool`), so one hostile file cannot hang or
exhaust the run. A PDF that fails comes back with its reason, and the others go on.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline._workers import KillablePool, WorkerFailure
from pipeline.errors import ExtractError

_LINE_END_HYPHEN = re.compile(r"([a-z])-\n([a-z])")
_CID = re.compile(r"\(cid:\d+\)")
SHORT_TEXT_CHARS = 1000


@dataclass(frozen=True)
class PdfJob:
    """One PDF to read: a file, or the bytes of a tar member."""

    paper_id: str
    name: str  # the file's path, or the tar member's name
    data: bytes | None = None
    version: int | None = None


@dataclass(frozen=True)
class Extracted:
    """The outcome of extracting one PDF: text, or the reason it failed."""

    paper_id: str
    path: str
    text: str | None
    error: str | None = None
    version: int | None = None
    quality: str | None = None


def normalize_text(raw: str) -> str:
    """Fold ligatures and width variants (NFKC) and rejoin words hyphenated at line ends."""
    text = unicodedata.normalize("NFKC", raw)
    text = _CID.sub(" ", text)
    return _LINE_END_HYPHEN.sub(r"\1\2", text)


def assess_quality(raw: str, text: str) -> str:
    """`ok`, `short` (too little text for a paper) or `garbled` (undecodable glyphs)."""
    sample = text[:20000]
    n_cid = len(_CID.findall(raw))
    letters = sum(c.isalpha() for c in sample)
    visible = sum(not c.isspace() for c in sample)
    n_words = len(sample.split())
    is_glued = n_words and visible / n_words > 20  # words run together: no spaces found
    if n_cid * 8 > max(1, len(raw)) * 0.05 or (visible and letters / visible < 0.5) or is_glued:
        return "garbled"
    return "short" if len(text) < SHORT_TEXT_CHARS else "ok"


def _read_raw(source: Path | str | bytes, paper_id: str) -> str:
    """The PDF's text as pdfminer.six reads it without layout analysis (`_fasttext`)."""
    from pipeline._fasttext import extract_lean_bytes, extract_lean_text

    name = "<bytes>" if isinstance(source, bytes) else str(source)
    try:
        if isinstance(source, bytes):
            raw = extract_lean_bytes(source)
        else:
            raw = extract_lean_text(str(source))
    except MemoryError:  # a worker reports its memory cap; elsewhere it is not the PDF's
        raise
    except Exception as err:  # pdfminer raises many unrelated types on bad input
        raise ExtractError(paper_id, name, _failure_reason(source, err)) from err
    if not raw.strip():
        raise ExtractError(paper_id, name, "no text found (scanned or empty PDF)")
    return raw


def _failure_reason(source: Path | str | bytes, err: Exception) -> str:
    """Say why pdfminer failed: an empty file or one that is no PDF at all, or its error."""
    try:
        if isinstance(source, bytes):
            head = source[:1024]
        else:
            with Path(source).open("rb") as pdf:
                head = pdf.read(1024)
    except OSError:
        head = b"%PDF-"  # unreadable: pdfminer's error says why
    if not head:
        return "empty file (0 bytes)"
    if b"%PDF-" not in head:
        start = head[:40].decode("latin-1").split("\n")[0].strip()
        return f"not a PDF (it starts {start!r}): an error page saved as .pdf?"
    return f"{type(err).__name__}: {err}"


def extract_pdf_text(source: Path | str | bytes, paper_id: str = "") -> str:
    """Return the normalised text of one PDF (a path or its bytes), or raise `ExtractError`."""
    return normalize_text(_read_raw(source, paper_id))


def _extract_job(job: PdfJob) -> Extracted:
    """Worker side: read one job's PDF."""
    try:
        raw = _read_raw(job.data if job.data is not None else job.name, job.paper_id)
    except ExtractError as err:
        return Extracted(job.paper_id, job.name, None, err.reason, job.version)
    text = normalize_text(raw)
    return Extracted(job.paper_id, job.name, text, None, job.version, assess_quality(raw, text))


def extract_many(
    jobs: Iterable[PdfJob | tuple[str, Path]],
    workers: int = 2,
    timeout_s: float = 60,
    memory_mb: int = 2048,
    on_progress: Callable[[int], None] | None = None,
    dask_scheduler: str = "",
) -> Iterator[Extracted]:
    """Extract PDFs in killable worker processes, yielding results as they finish.

    Args:
        dask_scheduler: address of a Dask scheduler to run on instead of local workers.
    """
    as_jobs = (j if isinstance(j, PdfJob) else PdfJob(j[0], str(j[1])) for j in jobs)
    if dask_scheduler:
        from pipeline._dask import extract_on_dask

        results = extract_on_dask(as_jobs, dask_scheduler, timeout_s, memory_mb)
    else:
        results = _extract_locally(as_jobs, workers, timeout_s, memory_mb)
    for done, result in enumerate(results, 1):
        if on_progress:
            on_progress(done)
        yield result


def _extract_locally(
    jobs: Iterable[PdfJob], workers: int, timeout_s: float, memory_mb: int
) -> Iterator[Extracted]:
    pool = KillablePool(_extract_job, workers, timeout_s, memory_mb)
    for job, result in pool.map_unordered(jobs):
        if isinstance(result, WorkerFailure):
            yield Extracted(job.paper_id, job.name, None, result.reason, job.version)
        else:
            yield result

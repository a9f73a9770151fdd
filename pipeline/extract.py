"""Extract stage: plain text from PDFs with pdfminer.six, robustly and in parallel.

Each PDF is parsed in a worker process under a wall-time limit (SIGALRM) and an address
space cap, so one hostile file cannot hang or exhaust the run; a PDF that fails comes back
as an `ExtractError` with its reason, and the others go on.
"""

from __future__ import annotations

import multiprocessing as mp
import re
import resource
import signal
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ExtractError

_LINE_END_HYPHEN = re.compile(r"([a-z])-\n([a-z])")
_CID = re.compile(r"\(cid:\d+\)")


@dataclass(frozen=True)
class Extracted:
    """The outcome of extracting one PDF: text, or the reason it failed."""

    paper_id: str
    path: str
    text: str | None
    error: str | None = None


def normalize_text(raw: str) -> str:
    """Fold ligatures and width variants (NFKC) and rejoin words hyphenated at line ends."""
    text = unicodedata.normalize("NFKC", raw)
    text = _CID.sub(" ", text)
    return _LINE_END_HYPHEN.sub(r"\1\2", text)


def extract_pdf_text(path: Path, paper_id: str = "") -> str:
    """Return the normalised text of one PDF, or raise `ExtractError`."""
    from pdfminer.high_level import extract_text
    from pdfminer.layout import LAParams

    try:
        raw = extract_text(str(path), laparams=LAParams())
    except Exception as err:  # pdfminer raises many unrelated types on bad input
        raise ExtractError(paper_id, str(path), f"{type(err).__name__}: {err}") from err
    text = normalize_text(raw)
    if not text.strip():
        raise ExtractError(paper_id, str(path), "no text found (scanned or empty PDF)")
    return text


class _Timeout(Exception):
    pass


def _on_alarm(signum: int, frame: object) -> None:
    raise _Timeout


def _init_worker(memory_mb: int) -> None:
    limit = memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    signal.signal(signal.SIGALRM, _on_alarm)


def _extract_one(job: tuple[str, str, int]) -> Extracted:
    paper_id, path, timeout_s = job
    signal.alarm(timeout_s)
    try:
        return Extracted(paper_id, path, extract_pdf_text(Path(path), paper_id))
    except _Timeout:
        return Extracted(paper_id, path, None, f"timed out after {timeout_s} s")
    except MemoryError:
        return Extracted(paper_id, path, None, "exceeded the memory cap")
    except ExtractError as err:
        return Extracted(paper_id, path, None, err.reason)
    finally:
        signal.alarm(0)


def extract_many(
    pdfs: Iterable[tuple[str, Path]],
    workers: int = 2,
    timeout_s: int = 60,
    memory_mb: int = 2048,
    on_progress: Callable[[int], None] | None = None,
) -> Iterator[Extracted]:
    """Extract (paper_id, path) pairs in worker processes, yielding results as they finish."""
    jobs = [(pid, str(path), timeout_s) for pid, path in pdfs]
    if not jobs:
        return
    # spawn, not fork: a forked child inherits the parent's address space (DuckDB, polars),
    # which the RLIMIT_AS cap would count against the PDF
    ctx = mp.get_context("spawn")
    with ctx.Pool(max(1, workers), initializer=_init_worker, initargs=(memory_mb,)) as pool:
        for done, result in enumerate(pool.imap_unordered(_extract_one, jobs, chunksize=4), 1):
            if on_progress:
                on_progress(done)
            yield result

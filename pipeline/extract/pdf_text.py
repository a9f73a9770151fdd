"""Extract stage: the plain, normalised text of one PDF, and how good it is.

pdfminer.six parses each PDF; `_fasttext` reads its text without layout analysis (words,
reading order and line breaks kept), at about 8x the speed of pdfminer's `extract_text`.
Ligatures are folded and words hyphenated at line ends joined. `parallel` runs this in
killable worker processes.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ExtractError
from pipeline.papers import PdfJob

_LINE_END_HYPHEN = re.compile(r"([a-z])-\n([a-z])")
# a word broken at a line end with a capital on either side (both lower case: joined above)
_BROKEN_CAPITALISED = re.compile(r"(?<![\w-])([A-Za-z][\w'’]*)-\n([A-Za-z][\w'’]*)(?![\w-])")
_WORD = re.compile(r"[A-Za-z][\w'’]*(?:-[A-Za-z][\w'’]*)*")
_CID = re.compile(r"\(cid:\d+\)")
SHORT_TEXT_CHARS = 1000
# The most text one paper may give: the shared real papers average 56,000 characters, a long
# thesis a few hundred thousand; a crafted PDF can give tens of millions (a failure, so that
# the main process never holds it).
MAX_TEXT_CHARS = 3_000_000


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
    text = _LINE_END_HYPHEN.sub(r"\1\2", text)
    return _rejoin_capitalised(text)


def _rejoin_capitalised(text: str) -> str:
    """Mend a capitalised word broken at a line end ("Py-\nTorch", "Le-\nCun", "R-\nCNN") the
    way the same text writes it elsewhere: joined ("PyTorch") where it does so at least as
    often as hyphenated, hyphenated ("R-CNN") where that is more usual, else as it is."""
    if _BROKEN_CAPITALISED.search(text) is None:
        return text
    seen = Counter(word.lower() for word in _WORD.findall(text))

    def mend(match: re.Match[str]) -> str:
        head, tail = match[1], match[2]
        joined, hyphenated = seen[(head + tail).lower()], seen[f"{head}-{tail}".lower()]
        if joined and joined >= hyphenated:
            return head + tail
        return f"{head}-{tail}" if hyphenated else match[0]

    return _BROKEN_CAPITALISED.sub(mend, text)


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
    from pipeline.extract._fasttext import extract_lean_bytes, extract_lean_text

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


def extract_job(job: PdfJob) -> Extracted:
    """Worker side: read one job's PDF."""
    try:
        raw = _read_raw(job.data if job.data is not None else job.name, job.paper_id)
    except ExtractError as err:
        return Extracted(job.paper_id, job.name, None, err.reason, job.version)
    if len(raw) > MAX_TEXT_CHARS:
        return Extracted(job.paper_id, job.name, None, f"text of {len(raw):,} characters, more "
                         f"than the {MAX_TEXT_CHARS:,} a paper may have", job.version)
    text = normalize_text(raw)
    return Extracted(job.paper_id, job.name, text, None, job.version, assess_quality(raw, text))

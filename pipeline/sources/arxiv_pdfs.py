"""PDFs from arXiv: each paper's PDF downloaded politely into the PDF folder, as a job.

Downloads go through the same process-wide limiter as the API (one request every 3 s, one
connection). A PDF already on disk is not downloaded again; one that cannot be had (a
refusal, an error page instead of a PDF) becomes a job with its failure, recorded like a
PDF that cannot be read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from pipeline.errors import FetchError
from pipeline.papers import Paper, PdfJob, pdf_filename
from pipeline.progress import ProgressBar
from pipeline.settings import Settings
from pipeline.sources.polite import PoliteSession, get_with_retries
from pipeline.sources.records import Source

Say = Callable[[str], None]
SAY_EVERY = 25  # downloads between two log lines


def download_source(
    papers: list[Paper], settings: Settings, session: PoliteSession, say: Say | None = None,
) -> Source:
    """The papers' PDFs, downloaded as they are read (deleted once read, unless kept)."""
    month = f" {papers[0].month:%Y-%m}" if papers else ""
    jobs = iter_downloads(papers, settings, session, say or (lambda _: None), month)
    return Source("arxiv", jobs=jobs, n_jobs=len(papers),
                  deletes_read_files=not settings.keep_pdfs)


def iter_downloads(
    papers: list[Paper], settings: Settings, session: PoliteSession, say: Say,
    label: str = "",
) -> Iterator[PdfJob]:
    """Download each paper's PDF into `settings.pdf_dir` (unless there), yielding its job."""
    settings.pdf_dir.mkdir(parents=True, exist_ok=True)
    with ProgressBar(f"fetching{label}", len(papers)) as bar:
        count = bar.unless_drawing(say)
        for n, paper in enumerate(papers, 1):
            dest = settings.pdf_dir / pdf_filename(paper.paper_id, paper.version)
            try:
                if not dest.exists():
                    write_atomically(dest, fetch_pdf(paper, settings, session))
                job = PdfJob(paper.paper_id, str(dest), version=paper.version,
                             authors=paper.authors)
            except FetchError as err:
                job = PdfJob(paper.paper_id, err.url, version=paper.version,
                             failure=f"download: {err.reason}")
            bar.update()
            if n % SAY_EVERY == 0 or n == len(papers):
                count(f"PDFs: {n}/{len(papers)}")
            yield job


def fetch_pdf(paper: Paper, settings: Settings, session: PoliteSession) -> bytes:
    """Download one paper's PDF; raise `FetchError` for anything that is not a PDF."""
    url = settings.pdf_url_format.format(paper_id=paper.paper_id, version=paper.version)
    response = get_with_retries(session, url, settings.max_attempts, settings.backoff_s,
                                settings.max_backoff_s)
    if response.status_code != 200:
        raise FetchError(url, "PDF download refused", response.status_code)
    if b"%PDF-" not in response.content[:1024]:
        kind = response.headers.get("Content-Type", "unknown type")
        raise FetchError(url, f"not a PDF ({kind})", response.status_code)
    return response.content


def write_atomically(dest: Path, content: bytes) -> None:
    """Write `content` to `dest` whole or not at all (a `.part` file renamed)."""
    tmp = dest.with_suffix(dest.suffix + ".part")
    tmp.write_bytes(content)
    tmp.replace(dest)

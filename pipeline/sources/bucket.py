"""PDFs from the public arXiv dataset bucket: Google Cloud Storage's `arxiv-dataset`, read
anonymously over HTTPS, many at once.

Objects are named by id and version:

    arxiv/arxiv/pdf/1706/1706.03762v5.pdf     new-style ids (collection `arxiv`)
    arxiv/hep-th/pdf/9201/9201001v1.pdf       old-style ids (collection: the archive)

A month's prefix is listed once (`storage/v1/b/<bucket>/o?prefix=...`, 1,000 objects a
page) and each paper gets the version its metadata says is latest. Downloads run
`bucket_downloads` at a time, each under a total time limit, retried with backoff, its size
and hashes (MD5, CRC32C) checked against the listing, written atomically; a PDF already on
disk with the listed size and hashes is not fetched again, so a killed run resumes. Jobs are
handed on as downloads finish, so extraction starts with the first and the network stays
ahead of the CPU. A paper the bucket does not hold (yet: it lags arXiv) comes back in
`missing` for another source; an object over `max_pdf_mb` is a failure, never downloaded.
"""

from __future__ import annotations

import base64
import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from urllib.parse import quote

import google_crc32c
import requests
import urllib3

from pipeline import __version__
from pipeline.errors import FetchError
from pipeline.papers import Paper, PdfJob, pdf_filename
from pipeline.progress import ProgressBar
from pipeline.settings import Settings
from pipeline.sources.arxiv_pdfs import write_atomically
from pipeline.sources.polite import backoff_delay_s, get_with_retries
from pipeline.sources.records import Source

Say = Callable[[str], None]
PAGE_SIZE = 1000  # objects per listing page (the service's largest)
# Most bytes taken from a connection at once: whatever has arrived, up to this. Large, so a
# download thread asks for the interpreter lock a few times per object, not once per 16 KB
# (while the main thread counts, each ask can wait 5 ms); the time limit is checked between.
CHUNK_BYTES = 1 << 20
SAY_EVERY = 100  # downloads between two log lines


@dataclass(frozen=True)
class BucketObject:
    """One listed object: its name, size in bytes, MD5 and CRC32C (base64, as listed; a
    composite object has no MD5)."""

    name: str
    size_bytes: int
    md5_base64: str
    crc32c_base64: str = ""

    def problem_with(self, content: bytes) -> str | None:
        """Why `content` is not this object (its size, then each listed hash), or None."""
        if len(content) != self.size_bytes:
            return f"{len(content)} bytes, the listing says {self.size_bytes}"
        if self.md5_base64 and _md5_base64(content) != self.md5_base64:
            return "MD5 differs from the listing"
        if self.crc32c_base64 and _crc32c_base64(content) != self.crc32c_base64:
            return "CRC32C differs from the listing"
        return None


@dataclass
class BucketPlan:
    """Which listed object each paper gets, and the papers the bucket does not hold."""

    objects: dict[str, BucketObject] = field(default_factory=dict)  # paper id -> object
    missing: list[Paper] = field(default_factory=list)


def object_name(paper_id: str, version: int) -> str:
    """The object of one version's PDF: `arxiv/arxiv/pdf/1706/1706.03762v5.pdf`,
    `arxiv/hep-th/pdf/9201/9201001v1.pdf` (a subject class, `math.AG/...`, is dropped)."""
    return f"{month_prefix(paper_id)}{paper_id.rpartition('/')[2]}v{version}.pdf"


def month_prefix(paper_id: str) -> str:
    """The listing prefix of the paper's collection and month: `arxiv/arxiv/pdf/1706/`."""
    archive, _, number = paper_id.rpartition("/")
    collection = archive.split(".")[0] if archive else "arxiv"
    return f"arxiv/{collection}/pdf/{number[:4]}/"


def fetch_listing(
    session: requests.Session, settings: Settings, prefix: str, page_size: int = PAGE_SIZE
) -> dict[str, BucketObject]:
    """Every object under `prefix`, by name, `page_size` at a time."""
    objects: dict[str, BucketObject] = {}
    token = ""
    while True:
        url = (f"{settings.bucket_url}/storage/v1/b/{settings.bucket_name}/o?prefix="
               f"{quote(prefix, safe='')}&maxResults={page_size}"
               "&fields=items(name,size,md5Hash,crc32c),nextPageToken"
               + (f"&pageToken={quote(token, safe='')}" if token else ""))
        response = get_with_retries(session, url, settings.max_attempts, settings.backoff_s,
                                    settings.max_backoff_s)
        if response.status_code != 200:
            raise FetchError(url, "bucket listing refused", response.status_code)
        try:
            page = response.json()
            for item in page.get("items", []):
                objects[item["name"]] = BucketObject(
                    item["name"], int(item["size"]), item.get("md5Hash", ""),
                    item.get("crc32c", ""))
        except (ValueError, KeyError, TypeError) as err:
            raise FetchError(url, f"not a bucket listing ({type(err).__name__}: {err})",
                             response.status_code) from None
        token = page.get("nextPageToken", "")
        if not token:
            return objects


def plan_downloads(
    papers: list[Paper], session: requests.Session, settings: Settings
) -> BucketPlan:
    """List each month prefix the papers need once; give each paper its version's object."""
    listed: dict[str, BucketObject] = {}
    for prefix in sorted({month_prefix(p.paper_id) for p in papers}):
        listed.update(fetch_listing(session, settings, prefix))
    plan = BucketPlan()
    for paper in papers:
        found = listed.get(object_name(paper.paper_id, paper.version))
        if found is None:
            plan.missing.append(paper)
        else:
            plan.objects[paper.paper_id] = found
    return plan


def bucket_source(
    papers: list[Paper], plan: BucketPlan, settings: Settings, say: Say | None = None
) -> Source:
    """The planned papers' PDFs, downloaded many at once and handed on as they arrive."""
    wanted = [p for p in papers if p.paper_id in plan.objects]
    jobs = iter_downloads(wanted, plan, settings, say or (lambda _: None))
    return Source("bucket", jobs=jobs, n_jobs=len(wanted),
                  deletes_read_files=not settings.keep_pdfs)


def iter_downloads(
    papers: list[Paper], plan: BucketPlan, settings: Settings, say: Say
) -> Iterator[PdfJob]:
    """Download the papers' objects, `bucket_downloads` in flight; yield each job as its
    download finishes (a failed one carries its reason)."""
    settings.pdf_dir.mkdir(parents=True, exist_ok=True)
    sessions = _Sessions()
    queue = iter(papers)
    with ThreadPoolExecutor(settings.bucket_downloads, "bucket") as pool, \
            ProgressBar("fetching from the bucket", len(papers)) as bar:
        count = bar.unless_drawing(say)
        running: dict[Future, Paper] = {}
        done = 0
        while True:
            while len(running) < 2 * settings.bucket_downloads:  # the next ones queued
                paper = next(queue, None)
                if paper is None:
                    break
                running[pool.submit(_download, paper, plan.objects[paper.paper_id],
                                    settings, sessions)] = paper
            if not running:
                return
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                running.pop(future)
                done += 1
                bar.update()
                if done % SAY_EVERY == 0 or done == len(papers):
                    count(f"PDFs from the bucket: {done}/{len(papers)}")
                yield future.result()


def _download(
    paper: Paper, listed: BucketObject, settings: Settings, sessions: _Sessions
) -> PdfJob:
    """One paper's PDF on disk (fetched unless already there with the listed hash)."""
    dest = settings.pdf_dir / pdf_filename(paper.paper_id, paper.version)
    url = f"{settings.bucket_url}/{settings.bucket_name}/{quote(listed.name)}"
    if listed.size_bytes > settings.max_pdf_mb * 1_000_000:  # never downloaded
        return PdfJob(paper.paper_id, url, version=paper.version, failure=(
            f"download: {listed.size_bytes / 1e6:,.1f} MB, more than the "
            f"{settings.max_pdf_mb:g} MB a PDF may have (setting max_pdf_mb)"))
    try:
        if not (dest.exists() and listed.problem_with(dest.read_bytes()) is None):
            write_atomically(dest, fetch_object(sessions.get(), url, listed, settings))
    except FetchError as err:
        return PdfJob(paper.paper_id, err.url, version=paper.version,
                      failure=f"download: {err.reason}")
    return PdfJob(paper.paper_id, str(dest), version=paper.version, authors=paper.authors)


def fetch_object(
    session: requests.Session, url: str, listed: BucketObject, settings: Settings
) -> bytes:
    """Download one object whole within `bucket_timeout_s`, checked against its listing;
    a short, corrupt or slow download is tried again, up to `max_attempts` times."""
    for attempt in range(1, settings.max_attempts + 1):
        try:
            content = _read_within(session, url, settings)
            if problem := listed.problem_with(content):
                raise _Retry(problem)
        except _Retry as err:
            if attempt == settings.max_attempts:
                raise FetchError(url, f"{err}; gave up after {attempt} attempts") from None
            time.sleep(backoff_delay_s(attempt, settings.backoff_s, settings.max_backoff_s))
            continue
        if b"%PDF-" not in content[:1024]:
            raise FetchError(url, "not a PDF")
        return content
    raise AssertionError("unreachable")


class _Retry(Exception):
    """A download to try again: cut short, corrupt or too slow."""


def _read_within(session: requests.Session, url: str, settings: Settings) -> bytes:
    """GET `url` and read its body, all within `bucket_timeout_s` (a trickle is cut off)."""
    deadline = time.monotonic() + settings.bucket_timeout_s
    response = get_with_retries(session, url, settings.max_attempts, settings.backoff_s,
                                settings.max_backoff_s)
    with response:
        if response.status_code != 200:
            raise FetchError(url, f"object download refused (HTTP {response.status_code}: not "
                             "in the bucket)" if response.status_code == 404 else
                             f"object download refused (HTTP {response.status_code})",
                             response.status_code)
        kind = response.headers.get("Content-Type", "")
        if kind.startswith("text/html"):
            raise FetchError(url, f"not a PDF ({kind})", response.status_code)
        parts = []
        try:
            while part := response.raw.read1(CHUNK_BYTES, decode_content=True):
                parts.append(part)
                if time.monotonic() > deadline:
                    raise _Retry(f"slower than {settings.bucket_timeout_s:g} s")
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as err:
            raise _Retry(f"connection lost ({type(err).__name__})") from None  # or cut short
    return b"".join(parts)


class _Sessions(threading.local):
    """One HTTP session per download thread (keep-alive without sharing a connection)."""

    session: requests.Session | None = None

    def get(self) -> requests.Session:
        if self.session is None:
            self.session = open_session()
        return self.session


def open_session() -> requests.Session:
    """A session for the bucket's listing (downloads open one per thread)."""
    return _BucketSession()


class _BucketSession(requests.Session):
    """Streamed GETs with a connect/read timeout and the tool's User-Agent."""

    def request(self, method, url, *args, **kwargs):  # type: ignore[override]  # noqa: ANN001, ANN002, ANN003, ANN201
        kwargs.setdefault("timeout", (10, 30))
        kwargs.setdefault("stream", True)
        kwargs.setdefault("headers", {"User-Agent": f"arxiv-trends/{__version__}"})
        return super().request(method, url, *args, **kwargs)


def _md5_base64(content: bytes) -> str:
    return base64.b64encode(hashlib.md5(content).digest()).decode("ascii")  # noqa: S324


def _crc32c_base64(content: bytes) -> str:
    """CRC32C as the listing gives it: base64 of its 4 bytes, big-endian."""
    return base64.b64encode(google_crc32c.value(content).to_bytes(4, "big")).decode("ascii")



"""Fetch stage: talk to arXiv (or a host standing in for it) and return plain values.

All requests of a process go through one `PoliteSession`: one connection, at least
`request_interval_s` between any two requests (API pages and PDFs alike), a timeout on
every request, and a User-Agent naming the tool and the contact from the settings.
Nothing here writes to disk or to the database.
"""

from __future__ import annotations

import calendar
import time
from datetime import date
from typing import Any

import arxiv
import requests
from arxiv import _feed  # the client's own Atom parser, so local feeds parse the same way

from pipeline import __version__
from pipeline.errors import FeedError, FetchError
from pipeline.papers import Paper, split_arxiv_id
from pipeline.settings import Settings


class PoliteSession(requests.Session):
    """A requests session that spaces requests, times them out and names the tool."""

    def __init__(self, interval_s: float, timeout_s: float, contact: str = "") -> None:
        super().__init__()
        self.interval_s = interval_s
        self.timeout_s = timeout_s
        mailto = f" (mailto:{contact})" if contact else ""
        self.user_agent = f"arxiv-trends/{__version__}{mailto}"
        self._last_request_at: float | None = None

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any):  # type: ignore[override]
        """Send one request, first waiting out the interval since the previous one."""
        if self._last_request_at is not None:
            wait_s = self._last_request_at + self.interval_s - time.monotonic()
            if wait_s > 0:
                time.sleep(wait_s)
        kwargs.setdefault("timeout", self.timeout_s)
        headers = dict(kwargs.pop("headers", None) or {})
        headers = {k: v for k, v in headers.items() if k.lower() != "user-agent"}
        headers["User-Agent"] = self.user_agent
        try:
            return super().request(method, url, *args, headers=headers, **kwargs)
        finally:
            self._last_request_at = time.monotonic()


def open_session(settings: Settings) -> PoliteSession:
    """The one session a process uses for every request to arXiv."""
    return PoliteSession(settings.request_interval_s, settings.http_timeout_s, settings.contact)


def build_month_query(month: date, categories: tuple[str, ...]) -> str:
    """The API query for papers of `categories` submitted in `month` (GMT)."""
    last_day = calendar.monthrange(month.year, month.month)[1]
    cats = " OR ".join(f"cat:{c}" for c in categories)
    start = month.strftime("%Y%m%d") + "0000"
    end = month.replace(day=last_day).strftime("%Y%m%d") + "2359"
    return f"({cats}) AND submittedDate:[{start} TO {end}]"


def fetch_month_papers(
    month: date, settings: Settings, session: PoliteSession, max_results: int | None = None
) -> list[Paper]:
    """Page through the API for one month and return its papers, oldest first."""
    client = arxiv.Client(page_size=settings.page_size, delay_seconds=0, num_retries=3)
    client.query_url_format = settings.api_url + "?{}"
    client._session = session  # the client has no hook for its session; ours spaces requests
    search = arxiv.Search(
        query=build_month_query(month, settings.categories),
        max_results=max_results,
        sort_by=arxiv.SortCriterion.SubmittedDate,
        sort_order=arxiv.SortOrder.Ascending,
    )
    try:
        return [paper_from_result(r) for r in client.results(search)]
    except arxiv.HTTPError as err:
        raise FetchError(err.url, "the API answered with an error", err.status) from err
    except arxiv.ArxivError as err:
        raise FetchError(err.url, err.message) from err
    except requests.RequestException as err:
        raise FetchError(settings.api_url, f"{type(err).__name__}: {err}") from err


def fetch_pdf(paper: Paper, settings: Settings, session: PoliteSession) -> bytes:
    """Download one paper's PDF; raise `FetchError` for anything that is not a PDF."""
    url = settings.pdf_url_format.format(paper_id=paper.paper_id, version=paper.version)
    try:
        response = session.get(url)
    except requests.RequestException as err:
        raise FetchError(url, f"{type(err).__name__}: {err}") from err
    if response.status_code != 200:
        raise FetchError(url, "PDF download refused", response.status_code)
    if b"%PDF-" not in response.content[:1024]:
        kind = response.headers.get("Content-Type", "unknown type")
        raise FetchError(url, f"not a PDF ({kind})", response.status_code)
    return response.content


def parse_feed(content: bytes, source: str) -> list[Paper]:
    """Papers in an arXiv API Atom response (bytes), as the client would parse them."""
    feed = _feed.parse(content)
    if feed.malformed:
        raise FeedError(source, f"not an Atom feed ({feed.error})")
    return [paper_from_result(r) for r in feed.results]


def paper_from_result(result: arxiv.Result) -> Paper:
    """Turn the client's `Result` into a `Paper`."""
    paper_id, version = split_arxiv_id(result.entry_id)
    return Paper(
        paper_id=paper_id,
        version=version or 1,
        title=result.title,
        authors=tuple(a.name for a in result.authors),
        primary_category=result.primary_category,
        categories=tuple(result.categories),
        published_at=result.published.replace(tzinfo=None),
        updated_at=result.updated.replace(tzinfo=None),
        pdf_url=result.pdf_url,
    )

"""Fetch stage: talk to arXiv (or a host standing in for it) and return plain values.

A month is asked for in windows of submission time (a day, halved while a window holds
more than `window_max_results`), each paged through and checked against the API's
`totalResults`. Requests go through `polite.PoliteSession`; responses are parsed with the
`arxiv` client's own Atom parser, so results are the client's `Result`s. Nothing here
writes to disk or to the database.
"""

from __future__ import annotations

import calendar
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

import arxiv
from arxiv import _feed  # the client's parser: it keeps totalResults, which Client hides
from lxml import etree

from pipeline.errors import FeedError, FetchError
from pipeline.papers import Paper, split_arxiv_id
from pipeline.settings import Settings
from pipeline.sources.polite import PoliteSession, backoff_delay_s, get_with_retries

Say = Callable[[str], None]
_ERROR_ID = "/api/errors"
_ATOM = "http://www.w3.org/2005/Atom"
_TOTAL = "{http://a9.com/-/spec/opensearch/1.1/}totalResults"
_STRICT = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class MalformedFeedError(FeedError):
    """The body is not a whole Atom feed (truncated, garbage, an HTML page)."""


def open_session(settings: Settings) -> PoliteSession:
    """The session a process uses for its requests to arXiv."""
    return PoliteSession(settings.request_interval_s, settings.http_timeout_s, settings.contact)


@dataclass(frozen=True, order=True)
class Window:
    """A span of submission time, whole minutes, both ends inclusive (GMT)."""

    start: datetime
    end: datetime

    @property
    def minutes(self) -> int:
        """How many minutes the window spans."""
        return int((self.end - self.start).total_seconds() // 60) + 1

    def halves(self) -> tuple[Window, Window]:
        """The window cut in two at a whole minute."""
        mid = self.start + timedelta(minutes=self.minutes // 2 - 1)
        return Window(self.start, mid), Window(mid + timedelta(minutes=1), self.end)

    def query(self, categories: tuple[str, ...]) -> str:
        """The API query for papers of `categories` submitted in this window."""
        cats = " OR ".join(f"cat:{c}" for c in categories)
        return f"({cats}) AND submittedDate:[{self.start:%Y%m%d%H%M} TO {self.end:%Y%m%d%H%M}]"


def month_window(month: date) -> Window:
    """The whole month as one window."""
    last_day = calendar.monthrange(month.year, month.month)[1]
    start = datetime(month.year, month.month, 1)
    return Window(start, datetime(month.year, month.month, last_day, 23, 59))


def day_windows(month: date) -> list[Window]:
    """One window per day of the month."""
    last_day = calendar.monthrange(month.year, month.month)[1]
    days = [datetime(month.year, month.month, d) for d in range(1, last_day + 1)]
    return [Window(d, d.replace(hour=23, minute=59)) for d in days]


def build_month_query(month: date, categories: tuple[str, ...]) -> str:
    """The API query for papers of `categories` submitted in `month` (GMT)."""
    return month_window(month).query(categories)


@dataclass(frozen=True)
class FeedPage:
    """One page of API results."""

    url: str
    total_results: int
    papers: list[Paper]


@dataclass(frozen=True)
class WindowResult:
    """Everything the API holds for one window, or just its size if it must be split."""

    window: Window
    query: str
    total_results: int
    papers: list[Paper]
    is_too_large: bool = False


def page_url(api_url: str, query: str, start: int, max_results: int) -> str:
    """URL of one page of a query, oldest submissions first."""
    args = {"search_query": query, "id_list": "", "sortBy": "submittedDate",
            "sortOrder": "ascending", "start": start, "max_results": max_results}
    return f"{api_url}?{urlencode(args)}"


def fetch_page(
    query: str, start: int, max_results: int, settings: Settings, session: PoliteSession,
    say: Say | None = None,
) -> FeedPage:
    """Fetch and parse one page; raise `FetchError`/`FeedError` naming the query."""
    url = page_url(settings.api_url, query, start, max_results)
    response = get_with_retries(session, url, settings.max_attempts, settings.backoff_s,
                                settings.max_backoff_s, say)
    if response.status_code != 200:
        message = _error_in_body(response.content) or "unexpected answer"
        raise FetchError(url, f"arXiv refused the query {query!r}: {message}",
                         response.status_code)
    feed = _parse(response.content, f"query {query!r} (start {start})")
    return FeedPage(url, feed.header.total_results,
                    [paper_from_result(r) for r in feed.results])


def fetch_window(
    window: Window, settings: Settings, session: PoliteSession, say: Say | None = None
) -> WindowResult:
    """Every paper of one window, checked against totalResults; short pages are retried.

    If totalResults changes between pages (papers added or withdrawn meanwhile), the pages
    read so far may have shifted: the window is read again from its start, at most
    `max_attempts` times, then a `FetchError` says so (the window is not complete).
    """
    query = window.query(settings.categories)
    papers: dict[str, Paper] = {}
    total: int | None = None
    n_restarts = 0
    while total is None or len(papers) < total:
        start = len(papers)
        page = _fetch_full_page(query, start, total, settings, session, say)
        if total is None:
            total = page.total_results
            if total > settings.window_max_results and window.minutes > 1:
                return WindowResult(window, query, total, [], is_too_large=True)
        elif page.total_results != total:
            n_restarts += 1
            if n_restarts >= settings.max_attempts:
                raise FetchError(page.url, f"query {query!r}: totalResults changed from "
                                 f"{total} to {page.total_results} between pages, "
                                 f"{n_restarts} times", status=200)
            if say:
                say(f"totalResults changed from {total} to {page.total_results} for "
                    f"{query!r}; reading the window again")
            papers, total = {}, None
            continue
        papers.update((p.paper_id, p) for p in page.papers)
        if len(papers) == start:  # a full page of papers already seen: the API is looping
            raise FetchError(page.url, f"query {query!r} repeats itself at {start} of {total}")
    return WindowResult(window, query, total, list(papers.values()))


def _fetch_full_page(
    query: str, start: int, total: int | None, settings: Settings, session: PoliteSession,
    say: Say | None,
) -> FeedPage:
    """Fetch the page at `start`, retrying while it holds fewer entries than it must."""
    for attempt in range(1, settings.max_attempts + 1):
        try:
            page = fetch_page(query, start, settings.page_size, settings, session, say)
        except MalformedFeedError:
            if attempt == settings.max_attempts:
                raise
            time.sleep(backoff_delay_s(attempt, settings.backoff_s, settings.max_backoff_s))
            continue
        known_total = page.total_results if total is None else total
        expected = min(settings.page_size, known_total - start)
        # an empty first page is retried too: arXiv sometimes answers 0 by mistake
        if len(page.papers) >= expected and (expected > 0 or attempt > 1):
            return page
        if attempt == settings.max_attempts:
            break
        delay_s = backoff_delay_s(attempt, settings.backoff_s, settings.max_backoff_s)
        if say:
            say(f"short page ({len(page.papers)} of {expected}) for {query!r} at {start}; "
                f"retry in {delay_s:.1f} s")
        time.sleep(delay_s)
    raise FetchError(page.url, f"query {query!r} gave {len(page.papers)} of {expected} "
                     f"results at {start} after {settings.max_attempts} attempts",
                     status=200)  # it answered, with too little


def _parse(content: bytes, source: str) -> _feed.ParsedFeed:
    """Check the body is a whole Atom feed (and not an API error), then parse it."""
    try:
        root = etree.fromstring(content, parser=_STRICT)
    except etree.XMLSyntaxError as err:
        raise MalformedFeedError(source, f"malformed XML ({err})") from err
    if root is None or root.tag != f"{{{_ATOM}}}feed" or root.find(_TOTAL) is None:
        raise MalformedFeedError(source, "not an arXiv API feed (no totalResults)")
    message = _error_message(root)
    if message:
        raise FeedError(source, f"arXiv API error: {message}")
    return _feed.parse(content)


def _error_message(root: etree._Element | None) -> str | None:
    """The summary of an arXiv API error entry, if the feed holds one."""
    for entry in root.iterfind(f"{{{_ATOM}}}entry") if root is not None else ():
        if _ERROR_ID in (entry.findtext(f"{{{_ATOM}}}id") or ""):
            summary = entry.findtext(f"{{{_ATOM}}}summary") or ""
            return summary.strip() or "unspecified error"
    return None


def _error_in_body(content: bytes) -> str | None:
    try:
        return _error_message(etree.fromstring(content, parser=_STRICT))
    except etree.XMLSyntaxError:
        return None


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


def parse_feed(content: bytes, source: str) -> list[Paper]:
    """Papers in an arXiv API Atom response (bytes), as the client would parse them."""
    return [paper_from_result(r) for r in _parse(content, source).results]


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
        abstract=" ".join(result.summary.split()),
    )

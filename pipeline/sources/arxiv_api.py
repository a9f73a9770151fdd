"""The arXiv API: a month's listing, asked in windows of submission time.

A month is asked for in windows (a day each, halved while a window holds more than
`window_max_results`), each paged through and checked against the API's `totalResults`;
short pages are retried. Requests go through `polite.PoliteSession`; responses are parsed
by `atom`. `listing_source` yields each window's papers with its record as it completes, so
an interrupted month continues from the windows not complete yet.
"""

from __future__ import annotations

import calendar
import dataclasses
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

from pipeline.errors import ArxivTrendsError, FetchError
from pipeline.papers import Paper
from pipeline.progress import ProgressBar
from pipeline.settings import Settings
from pipeline.sources.atom import MalformedFeedError, error_in_body, parse_page
from pipeline.sources.polite import PoliteSession, backoff_delay_s, get_with_retries
from pipeline.sources.records import ListingWindow, PaperBatch, Source

Say = Callable[[str], None]


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
        message = error_in_body(response.content) or "unexpected answer"
        raise FetchError(url, f"arXiv refused the query {query!r}: {message}",
                         response.status_code)
    total, papers = parse_page(response.content, f"query {query!r} (start {start})")
    return FeedPage(url, total, papers)


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


def categories_key(categories: tuple[str, ...]) -> str:
    """The category set as stored with windows: sorted, comma-separated."""
    return ",".join(sorted(categories))


def is_covered(window: Window, done: list[Window]) -> bool:
    """True if the windows in `done` together cover every minute of `window`."""
    next_minute = window.start
    for other in sorted(done):
        if other.start > next_minute:
            break
        if other.end >= next_minute:
            next_minute = other.end + timedelta(minutes=1)
        if next_minute > window.end:
            return True
    return next_minute > window.end


def listing_source(
    settings: Settings, month: date, done: list[Window], session: PoliteSession | None = None,
    say: Say | None = None, now: datetime | None = None,
) -> Source:
    """The month's listing from the API: the windows not in `done` (complete already)."""
    return Source("arxiv", batches=iter_listing(settings, month, done,
                                                session or open_session(settings), say, now))


def iter_listing(
    settings: Settings, month: date, done: list[Window], session: PoliteSession,
    say: Say | None = None, now: datetime | None = None,
) -> Iterator[PaperBatch]:
    """Ask every window of the month not covered by `done`; yield each one's papers and record.

    A window too large comes back as `split` (no papers) and its halves are asked next. A
    window that ends less than `settled_after_days` before `now` (UTC) may still gain
    papers: it is `provisional`, to be asked again next run. A window that fails comes back
    as `failed` with the error, which is then raised.
    """
    key = categories_key(settings.categories)
    now = now or datetime.now(UTC).replace(tzinfo=None)
    settled_before = now - timedelta(days=settings.settled_after_days)
    done = list(done)
    pending = deque(w for w in day_windows(month) if not is_covered(w, done))
    n_papers = 0
    with ProgressBar(f"listing {month:%Y-%m}", len(pending)) as bar:  # counts windows
        say = bar.wrap(say or (lambda _: None))
        while pending:
            window = pending.popleft()
            if is_covered(window, done):
                bar.update()
                continue
            record = ListingWindow(month, key, window.start, window.end,
                                   window.query(settings.categories), None, "failed")
            try:
                result = fetch_window(window, settings, session, say)
            except ArxivTrendsError as err:
                yield PaperBatch.of([], "arxiv", _with(record, error=str(err)))
                raise
            is_settled = window.end < settled_before
            status = ("split" if result.is_too_large
                      else "complete" if is_settled else "provisional")
            papers = [] if result.is_too_large else result.papers
            yield PaperBatch.of(papers, "arxiv", _with(record, total_results=result.total_results,
                                                       status=status))
            bar.update()
            if result.is_too_large:
                pending.extendleft(reversed(window.halves()))
                bar.total = (bar.total or 0) + 2
                continue
            if is_settled:
                done.append(window)
            n_papers += len(papers)
            say(f"{month:%Y-%m}: {window.start:%d %H:%M}-{window.end:%H:%M} "
                f"{len(papers)} papers (total so far {n_papers})")


def _with(record: ListingWindow, **changes: object) -> ListingWindow:
    return dataclasses.replace(record, **changes)

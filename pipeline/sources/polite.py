"""Politeness towards arXiv, by construction: one limiter per host for the whole process,
a timeout on every request, bounded retries with backoff that honour Retry-After.

arXiv's terms ask for no more than one request every three seconds from a client; the
limiter for any arXiv host never allows less, whatever the settings say. Limiters are
shared by every session of the process (API pages and PDF downloads alike), which is why
they live at module level.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlparse

import requests

from pipeline import __version__
from pipeline.errors import FetchError

ARXIV_MIN_INTERVAL_S = 3.0
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER_S = 600.0


class RateLimiter:
    """Let at most one request start every `interval_s` seconds, across threads."""

    def __init__(self, interval_s: float) -> None:
        self.interval_s = interval_s
        self._lock = threading.Lock()
        self._last_at: float | None = None

    def run(self, send: Callable[[], Any]) -> Any:
        """Wait out the interval since the previous request ended, then call `send`."""
        with self._lock:
            if self._last_at is not None:
                wait_s = self._last_at + self.interval_s - time.monotonic()
                if wait_s > 0:
                    time.sleep(wait_s)
            try:
                return send()
            finally:
                self._last_at = time.monotonic()


_LIMITERS: dict[str, RateLimiter] = {}
_LIMITERS_LOCK = threading.Lock()


def is_arxiv_host(host: str) -> bool:
    """True for arxiv.org and its subdomains (export.arxiv.org, ...)."""
    return host == "arxiv.org" or host.endswith(".arxiv.org")


def limiter_for(url: str, interval_s: float) -> RateLimiter:
    """The process-wide limiter for the host of `url` (never under 3 s for arXiv)."""
    host = urlparse(url).hostname or ""
    if is_arxiv_host(host):
        host, interval_s = "arxiv.org", max(interval_s, ARXIV_MIN_INTERVAL_S)
    with _LIMITERS_LOCK:
        limiter = _LIMITERS.setdefault(host, RateLimiter(interval_s))
        limiter.interval_s = interval_s
        return limiter


class PoliteSession(requests.Session):
    """A requests session whose every request is spaced, timed out and names the tool."""

    def __init__(self, interval_s: float, timeout_s: float, contact: str = "") -> None:
        super().__init__()
        self.interval_s = interval_s
        self.timeout_s = timeout_s
        mailto = f" (mailto:{contact})" if contact else ""
        self.user_agent = f"arxiv-trends/{__version__}{mailto}"
        # one connection: requests reuses a single pooled connection per host
        adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=1)
        self.mount("http://", adapter)
        self.mount("https://", adapter)

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any):  # type: ignore[override]
        """Send one request through the host's limiter, with a timeout and our User-Agent."""
        kwargs.setdefault("timeout", self.timeout_s)
        headers = {k: v for k, v in (kwargs.pop("headers", None) or {}).items()
                   if k.lower() != "user-agent"}
        headers["User-Agent"] = self.user_agent
        limiter = limiter_for(str(url), self.interval_s)
        return limiter.run(lambda: super(PoliteSession, self).request(
            method, url, *args, headers=headers, **kwargs))


def get_with_retries(
    session: requests.Session, url: str, max_attempts: int, backoff_s: float,
    max_backoff_s: float, say: Callable[[str], None] | None = None,
) -> requests.Response:
    """GET `url`, retrying timeouts, dropped connections, 429 and 5xx with backoff.

    Any other status is returned as is for the caller to judge.
    """
    for attempt in range(1, max_attempts + 1):
        try:
            response = session.get(url)
        except (requests.Timeout, requests.ConnectionError) as err:
            status, reason, delay_s = None, f"{type(err).__name__}", None
        else:
            if response.status_code not in RETRY_STATUSES:
                return response
            status, reason = response.status_code, f"HTTP {response.status_code}"
            delay_s = retry_after_s(response.headers.get("Retry-After"))
        if attempt == max_attempts:
            raise FetchError(url, f"{reason}; gave up after {max_attempts} attempts", status)
        delay_s = delay_s if delay_s is not None else backoff_delay_s(attempt, backoff_s,
                                                                      max_backoff_s)
        if say:
            say(f"{reason} from {urlparse(url).hostname}; retry {attempt}/{max_attempts - 1} "
                f"in {delay_s:.1f} s")
        time.sleep(delay_s)
    raise AssertionError("unreachable")


def backoff_delay_s(attempt: int, base_s: float, max_s: float) -> float:
    """Exponential backoff with up to 50% jitter: base, 2 base, 4 base, ... capped."""
    return min(max_s, base_s * 2 ** (attempt - 1)) * (1 + random.random() / 2)


def retry_after_s(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (delta seconds or an HTTP date), capped."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_S)

"""A misbehaving arXiv, over real HTTP: each fault ends in a clear error or a whole month.

The fake arXiv (recorded real entries) answers the first requests of a month's metadata
step well, then misbehaves on every request until the fault is cleared. Whatever happens,
the month is complete only if every paper the fake lists is stored; otherwise it is marked
incomplete. Once the fault clears, running the step again completes the month.

Two faults the fake lacks are added here: `reset` (the connection is reset instead of
answered: SO_LINGER (1, 0), then close) and `drift` (the first page of a window reports one
result fewer than the pages after it, as when the index changes while a window is paged).
"""

from __future__ import annotations

import json
import re
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote_plus, urlparse

import pytest

from pipeline import store
from pipeline.errors import ArxivTrendsError
from pipeline.ops import monthly
from pipeline.sources.arxiv_api import Window, categories_key, is_covered
from tests import fake_arxiv
from tests.conftest import fake_settings
from tests.fake_arxiv import FakeArxiv, Fault, Request

MARCH = date(2017, 3, 1)
MARCH_QUERY = "submittedDate:[201703010000 TO 201703312359]"
PAGE_SIZE = 2  # small pages, so most day windows take several
MAX_ATTEMPTS = 3
TIMEOUT_S = 0.5
N_CLEAN = 11  # requests answered well before the fault: days 1-6 (17 papers) get stored;
# the first faulty request is page 2 of 7 March, a full page of two entries
PASS = Fault("silent")  # a zero-second "silent" fault is a normal answer
_WINDOW = re.compile(r"submittedDate:\[(\d{12}) TO (\d{12})\]")


class FaultyArxiv(FakeArxiv):
    """The fake arXiv, plus `drift`: that many first pages understate totalResults by one."""

    drift: int = 0

    def api_response(self, query: dict[str, list[str]]) -> tuple[int, dict[str, str], bytes]:
        status, headers, body = super().api_response(query)
        n_matching = len(self.entries_in(query["search_query"][0]))
        # only where a second page will be asked, so the client sees the total change
        if self.drift and status == 200 and query["start"] == ["0"] and n_matching > PAGE_SIZE + 1:
            self.drift -= 1
            body = body.replace(f"<opensearch:totalResults>{n_matching}<".encode(),
                                f"<opensearch:totalResults>{n_matching - 1}<".encode())
        return status, headers, body


def _start(fake: FaultyArxiv) -> FaultyArxiv:
    """Start the fake with a handler that also plays `reset` faults at the socket."""
    base = fake_arxiv._handler(fake)

    class Handler(base):
        def do_GET(self) -> None:  # noqa: N802
            if not (fake.script and fake.script[0].kind == "reset"):
                return super().do_GET()
            fake.script.pop(0)
            url = urlparse(self.path)
            fake.requests.append(Request(url.path, parse_qs(url.query, keep_blank_values=True),
                                         dict(self.headers), time.monotonic()))
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.close_connection = True
            self.rfile.close()  # else the file object keeps the socket open: no RST
            self.connection.close()
            return None

    fake.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.server.daemon_threads = True
    threading.Thread(target=fake.server.serve_forever, daemon=True).start()
    return fake


@pytest.fixture()
def faulty(corpus: Path) -> Iterator[FaultyArxiv]:
    server = _start(FaultyArxiv(
        entries=fake_arxiv.recorded_entries(corpus / "arxiv-api" / "recorded-2026"),
        pdf_path=corpus / "pdfs" / "excerpts" / "2305.03393v1-pg9.pdf",
    ))
    yield server
    fake_arxiv.stop(server)


@dataclass(frozen=True)
class Case:
    """One upstream fault: how to arm it, what its error must say, how many tries it gets."""

    arm: Callable[[FaultyArxiv, Path], None]
    problem: str | None  # a regex the error must match; None: the step may succeed
    n_tries: int = MAX_ATTEMPTS


def scripted(fault: Fault) -> Callable[[FaultyArxiv, Path], None]:
    def arm(fake: FaultyArxiv, corpus: Path) -> None:
        fake.script = [PASS] * N_CLEAN + [fault] * (5 * MAX_ATTEMPTS)
    return arm


def api_error_400(fake: FaultyArxiv, corpus: Path) -> None:
    recorded = next((corpus / "arxiv-api/recorded-2026").glob("id_abc_*.json"))
    body = json.loads(recorded.read_text(encoding="utf-8"))["body"].encode()
    scripted(Fault("status", 400, body=body))(fake, corpus)


def drifting(fake: FaultyArxiv, corpus: Path) -> None:
    fake.drift = 1  # once: the window is read again from its start, and completes


CASES = {
    "429": Case(scripted(Fault("status", 429, body=b"slow down")), r"HTTP 429.*gave up after 3"),
    "503": Case(scripted(Fault("status", 503, body=b"busy")), r"HTTP 503.*gave up after 3"),
    "400-body": Case(api_error_400, r"HTTP 400.*refused.*incorrect id format for abc", 1),
    "empty-page": Case(scripted(Fault("empty")), r"gave 0 of 2 results at 2 after 3"),
    "short-page": Case(scripted(Fault("short")), r"gave 1 of 2 results at 2 after 3"),
    "total-changes": Case(drifting, None),
    "malformed-xml": Case(scripted(Fault("malformed")), r"malformed XML"),
    "connection-reset": Case(scripted(Fault("reset")), r"no response.*ConnectionError.*after 3"),
    "never-answers": Case(scripted(Fault("silent", seconds=3.0)),
                          r"no response.*Timeout.*after 3"),
}
XFAIL: dict[str, str] = {}


def listed_ids(fake: FakeArxiv) -> set[str]:
    """Ids of every paper the fake holds for March, read from its XML."""
    return {re.search(r"abs/([^<]+?)v\d+</id>", e).group(1)
            for e in fake.entries_in(MARCH_QUERY)}


def all_categories(fake: FakeArxiv) -> tuple[str, ...]:
    """Every category of the fake's March papers, so `check_month` counts all of them."""
    return tuple(sorted({c for e in fake.entries_in(MARCH_QUERY)
                         for c in re.findall(r'<category term="([^"]+)"', e)}))


def stored_ids(settings, layer: str = "core") -> set[str]:
    """Ids of the month's papers in `core_papers` (or, layer "stage", waiting to be)."""
    con = store.connect(settings.db_path, read_only=True)
    try:
        return {r[0] for r in con.execute(
            f"select paper_id from {layer}_papers where month = ?", [MARCH]).fetchall()}
    finally:
        con.close()


def window_rows(settings) -> list[tuple]:
    con = store.connect(settings.db_path, read_only=True)
    try:
        return con.execute("select status, query, error from raw_query_windows"
                           " where month = ? order by window_start", [MARCH]).fetchall()
    finally:
        con.close()


def complete_windows(settings) -> list[Window]:
    con = store.connect(settings.db_path, read_only=True)
    try:
        rows = store.load_complete_windows(con, MARCH, categories_key(settings.categories))
    finally:
        con.close()
    return [Window(a, b) for a, b in rows]


def asked_window(request: Request) -> Window:
    start, end = _WINDOW.search(request.query["search_query"][0]).groups()
    return Window(datetime.strptime(start, "%Y%m%d%H%M"), datetime.strptime(end, "%Y%m%d%H%M"))


def assert_never_complete_but_short(settings, listed: set[str]) -> monthly.runs.MonthStatus:
    status = monthly.check_month(settings, MARCH)
    n_stored = len(stored_ids(settings))
    assert status.n_papers == n_stored  # check_month counts every stored paper of the month
    if status.harvest_status == "complete":
        assert stored_ids(settings) == listed, (
            f"month marked complete with {n_stored} of {len(listed)} papers stored")
    else:
        assert not status.is_complete
    return status


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=XFAIL[n])) if n in XFAIL else n
    for n in CASES])
def test_fault_ends_in_clear_error_or_whole_month_and_resumes(
    faulty: FaultyArxiv, corpus: Path, tmp_path: Path, name: str,
) -> None:
    case = CASES[name]
    listed = listed_ids(faulty)
    assert len(listed) == 100
    settings = fake_settings(faulty, tmp_path, page_size=PAGE_SIZE, window_max_results=1000,
                             max_attempts=MAX_ATTEMPTS, http_timeout_s=TIMEOUT_S,
                             categories=all_categories(faulty))
    case.arm(faulty, corpus)

    started = time.monotonic()
    try:
        monthly.fetch_metadata(settings, MARCH)
    except ArxivTrendsError as err:
        elapsed_s = time.monotonic() - started
        assert case.problem is not None, f"{name}: unexpected error {err}"
        assert re.search(case.problem, str(err)), str(err)
        failed = [r for r in window_rows(settings) if r[0] == "failed"]
        assert [r[2] for r in failed] == [str(err)]  # the failure is on record, verbatim
        assert failed[0][1] in unquote_plus(str(err))  # and names the window's query
        assert len(faulty.requests) == N_CLEAN + case.n_tries
        # each try waits at most the timeout plus a backoff (0.2 s, +50% jitter)
        assert elapsed_s < case.n_tries * (TIMEOUT_S + 0.3) + 1.0
        status = assert_never_complete_but_short(settings, listed)
        assert status.harvest_status == "partial"
        # days 1-6 (4+2+5+2+3+1 papers) are kept, staged: the month is not published half
        assert len(stored_ids(settings, "stage")) == 17 and status.n_papers == 0
    else:
        assert case.problem is None, f"{name}: no error after {len(faulty.requests)} requests"
        assert_never_complete_but_short(settings, listed)

    faulty.script.clear()
    faulty.drift = 0
    done = complete_windows(settings)
    n_before = len(faulty.requests)
    monthly.fetch_metadata(settings, MARCH)
    status = assert_never_complete_but_short(settings, listed)
    assert status.harvest_status == "complete" and status.n_papers == len(listed)
    asked = {asked_window(r) for r in faulty.requests[n_before:]}
    assert not any(is_covered(w, done) for w in asked)  # windows already complete not asked


def test_a_short_page_error_does_not_say_there_was_no_response(
    faulty: FaultyArxiv, tmp_path: Path,
) -> None:
    settings = fake_settings(faulty, tmp_path, page_size=PAGE_SIZE, max_attempts=MAX_ATTEMPTS)
    faulty.script = [Fault("short")] * MAX_ATTEMPTS
    with pytest.raises(ArxivTrendsError, match="gave 1 of 2 results") as caught:
        monthly.fetch_metadata(settings, MARCH)
    assert "no response" not in str(caught.value)


def test_a_total_that_keeps_changing_is_a_clear_error_not_a_short_month(
    faulty: FaultyArxiv, tmp_path: Path,
) -> None:
    listed = listed_ids(faulty)
    settings = fake_settings(faulty, tmp_path, page_size=PAGE_SIZE, max_attempts=MAX_ATTEMPTS,
                             categories=all_categories(faulty))
    faulty.drift = 1_000  # every first page understates its window
    with pytest.raises(ArxivTrendsError, match=r"totalResults changed from \d+ to \d+ between"):
        monthly.fetch_metadata(settings, MARCH)
    # each of the first window's reads is two pages, then it is read again: 3 reads, 6 pages
    assert len(faulty.requests) == 2 * MAX_ATTEMPTS
    status = assert_never_complete_but_short(settings, listed)
    assert status.harvest_status == "partial" and not status.is_complete

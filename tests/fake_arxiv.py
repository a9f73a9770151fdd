"""A loopback HTTP server standing in for arXiv, serving recorded real responses.

The API holds the real entries of the recorded pages (verbatim XML). It answers a
`submittedDate:[A TO B]` query as arXiv would: it gives each entry a submission minute in
the month of A (a stable hash of its id; the recorded entries come from many other
months) and serves it with `<published>` set to that minute, everything else verbatim;
it keeps the entries inside [A, B], pages them by `start` and `max_results` and reports
the real `totalResults`. `script` holds faults to play on the next API requests, one each. PDF
requests get a real PDF from the shared corpus. Every request is recorded with its arrival
time and headers.
"""

from __future__ import annotations

import calendar
import json
import re
import threading
import time
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

FEED_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns:opensearch="http://a9.com/-/spec/'
    'opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" '
    'xmlns="http://www.w3.org/2005/Atom">\n  <id>https://arxiv.org/api/fake</id>\n'
    "  <title>arXiv Query</title>\n  <updated>2026-04-12T22:09:27Z</updated>\n"
)
_ENTRY = re.compile(r"<entry>.*?</entry>", re.DOTALL)
_ENTRY_ID = re.compile(r"<id>http://arxiv\.org/abs/([^<]+?)v\d+</id>")
_PUBLISHED = re.compile(r"<published>([^<]+)</published>")
_UPDATED = re.compile(r"<updated>([^<]+)</updated>")
_WINDOW = re.compile(r"submittedDate:\[(\d{12}) TO (\d{12})\]")


@dataclass
class Request:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    arrived_at: float


@dataclass
class Fault:
    """One scripted misbehaviour: `kind` is status, empty, short, silent, malformed."""

    kind: str
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    seconds: float = 0.0


def recorded_entries(recorded_dir: Path) -> list[str]:
    """The distinct entries of the recorded `testing` pages, as verbatim XML."""
    entries: dict[str, str] = {}
    for path in sorted(recorded_dir.glob("q_testing_*.json")):
        body = json.loads(path.read_text(encoding="utf-8"))["body"]
        for entry in _ENTRY.findall(body):
            entries.setdefault(_ENTRY_ID.search(entry).group(1), entry)
    return [entries[k] for k in sorted(entries)]


@dataclass
class FakeArxiv:
    entries: list[str]
    pdf_path: Path
    script: list[Fault] = field(default_factory=list)
    verbatim: Path | None = None  # a recorded response to serve as it is, whatever the query
    requests: list[Request] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/query"

    @property
    def pdf_url_format(self) -> str:
        return f"{self.base_url}/pdf/{{paper_id}}v{{version}}"

    def entries_in(self, query: str) -> list[str]:
        """Entries whose assigned submission minute falls in the query's window, in order."""
        start, end = (datetime.strptime(t, "%Y%m%d%H%M") for t in _WINDOW.search(query).groups())
        first = start.replace(day=1, hour=0, minute=0)
        minutes = calendar.monthrange(first.year, first.month)[1] * 24 * 60
        timed = []
        for entry in self.entries:
            paper_id = _ENTRY_ID.search(entry).group(1)
            at = first + timedelta(minutes=zlib.crc32(paper_id.encode()) % minutes)
            if start <= at <= end:
                timed.append((at, paper_id, _submitted_at(entry, at)))
        return [entry for _, _, entry in sorted(timed)]

    def api_response(self, query: dict[str, list[str]]) -> tuple[int, dict[str, str], bytes]:
        if self.verbatim is not None:
            recorded = json.loads(self.verbatim.read_text(encoding="utf-8"))
            return recorded["status_code"], {}, recorded["body"].encode("utf-8")
        fault = self.script.pop(0) if self.script else None
        if fault and fault.kind == "silent":
            time.sleep(fault.seconds)
        if fault and fault.kind == "status":
            return fault.status, fault.headers, fault.body
        if fault and fault.kind == "malformed":
            return 200, {}, b"<feed><entry>this is not what arXiv sends"
        matching = self.entries_in(query["search_query"][0])
        start, size = int(query["start"][0]), int(query["max_results"][0])
        page = matching[start:start + size]
        if fault and fault.kind == "empty":
            page = []
        if fault and fault.kind == "short":
            page = page[: len(page) // 2]
        head = (f"  <opensearch:itemsPerPage>{size}</opensearch:itemsPerPage>\n"
                f"  <opensearch:totalResults>{len(matching)}</opensearch:totalResults>\n"
                f"  <opensearch:startIndex>{start}</opensearch:startIndex>\n")
        body = FEED_HEAD + head + "\n".join("  " + e for e in page) + "\n</feed>\n"
        return 200, {}, body.encode("utf-8")


def _submitted_at(entry: str, at: datetime) -> str:
    """The entry as if submitted at `at`: its v1 date (and an earlier update) moved there."""
    stamp = f"{at:%Y-%m-%dT%H:%M:%SZ}"
    entry = _PUBLISHED.sub(f"<published>{stamp}</published>", entry)
    updated = _UPDATED.search(entry).group(1)
    return entry if updated >= stamp else _UPDATED.sub(f"<updated>{stamp}</updated>", entry)


def _handler(fake: FakeArxiv) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else each small response waits on a delayed ACK

        def do_GET(self) -> None:  # noqa: N802
            url = urlparse(self.path)
            query = parse_qs(url.query, keep_blank_values=True)
            fake.requests.append(Request(url.path, query, dict(self.headers), time.monotonic()))
            headers: dict[str, str] = {}
            if url.path.startswith("/api/query"):
                status, headers, body = fake.api_response(query)
                kind = "application/atom+xml"
            elif url.path.startswith("/pdf/"):
                status, body, kind = 200, fake.pdf_path.read_bytes(), "application/pdf"
            elif url.path.startswith("/withdrawn/"):  # what arXiv serves for a withdrawn paper
                status, body, kind = 200, b"<html><body>withdrawn</body></html>", "text/html"
            else:
                status, body, kind = 404, b"<html>not found</html>", "text/html"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client timed out and left

        def log_message(self, *args: object) -> None:
            pass

    return Handler


def start(fake: FakeArxiv) -> FakeArxiv:
    fake.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.server.daemon_threads = True
    threading.Thread(target=fake.server.serve_forever, daemon=True).start()
    return fake


def stop(fake: FakeArxiv) -> None:
    if fake.server is not None:
        fake.server.shutdown()
        fake.server.server_close()

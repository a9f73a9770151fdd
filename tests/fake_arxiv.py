"""A loopback HTTP server standing in for arXiv, serving recorded real responses.

API requests get the recorded page whose `start` and `max_results` match (whatever the
query); PDF requests get a real PDF from the shared corpus. Every request is recorded with
its arrival time and headers.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse


@dataclass
class Request:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    arrived_at: float


@dataclass
class FakeArxiv:
    recorded_dir: Path
    pdf_path: Path
    error_page: Path | None = None
    requests: list[Request] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/query"

    @property
    def pdf_url_format(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/pdf/{{paper_id}}v{{version}}"

    def api_page(self, start: int, max_results: int) -> tuple[int, bytes]:
        if self.error_page is not None:
            return _recorded(self.error_page)
        matches = sorted(self.recorded_dir.glob(f"q_testing_s{start}_m{max_results}_*.json"))
        if not matches:
            return _recorded(next(self.recorded_dir.glob("id_0000.0000_*.json")))
        return _recorded(matches[0])


def _recorded(path: Path) -> tuple[int, bytes]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["status_code"], data["body"].encode("utf-8")


def _handler(fake: FakeArxiv) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            url = urlparse(self.path)
            query = parse_qs(url.query)
            fake.requests.append(Request(url.path, query, dict(self.headers), time.monotonic()))
            if url.path.startswith("/api/query"):
                status, body = fake.api_page(int(query["start"][0]), int(query["max_results"][0]))
                kind = "application/atom+xml"
            elif url.path.startswith("/pdf/"):
                status, body, kind = 200, fake.pdf_path.read_bytes(), "application/pdf"
            else:
                status, body, kind = 404, b"<html>not found</html>", "text/html"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


def start(fake: FakeArxiv) -> FakeArxiv:
    fake.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    threading.Thread(target=fake.server.serve_forever, daemon=True).start()
    return fake


def stop(fake: FakeArxiv) -> None:
    if fake.server is not None:
        fake.server.shutdown()
        fake.server.server_close()

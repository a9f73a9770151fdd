"""A loopback HTTP server standing in for the public arXiv dataset bucket (Google Cloud
Storage), serving given bytes under object names.

It answers the JSON API's object listing (`/storage/v1/b/<bucket>/o?prefix=&pageToken=
&maxResults=`) in Google's documented format (items with `name`, `size` as a string,
`md5Hash` and `crc32c` base64; `nextPageToken` while more remain) and object downloads
(`/<bucket>/<name>`). Faults per object name: `missing` (listed, then 404), `wrong_hash`
(other bytes than listed), `composite` (listed without an MD5, as composite objects are;
`composite_wrong_hash`: and other bytes), `drop` (the connection closed half-way, once; `cut`: every
time), `slow` (bytes
trickled), `html` (an HTML error page with status 200). `latency_s` and `bytes_per_s` slow
every object like a distant host. Every request is recorded.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlparse

import google_crc32c

BUCKET = "arxiv-dataset"


@dataclass
class FakeBucket:
    objects: dict[str, bytes]  # object name -> bytes
    faults: dict[str, str] = field(default_factory=dict)  # object name -> fault kind
    latency_s: float = 0.0  # before each object's first byte
    bytes_per_s: float = 0.0  # 0: as fast as loopback goes
    requests: list[str] = field(default_factory=list)  # paths asked for
    dropped: set[str] = field(default_factory=set)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def listing(self, query: dict[str, list[str]]) -> dict:
        prefix = query.get("prefix", [""])[0]
        size = int(query.get("maxResults", ["1000"])[0])
        start = int(query.get("pageToken", ["0"])[0] or 0)
        names = sorted(n for n in self.objects if n.startswith(prefix))
        page = names[start:start + size]
        items = [self.item(name) for name in page]
        listing: dict = {"kind": "storage#objects", "items": items} if items else {
            "kind": "storage#objects"}
        if start + size < len(names):
            listing["nextPageToken"] = str(start + size)
        return listing


    def item(self, name: str) -> dict:
        """One object's listing entry; a `composite` object has a CRC32C and no MD5."""
        body = self.objects[name]
        item = {"name": name, "size": str(len(body)), "crc32c": base64.b64encode(
            google_crc32c.value(body).to_bytes(4, "big")).decode()}
        if not self.faults.get(name, "").startswith("composite"):
            item["md5Hash"] = base64.b64encode(hashlib.md5(body).digest()).decode()
        return item


def _handler(fake: FakeBucket) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def do_GET(self) -> None:  # noqa: N802
            url = urlparse(self.path)
            fake.requests.append(url.path)
            if url.path == f"/storage/v1/b/{BUCKET}/o":
                body = json.dumps(fake.listing(parse_qs(url.query))).encode()
                return self._send(200, "application/json", body)
            name = unquote(url.path.removeprefix(f"/{BUCKET}/"))
            fault = fake.faults.get(name)
            if name not in fake.objects or fault == "missing":
                return self._send(404, "application/xml", b"<Error><Code>NoSuchKey</Code></Error>")
            if fault == "html":
                return self._send(200, "text/html", b"<html><body>Service error</body></html>")
            body = fake.objects[name]
            if fault in ("wrong_hash", "composite_wrong_hash"):
                body = body[:-1] + bytes([body[-1] ^ 1])
            time.sleep(fake.latency_s)
            if fault == "cut" or (fault == "drop" and name not in fake.dropped):
                fake.dropped.add(name)
                self._send(200, "application/pdf", body, cut_at=len(body) // 2)
                self.close_connection = True
                return None
            rate = 20_000 if fault == "slow" else fake.bytes_per_s
            return self._send(200, "application/pdf", body, bytes_per_s=rate)

        def _send(self, status: int, kind: str, body: bytes, cut_at: int | None = None,
                  bytes_per_s: float = 0.0) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                if cut_at is not None:
                    self.wfile.write(body[:cut_at])
                    self.wfile.flush()
                    self.connection.shutdown(2)
                elif bytes_per_s:
                    step = max(1, int(bytes_per_s / 20))  # 20 writes a second
                    for start in range(0, len(body), step):
                        self.wfile.write(body[start:start + step])
                        time.sleep(step / bytes_per_s)
                else:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError, OSError):
                pass  # the client gave up

        def log_message(self, *args: object) -> None:
            pass

    return Handler


def start(fake: FakeBucket) -> FakeBucket:
    fake.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.server.daemon_threads = True
    threading.Thread(target=fake.server.serve_forever, daemon=True).start()
    return fake


def stop(fake: FakeBucket) -> None:
    if fake.server is not None:
        fake.server.shutdown()
        fake.server.server_close()

"""Lines of a gzip stream, inflated on a second thread (zlib lets go of the GIL), so that
reading a large compressed file costs the parsing thread almost nothing.
"""

from __future__ import annotations

import queue
import threading
import zlib
from collections.abc import Generator
from typing import BinaryIO

GZIP_MAGIC = b"\x1f\x8b"


def gunzip_lines(raw: BinaryIO) -> Generator[bytes, None, None]:
    """Lines of a gzip stream, inflated on a second thread: zlib lets go of the GIL."""
    chunks: queue.Queue[bytes | Exception | None] = queue.Queue(maxsize=16)
    stop = threading.Event()
    threading.Thread(target=_inflate, args=(raw, chunks, stop), daemon=True).start()
    rest = b""
    try:
        while (chunk := chunks.get()) is not None:
            if isinstance(chunk, Exception):
                raise chunk
            lines = (rest + chunk).split(b"\n")
            rest = lines.pop()
            yield from lines
        if rest:
            yield rest
    finally:
        stop.set()
        while not chunks.empty():  # unblock the thread if it waits to put a chunk
            chunks.get_nowait()


def _inflate(raw: BinaryIO, chunks: queue.Queue, stop: threading.Event) -> None:
    """Put the inflated bytes of each gzip member of `raw` in `chunks`, then None or the error."""
    try:
        inflater = zlib.decompressobj(wbits=31)
        while not stop.is_set() and (data := raw.read(1 << 20)):
            chunks.put(inflater.decompress(data))
            while inflater.eof and inflater.unused_data and not stop.is_set():
                data, inflater = inflater.unused_data, zlib.decompressobj(wbits=31)
                chunks.put(inflater.decompress(data))
        if not inflater.eof and not stop.is_set():
            raise EOFError("the gzip stream ends before its end marker")
        chunks.put(None)
    except Exception as err:  # handed to the reading side, which raises it
        chunks.put(err)

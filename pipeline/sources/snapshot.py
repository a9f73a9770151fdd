"""The public arXiv metadata snapshot (one JSON object a line, plain or gzip), as batches of
paper records.

Through the API (one request per 3 s) the whole ML history takes days; the snapshot holds
every paper in one file of a few GB. It is streamed, the papers of the chosen categories and
months kept, and handed on a batch at a time, so memory stays flat. Records are the ones
the API gives for the same paper. A malformed line is counted and reported with its line
number, never fatal.
"""

from __future__ import annotations

import gc
import io
import re
import time
import zlib
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from http.client import HTTPException
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import requests
import urllib3
from orjson import loads as _loads  # twice as fast as the standard library's json

from pipeline import __version__
from pipeline.errors import ArxivTrendsError, SnapshotError
from pipeline.papers import FIRST_YEAR, split_arxiv_id
from pipeline.sources._gunzip import GZIP_MAGIC, gunzip_lines
from pipeline.sources.records import PaperBatch, Source

SOURCE = "snapshot"
BATCH_SIZE = 20_000
PROGRESS_EVERY = 100_000
MAX_EXAMPLES = 20

_MONTHS = {m: i for i, m in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}
_DAY = re.compile(r"[A-Z][a-z]{2}, (\d{1,2}) ([A-Z][a-z]{2}) (\d{4})")
_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d):([0-5]\d)")
_BASE_ID = re.compile(r"\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7}")  # as in `papers`
_FLOAT_ID = re.compile(r"(\d{3,4})\.(\d+)")
_WHITESPACE = re.compile(r"\s+")  # the `arxiv` client collapses title whitespace the same way
_AUTHOR_SEP = re.compile(r",\s*|\s+and\s+")
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_US = 1_000_000
MAX_VERSION = 999  # arXiv papers have dozens of versions at most


@dataclass
class SnapshotSummary:
    """What one import read, kept, skipped and could not read.

    `n_imported` counts accepted records; a record repeating an id replaces the earlier one.
    """

    n_lines: int = 0
    n_imported: int = 0
    n_filtered: int = 0
    n_malformed: int = 0
    malformed: list[tuple[int, str]] = field(default_factory=list)  # (line_no, reason)
    elapsed_s: float = 0.0

    def summary_line(self) -> str:
        """One line for people: counts and speed."""
        rate = self.n_lines / self.elapsed_s if self.elapsed_s > 0 else 0.0
        return (f"{self.n_lines:,} lines: {self.n_imported:,} imported, "
                f"{self.n_filtered:,} filtered out, {self.n_malformed:,} malformed; "
                f"{self.elapsed_s:.1f} s ({rate:,.0f} lines/s)")


class _Malformed(Exception):
    """A record that cannot be read; the message is the reason."""


def snapshot_source(
    path: Path | str, categories: Iterable[str], first_month: date | None = None,
    last_month: date | None = None, summary: SnapshotSummary | None = None,
    progress: Callable[[str], None] | None = None, batch_size: int = BATCH_SIZE,
) -> Source:
    """The snapshot's papers with any of `categories` and a v1 month in range; `summary`
    counts what was read as the batches are taken."""
    with _open_snapshot(path):  # a file that cannot be opened fails here, before any write
        pass
    batches = iter_snapshot(path, categories, first_month, last_month,
                            summary or SnapshotSummary(), progress, batch_size)
    return Source(SOURCE, batches=batches, is_all_or_nothing=True)


def iter_snapshot(
    path: Path | str, categories: Iterable[str], first_month: date | None, last_month: date | None,
    summary: SnapshotSummary, progress: Callable[[str], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[PaperBatch]:
    """Read the file's lines into batches of records, counting them in `summary`."""
    with _open_snapshot(path) as lines:
        try:
            yield from iter_snapshot_lines(lines, categories, first_month, last_month, summary,
                                           progress, batch_size)
        except (OSError, EOFError, zlib.error, HTTPException, urllib3.exceptions.HTTPError,
                requests.RequestException) as err:  # a damaged gzip stream, a dropped download
            raise SnapshotError(path, f"{type(err).__name__}: {err}") from err


def iter_snapshot_lines(
    lines: Iterable[bytes], categories: Iterable[str], first_month: date | None,
    last_month: date | None, summary: SnapshotSummary,
    progress: Callable[[str], None] | None = None, batch_size: int = BATCH_SIZE,
) -> Iterator[PaperBatch]:
    """Batches of the records of snapshot lines with any of `categories` and a v1 month in
    range; a file may repeat an id: the last one wins within a batch."""
    started = time.perf_counter()
    wanted = frozenset(categories)
    low = _month_days(first_month) if first_month else -(10**9)
    high = _month_days(last_month) if last_month else 10**9
    batch: dict[str, tuple] = {}  # id -> row
    with _collector_paused():
        for line_no, line in enumerate(lines, 1):
            if line_no % PROGRESS_EVERY == 0 and progress is not None:
                progress(f"{line_no:,} lines read, {summary.n_imported:,} imported")
            summary.n_lines = line_no
            if not line or line.isspace():
                continue
            try:
                row = _read_record(_loads(line))
            except (ValueError, _Malformed) as err:  # JSON and UTF-8 errors are ValueErrors
                _note_malformed(summary, line_no, err)
                continue
            if wanted.isdisjoint(row[5]) or not low <= row[8] <= high:
                summary.n_filtered += 1
                continue
            batch[row[0]] = row
            summary.n_imported += 1
            if len(batch) >= batch_size:
                yield PaperBatch(*_frames(batch.values()))
                batch = {}
        if batch:
            yield PaperBatch(*_frames(batch.values()))
    summary.elapsed_s = time.perf_counter() - started


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: records hold no cycles, and it costs a third."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def _open_snapshot(path: Path | str) -> Iterator[Iterator[bytes]]:
    """The file's lines as bytes, un-gzipped if it starts as gzip does; an `https://` URL
    (the public bucket's copy) is streamed, never saved."""
    try:
        raw = _open_url(str(path)) if is_url(path) else open(path, "rb")  # noqa: SIM115
    except OSError as err:
        raise SnapshotError(path, err.strerror or str(err)) from err
    lines = gunzip_lines(raw) if raw.peek(2)[:2] == GZIP_MAGIC else iter(raw)
    try:
        yield lines
    finally:
        if isinstance(lines, Generator):
            lines.close()  # stops the inflating thread before the file closes
        raw.close()


def is_url(path: Path | str) -> bool:
    """Whether the snapshot is named by an HTTP(S) URL rather than a file."""
    return str(path).startswith(("https://", "http://"))


def _open_url(url: str) -> io.BufferedReader:
    """The body of `url` as a buffered stream (a refusal is a `SnapshotError`)."""
    try:
        response = requests.get(url, stream=True, timeout=(10, 60),
                                headers={"User-Agent": f"arxiv-trends/{__version__}"})
    except requests.RequestException as err:
        raise SnapshotError(url, f"{type(err).__name__}: {err}") from err
    if response.status_code != 200:
        response.close()
        raise SnapshotError(url, f"HTTP {response.status_code}")
    response.raw.decode_content = True  # a gzip Content-Encoding is undone on the way
    response.raw.auto_close = False  # the end of the body reads as the end of a file
    return io.BufferedReader(response.raw, 1 << 20)


def _note_malformed(summary: SnapshotSummary, line_no: int, err: Exception) -> None:
    summary.n_malformed += 1
    if len(summary.malformed) < MAX_EXAMPLES:
        reason = str(err) if isinstance(err, _Malformed) else f"bad JSON: {err}"
        summary.malformed.append((line_no, reason))


def _read_record(record: Any) -> tuple:
    """Check one record and return its row: core_papers' columns, then its versions."""
    if not isinstance(record, dict):
        raise _Malformed("not a JSON object")
    raw_id = record.get("id")
    if not isinstance(raw_id, str):
        raise _Malformed("missing id")
    paper_id = raw_id if _BASE_ID.fullmatch(raw_id) else _read_id(raw_id)
    categories = record.get("categories")
    categories = categories.split() if isinstance(categories, str) else None
    if not categories:
        raise _Malformed(f"{paper_id}: missing categories")
    versions = _read_versions(paper_id, record.get("versions"))
    _, published_us, month = versions[0]
    version, updated_us, _ = versions[-1]
    return (paper_id, version, _read_title(record.get("title")), _read_authors(record),
            categories[0], categories, published_us, updated_us, month, versions,
            _read_abstract(record.get("abstract")))


def _read_abstract(abstract: Any) -> str | None:
    """The abstract with whitespace runs collapsed to one space."""
    return " ".join(abstract.split()) if isinstance(abstract, str) else None


def _read_title(title: Any) -> str | None:
    """The title with whitespace runs collapsed to one space, as the `arxiv` client does."""
    if not isinstance(title, str):
        return None
    if title[:1].isspace() or title[-1:].isspace():
        return _WHITESPACE.sub(" ", title)
    return " ".join(title.split())  # the same, without a regex, when no end is whitespace


def _read_id(raw: str) -> str:
    """The base id; a new-style id that went through a float (`704.005`) is restored."""
    try:
        return split_arxiv_id(raw)[0]
    except ArxivTrendsError:
        pass
    match = _FLOAT_ID.fullmatch(raw)
    if match is None:
        raise _Malformed(f"invalid id {raw!r}")
    yymm = match[1].zfill(4)
    digits = 5 if yymm >= "1501" else 4  # arXiv ids have 5-digit numbers from 2015-01 on
    number = Decimal("0." + match[2]).scaleb(digits).to_integral_value(ROUND_HALF_EVEN)
    if not 0 < number < 10**digits:
        raise _Malformed(f"invalid id {raw!r}")
    return f"{yymm}.{int(number):0{digits}d}"


def _read_versions(paper_id: str, raw: Any) -> list[tuple[int, int, int]]:
    """(version, created microseconds, created month) sorted by version, from v1."""
    if not isinstance(raw, list) or not raw:
        raise _Malformed(f"{paper_id}: missing versions")
    versions = []
    try:
        for item in raw:
            name = item["version"]
            if name[0] != "v" or not name[1:].isdigit():
                raise ValueError(name)
            versions.append((int(name[1:]), *_read_created(paper_id, item["created"])))
    except (KeyError, TypeError, ValueError, IndexError):
        raise _Malformed(f"{paper_id}: invalid versions") from None
    versions.sort()
    numbers = [number for number, _, _ in versions]
    if numbers[0] != 1:
        raise _Malformed(f"{paper_id}: no v1 in versions")
    if numbers[-1] > MAX_VERSION:
        raise _Malformed(f"{paper_id}: version v{numbers[-1]} (more than v{MAX_VERSION})")
    if len(set(numbers)) != len(numbers):
        raise _Malformed(f"{paper_id}: a version listed twice")
    return versions


def _read_authors(record: dict) -> list[str]:
    """Authors as "First Last [Suffix]", from `authors_parsed`, else split from `authors`."""
    parsed = record.get("authors_parsed")
    if isinstance(parsed, list) and parsed:
        try:
            return [f"{a[1]} {a[0]} {a[2]}".strip().replace("  ", " ") for a in parsed]
        except (TypeError, IndexError, KeyError):
            pass
    raw = record.get("authors")
    if not isinstance(raw, str):
        return []
    return [name for name in (n.strip() for n in _AUTHOR_SEP.split(raw)) if name]


def _read_created(paper_id: str, text: Any) -> tuple[int, int]:
    """Microseconds since 1970 (UTC) of `Mon, 2 Apr 2007 00:00:00 GMT`, and its month."""
    try:
        if text[-4:] != " GMT" or text[-13] != " ":
            raise ValueError(text)
        day, month = _day(text[:-13])
        return (day * 86_400 + _seconds(text[-12:-4])) * _US, month
    except (TypeError, ValueError, IndexError, KeyError):
        raise _Malformed(f"{paper_id}: bad date {text!r}") from None


@lru_cache(maxsize=1 << 16)  # a few thousand distinct days: parse each once
def _day(text: str) -> tuple[int, int]:
    """Day number of `Mon, 2 Apr 2007` and that of the first of its month."""
    match = _DAY.fullmatch(text)
    if match is None:
        raise ValueError(text)
    day = date(int(match[3]), _MONTHS[match[2]], int(match[1]))
    if not FIRST_YEAR <= day.year <= date.today().year + 1:
        raise ValueError(text)
    return day.toordinal() - _EPOCH_ORDINAL, _month_days(day)


@lru_cache(maxsize=86_400)
def _seconds(text: str) -> int:
    """Seconds since midnight of `17:39:46`."""
    match = _TIME.fullmatch(text)
    if match is None:
        raise ValueError(text)
    return int(match[1]) * 3600 + int(match[2]) * 60 + int(match[3])


def _month_days(day: date) -> int:
    """Days since 1970-01-01 of the first of `day`'s month (polars' Date number)."""
    return day.replace(day=1).toordinal() - _EPOCH_ORDINAL


def _frames(rows: Iterable[tuple]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One batch of rows as frames shaped as `PAPER_SCHEMA` and `VERSION_SCHEMA`."""
    columns = list(zip(*rows))
    papers = pl.DataFrame({
        "paper_id": pl.Series(columns[0], dtype=pl.String),
        "version": pl.Series(columns[1], dtype=pl.Int32),
        "title": pl.Series(columns[2], dtype=pl.String),
        "abstract": pl.Series(columns[10], dtype=pl.String),
        "authors": _list_column(columns[3]),
        "primary_category": pl.Series(columns[4], dtype=pl.String),
        "categories": _list_column(columns[5]),
        "published_at": pl.Series(columns[6], dtype=pl.Int64).cast(pl.Datetime("us")),
        "updated_at": pl.Series(columns[7], dtype=pl.Int64).cast(pl.Datetime("us")),
        "month": pl.Series(columns[8], dtype=pl.Int32).cast(pl.Date),
        "source": pl.repeat(SOURCE, len(columns[0]), dtype=pl.String, eager=True),
    })
    history = [(paper_id, number, at) for paper_id, versions in zip(columns[0], columns[9])
               for number, at, _ in versions]
    ids, numbers, created = zip(*history)
    versions = pl.DataFrame({
        "paper_id": pl.Series(ids, dtype=pl.String),
        "version": pl.Series(numbers, dtype=pl.Int32),
        "created_at": pl.Series(created, dtype=pl.Int64).cast(pl.Datetime("us")),
    })
    return papers, versions


def _list_column(lists: Sequence[list[str]]) -> pl.Series:
    """A List(String) column through arrow: polars converts nested lists row by row."""
    array = pa.array(lists, type=pa.list_(pa.large_string()))
    return pl.Series(pl.from_arrow(array)).cast(pl.List(pl.String))

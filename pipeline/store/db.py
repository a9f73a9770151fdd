"""Store stage: the DuckDB file, its schema, and writing one ingest's results into it.

The schema is the numbered, idempotent files in `sql/schema/`, applied on every connect.
Each write replaces what it stores in one transaction, so re-running it never duplicates
anything and a crash leaves things as they were before. Whole months (feeds, the sample)
are replaced by `store.months`; the arXiv API and local PDFs stage a chunk of papers at a
time (`stage_texts`), so that a long read keeps what it has read, and publish at the end of
the step (`store.stage`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl

from pipeline import __version__
from pipeline.count import Term
from pipeline.errors import ArxivTrendsError
from pipeline.extract import Zones
from pipeline.papers import Paper


def sql_dir() -> Path:
    """The project's `sql/` folder: inside the installed package, or at the checkout's top."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "sql"
    return installed if installed.is_dir() else package.parent / "sql"


def store_query(name: str) -> str:
    """The text of `sql/store/<name>.sql`, a query the library runs on its own."""
    return (sql_dir() / "store" / f"{name}.sql").read_text(encoding="utf-8")


def connect(
    db_path: Path | str, read_only: bool = False, memory_mb: int | None = None
) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the database and bring its schema up to date.

    Args:
        memory_mb: DuckDB's memory limit (default: DuckDB's, 80% of RAM); past it, DuckDB
            spills to a temporary folder beside the database.
    """
    if str(db_path) != ":memory:":
        db_path = Path(db_path)
        if read_only and not db_path.exists():
            raise ArxivTrendsError(f"no database at {db_path}: run an ingest or the demo first")
        db_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(db_path), read_only=read_only)
    except duckdb.IOException as err:
        raise ArxivTrendsError(f"cannot open {db_path}: {err}") from err
    con.execute("set enable_progress_bar = false")
    if memory_mb is not None:
        con.execute(f"set memory_limit = '{int(memory_mb)}MB'")
    if not read_only:
        for path in sorted((sql_dir() / "schema").glob("*.sql")):
            con.execute(path.read_text(encoding="utf-8"))
    return con


@dataclass(frozen=True)
class PaperText:
    """What was read of one paper: its text, version, quality flag and zones."""

    text: str
    version: int | None
    quality: str
    zones: Zones


@dataclass
class MonthBatch:
    """Everything one ingest learned about the papers of one month."""

    month: date
    papers: list[Paper]
    texts: dict[str, PaperText] = field(default_factory=dict)
    # paper id -> term -> mentions in (header, body, references)
    mentions: dict[str, dict[str, tuple[int, ...]]] = field(default_factory=dict)
    failures: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (path, reason)


def save_terms(con: duckdb.DuckDBPyConnection, terms: list[Term]) -> None:
    """Replace the terms table with the curated terms in use."""
    frame = pl.DataFrame(
        {
            "term": [t.term for t in terms],
            "family": [t.family for t in terms],
            "label": [t.label for t in terms],
            "released_month": [t.released_month for t in terms],
        }
    )
    with registered(con, batch_terms=frame), transaction(con):
        con.execute("delete from core_terms")
        con.execute("insert into core_terms select * from batch_terms")


PAPER_SCHEMA = {
    "paper_id": pl.String, "version": pl.Int32, "title": pl.String, "abstract": pl.String,
    "authors": pl.List(pl.String), "primary_category": pl.String,
    "categories": pl.List(pl.String), "published_at": pl.Datetime("us"),
    "updated_at": pl.Datetime("us"), "month": pl.Date, "source": pl.String,
}
VERSION_SCHEMA = {"paper_id": pl.String, "version": pl.Int32, "created_at": pl.Datetime("us")}


def papers_frame(papers: list[Paper], source: str) -> pl.DataFrame:
    """Papers as rows of `core_papers`."""
    return pl.DataFrame(
        {
            "paper_id": [p.paper_id for p in papers],
            "version": [p.version for p in papers],
            "title": [p.title for p in papers],
            "abstract": [p.abstract for p in papers],
            "authors": [list(p.authors) for p in papers],
            "primary_category": [p.primary_category for p in papers],
            "categories": [list(p.categories) for p in papers],
            "published_at": [p.published_at for p in papers],
            "updated_at": [p.updated_at for p in papers],
            "month": [p.month for p in papers],
            "source": [source] * len(papers),
        },
        schema=PAPER_SCHEMA,
    )


def versions_frame(papers: list[Paper]) -> pl.DataFrame:
    """Papers' version histories as rows of `core_paper_versions`."""
    rows = [(p.paper_id, v, at) for p in papers for v, at in p.version_history()]
    return pl.DataFrame(rows, schema=VERSION_SCHEMA, orient="row")


def save_papers(
    con: duckdb.DuckDBPyConnection, papers: pl.DataFrame, versions: pl.DataFrame,
    layer: str = "core",
) -> None:
    """Upsert papers (rows of `core_papers`) and their versions, in one transaction.

    Args:
        layer: "core", or "stage" for papers that a step publishes at its end.
    """
    with registered(con, batch_papers=papers, batch_versions=versions), transaction(con):
        upsert_batch_papers(con, layer)


def upsert_batch_papers(con: duckdb.DuckDBPyConnection, layer: str = "core") -> None:
    """Upsert the registered `batch_papers` and `batch_versions` (inside a transaction).

    Args:
        layer: "core", or "stage" for papers that a step publishes at its end.
    """
    if layer not in ("core", "stage"):
        raise ValueError(f"no {layer!r} layer")
    for table in (f"{layer}_papers", f"{layer}_paper_versions"):
        con.execute(f"delete from {table} where paper_id in (select paper_id from batch_papers)")
    # one row per paper: of two in one batch (two PDFs of one unknown paper), the later one
    con.execute(f"insert into {layer}_papers select * from batch_papers qualify row_number()"
                " over (partition by paper_id order by version desc, updated_at desc) = 1")
    con.execute(f"insert into {layer}_paper_versions select distinct * from batch_versions")


def load_papers_without_text(
    con: duckdb.DuckDBPyConnection, month: date, categories: tuple[str, ...],
    limit: int | None = None,
) -> list[Paper]:
    """Papers of the month in any of `categories` whose text has not been read yet."""
    query = (sql_dir() / "papers_without_text.sql").read_text(encoding="utf-8")
    rows = con.execute(query, {"month": month, "categories": list(categories),
                               "max_papers": limit}).fetchall()
    return [
        Paper(paper_id=r[0], version=r[1], title=r[2], authors=tuple(r[3]),
              primary_category=r[4], categories=tuple(r[5]), published_at=r[6],
              updated_at=r[7])
        for r in rows
    ]


def stage_texts(
    con: duckdb.DuckDBPyConnection, batch: MonthBatch, source: str, run_id: str,
    new_papers: list[Paper] | None = None,
) -> None:
    """Stage what was read of the batch's papers (text, mentions, failures), replacing what
    was staged of them, for `store.publish_staged` to publish at the step's end.

    The papers' metadata is left as stored; `new_papers` (not stored yet) are staged too.
    """
    started_at = datetime.now()
    ids = sorted({p.paper_id for p in batch.papers} | set(batch.texts) | set(batch.failures))
    frames = {"batch_papers": papers_frame(new_papers or [], source),
              "batch_versions": versions_frame(new_papers or []),
              "batch_ids": pl.DataFrame({"paper_id": ids}, schema={"paper_id": pl.String}),
              "batch_texts": texts_frame(batch.texts),
              "batch_mentions": mentions_frame(batch.mentions),
              "batch_failures": failures_frame(batch.failures, started_at)}
    counted = store_query("counted_failures")
    with registered(con, **frames), transaction(con):
        con.execute(f"create or replace temp table counted_failures as {counted}")
        for table in ("stage_paper_texts", "stage_paper_terms", "stage_extract_failures"):
            con.execute(f"delete from {table} where paper_id in (select paper_id from batch_ids)")
        upsert_batch_papers(con, "stage")
        con.execute("insert into stage_paper_texts select * from batch_texts")
        con.execute("insert into stage_paper_terms select * from batch_mentions")
        con.execute("insert into stage_extract_failures select * from counted_failures")
        record_batch(con, run_id, batch.month, source, started_at,
                     (len(ids), len(batch.texts), len(batch.failures)))


def load_known_months(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, date]:
    """The month of each of `ids` whose metadata is stored (or staged)."""
    frame = pl.DataFrame({"paper_id": ids}, schema={"paper_id": pl.String})
    with registered(con, asked_ids=frame):
        query = store_query("known_months")
        rows = con.execute(query).fetchall()
    return dict(rows)


def load_read_versions(con: duckdb.DuckDBPyConnection) -> set[tuple[str, int | None]]:
    """Return the (paper id, version) of every stored or staged text."""
    return set(con.execute("select paper_id, version from core_paper_texts union"
                           " select paper_id, version from stage_paper_texts").fetchall())


def load_n_texts(con: duckdb.DuckDBPyConnection, months: list[date]) -> int:
    """Return how many stored texts the months hold."""
    return con.execute("select count(*) from core_papers semi join core_paper_texts"
                       " using (paper_id) where list_contains(?, month)",
                       [months]).fetchall()[0][0]


def load_months_with_text(con: duckdb.DuckDBPyConnection) -> list[date]:
    """Months holding at least one paper whose text is stored."""
    rows = con.execute("select distinct month from core_papers semi join core_paper_texts"
                       " using (paper_id) order by month").fetchall()
    return [r[0] for r in rows]


def load_texts(
    con: duckdb.DuckDBPyConnection, month: date, batch_size: int, is_own_cursor: bool = True,
) -> Iterator[pl.DataFrame]:
    """The month's stored texts with their zone offsets, `batch_size` papers at a time.

    Args:
        is_own_cursor: read on a cursor of its own, which sees only committed texts but lets
            `con` write between batches; False: read on `con` (seeing its open transaction),
            which must not run anything else until the last batch.
    """
    query = store_query("texts_of_month")
    source = con.cursor() if is_own_cursor else con
    reader = source.sql(query, params={"month": month}).to_arrow_reader(batch_size)
    for record_batch in reader:
        yield pl.from_arrow(record_batch)


def write_mentions(
    con: duckdb.DuckDBPyConnection, mentions: dict[str, dict[str, tuple[int, ...]]]
) -> None:
    """Replace the curated-term mentions of the given papers (in the caller's transaction)."""
    ids = pl.DataFrame({"paper_id": list(mentions)}, schema={"paper_id": pl.String})
    with registered(con, batch_ids=ids, batch_mentions=mentions_frame(mentions)):
        con.execute("delete from core_paper_terms"
                    " where paper_id in (select paper_id from batch_ids)")
        con.execute("insert into core_paper_terms select * from batch_mentions")


def load_text_sample(
    con: duckdb.DuckDBPyConnection, first_month: date, last_month: date, n_papers: int
) -> list[str]:
    """Read a fixed sample of up to `n_papers` stored texts of the months given (the ids
    first, then only those texts), in paper id order."""
    window = {"first_month": first_month, "last_month": last_month, "n_papers": n_papers}
    ids = [pid for (pid,) in con.execute(store_query("text_sample_ids"), window).fetchall()]
    if not ids:
        return []
    rows = con.execute(store_query("texts_by_ids"), {"paper_ids": ids}).fetchall()
    return [text for _, text in sorted(rows)]


def load_abstracts_to_count(
    con: duckdb.DuckDBPyConnection, month: date | None, batch_size: int
) -> Iterator[pl.DataFrame]:
    """Papers with an abstract but no full text (paper_id, title, abstract), in batches."""
    query = store_query("abstracts_to_count")
    reader = con.cursor().sql(query, params={"month": month}).to_arrow_reader(batch_size)
    for record_batch in reader:
        yield pl.from_arrow(record_batch)


def save_abstract_counts(
    con: duckdb.DuckDBPyConnection, n_chars: dict[str, int], mentions: dict[str, dict[str, int]]
) -> None:
    """Replace the abstract-level counts of the given papers, in one transaction."""
    counted = pl.DataFrame({"paper_id": list(n_chars), "n_chars": list(n_chars.values())},
                           schema={"paper_id": pl.String, "n_chars": pl.Int32})
    terms = pl.DataFrame(
        [(pid, term, n) for pid, found in mentions.items() for term, n in sorted(found.items())],
        schema={"paper_id": pl.String, "term": pl.String, "n_mentions": pl.Int32}, orient="row")
    with registered(con, batch_counted=counted, batch_terms=terms), transaction(con):
        for table in ("core_abstract_counts", "core_abstract_terms"):
            con.execute(f"delete from {table}"
                        " where paper_id in (select paper_id from batch_counted)")
        con.execute("insert into core_abstract_counts"
                    " select paper_id, n_chars, now() from batch_counted")
        con.execute("insert into core_abstract_terms select * from batch_terms")


def record_batch(
    con: duckdb.DuckDBPyConnection, run_id: str, month: date, source: str,
    started_at: datetime, counts: tuple[int, int, int],
) -> None:
    """Add a stored batch's counts to its run's record of the month (a new record if none)."""
    updated = con.execute(
        "update ingest_runs set n_papers = n_papers + ?, n_with_text = n_with_text + ?,"
        " n_failed = n_failed + ? where run_id = ? and month = ?",
        [*counts, run_id, month]).fetchall()[0][0]
    if not updated:  # a run that keeps no open record (feeds, files): done with this batch
        con.execute("insert into ingest_runs values (?, ?, ?, ?, now(), 'done', ?, ?, ?, ?)",
                    [run_id, month, source, started_at, *counts, __version__])


def texts_frame(texts: dict[str, PaperText]) -> pl.DataFrame:
    rows = [(pid, t.version, len(t.text), t.quality, t.zones.header_end,
             t.zones.references_start, t.text) for pid, t in texts.items()]
    return pl.DataFrame(rows, orient="row", schema={
        "paper_id": pl.String, "version": pl.Int32, "n_chars": pl.Int32, "quality": pl.String,
        "header_end_char": pl.Int32, "references_start_char": pl.Int32, "text": pl.String})


def mentions_frame(mentions: dict[str, dict[str, tuple[int, ...]]]) -> pl.DataFrame:
    rows = [(pid, term, *counts) for pid, found in mentions.items()
            for term, counts in sorted(found.items())]
    return pl.DataFrame(rows, orient="row", schema={
        "paper_id": pl.String, "term": pl.String, "n_header": pl.Int32,
        "n_body": pl.Int32, "n_references": pl.Int32})


def failures_frame(failures: dict[str, tuple[str, str]], at: datetime) -> pl.DataFrame:
    rows = [(pid, path, reason, 1, at) for pid, (path, reason) in failures.items()]
    return pl.DataFrame(rows, orient="row", schema={
        "paper_id": pl.String, "pdf_path": pl.String, "reason": pl.String,
        "n_attempts": pl.Int32, "failed_at": pl.Datetime("us")})


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, **frames: pl.DataFrame) -> Iterator[None]:
    for name, frame in frames.items():
        con.register(name, frame)
    try:
        yield
    finally:
        for name in frames:
            con.unregister(name)


class transaction:
    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def __enter__(self) -> None:
        self.con.execute("begin transaction")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if not exc_type:
            self.con.execute("commit")
            return
        try:
            self.con.execute("rollback")
        except duckdb.Error:  # already rolled back (a failed commit): the first error tells
            pass

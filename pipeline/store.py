"""Store stage: the DuckDB file, its schema, and writing one ingest's results into it.

The schema is the numbered, idempotent files in `sql/schema/`, applied on every connect.
Writes replace whole months in one transaction each, so re-running a month never
duplicates anything, and a crash leaves the month as it was before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl

from pipeline import __version__
from pipeline.count import Term
from pipeline.errors import ArxivTrendsError
from pipeline.papers import Paper


def sql_dir() -> Path:
    """The project's `sql/` folder."""
    return Path(__file__).resolve().parents[1] / "sql"


def connect(db_path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the database and bring its schema up to date."""
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
    if not read_only:
        for path in sorted((sql_dir() / "schema").glob("*.sql")):
            con.execute(path.read_text(encoding="utf-8"))
    return con


@dataclass
class MonthBatch:
    """Everything one ingest learned about the papers of one month."""

    month: date
    papers: list[Paper]
    texts: dict[str, str] = field(default_factory=dict)
    mentions: dict[str, set[str]] = field(default_factory=dict)
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
    con.register("batch_terms", frame)
    try:
        with _transaction(con):
            con.execute("delete from core_terms")
            con.execute("insert into core_terms select * from batch_terms")
    finally:
        con.unregister("batch_terms")


def save_month(
    con: duckdb.DuckDBPyConnection, batch: MonthBatch, source: str, run_id: str
) -> None:
    """Replace everything stored for `batch.month` (and for its papers) in one transaction."""
    started_at = datetime.now()
    papers = _papers_frame(batch.papers, source)
    texts = pl.DataFrame(
        {"paper_id": list(batch.texts), "n_chars": [len(t) for t in batch.texts.values()],
         "text": list(batch.texts.values())},
        schema={"paper_id": pl.String, "n_chars": pl.Int32, "text": pl.String},
    )
    mentions = pl.DataFrame(
        [(pid, term) for pid, terms in batch.mentions.items() for term in sorted(terms)],
        schema={"paper_id": pl.String, "term": pl.String}, orient="row",
    )
    failures = pl.DataFrame(
        [(pid, path, reason, 1, started_at) for pid, (path, reason) in batch.failures.items()],
        schema={"paper_id": pl.String, "pdf_path": pl.String, "reason": pl.String,
                "n_attempts": pl.Int32, "failed_at": pl.Datetime("us")}, orient="row",
    )
    frames = {"batch_papers": papers, "batch_texts": texts, "batch_mentions": mentions,
              "batch_failures": failures}
    for name, frame in frames.items():
        con.register(name, frame)
    try:
        with _transaction(con):
            _forget_month(con, batch.month)
            con.execute("insert into core_papers select * from batch_papers")
            con.execute("insert into core_paper_texts select * from batch_texts")
            con.execute("insert into core_paper_terms select * from batch_mentions")
            con.execute("insert into core_extract_failures select * from batch_failures")
            con.execute(
                "insert into ingest_runs values (?, ?, ?, ?, now(), 'done', ?, ?, ?, ?)",
                [run_id, batch.month, source, started_at, len(batch.papers), len(batch.texts),
                 len(batch.failures), __version__],
            )
    finally:
        for name in frames:
            con.unregister(name)


def _forget_month(con: duckdb.DuckDBPyConnection, month: date) -> None:
    """Delete the month's papers, and the batch's papers wherever they were, from every table."""
    con.execute(
        "create or replace temp table forget as select paper_id from core_papers"
        " where month = ? union select paper_id from batch_papers",
        [month],
    )
    for table in ("core_paper_texts", "core_paper_terms", "core_extract_failures", "core_papers"):
        con.execute(f"delete from {table} where paper_id in (select paper_id from forget)")


def _papers_frame(papers: list[Paper], source: str) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "paper_id": [p.paper_id for p in papers],
            "version": [p.version for p in papers],
            "title": [p.title for p in papers],
            "authors": [list(p.authors) for p in papers],
            "primary_category": [p.primary_category for p in papers],
            "categories": [list(p.categories) for p in papers],
            "published_at": [p.published_at for p in papers],
            "updated_at": [p.updated_at for p in papers],
            "month": [p.month for p in papers],
            "source": [source] * len(papers),
        },
        schema={
            "paper_id": pl.String, "version": pl.Int32, "title": pl.String,
            "authors": pl.List(pl.String), "primary_category": pl.String,
            "categories": pl.List(pl.String), "published_at": pl.Datetime("us"),
            "updated_at": pl.Datetime("us"), "month": pl.Date, "source": pl.String,
        },
    )


class _transaction:
    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def __enter__(self) -> None:
        self.con.execute("begin transaction")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self.con.execute("rollback" if exc_type else "commit")

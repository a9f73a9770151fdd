"""Analyse stage: run the SQL kept in `sql/` (and ad-hoc SQL) and return polars frames."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import duckdb
import polars as pl

from pipeline import store
from pipeline.analyse.params import declared_params, read_params
from pipeline.analyse.sources import SOURCES, check_source
from pipeline.errors import QueryError


def query_names() -> list[str]:
    """Names of the parameterised queries in `sql/` (file names without `.sql`)."""
    return sorted(p.stem for p in store.sql_dir().glob("*.sql"))


def run_named_query(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None
) -> pl.DataFrame:
    """Run `sql/<name>.sql` with its named parameters (a `source` must be one of SOURCES)."""
    if params and "source" in params:
        check_source(params["source"])
    return run_sql(con, _read_named(name), params)


def run_named_query_with_text(
    con: duckdb.DuckDBPyConnection, name: str, raw: dict[str, str]
) -> pl.DataFrame:
    """Run `sql/<name>.sql` with parameters given as text, each read as the file declares it."""
    sql = _read_named(name)
    return run_sql(con, sql, read_params(name, sql, raw))


def named_query_params(name: str) -> list[str]:
    """The names of the parameters `sql/<name>.sql` declares."""
    return list(declared_params(_read_named(name)))


def _read_named(name: str) -> str:
    if name not in query_names():  # a name, never a path: nothing outside sql/ is run
        raise QueryError(f"no query named {name!r}; known: {', '.join(query_names())}")
    return store.read_sql(name)


# The statements `arxiv-trends sql` runs: queries (SELECT, WITH, FROM, VALUES, DESCRIBE,
# SHOW, SUMMARIZE all parse as SELECT) and their plans.
READING_STATEMENTS = ("SELECT", "EXPLAIN")


def run_reading_sql(
    con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any] | None = None
) -> pl.DataFrame:
    """Run one statement typed by a person, only if it reads: one SELECT or EXPLAIN, on a
    connection that can reach no file, no extension and no other database (DuckDB's
    external access off, its settings locked), so it reads the project's database alone,
    and the stored texts as the view `paper_texts` when it names it."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as err:
        raise QueryError(f"query failed: {str(err).strip().splitlines()[0]}") from err
    if len(statements) != 1:
        raise QueryError(f"one statement at a time, got {len(statements)}")
    kind = statements[0].type.name
    if kind not in READING_STATEMENTS:
        raise QueryError(
            f"sql only reads: a {kind} statement is refused (SELECT, WITH, DESCRIBE or "
            "EXPLAIN run); to change the database, open it with `arxiv-trends shell`")
    if "paper_texts" in sql.lower():  # the texts' files, lent before the files are shut
        store.register_texts(con)
    store.lock_reading(con)
    return run_sql(con, sql, params)


def run_sql(
    con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any] | None = None
) -> pl.DataFrame:
    """Run one SQL statement and return its rows."""
    try:
        relation = con.sql(sql, params=params or None)
    except duckdb.Error as err:
        first_line = str(err).strip().splitlines()[0]
        raise QueryError(f"query failed: {first_line}") from err
    if relation is None:  # a statement that returns no rows
        return pl.DataFrame()
    try:
        return relation.pl()
    except duckdb.Error as err:
        first_line = str(err).strip().splitlines()[0]
        raise QueryError(f"query failed: {first_line}") from err


def load_papers_by_month(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Papers per month: month, n_papers, n_with_text, n_failed, ..., n_with_abstract."""
    return run_named_query(con, "papers_by_month")


def load_term_shares(con: duckdb.DuckDBPyConnection, source: str = "fulltext") -> pl.DataFrame:
    """Share of papers mentioning each term, every month, in one text source."""
    return run_named_query(con, "term_shares_by_month", {"source": source})


def load_family_table(
    con: duckdb.DuckDBPyConnection, month: date, family: str, source: str = "fulltext"
) -> pl.DataFrame:
    """The original's table for one month: share_pct, term, label, months_around."""
    return run_named_query(con, "family_table_for_month",
                           {"source": source, "month": month, "family": family})


def load_month_coverage(
    con: duckdb.DuckDBPyConnection, min_coverage_pct: float, source: str = "fulltext"
) -> pl.DataFrame:
    """Each month's share of papers counted in `source`, and whether it is under
    `min_coverage_pct`."""
    return run_named_query(con, "month_coverage",
                           {"source": source, "min_coverage_pct": min_coverage_pct})


def mark_provisional(frame: pl.DataFrame, coverage: pl.DataFrame) -> pl.DataFrame:
    """Add each row's month's `coverage_pct` and `is_provisional` (`load_month_coverage`)."""
    return frame.join(coverage.select("month", "coverage_pct", "is_provisional"), on="month",
                      how="left").with_columns(pl.col("is_provisional").fill_null(True))


def load_latest_month(con: duckdb.DuckDBPyConnection, source: str = "fulltext") -> date | None:
    """The most recent month with any paper counted in `source`."""
    rows = run_named_query(con, "latest_month_with_text", {"source": source})
    return rows["month"][0] if rows.height else None


def load_papers_mentioning(
    con: duckdb.DuckDBPyConnection, month: date, term: str, is_body_only: bool = False,
    source: str = "fulltext",
) -> pl.DataFrame:
    """The papers behind one point of a curated term's series (`sql/papers_mentioning_term`)."""
    if term not in run_named_query(con, "terms")["term"].to_list():
        raise QueryError(f"no curated term {term!r}; see `arxiv-trends sql --name terms`")
    return run_named_query(con, "papers_mentioning_term", {
        "source": source, "term": term, "month": month, "is_body_only": is_body_only})


def load_papers_of_month(
    con: duckdb.DuckDBPyConnection, month: date, categories: list[str]
) -> pl.DataFrame:
    """The papers behind one point of the denominator (`sql/papers_of_month`)."""
    return run_named_query(con, "papers_of_month", {"month": month, "categories": categories})


def choose_source(con: duckdb.DuckDBPyConnection, months: Iterable[date] | None = None) -> str:
    """The source to use when none is asked for: full text if any of `months` (when None,
    the newest month either source holds) has full texts counted, else titles + abstracts if
    they do, else full text."""
    held = run_named_query(con, "source_months")
    wanted = list(months) if months is not None else held["month"].max()
    held = held.filter(pl.col("month").is_in(wanted if isinstance(wanted, list) else [wanted]))
    has = set(held["source"].to_list())
    return next((source for source in SOURCES if source in has), "fulltext")

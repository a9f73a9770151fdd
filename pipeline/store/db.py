"""Store stage, the database itself: opening the file, transactions, frames lent to SQL, and
the one loader of every statement the project runs, in `sql/`.

`sql/schema/` holds the numbered, idempotent schema files applied on every connect;
`sql/store/` the statements the library runs on its own; `sql/` itself the named queries
people run too (`arxiv-trends sql --name`). A statement's inputs are its named parameters
(`$month`), or frames registered under a name for the time of one write (`batch_papers`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from pipeline.errors import ArxivTrendsError

DUCKDB_MAGIC, DUCKDB_MAGIC_AT = b"DUCK", 8  # every DuckDB file: a checksum, then this


def sql_dir() -> Path:
    """The project's `sql/` folder: inside the installed package, or at the checkout's top."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "sql"
    return installed if installed.is_dir() else package.parent / "sql"


def read_sql(name: str) -> str:
    """The text of `sql/<name>.sql` (`store/open_run`, `hot_ngrams`, `schema/...`)."""
    return (sql_dir() / f"{name}.sql").read_text(encoding="utf-8")


def run_sql_file(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None
) -> duckdb.DuckDBPyConnection:
    """Run `sql/<name>.sql` (its last statement takes `params`); fetch from the result."""
    return con.execute(read_sql(name), params) if params else con.execute(read_sql(name))


def fetch_sql_file(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None
) -> list[tuple]:
    """Run `sql/<name>.sql` and return its rows."""
    return run_sql_file(con, name, params).fetchall()


def open_database(
    db_path: Path | str, read_only: bool = False, memory_mb: int | None = None,
    checkpoint_mb: int | None = None,
) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the DuckDB file, with the session's settings; its schema as
    it is (`schema.connect` brings it up to date).

    Args:
        memory_mb: DuckDB's memory limit (default: DuckDB's, 80% of RAM); past it, DuckDB
            spills to a temporary folder beside the database.
        checkpoint_mb: how much of the write-ahead log DuckDB gathers before it checkpoints.
    """
    if str(db_path) != ":memory:":
        db_path = Path(db_path)
        if read_only and not db_path.exists():
            raise ArxivTrendsError(f"no database at {db_path}: run an ingest or the demo first")
        _check_is_duckdb_file(db_path)
        db_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(db_path), read_only=read_only)
    except duckdb.IOException as err:
        raise ArxivTrendsError(f"cannot open {db_path}: {err}") from err
    run_sql_file(con, "store/session")
    if memory_mb is not None:
        run_sql_file(con, "store/memory_limit", {"memory_limit": f"{int(memory_mb)}MB"})
    if checkpoint_mb is not None:
        run_sql_file(con, "store/checkpoint_threshold",
                     {"checkpoint_threshold": f"{int(checkpoint_mb)}MB"})
    return con


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Run the schema files in order (each idempotent)."""
    for path in sorted((sql_dir() / "schema").glob("*.sql")):
        run_sql_file(con, f"schema/{path.stem}")


def _check_is_duckdb_file(db_path: Path) -> None:
    """Refuse a path holding anything but a DuckDB database (DuckDB would open a CSV, JSON
    or Parquet file as an empty database in memory, and every write would be lost)."""
    if db_path.is_dir():
        raise ArxivTrendsError(f"{db_path} is a folder, not a DuckDB database file")
    if not db_path.exists() or db_path.stat().st_size == 0:
        return  # a new database
    with db_path.open("rb") as file:
        header = file.read(DUCKDB_MAGIC_AT + len(DUCKDB_MAGIC))
    if header[DUCKDB_MAGIC_AT:] != DUCKDB_MAGIC:
        raise ArxivTrendsError(f"{db_path} is not a DuckDB database (--db takes a DuckDB file "
                               "or a path where none exists yet)")


def lock_reading(con: duckdb.DuckDBPyConnection) -> None:
    """From now on, the connection reaches no file, extension or other database, and its
    settings cannot change back (`sql/store/lock_reading.sql`)."""
    run_sql_file(con, "store/lock_reading")


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, **frames: pl.DataFrame) -> Iterator[None]:
    """Lend frames to SQL under their names for the time of the block."""
    for name, frame in frames.items():
        con.register(name, frame)
    try:
        yield
    finally:
        for name in frames:
            con.unregister(name)


class transaction:
    """Run the block in one transaction: committed at its end, rolled back on an error."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def __enter__(self) -> None:
        self.con.begin()

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if not exc_type:
            self.con.commit()
            return
        try:
            self.con.rollback()
        except duckdb.Error:  # already rolled back (a failed commit): the first error tells
            pass

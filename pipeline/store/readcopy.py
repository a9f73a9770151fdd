"""Store stage: a read copy of the database, so that SQL works while an ingest writes.

DuckDB lets only one process open a database file while it is written, even read-only.
After every command that writes, the database is checkpointed and copied whole, beside it,
to `<name>.read.duckdb` (written under a temporary name, then renamed, so a reader sees the
old copy or the new one, never half of one). A reader that finds the database locked opens
that copy instead: it holds the state of the last finished write.

A write also leaves a marker beside the database (`<name>.writing`) from its start until it
publishes its copy. A reader that finds the marker but no lock (the writer was killed, or
stopped on an error, part way through a month) reads the copy too: readers never see half
a month. The next finished write removes the marker.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

import duckdb

from pipeline.errors import ArxivTrendsError
from pipeline.store import db


def writing_marker_path(db_path: Path) -> Path:
    """Return where the marker of an unfinished write of `db_path` lives."""
    return db_path.with_name(f"{db_path.name}.writing")


def mark_writing(db_path: Path | str) -> None:
    """Mark the database as being written until the next `publish_read_copy`."""
    if str(db_path) != ":memory:":
        marker = writing_marker_path(Path(db_path))
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(f"{os.getpid()}\n", encoding="utf-8")


def read_copy_path(db_path: Path) -> Path:
    """Return where the read copy of `db_path` lives."""
    return db_path.with_name(f"{db_path.stem}.read{db_path.suffix or '.duckdb'}")


def publish_read_copy(db_path: Path | str) -> Path | None:
    """Checkpoint the database and replace its read copy; None if another writer holds it."""
    db_path = Path(db_path)
    if str(db_path) == ":memory:" or not db_path.exists():
        return None
    try:
        con = duckdb.connect(str(db_path))
    except duckdb.IOException:  # another process is writing: it will publish when done
        return None
    target = read_copy_path(db_path)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        con.checkpoint()
        shutil.copyfile(db_path, partial)  # while this connection keeps writers out
        os.replace(partial, target)
        writing_marker_path(db_path).unlink(missing_ok=True)  # the copy is up to date
    finally:
        con.close()
        partial.unlink(missing_ok=True)
    return target


def connect_reading(db_path: Path | str) -> tuple[duckdb.DuckDBPyConnection, str | None]:
    """Open the database read-only, or its read copy if a writer holds it.

    Returns the connection and, when the copy was opened, a one-line note saying so.
    """
    copy = read_copy_path(Path(db_path))
    if str(db_path) != ":memory:" and writing_marker_path(Path(db_path)).exists() \
            and copy.exists():
        why = "holds an unfinished write"
    else:
        try:
            return db.connect(db_path, read_only=True), None
        except ArxivTrendsError as err:
            if not isinstance(err.__cause__, duckdb.IOException) or not copy.exists():
                raise
        why = "is being written by another process"
    published = datetime.fromtimestamp(copy.stat().st_mtime).astimezone()
    note = (f"note: {db_path} {why}; reading its copy of "
            f"{published:%Y-%m-%d %H:%M %Z} ({copy})")
    return db.connect(copy, read_only=True), note

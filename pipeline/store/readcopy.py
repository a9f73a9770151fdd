"""Store stage: a read copy of the database, so that SQL works while an ingest writes.

DuckDB lets only one process open a database file while it is written, even read-only.
After every command that writes, the database is checkpointed and copied whole, beside it,
to `<name>.read.duckdb` (written under a temporary name, then renamed, so a reader sees the
old copy or the new one, never half of one); the texts are not in it but in files both
share (`text_files`), and the files neither names any more are deleted then. A reader that
finds the database locked opens that copy instead: it holds the state of the last finished
write.

A writer that finds the database held by another process (a long report, a reader's SQL)
waits for it, up to `lock_wait_s`, saying so once. A write also leaves a marker beside the
database (`<name>.writing`) from its start until it publishes its copy; a writer that stopped
before it changed the file (the database stayed held, an argument was refused) takes it
back. A reader that finds the marker but no lock (the writer was killed, or stopped on an
error, part way through a month) reads the copy too: readers never see half a month. The
next finished write removes the marker.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb

from pipeline.errors import ArxivTrendsError
from pipeline.progress import Say
from pipeline.settings import Settings
from pipeline.store import schema
from pipeline.store.hot_lists import make_hot_lists
from pipeline.store.text_files import remove_unused_files

LOCK_POLL_S = 0.5  # between two tries of a held database


def writing_marker_path(db_path: Path) -> Path:
    """Return where the marker of an unfinished write of `db_path` lives."""
    return db_path.with_name(f"{db_path.name}.writing")


def mark_writing(db_path: Path | str) -> None:
    """Mark the database as being written until the next `publish_read_copy`."""
    if str(db_path) != ":memory:":
        marker = writing_marker_path(Path(db_path))
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(f"{os.getpid()}\n", encoding="utf-8")


def connect_writing(
    settings: Settings, memory_mb: int | None = None, checkpoint_mb: int | None = None,
) -> duckdb.DuckDBPyConnection:
    """Open the database to write (see `schema.connect`), waiting up to `settings.lock_wait_s`
    while another process holds it (one line on stderr)."""
    deadline = time.monotonic() + settings.lock_wait_s
    is_said = False
    while True:
        try:
            con = schema.connect(settings.db_path, memory_mb=memory_mb, checkpoint_mb=checkpoint_mb)
            break
        except ArxivTrendsError as err:
            if not _is_held(err) or time.monotonic() >= deadline:
                if _is_held(err) and settings.lock_wait_s > 0:
                    raise ArxivTrendsError(
                        f"{settings.db_path} is still held by another process after "
                        f"{settings.lock_wait_s:g} s (setting lock_wait_s); try again when it "
                        "is done") from err
                raise
            if not is_said:
                print(f"waiting up to {settings.lock_wait_s:g} s for another process to "
                      f"release {settings.db_path} (setting lock_wait_s)", file=sys.stderr)
                is_said = True
            time.sleep(LOCK_POLL_S)
    return con


def _is_held(err: ArxivTrendsError) -> bool:
    """Whether opening failed because another process holds the file's lock."""
    return isinstance(err.__cause__, duckdb.IOException) and "lock" in str(err.__cause__)


@contextmanager
def writing(db_path: Path | str) -> Iterator[None]:
    """Mark the database as being written for the block (until the next publish); a block
    that fails without having changed the file (it never got to write) takes its mark back."""
    db_path = Path(db_path)
    if str(db_path) == ":memory:":
        yield
        return
    was_marked = writing_marker_path(db_path).exists()
    before = _file_state(db_path)
    mark_writing(db_path)
    try:
        yield
    except BaseException:
        if not was_marked and _file_state(db_path) == before:
            writing_marker_path(db_path).unlink(missing_ok=True)
        raise


def _file_state(db_path: Path) -> tuple:
    """Size and modification time of the database and its write-ahead log (if any)."""
    files = (db_path, db_path.with_name(f"{db_path.name}.wal"))
    return tuple((f.stat().st_size, f.stat().st_mtime_ns) if f.exists() else None
                 for f in files)


def read_copy_path(db_path: Path) -> Path:
    """Return where the read copy of `db_path` lives."""
    return db_path.with_name(f"{db_path.stem}.read{db_path.suffix or '.duckdb'}")


def publish_read_copy(db_path: Path | str, say: Say | None = None) -> Path | None:
    """Make the months' missing hot lists (`hot_lists`), checkpoint the database and replace
    its read copy; None if another writer holds it."""
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
        make_hot_lists(con, say)
        con.checkpoint()
        shutil.copyfile(db_path, partial)  # while this connection keeps writers out
        os.replace(partial, target)
        writing_marker_path(db_path).unlink(missing_ok=True)  # the copy is up to date
        remove_unused_files(con)  # the texts files neither the database nor its copy names
    except (duckdb.Error, OSError) as err:
        raise ArxivTrendsError(
            f"every write is saved in {db_path} (committed), but its read copy could not be "
            f"published: {str(err).strip().splitlines()[0]}; readers see the last copy until "
            "a write publishes again (free disk, or memory for the hot lists, and rerun)") from err
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
            return schema.connect(db_path, read_only=True), None
        except ArxivTrendsError as err:
            if not isinstance(err.__cause__, duckdb.IOException) or not copy.exists():
                raise
        why = "is being written by another process"
    published = datetime.fromtimestamp(copy.stat().st_mtime).astimezone()
    note = (f"note: {db_path} {why}; reading its copy of "
            f"{published:%Y-%m-%d %H:%M %Z} ({copy})")
    return schema.connect(copy, read_only=True), note

"""Disk full while an ingest writes: a clear one-line error, and no half-written month.

A real write error from the kernel, without root: `arxiv-trends ingest` runs in a
subprocess whose RLIMIT_FSIZE stops any file growing past a limit (EFBIG, SIGXFSZ ignored).
A small tmpfs (ENOSPC) is tried too, where this process may mount one.

DuckDB commits to its write-ahead log (`<db>.wal`) and moves the log into the database file
only at a checkpoint, which the CLI runs after every writing command to publish the read
copy. So a limit just above the database's size never stops the month's commit (the log of
a month is far smaller than the database), only that last checkpoint, after the commit; a
limit under the log's size stops the commit itself. Both are tested.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from pipeline import store
from pipeline.store.readcopy import read_copy_path

ROOT = Path(__file__).resolve().parents[2]
FIRST, SECOND = "2015-10", "2015-11"
# columns stamped with the clock or a fresh id: they differ between two identical ingests
VOLATILE = {"run_id", "started_at", "finished_at", "counted_at", "failed_at", "recorded_at",
            "raw_month_harvests.updated_at", "text_file"}  # text_file: a fresh file's name

State = dict[str, list[tuple]]


def run_ingest(sample, db: Path, month: str, limit_bytes: int | None = None
               ) -> subprocess.CompletedProcess[str]:
    """Run `arxiv-trends ingest` of `month` from the sample's feeds, files capped at a limit."""
    def cap_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit: EFBIG

    env = {k: v for k, v in os.environ.items() if not k.startswith("ARXIV_TRENDS_")}
    env.update(PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "--db", str(db), "ingest", "--month", month,
         "--feeds-dir", str(sample.feed_paths[0].parent), "--pdf-dir", str(sample.pdf_dir),
         "--no-report"],
        cwd=db.parent, env=env, capture_output=True, text=True, timeout=120,
        preexec_fn=cap_file_size if limit_bytes is not None else None)


def state(db: Path) -> State:
    """Every base table's rows, sorted, without the columns stamped with clock or id."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        tables = con.execute("select table_name from information_schema.tables"
                             " where table_type = 'BASE TABLE' order by 1").fetchall()
        for (table,) in tables:
            cols = [c for (c,) in con.execute(
                "select column_name from information_schema.columns where table_name = ?"
                " order by ordinal_position", [table]).fetchall()
                if c not in VOLATILE and f"{table}.{c}" not in VOLATILE]
            select = ", ".join(f'"{c}"' for c in cols)
            out[table] = con.execute(f'select {select} from "{table}" order by all').fetchall()
        store.register_texts(con)  # the texts themselves, from their files
        out["paper_texts"] = con.execute("select paper_id, md5(text) from paper_texts"
                                         " order by all").fetchall()
        return out
    finally:
        con.close()


def without_runs(s: State) -> State:
    return {table: rows for table, rows in s.items() if table != "ingest_runs"}


def runs_of(s: State, month: str) -> list[str]:
    """Statuses of the recorded runs of `month` (ingest_runs: month, source, status, ...)."""
    return [row[2] for row in s["ingest_runs"] if f"{row[0]:%Y-%m}" == month]


def assert_one_line_error(done: subprocess.CompletedProcess[str], problem: str) -> str:
    assert done.returncode != 0, done.stdout
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and done.stderr.splitlines()[-1] == errors[0], done.stderr
    assert problem in errors[0] and ".duckdb" in errors[0], errors[0]
    return errors[0]


@pytest.fixture(scope="module")
def first_month(tiny_sample, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the first month, ingested whole, with its read copy."""
    db = tmp_path_factory.mktemp("first") / "db.duckdb"
    done = run_ingest(tiny_sample, db, FIRST)
    assert done.returncode == 0, done.stderr
    assert read_copy_path(db).exists()
    return db


@pytest.fixture(scope="module")
def both_months(tiny_sample, first_month: Path, tmp_path_factory: pytest.TempPathFactory
                ) -> State:
    """The state the second month's ingest leaves when the disk has room."""
    db = tmp_path_factory.mktemp("both") / "db.duckdb"
    store.copy_database(first_month, db)
    assert run_ingest(tiny_sample, db, SECOND).returncode == 0
    after = state(db)
    assert runs_of(after, SECOND) == ["complete"]
    return after


def copy_first_month(first_month: Path, to: Path) -> Path:
    db = to / "db.duckdb"
    store.copy_database(first_month, db)
    shutil.copyfile(read_copy_path(first_month), read_copy_path(db))
    return db


def assert_previous_state_with_a_failed_run(db: Path, before: State) -> None:
    """The database as before, plus the record of the run that failed (never `complete`)."""
    after = state(db)
    assert without_runs(after) == without_runs(before)
    assert len(after["ingest_runs"]) == len(before["ingest_runs"]) + 1
    assert set(before["ingest_runs"]) <= set(after["ingest_runs"])
    [status] = runs_of(after, SECOND)
    assert status != "complete"


@dataclass(frozen=True)
class FailedIngest:
    db: Path
    done: subprocess.CompletedProcess[str]
    before: State
    after: State  # right after the failure, before any re-run


@pytest.fixture(scope="module")
def commit_failed(tiny_sample, first_month: Path, tmp_path_factory: pytest.TempPathFactory
                  ) -> FailedIngest:
    """The second month's ingest with files capped under the size of the month's log."""
    db = copy_first_month(first_month, tmp_path_factory.mktemp("commit"))
    before = state(db)
    done = run_ingest(tiny_sample, db, SECOND, limit_bytes=64 * 1024)  # the log: ~240 kB
    return FailedIngest(db, done, before, state(db))


def test_a_full_disk_during_the_commit_leaves_the_database_as_it_was(
    tiny_sample, commit_failed: FailedIngest, both_months: State,
) -> None:
    db, before = commit_failed.db, commit_failed.before
    error = assert_one_line_error(commit_failed.done, "File too large")
    assert "Failed to commit" in error and ".duckdb.wal" in error
    assert_previous_state_with_a_failed_run(db, before)
    assert state(read_copy_path(db)) == before

    assert run_ingest(tiny_sample, db, SECOND).returncode == 0  # room again: the month goes in
    assert without_runs(state(db)) == without_runs(both_months)


def test_a_run_stopped_by_a_full_disk_is_marked_interrupted_by_the_next(
    tiny_sample, first_month: Path, tmp_path: Path,
) -> None:
    db = copy_first_month(first_month, tmp_path)
    done = run_ingest(tiny_sample, db, SECOND, limit_bytes=64 * 1024)
    assert "Failed to commit" in assert_one_line_error(done, "File too large")  # not masked
    assert runs_of(state(db), SECOND) == ["running"]  # not even its status could be written
    assert run_ingest(tiny_sample, db, SECOND).returncode == 0
    assert sorted(runs_of(state(db), SECOND)) == ["complete", "interrupted"]


def test_a_full_disk_at_the_last_checkpoint_keeps_the_committed_month_whole(
    tiny_sample, first_month: Path, both_months: State, tmp_path: Path,
) -> None:
    db = copy_first_month(first_month, tmp_path)
    before = state(db)
    done = run_ingest(tiny_sample, db, SECOND, limit_bytes=db.stat().st_size + 4096)
    error = assert_one_line_error(done, "File too large")
    assert "checkpoint" in error and "every write is saved" in error  # and says what was kept
    # the month was committed to the log before the checkpoint failed: it is all there, and
    # the read copy (which the failed checkpoint was to publish) still shows the month before
    assert f"{SECOND}: " in done.stdout
    assert state(db) == both_months
    assert state(read_copy_path(db)) == before

    assert run_ingest(tiny_sample, db, SECOND).returncode == 0
    assert without_runs(state(db)) == without_runs(both_months)
    assert state(read_copy_path(db)) == state(db)


@pytest.fixture()
def small_tmpfs(tmp_path: Path) -> Path:
    mount_point = tmp_path / "tmpfs"
    mount_point.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root; the RLIMIT_FSIZE tests cover a full disk")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "arxiv-trends-test",
                           str(mount_point)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()}); "
                    "the RLIMIT_FSIZE tests cover a full disk")
    yield mount_point
    subprocess.run(["umount", str(mount_point)], check=True)


def test_a_full_tmpfs_during_the_commit_leaves_the_database_as_it_was(
    tiny_sample, first_month: Path, both_months: State, small_tmpfs: Path,
) -> None:
    texts = store.texts_folder_of(first_month)
    room = (first_month.stat().st_size + sum(p.stat().st_size for p in texts.rglob("*"))
            + 64 * 1024)  # the month's log needs ~240 kB
    subprocess.run(["mount", "-o", f"remount,size={room}", str(small_tmpfs)], check=True)
    db = small_tmpfs / "db.duckdb"
    store.copy_database(first_month, db)  # the read copy would not fit beside it
    before = state(db)
    done = run_ingest(tiny_sample, db, SECOND)
    assert_one_line_error(done, "No space left on device")
    assert_previous_state_with_a_failed_run(db, before)

    subprocess.run(["mount", "-o", f"remount,size={8 * room}", str(small_tmpfs)], check=True)
    assert run_ingest(tiny_sample, db, SECOND).returncode == 0
    assert without_runs(state(db)) == without_runs(both_months)

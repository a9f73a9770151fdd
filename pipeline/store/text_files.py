"""Store stage, the texts' files: full texts live beside the database, not in it.

A month of full text is some 800 MB of characters; in the database it would be copied to
the read copy after every write. So each write of texts puts them in a new zstd Parquet file
in `<database name>.texts/<YYYY-MM>/` (columns paper_id, version, text, text_file), written
under a temporary name, synced and renamed, never changed after; `core_paper_texts` (and
`stage_paper_texts`) give each paper's file in `text_file`, in the same transaction as the
rest of the write. A reader of the database or of its read copy reads the files its rows
name, which stay until a later write has published a read copy that no longer names them
(`remove_unused_files`). A file written by a write that did not commit is named by no row:
it is removed the same way.

After a write, `compact_months` rewrites each month it changed into one file, so a month is
one file and a re-read paper's old text does not linger.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from pipeline.errors import ArxivTrendsError
from pipeline.store.db import fetch_sql_file, read_sql, registered, run_sql_file, transaction
from pipeline.store.frames import PaperText

ZSTD_LEVEL = 3
ROW_GROUP_PAPERS = 500  # a reader holds one group of texts at a time
UNDATED = "undated"  # the folder of texts whose paper has no month (before a migration)
FILE_SCHEMA = pa.schema([("paper_id", pa.string()), ("version", pa.int32()),
                         ("text", pa.large_string()), ("text_file", pa.string())])


def texts_folder_of(db_file: Path) -> Path:
    """The texts' folder of a database file, or of its read copy (`x.read.duckdb` shares
    `x.texts/` with `x.duckdb`)."""
    stem = db_file.stem.removesuffix(".read") if db_file.stem.endswith(".read") \
        else db_file.stem
    return db_file.with_name(f"{stem}.texts")


def texts_folder(con: duckdb.DuckDBPyConnection) -> Path:
    """The texts' folder of the database `con` is open on."""
    (path,) = fetch_sql_file(con, "store/database_path")[0]
    if not path:
        raise ArxivTrendsError("texts are stored beside a database file: open a file, not a "
                               "database in memory")
    return texts_folder_of(Path(path))


class TextFile:
    """One new texts file, written batch by batch; `close` syncs it and gives it its name."""

    def __init__(self, folder: Path, month: date | None) -> None:
        self.name = f"{month.strftime('%Y-%m') if month else UNDATED}/{uuid.uuid4().hex}.parquet"
        self.path = folder / self.name
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.partial = self.path.with_name(f".{self.path.name}.partial")
        self.file = self.partial.open("wb")
        self.writer = pq.ParquetWriter(self.file, FILE_SCHEMA, compression="zstd",
                                       compression_level=ZSTD_LEVEL,  # texts: no dictionary
                                       use_dictionary=["paper_id", "text_file"])

    def write(self, paper_ids: list[str], versions: list[int | None], texts: list[str]) -> None:
        """Add the texts (one row group)."""
        if paper_ids:
            self.writer.write_table(pa.table(
                [paper_ids, pa.array(versions, pa.int32()), pa.array(texts, pa.large_string()),
                 [self.name] * len(paper_ids)], schema=FILE_SCHEMA))

    def close(self) -> str:
        """Finish the file: synced to disk under its name (then its folder). Returns its name
        inside the texts' folder."""
        self.writer.close()
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        os.replace(self.partial, self.path)
        _sync_folder(self.path.parent)
        return self.name

    def discard(self) -> None:
        """Drop a file that will not be used (an error while writing it)."""
        try:
            self.writer.close()
        finally:
            self.file.close()
            self.partial.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_text_file(
    folder: Path, month: date | None, batches: Iterable[pl.DataFrame],
) -> tuple[str, list[str]]:
    """Write the batches' texts (paper_id, version, text; a row group each) as one new file
    of the month; return its name in the folder and the papers it holds. A failure leaves
    no file."""
    file, ids = TextFile(folder, month), []
    try:
        for batch in batches:
            paper_ids = batch["paper_id"].to_list()
            file.write(paper_ids, batch["version"].to_list(), batch["text"].to_list())
            ids += paper_ids
    except BaseException:
        file.discard()
        raise
    return file.close(), ids


def save_text_file(folder: Path, month: date | None, texts: dict[str, PaperText]) -> str:
    """Write the texts as one new file of the month; return its name in the folder."""
    frame = pl.DataFrame({"paper_id": list(texts),
                          "version": [t.version for t in texts.values()],
                          "text": [t.text for t in texts.values()]},
                         schema={"paper_id": pl.String, "version": pl.Int32, "text": pl.String})
    return write_text_file(folder, month, frame.iter_slices(ROW_GROUP_PAPERS))[0]


def read_texts(folder: Path, rows: pl.DataFrame, batch_size: int) -> Iterator[pl.DataFrame]:
    """The texts of `rows` (paper_id, text_file and any other columns), file by file, at
    most `batch_size` papers at a time: `rows` with a `text` column added, in file order."""
    for (name,), wanted in rows.group_by("text_file", maintain_order=True):
        path = folder / name
        try:
            parquet = pq.ParquetFile(path)
        except FileNotFoundError as err:
            raise ArxivTrendsError(
                f"the texts file {path} is missing: a database's texts folder "
                f"({folder.name}/) must stay beside it (if a write ran meanwhile, read again)"
            ) from err
        except (OSError, pa.ArrowException) as err:
            raise ArxivTrendsError(f"cannot read the texts file {path}: {err}") from err
        with parquet:
            for record_batch in parquet.iter_batches(batch_size, columns=["paper_id", "text"]):
                batch = wanted.join(pl.from_arrow(record_batch), on="paper_id", how="inner",
                                    maintain_order="left")
                if batch.height:
                    yield batch.with_columns(pl.col("text").cast(pl.String))


def compact_months(con: duckdb.DuckDBPyConnection, months: list[date]) -> int:
    """Rewrite each month's stored texts that are spread over more than one file (or share
    a file with texts no longer used) into one new file, each month in a transaction of its
    own; return how many months were rewritten."""
    folder = texts_folder(con)
    n_done = 0
    for month in months:
        rows = con.sql(read_sql("store/text_files_of_month"), params={"month": month}).pl()
        if rows.is_empty() or not _is_spread(folder, rows):
            continue
        name, _ = write_text_file(folder, month, read_texts(
            folder, rows.select("paper_id", "version", "text_file"), ROW_GROUP_PAPERS))
        with registered(con, batch_ids=rows.select("paper_id")), transaction(con):
            run_sql_file(con, "store/move_to_text_file", {"text_file": name})
        n_done += 1
    return n_done


def _is_spread(folder: Path, rows: pl.DataFrame) -> bool:
    """Whether the month's texts are in more than one file, or in one holding other texts."""
    names = rows["text_file"].unique().to_list()
    if len(names) > 1:
        return True
    try:
        return pq.ParquetFile(folder / names[0]).metadata.num_rows != rows.height
    except (OSError, pa.ArrowException):
        return True


def remove_unused_files(con: duckdb.DuckDBPyConnection) -> int:
    """Delete the texts' files no row of the database names (and files left half written);
    run by the writer, once its read copy is published. Returns how many were deleted."""
    folder = texts_folder(con)
    if not folder.is_dir():
        return 0
    used = {name for (name,) in fetch_sql_file(con, "store/text_files_used")}
    n_removed = 0
    for path in folder.glob("*/*"):
        name = path.relative_to(folder).as_posix()
        if name not in used and (path.suffix == ".parquet" or path.name.endswith(".partial")):
            path.unlink(missing_ok=True)
            n_removed += 1
    for sub in folder.iterdir():
        if sub.is_dir() and not any(sub.iterdir()):
            sub.rmdir()
    return n_removed



def register_texts(con: duckdb.DuckDBPyConnection) -> None:
    """Lend the stored texts to SQL as the view `paper_texts` (paper_id, version, month,
    n_chars, text), the files as the database names them now (a write's later files are not
    seen): for people's SQL (`arxiv-trends sql`) and checks."""
    folder = texts_folder(con)
    names = [name for (name,) in fetch_sql_file(con, "store/text_files_used")]
    missing = [name for name in names if not (folder / name).is_file()]
    if missing:
        raise ArxivTrendsError(
            f"{len(missing)} texts file(s) the database names are missing from {folder} "
            f"(first: {missing[0]}): a database's texts folder must stay beside it")
    files = (ds.dataset([str(folder / name) for name in names], format="parquet",
                        schema=FILE_SCHEMA) if names else FILE_SCHEMA.empty_table())
    con.register("text_files", files)
    run_sql_file(con, "store/paper_texts_view")


def copy_database(source: Path, target: Path) -> Path:
    """Copy a database file (closed, or checkpointed) with its write-ahead log, if any, and
    its texts' folder: the files are linked, not copied, where the disk allows (they never
    change once written). Returns `target`."""
    for suffix in ("", ".wal"):
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")
    folder = texts_folder_of(source)
    if folder.is_dir():
        shutil.copytree(folder, texts_folder_of(target), copy_function=_link_or_copy,
                        dirs_exist_ok=True)
    return target


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)

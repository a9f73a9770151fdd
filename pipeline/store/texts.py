"""Store stage, stored texts: read back a month at a time (recounts, phrase scans, samples)
from their files (`text_files`), and the counts made from them replaced."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import duckdb
import polars as pl

from pipeline.extract import Zones
from pipeline.store.db import fetch_sql_file, read_sql, registered, run_sql_file
from pipeline.store.frames import Mentions, ids_frame, mentions_frame, months_frame
from pipeline.store.text_files import read_texts, texts_folder


def load_months_with_text(con: duckdb.DuckDBPyConnection) -> list[date]:
    """Months holding at least one paper whose text is stored."""
    return [month for (month,) in fetch_sql_file(con, "store/months_with_text")]


def load_n_texts(con: duckdb.DuckDBPyConnection, months: list[date]) -> int:
    """Return how many stored texts the months hold."""
    with registered(con, asked_months=months_frame(months)):
        return fetch_sql_file(con, "store/n_texts_of_months")[0][0]


def load_texts(
    con: duckdb.DuckDBPyConnection, month: date, batch_size: int, is_own_cursor: bool = True,
    is_counted_only: bool = False,
) -> Iterator[pl.DataFrame]:
    """The month's stored texts with their zone offsets, `batch_size` papers at a time.

    Args:
        is_own_cursor: read on a cursor of its own, which sees only committed texts but lets
            `con` write between batches; False: read on `con` (seeing its open transaction),
            which must not run anything else until the last batch.
        is_counted_only: only the texts that count in the month's shares (n-grams, phrases).
    """
    source = con.cursor() if is_own_cursor else con
    try:
        rows = source.sql(read_sql("store/texts_of_month"),
                          params={"month": month, "is_counted_only": is_counted_only}).pl()
    finally:
        if is_own_cursor:
            source.close()
    columns = ["paper_id", "header_end_char", "references_start_char", "references_end_char",
               "text", "authors", "categories"]
    for batch in read_texts(texts_folder(con), rows, batch_size):
        yield batch.select(columns)


def load_text_sample(
    con: duckdb.DuckDBPyConnection, first_month: date, last_month: date, n_papers: int
) -> list[str]:
    """Read a fixed sample of up to `n_papers` stored texts of the months given (the ids
    first, then only those texts), in paper id order."""
    window = {"first_month": first_month, "last_month": last_month, "n_papers": n_papers}
    ids = [pid for (pid,) in fetch_sql_file(con, "store/text_sample_ids", window)]
    if not ids:
        return []
    texts = load_texts_by_ids(con, ids)
    return [texts[pid] for pid in sorted(texts)]


def load_texts_by_ids(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, str]:
    """The stored texts of the papers `ids` (those that have one), by paper."""
    return {pid: text for batch in load_text_rows_by_ids(con, ids)
            for pid, text in batch.select("paper_id", "text").iter_rows()}


def load_text_rows_by_ids(
    con: duckdb.DuckDBPyConnection, ids: list[str], batch_size: int = 500,
) -> Iterator[pl.DataFrame]:
    """The stored texts of the papers `ids`, `batch_size` at a time: paper_id, version,
    header_end_char, text."""
    rows = con.sql(read_sql("store/texts_by_ids"), params={"paper_ids": ids}).pl()
    for batch in read_texts(texts_folder(con), rows, batch_size):
        yield batch.drop("text_file")


def write_mentions(con: duckdb.DuckDBPyConnection, mentions: Mentions) -> None:
    """Replace the curated-term mentions of the given papers (in the caller's transaction)."""
    with registered(con, batch_ids=ids_frame(list(mentions)),
                    batch_mentions=mentions_frame(mentions)):
        run_sql_file(con, "store/replace_mentions")


def write_zones(con: duckdb.DuckDBPyConnection, zones: dict[str, Zones]) -> None:
    """Replace the zone offsets of the given papers' texts (in the caller's transaction)."""
    frame = pl.DataFrame(
        [(pid, z.header_end, z.references_start, z.references_end) for pid, z in zones.items()],
        schema={"paper_id": pl.String, "header_end_char": pl.Int32,
                "references_start_char": pl.Int32, "references_end_char": pl.Int32},
        orient="row")
    with registered(con, batch_zones=frame):
        run_sql_file(con, "store/replace_zones")

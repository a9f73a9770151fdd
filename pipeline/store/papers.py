"""Store stage, papers: the curated terms in use, paper records staged, and what is known of
papers already."""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

from pipeline.count import Term
from pipeline.papers import Paper
from pipeline.sources import PaperBatch
from pipeline.store.db import fetch_sql_file, registered, run_sql_file, transaction
from pipeline.store.frames import ids_frame
from pipeline.store.windows import record_window


def save_terms(con: duckdb.DuckDBPyConnection, terms: list[Term]) -> None:
    """Replace the terms table with the curated terms in use."""
    frame = pl.DataFrame({
        "term": [t.term for t in terms], "family": [t.family for t in terms],
        "label": [t.label for t in terms], "released_month": [t.released_month for t in terms],
    }, schema={"term": pl.String, "family": pl.String, "label": pl.String,
               "released_month": pl.Date})
    with registered(con, batch_terms=frame), transaction(con):
        run_sql_file(con, "store/replace_terms")


def save_categories(con: duckdb.DuckDBPyConnection, categories: tuple[str, ...]) -> bool:
    """Make `categories` the ones whose papers count in the shares; return whether that
    changed them (every month's n-gram counts are then to be counted again)."""
    before = [category for (category,) in fetch_sql_file(con, "store/counted_categories")]
    if sorted(set(categories)) == before:
        return False
    frame = pl.DataFrame({"category": list(categories)}, schema={"category": pl.String})
    with registered(con, batch_categories=frame), transaction(con):
        run_sql_file(con, "store/replace_categories")
    return True


def stage_batch(
    con: duckdb.DuckDBPyConnection, batch: PaperBatch, is_all_or_nothing: bool = False
) -> None:
    """Stage a batch of paper records, and the listing window it answers, in one
    transaction (`stage.publish_staged` publishes them); a batch of an all-or-nothing input
    apart, published only by the publish of the run that read the input to its end."""
    with registered(con, batch_papers=batch.papers, batch_versions=batch.versions), \
            transaction(con):
        run_sql_file(con, "store/upsert_stage_input_papers" if is_all_or_nothing
                     else "store/upsert_stage_papers")
        if batch.window is not None:
            record_window(con, batch.window, batch.papers.height)


def drop_staged_input(con: duckdb.DuckDBPyConnection) -> int:
    """Drop what an all-or-nothing input that did not finish left staged; return how many
    papers."""
    with transaction(con):
        n_papers = fetch_sql_file(con, "store/count_stage_input")[0][0]
        run_sql_file(con, "store/drop_stage_input")
    return n_papers


def load_known_months(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, date]:
    """The month of each of `ids` whose metadata is stored (or staged)."""
    with registered(con, asked_ids=ids_frame(ids)):
        return dict(fetch_sql_file(con, "store/known_months"))


def load_text_versions(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, int]:
    """The highest version of each of `ids` whose text is stored or staged (0: unknown)."""
    with registered(con, asked_ids=ids_frame(ids)):
        return dict(fetch_sql_file(con, "store/text_versions"))


def load_read_versions(
    con: duckdb.DuckDBPyConnection, is_stored_too: bool = True
) -> set[tuple[str, int | None]]:
    """The (paper id, version) of every staged text, and of every stored one too."""
    return set(fetch_sql_file(con, "store/read_versions", {"is_stored_too": is_stored_too}))


def load_papers_without_text(
    con: duckdb.DuckDBPyConnection, month: date, categories: tuple[str, ...],
    limit: int | None = None,
) -> list[Paper]:
    """Papers of the month in any of `categories` whose text has not been read yet."""
    rows = fetch_sql_file(con, "papers_without_text", {
        "month": month, "categories": list(categories), "max_papers": limit})
    return [
        Paper(paper_id=r[0], version=r[1], title=r[2], authors=tuple(r[3]),
              primary_category=r[4], categories=tuple(r[5]), published_at=r[6],
              updated_at=r[7])
        for r in rows
    ]

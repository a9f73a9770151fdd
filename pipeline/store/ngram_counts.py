"""Store stage for the n-gram counts: a month's document frequencies in, whole months out.

`count.ngrams` counts; this module stores a month's counts (`save_month_ngrams`, or
`replace_month_ngrams` inside a caller's transaction, as a whole-month write or a publish
does) and counts them again from the stored texts (`recount_ngrams`), streamed a batch at a
time so that a 15,000-paper month stays in bounded memory. A month is stored whole and
replaced whole; n-grams used by fewer than `min_df` papers of the month are not stored
(`core_ngram_months.min_df` says which threshold a month was stored with, so a missing row
means "fewer than min_df papers").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import polars as pl

from pipeline.count import DEFAULT_MIN_DF, CategoryCounts, MonthCounter
from pipeline.store.db import fetch_sql_file, registered, run_sql_file, transaction
from pipeline.store.texts import load_months_with_text, load_texts

BATCH_PAPERS = 500  # papers per batch read from DuckDB
# The most used n-grams kept a month in each (category, membership) cell: 12 cells of 10,000
# rows a month is 14 million rows in ten years (the pooled counts: 45 to 205 million).
CATEGORY_NGRAMS_PER_CELL = 10_000
STATEMENTS = {"fulltext": "store/replace_month_ngrams",
              "abstracts": "store/replace_abstract_month_ngrams"}


@dataclass(frozen=True)
class NgramMonth:
    """What a recount stored for one month."""

    month: date
    n_papers_with_text: int
    n_rows: int


def save_month_ngrams(
    con: duckdb.DuckDBPyConnection, month: date, frame: pl.DataFrame,
    n_papers_with_text: int, min_df: int = DEFAULT_MIN_DF,
) -> int:
    """Replace the month's n-gram counts with the frame's rows of n_papers >= min_df.

    Args:
        frame: `count_document_frequencies` output for this month only.
        n_papers_with_text: the month's papers with text, counted or not (the denominator).
        min_df: fewest papers an n-gram must be used by to be stored.

    Deletes the month's rows, inserts the kept ones and records the month, in one
    transaction. Returns the number of rows stored.
    """
    with transaction(con):
        return replace_month_ngrams(con, month, frame, n_papers_with_text, min_df)


def replace_month_ngrams(
    con: duckdb.DuckDBPyConnection, month: date, frame: pl.DataFrame,
    n_papers_with_text: int, min_df: int = DEFAULT_MIN_DF, source: str = "fulltext",
    by_category: CategoryCounts | None = None, per_cell: int = CATEGORY_NGRAMS_PER_CELL,
) -> int:
    """Do `save_month_ngrams` inside the caller's transaction (a month stored whole), for the
    full texts' counts or (`source="abstracts"`) the titles + abstracts' counts; with the
    same papers' counts by category (`by_category`; None: the month is not counted by
    category), each cell pruned by `prune_cells`."""
    if min_df < 1:
        raise ValueError(f"min_df must be at least 1, not {min_df}")
    if frame.filter(pl.col("month") != month).height:
        raise ValueError(f"the frame holds rows of months other than {month}")
    if frame.height and frame["n_papers"].max() > n_papers_with_text:
        raise ValueError(f"an n-gram is used by more than the {n_papers_with_text} papers")
    kept = frame.filter(pl.col("n_papers") >= min_df)
    counted = pl.DataFrame({"month": [month], "n_papers_with_text": [n_papers_with_text],
                            "min_df": [min_df]},
                           schema={"month": pl.Date, "n_papers_with_text": pl.Int32,
                                   "min_df": pl.Int32})
    with registered(con, kept_ngrams=kept, counted_month=counted):
        run_sql_file(con, STATEMENTS[source])
    _replace_month_cells(con, month, by_category, min_df, source, per_cell)
    return kept.height


def prune_cells(
    by_category: CategoryCounts, min_df: int, per_cell: int = CATEGORY_NGRAMS_PER_CELL,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The rows each cell keeps, and each cell's threshold: its n-grams used by at least
    `min_df` papers, at most `per_cell` of them (the most used; when the `per_cell`-th and
    the next are tied, the threshold rises above both, so no kept count hides an equal one).
    Returns (kept rows, cells: category, membership, n_papers_with_text, min_df)."""
    cell = ["category", "membership"]
    counts = by_category.counts.filter(pl.col("n_papers") >= min_df)
    # the count of each cell's (per_cell + 1)-th most used n-gram: kept rows must exceed it
    cut = (counts.group_by(cell).agg(
        pl.col("n_papers").sort(descending=True).get(per_cell, null_on_oob=True).alias("cut")))
    cells = by_category.papers.join(cut, on=cell, how="left").with_columns(
        min_df=pl.max_horizontal(pl.lit(min_df), pl.col("cut") + 1).cast(pl.Int32)
    ).drop("cut")
    kept = counts.join(cells.select(*cell, "min_df"), on=cell).filter(
        pl.col("n_papers") >= pl.col("min_df")).drop("min_df")
    return kept, cells


def _replace_month_cells(
    con: duckdb.DuckDBPyConnection, month: date, by_category: CategoryCounts | None,
    min_df: int, source: str, per_cell: int,
) -> None:
    if by_category is None:
        by_category = MonthCounter().category_counts(month)  # no cells: none stored
    kept, cells = prune_cells(by_category, min_df, per_cell)
    if kept.filter(pl.col("month") != month).height:
        raise ValueError(f"the counts by category hold rows of months other than {month}")
    with registered(con, cell_month=pl.DataFrame({"source": [source], "month": [month]}),
                    kept_cells=kept,
                    counted_cells=cells.with_columns(month=pl.lit(month))):
        run_sql_file(con, "store/replace_month_category_ngrams")


def recount_ngrams(
    con: duckdb.DuckDBPyConnection, months: list[date] | None = None,
    min_df: int = DEFAULT_MIN_DF, batch_papers: int = BATCH_PAPERS,
    per_cell: int = CATEGORY_NGRAMS_PER_CELL,
) -> list[NgramMonth]:
    """Recount the n-grams of the given months (default: every month) from the stored texts.

    Month by month, the texts are streamed from DuckDB `batch_papers` at a time, so memory
    is bounded by a batch plus the month's distinct n-grams. "Every month" is each month
    with a stored text, and each month counted before (a month whose texts are gone is
    stored as 0 papers with no rows).
    """
    if months is None:
        counted = [row[0] for row in fetch_sql_file(con, "ngram_months", {"source": "fulltext"})]
        months = load_months_with_text(con) + counted
    results = []
    for month in sorted(set(months)):
        with transaction(con):
            results.append(recount_month_ngrams(con, month, min_df, batch_papers, per_cell))
    return results


def recount_month_ngrams(
    con: duckdb.DuckDBPyConnection, month: date, min_df: int = DEFAULT_MIN_DF,
    batch_papers: int = BATCH_PAPERS, per_cell: int = CATEGORY_NGRAMS_PER_CELL,
) -> NgramMonth:
    """Recount one month inside the caller's transaction, from its texts as `con` sees them
    (`per_cell`: the n-grams each category cell keeps, `prune_cells`)."""
    counter = _count_stored_month(con, month, batch_papers)
    n_papers = counter.n_papers(month)
    return NgramMonth(month, n_papers, replace_month_ngrams(
        con, month, counter.counts(month), n_papers, min_df,
        by_category=counter.category_counts(month, min_df), per_cell=per_cell))


def _count_stored_month(
    con: duckdb.DuckDBPyConnection, month: date, batch_papers: int
) -> MonthCounter:
    """The month's stored texts that count in its shares, counted (pooled and by category)."""
    counter = MonthCounter(load_counted_categories(con))
    # on `con` itself: an open transaction's texts count (a publish moves them in)
    for batch in load_texts(con, month, batch_papers, is_own_cursor=False,
                            is_counted_only=True):
        counter.add(month, batch["text"].to_list(), batch["categories"].to_list())
    return counter


def load_counted_categories(con: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
    """The categories whose papers count in the shares (core_categories), sorted."""
    return tuple(sorted(c for (c,) in fetch_sql_file(con, "store/counted_categories")))

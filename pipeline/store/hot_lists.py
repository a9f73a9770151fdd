"""Store stage: the hot and not-hot lists kept as months are published.

`sql/hot_ngrams.sql` reads every n-gram row of every month up to the list's month: 205
million rows and about 30 s a list over 120 full-size months (`bench/bench_hot.py`). So each
counted month's two lists are made once, when a write is published (`make_hot_lists`), and a
list is then read from a few hundred stored rows (`load_stored_hot_list`). Writing a month's
counts deletes the lists that read them (that month's and every later one's, in the same
transaction), so a stored list always equals the query run on the counts beside it; a month
without one is answered by the query itself.

A list is stored for the support MIN_PAPERS and MAX_TERMS rows deep. A list of a larger
support is its rows with that support, in the same order: the ratio and the order do not
depend on the support, which only filters. It is served while the stored rows hold as many
as asked for, or when the stored list is whole (shorter than MAX_TERMS).
"""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import polars as pl

from pipeline.progress import ProgressBar, Say
from pipeline.store.db import fetch_sql_file, read_sql, registered, run_sql_file, transaction

# The least support a stored list serves, and its depth. At 10 papers and 1,000 rows deep,
# the 150 rows a merged list of 50 reads (pipeline.analyse.hot) are within the stored rows at
# support 10 and 15 (the default) on bench/bench_hot.py's 120-month history; each list there
# takes about 35 s to make.
MIN_PAPERS = 10
MAX_TERMS = 1_000


def make_hot_lists(
    con: duckdb.DuckDBPyConnection, say: Say | None = None, min_papers: int = MIN_PAPERS,
    max_terms: int = MAX_TERMS,
) -> int:
    """Make every missing hot and not-hot list of every counted month with months before its
    window, newest first, `max_terms` rows of support `min_papers` each; return how many
    months were made. Each month's two lists are stored in one transaction, so an
    interrupted run keeps the months it finished."""
    todo = fetch_sql_file(con, "store/hot_lists_to_make")
    if todo and say:
        say(f"making the hot lists of {len(todo)} months (each reads the months before it)")
    with ProgressBar("hot lists", len(todo)) as bar:
        for source, month in todo:
            make_hot_list(con, source, month, min_papers, max_terms)
            bar.update()
    return len(todo)


def make_hot_list(
    con: duckdb.DuckDBPyConnection, source: str, month: date, min_papers: int = MIN_PAPERS,
    max_terms: int = MAX_TERMS,
) -> None:
    """Make (or make again) the month's hot and not-hot lists of `source`, in one
    transaction."""
    query = read_sql("hot_ngrams")
    with transaction(con):
        for is_not_hot in (False, True):
            params = {"source": source, "month": month, "category": "all",
                      "membership": "all", "min_papers": min_papers,
                      "is_not_hot": is_not_hot, "max_terms": max_terms}
            _save_hot_list(con, params, con.sql(query, params=params).pl())


def _save_hot_list(con: duckdb.DuckDBPyConnection, params: dict, rows: pl.DataFrame) -> None:
    keys = {name: params[name] for name in ("source", "month", "is_not_hot")}
    ranked = rows.select(*(pl.lit(value).alias(name) for name, value in keys.items()),
                         pl.int_range(1, rows.height + 1, dtype=pl.Int32).alias("rank"),
                         pl.all())
    made = pl.DataFrame([{**keys, "min_papers": params["min_papers"],
                          "max_terms": params["max_terms"], "n_terms": rows.height,
                          "made_at": datetime.now()}])
    with registered(con, hot_list_rows=ranked, hot_list_month=made):
        run_sql_file(con, "store/save_hot_list")


def load_stored_hot_list(
    con: duckdb.DuckDBPyConnection, source: str, month: date, is_not_hot: bool,
    min_papers: int, max_terms: int,
) -> pl.DataFrame | None:
    """The first `max_terms` rows of `sql/hot_ngrams.sql` with these parameters, read from
    the stored list; None when no stored list can give them (none made, made for a larger
    support, or too short)."""
    keys = {"source": source, "month": month, "is_not_hot": is_not_hot}
    made = fetch_sql_file(con, "store/hot_list_of_month", keys)
    if not made:
        return None
    least_support, depth, n_terms = made[0]
    if min_papers < least_support:
        return None
    rows = con.sql(read_sql("store/hot_list_terms"), params={
        **keys, "min_papers": min_papers, "max_terms": max_terms}).pl()
    is_whole = n_terms < depth
    return rows if rows.height >= max_terms or is_whole else None

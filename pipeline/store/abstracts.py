"""Store stage for the abstract-level counts: each paper's curated terms in its title +
abstract, and each month's unigram and bigram document frequencies over them.

Kept apart from the full-text counts (their own tables, `sql/schema/022_*`); a month's counts
are replaced whole, inside the caller's transaction, so a reader sees a month counted the old
way or the new, never half of each.
"""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

from pipeline.store.db import fetch_sql_file, read_sql, registered, run_sql_file
from pipeline.store.frames import months_frame


def load_abstract_months_to_count(
    con: duckdb.DuckDBPyConnection, is_every_month: bool = False
) -> list[date]:
    """Months whose abstract-level counts are missing or out of date (or every month with
    titles + abstracts)."""
    return [month for (month,) in fetch_sql_file(con, "store/abstract_months_to_count",
                                                 {"is_every_month": is_every_month})]


def load_abstracts_of_month(con: duckdb.DuckDBPyConnection, month: date) -> pl.DataFrame:
    """The month's titles + abstracts of the categories that count: paper_id, text, n_chars,
    is_changed (its curated terms not counted yet from this text)."""
    return con.sql(read_sql("store/abstracts_of_month"), params={"month": month}).pl()


def load_counted_abstracts_of_month(
    con: duckdb.DuckDBPyConnection, month: date
) -> pl.DataFrame:
    """The month's titles + abstracts that count in the abstract-level shares: paper_id,
    text."""
    return con.sql(read_sql("store/counted_abstracts_of_month"), params={"month": month}).pl()


def replace_abstract_counts(
    con: duckdb.DuckDBPyConnection, month: date, n_chars: dict[str, int],
    mentions: dict[str, dict[str, int]],
) -> None:
    """Replace the abstract-level term counts of the given papers of `month`, then the
    month's term totals (what its shares read), in the caller's transaction."""
    counted = pl.DataFrame({"paper_id": list(n_chars), "n_chars": list(n_chars.values())},
                           schema={"paper_id": pl.String, "n_chars": pl.Int32})
    terms = pl.DataFrame(
        [(pid, term, n) for pid, found in mentions.items() for term, n in sorted(found.items())],
        schema={"paper_id": pl.String, "term": pl.String, "n_mentions": pl.Int32}, orient="row")
    with registered(con, batch_counted=counted, batch_abstract_terms=terms,
                    counted_month=months_frame([month])):
        run_sql_file(con, "store/replace_abstract_counts")
        run_sql_file(con, "store/replace_abstract_term_months")


def load_abstract_sample(
    con: duckdb.DuckDBPyConnection, first_month: date, last_month: date, n_papers: int
) -> list[str]:
    """A fixed sample of up to `n_papers` titles + abstracts of the months given, by paper id."""
    window = {"first_month": first_month, "last_month": last_month, "n_papers": n_papers}
    return [text for _, text in sorted(fetch_sql_file(con, "store/abstract_sample", window))]

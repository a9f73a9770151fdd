"""Analyse stage, open vocabulary: which words and word pairs are hot, and which are not.

The original analysis' definition (`sql/hot_ngrams.sql`): an n-gram's highest monthly share
in the 12 months up to a month, over its highest monthly share in all the months before.
Here each ratio also gets its support (the papers behind both peaks), a significance score
and interval, and near-duplicates ("gan" and "gans") are folded into one row
(`pipeline.merge`), measured on a fixed sample of the recent months' texts.
"""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

from pipeline import store
from pipeline.analyse import merge
from pipeline.analyse.queries import run_named_query
from pipeline.analyse.sources import SOURCES, check_source
from pipeline.errors import ArxivTrendsError
from pipeline.papers import add_months

# Fewest papers in the deciding peak month (recent for hot, before for not hot). Split-half
# agreement of the hot lists on two real histories (bench/bench_min_support.py) is noise up
# to 5 papers (75-100% of listed terms are "new" flukes), jumps at 8 and levels off from 10;
# 15 sits on that plateau for both, leaves headroom for 15,000-paper months (more terms,
# more flukes) and is where the not-hot lists recover too. A count, not a share: a count's
# noise (1/sqrt(k)) does not depend on the month's size.
DEFAULT_MIN_PAPERS = 15
DEFAULT_LIMIT = 50
# Papers read to measure which listed terms share papers: of the 12 months for the hot list,
# of the months before them for the not-hot list (where its terms were used).
MERGE_SAMPLE_PAPERS = 2_000
# The list is merged over its first MERGE_CANDIDATES terms (at least 3 per listed row), the
# same whatever the limit, so that a shorter list is the head of a longer one.
MERGE_CANDIDATES = 150


def load_hot_terms(
    con: duckdb.DuckDBPyConnection, month: date, *, is_not_hot: bool = False,
    limit: int = DEFAULT_LIMIT, min_papers: int = DEFAULT_MIN_PAPERS, is_merged: bool = True,
    min_similarity: float = merge.DEFAULT_MIN_SIMILARITY, source: str = "fulltext",
    category: str = "all", membership: str = "primary",
) -> pl.DataFrame:
    """Rank the hot (or not-hot) n-grams of `month`, best first, near-duplicates merged.

    `source`: "fulltext" (the papers' texts) or "abstracts" (their titles + abstracts).
    `category`: "all" (every category pooled; a kept list is read when there is one) or one
    category's papers, by `membership` ("primary" or "any"), from the counts by category.

    Columns: those of `sql/hot_ngrams.sql`, then `merged_terms` and `n_merged` when merged.
    """
    _check_history(con, month, check_source(source))
    if limit < 1 or min_papers < 1:
        raise ArxivTrendsError("--limit and --min-papers must be at least 1")
    fetched = max(MERGE_CANDIDATES, 3 * limit) if is_merged else limit
    if category != "all":
        _check_cell(con, category, membership, source)
    params = {"source": source, "month": month, "category": category,
              "membership": membership, "min_papers": min_papers,
              "is_not_hot": is_not_hot, "max_terms": fetched}
    ranked = None if category != "all" else store.load_stored_hot_list(
        con, source, month, is_not_hot, min_papers, fetched)
    if ranked is None:  # no list stored for the month (yet): the query itself
        ranked = run_named_query(con, "hot_ngrams", params)
    if not is_merged:
        return ranked
    start = _recent_start(month)
    window = (date(1, 1, 1), add_months(start, -1)) if is_not_hot else (start, month)
    sample = store.load_abstract_sample if source == "abstracts" else store.load_text_sample
    texts = sample(con, *window, MERGE_SAMPLE_PAPERS)
    return merge.merge_near_duplicates(ranked, texts, min_similarity).head(limit)


def describe_cell(category: str, membership: str) -> str:
    """What a hot list within one category is made of, for the reader."""
    papers = "primary category" if membership == "primary" else "any listing"
    return (f"within {category} ({papers}): each category keeps its most used n-grams a month "
            "(core_ngram_category_months.min_df), so a ratio may be a bound")


def _check_cell(con: duckdb.DuckDBPyConnection, category: str, membership: str,
                source: str) -> None:
    """Raise a clear error unless the n-grams are counted within `category`."""
    if membership not in ("primary", "any"):
        raise ArxivTrendsError(f"membership must be primary or any, not {membership!r}")
    cells = run_named_query(con, "ngram_category_months", {"source": source,
                                                           "last_month": date.max})
    if cells.height == 0:
        raise ArxivTrendsError("this store holds no n-gram counts by category (it was made "
                               "before them): `arxiv-trends recount` counts them")
    known = sorted(set(cells["category"].to_list()))
    if category not in known:
        raise ArxivTrendsError(f"{category} is not a category counted here (known: "
                               f"{', '.join(known)})")


def _recent_start(month: date) -> date:
    return add_months(month, -11)


def choose_source(con: duckdb.DuckDBPyConnection, month: date) -> str:
    """The source a hot list of `month` uses when none is asked for: full text where its
    window and the months before have counts, else the titles + abstracts if they do."""
    for source in SOURCES:
        try:
            _check_history(con, month, source)
        except ArxivTrendsError:
            continue
        return source
    return "fulltext"


def _check_history(con: duckdb.DuckDBPyConnection, month: date, source: str) -> None:
    """Raise a clear error unless n-grams were counted both in and before the window."""
    counted = run_named_query(con, "ngram_months", {"source": source})
    months = counted.filter(pl.col("n_papers_with_text") > 0)["month"].to_list()
    start = _recent_start(month)
    if not any(start <= m <= month for m in months):
        raise ArxivTrendsError(
            f"no {source} n-gram counts in the 12 months up to {month:%Y-%m}: "
            + ("ingest or recount first" if source == "fulltext"
               else "import metadata (import-snapshot) or run count-abstracts first"))
    if not any(m < start for m in months):
        raise ArxivTrendsError(
            f"no {source} n-gram counts before {start:%Y-%m}: a hot list compares the 12 "
            f"months up to {month:%Y-%m} with the months before them")

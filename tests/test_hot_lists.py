"""The kept hot lists: a stored list gives exactly the rows `sql/hot_ngrams.sql` gives.

Two real histories in real DuckDB files: the titles + abstracts of the shared cs.NE papers,
1998-2019 (imported by the real snapshot import: small months, pruned rows), and 30 months of
full-text counts drawn at random and stored by the real `save_month_ngrams` (min_df 2), with
months of 150 to 3,000 papers. Lists are made by the write's publish, as a command does.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipeline import store
from pipeline.analyse import hot
from pipeline.ops import snapshot
from pipeline.papers import add_months
from tests.conftest import make_settings

SUPPORTS = (10, 12, 20)
LENGTHS = (5, 50)


@pytest.fixture(scope="module")
def ne_db(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    settings = make_settings(tmp_path_factory.mktemp("ne"))
    snapshot.import_snapshot(settings, corpus / "metadata" / "cs.NE-1998-2019.jsonl")
    store.publish_read_copy(settings.db_path)
    return settings.db_path


@pytest.fixture(scope="module")
def text_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30 months of full-text counts: 3,000 n-grams, a few rising and falling."""
    db = tmp_path_factory.mktemp("fulltext") / "counts.duckdb"
    rng = np.random.default_rng(2017)
    n_grams = 3_000
    base = 0.3 * np.arange(1, n_grams + 1) ** -0.6
    trend = rng.choice([0.0, 2.0, -2.0], n_grams, p=[0.9, 0.05, 0.05])
    first = np.where(rng.random(n_grams) < 0.01, 22, 0)  # new in the last 8 months
    terms = [f"w{i}" if i % 3 else f"w{i} x{i}" for i in range(n_grams)]
    con = store.connect(db)
    for t in range(30):
        month = add_months(date(2015, 1, 1), t)
        n_papers = 150 if t == 20 else int(rng.integers(500, 3_000))
        share = np.minimum(0.9, base * np.exp(trend * t / 29 + 0.3 * rng.standard_normal(n_grams)))
        counts = rng.binomial(n_papers, share * (t >= first))
        frame = pl.DataFrame({"month": [month] * n_grams, "ngram": terms,
                              "is_bigram": [" " in term for term in terms],
                              "n_papers": counts.astype(np.int32)})
        store.save_month_ngrams(con, month, frame.filter(pl.col("n_papers") > 0), n_papers)
    con.close()
    store.publish_read_copy(db)
    return db


def query(con: duckdb.DuckDBPyConnection, source: str, month: date, is_not_hot: bool,
          min_papers: int, max_terms: int) -> pl.DataFrame:
    return con.sql(store.read_sql("hot_ngrams"), params={
        "source": source, "month": month, "category": "all", "membership": "all",
        "is_not_hot": is_not_hot, "min_papers": min_papers, "max_terms": max_terms}).pl()


def listed_months(con: duckdb.DuckDBPyConnection, source: str) -> list[date]:
    return [m for (m,) in con.execute(
        "select distinct month from core_hot_list_months where source = ? order by month",
        [source]).fetchall()]


def compare_every_list(db: Path, source: str, every: int = 1) -> int:
    """Compare every stored list with the query at support 10 and length 50, and every
    `every`-th month's at every support and length; return the rows compared."""
    con = store.connect(db, read_only=True)
    n_rows = 0
    for i, month in enumerate(listed_months(con, source)):
        for is_not_hot in (False, True):
            for min_papers in SUPPORTS if i % every == 0 else SUPPORTS[:1]:
                for max_terms in LENGTHS if i % every == 0 else LENGTHS[-1:]:
                    stored = store.load_stored_hot_list(con, source, month, is_not_hot,
                                                        min_papers, max_terms)
                    assert stored is not None, (month, is_not_hot, min_papers, max_terms)
                    assert_frame_equal(stored, query(con, source, month, is_not_hot,
                                                     min_papers, max_terms))
                    n_rows += stored.height
    con.close()
    return n_rows


def test_every_stored_abstract_list_is_the_querys(ne_db: Path) -> None:
    con = store.connect(ne_db, read_only=True)
    counted = [m for (m,) in con.execute("select month from core_abstract_ngram_months"
                                         " where n_papers_with_text > 0 order by month").fetchall()]
    months = listed_months(con, "abstracts")
    con.close()
    # every counted month with a counted month before its 12-month window
    assert months == [m for m in counted if add_months(m, -12) >= counted[0]]
    assert len(months) > 200
    assert compare_every_list(ne_db, "abstracts", every=12) > 1_000


def test_every_stored_full_text_list_is_the_querys(text_db: Path) -> None:
    con = store.connect(text_db, read_only=True)
    assert listed_months(con, "fulltext") == [add_months(date(2016, 1, 1), t)
                                              for t in range(18)]
    con.close()
    # every list long enough: 18 months, 2 kinds, 3 supports, 5 + 50 rows
    assert compare_every_list(text_db, "fulltext") == 18 * 2 * 3 * 55


def test_the_hot_list_reads_the_stored_rows(text_db: Path) -> None:
    """load_hot_terms answers from the stored list: the same frame as the query's."""
    con = store.connect(text_db, read_only=True)
    month = date(2017, 6, 1)
    for is_not_hot in (False, True):
        listed = hot.load_hot_terms(con, month, is_not_hot=is_not_hot, limit=50,
                                    min_papers=15, is_merged=False)
        assert_frame_equal(listed, query(con, "fulltext", month, is_not_hot, 15, 50))
        assert listed.height == 50
    con.close()


def test_a_support_below_the_stored_one_is_the_querys(text_db: Path) -> None:
    con = store.connect(text_db, read_only=True)
    month = date(2017, 6, 1)
    assert store.load_stored_hot_list(con, "fulltext", month, False, 5, 50) is None
    listed = hot.load_hot_terms(con, month, limit=50, min_papers=5, is_merged=False)
    assert_frame_equal(listed, query(con, "fulltext", month, False, 5, 50))
    con.close()


def test_a_short_list_serves_only_the_rows_it_holds(text_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "short.duckdb"
    shutil.copyfile(text_db, db)
    con = store.connect(db)
    con.execute("delete from core_hot_list_months")
    con.execute("delete from core_hot_list_terms")
    assert store.make_hot_lists(con, max_terms=20) == 18
    month = date(2017, 6, 1)
    assert_frame_equal(store.load_stored_hot_list(con, "fulltext", month, False, 10, 20),
                       query(con, "fulltext", month, False, 10, 20))
    assert store.load_stored_hot_list(con, "fulltext", month, False, 10, 21) is None
    # at a larger support, 20 rows hold fewer than 20 that have it
    assert store.load_stored_hot_list(con, "fulltext", month, True, 40, 20) is None
    listed = hot.load_hot_terms(con, month, is_not_hot=True, limit=20, min_papers=40,
                                is_merged=False)
    assert_frame_equal(listed, query(con, "fulltext", month, True, 40, 20))
    con.close()


def test_writing_a_month_drops_the_lists_that_read_it(text_db: Path, tmp_path: Path) -> None:
    """A month written again drops its list and every later one, in its transaction; the
    query answers them until the next publish makes them again, from the new counts."""
    db = tmp_path / "rewritten.duckdb"
    shutil.copyfile(text_db, db)
    con = store.connect(db)
    month, later = date(2016, 9, 1), date(2017, 6, 1)
    frame = con.sql("select month, ngram, is_bigram, n_papers from core_ngram_counts"
                    " where month = $month", params={"month": month}).pl()
    n_papers = con.execute("select n_papers_with_text from core_ngram_months where month = ?",
                           [month]).fetchall()[0][0]
    # a new term used by every paper of the month, and no longer "w1"
    frame = pl.concat([frame.filter(pl.col("ngram") != "w1"), pl.DataFrame(
        {"month": [month], "ngram": ["zzz"], "is_bigram": [False], "n_papers": [n_papers]},
        schema=frame.schema)])
    before = hot.load_hot_terms(con, later, limit=50, min_papers=10, is_merged=False)
    store.save_month_ngrams(con, month, frame, n_papers)
    assert listed_months(con, "fulltext") == [add_months(date(2016, 1, 1), t)
                                              for t in range(8)]
    after = hot.load_hot_terms(con, later, limit=50, min_papers=10, is_merged=False)
    assert not after.equals(before)
    assert "zzz" in after["term"].to_list()
    assert_frame_equal(after, query(con, "fulltext", later, False, 10, 50))
    con.close()
    store.publish_read_copy(db)
    con = store.connect(db, read_only=True)
    assert len(listed_months(con, "fulltext")) == 18
    assert_frame_equal(store.load_stored_hot_list(con, "fulltext", later, False, 10, 50),
                       after)
    con.close()

"""The n-gram counts by category: each (category, membership) cell counts exactly its own
papers (compared with the reference tokenisation run on those papers alone, on real texts
with real arXiv category lists), keeps only its most used n-grams with a threshold that
hides no kept count, is stored the same by an ingest and a recount, and answers hot lists
(a category that holds every paper gives the pooled list)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline import store
from pipeline.analyse import hot
from pipeline.count import MonthCounter, bigrams, tokenize
from pipeline.errors import ArxivTrendsError, ExtractError
from pipeline.extract.pdf_text import extract_pdf_text
from pipeline.store.ngram_counts import prune_cells
from pipeline.store.text_files import read_texts, texts_folder_of
from tests.report_site import Site

CATEGORIES = ("cs.AI", "cs.CL", "cs.CV", "cs.LG", "cs.NE", "stat.ML")
MONTH = date(2024, 3, 1)


def reference(texts: list[str]) -> Counter:
    """Papers per n-gram by the reference tokenisation (`tokenize`, `bigrams`)."""
    found: Counter = Counter()
    for text in texts:
        found.update(set(tokenize(text)) | set(bigrams(text)))
    return found


def in_cell(categories: list[str], category: str, membership: str) -> bool:
    """The membership rule, written plainly: primary = listed first; any = listed at all."""
    return categories[0] == category if membership == "primary" else category in categories


@pytest.fixture(scope="module")
def real_papers(real_pdfs: list[Path], corpus: Path) -> list[tuple[str, list[str]]]:
    """The real PDFs' texts, each with a real paper's category list (primary first) from
    the cs.NE metadata, those listing two or more of the six first."""
    listings = [json.loads(line)["categories"].split()
                for line in (corpus / "metadata" / "cs.NE-1998-2019.jsonl").open()]
    listings.sort(key=lambda cats: -len(set(cats) & set(CATEGORIES)))
    texts = []
    for pdf in real_pdfs:
        try:
            texts.append(extract_pdf_text(pdf, pdf.stem))
        except ExtractError:
            continue  # the damaged copy
    return list(zip(texts, listings[::7], strict=False))


def test_each_cell_counts_exactly_its_own_papers(real_papers) -> None:  # noqa: ANN001
    counter = MonthCounter(CATEGORIES)
    for start in range(0, len(real_papers), 5):  # a few at a time, as an ingest adds them
        batch = real_papers[start:start + 5]
        counter.add(MONTH, [t for t, _ in batch], [c for _, c in batch])
    counted = counter.category_counts(MONTH)
    assert counted.papers.height == len(CATEGORIES) * 2
    n_cells_checked = 0
    for category in CATEGORIES:
        for membership in ("primary", "any"):
            mine = [t for t, cats in real_papers if in_cell(cats, category, membership)]
            [n] = counted.papers.filter((pl.col("category") == category) & (
                pl.col("membership") == membership))["n_papers_with_text"].to_list()
            rows = counted.counts.filter((pl.col("category") == category)
                                         & (pl.col("membership") == membership))
            assert n == len(mine)
            assert dict(rows.select("ngram", "n_papers").iter_rows()) == reference(mine)
            assert (rows["is_bigram"] == rows["ngram"].str.contains(" ")).all()
            n_cells_checked += bool(mine)
    assert n_cells_checked >= 4  # real listings reach several categories, both ways
    # the pooled counts are those of every paper, as before
    assert dict(counter.counts(MONTH).select("ngram", "n_papers").iter_rows()) == reference(
        [t for t, _ in real_papers])


def test_a_counter_by_category_needs_each_papers_categories() -> None:
    with pytest.raises(ValueError, match="categories"):
        MonthCounter(CATEGORIES).add(MONTH, ["deep learning"])


@pytest.mark.parametrize("per_cell", [1, 40, 500, 10**6])
def test_each_cell_keeps_its_most_used_and_hides_no_kept_count(real_papers, per_cell) -> None:  # noqa: ANN001
    counter = MonthCounter(CATEGORIES)
    counter.add(MONTH, [t for t, _ in real_papers], [c for _, c in real_papers])
    counted = counter.category_counts(MONTH)
    kept, cells = prune_cells(counted, min_df=2, per_cell=per_cell)
    for category, membership, n_papers, min_df in cells.rows():
        every = sorted(counted.counts.filter(
            (pl.col("category") == category) & (pl.col("membership") == membership)
        )["n_papers"].to_list(), reverse=True)
        stored = kept.filter((pl.col("category") == category)
                             & (pl.col("membership") == membership))["n_papers"].to_list()
        assert len(stored) <= per_cell
        at_least_two = [n for n in every if n >= 2]
        # the threshold: 2, or above the first count that does not fit
        expected = 2 if len(at_least_two) <= per_cell else at_least_two[per_cell] + 1
        assert min_df == expected
        assert sorted(stored, reverse=True) == [n for n in every if n >= expected]
        assert n_papers >= (every[0] if every else 0)


@pytest.fixture()
def db(tiny_db, tmp_path: Path) -> duckdb.DuckDBPyConnection:  # noqa: ANN001
    """A private copy of the tiny ingested sample."""
    copy = tmp_path / "copy.duckdb"
    store.copy_database(tiny_db.db_path, copy)
    con = store.connect(copy)
    yield con
    con.close()


CELLS = ("select source, month, category, membership, ngram, is_bigram, n_papers"
         " from core_ngram_category_counts order by all")
CELL_MONTHS = ("select source, month, category, membership, n_papers_with_text, min_df"
               " from core_ngram_category_months order by all")


def test_an_ingest_and_a_recount_store_the_same_cells(db) -> None:  # noqa: ANN001
    ingested, months = db.sql(CELLS).fetchall(), db.sql(CELL_MONTHS).fetchall()
    assert {row[0] for row in ingested} == {"fulltext", "abstracts"}
    store.recount_ngrams(db)
    recounted = db.sql(CELLS).fetchall()
    fulltext = [row for row in ingested if row[0] == "fulltext"]
    assert [row for row in recounted if row[0] == "fulltext"] == fulltext
    store.recount_ngrams(db)  # again: the same (a month is replaced, never added to)
    assert db.sql(CELLS).fetchall() == recounted
    assert db.sql(CELL_MONTHS).fetchall() == months
    n_rows, n_keys = db.sql("select count(*), count(distinct (source, month, category,"
                            " membership, ngram)) from core_ngram_category_counts").fetchall()[0]
    assert n_rows == n_keys


def test_a_stored_cell_is_a_hand_count_of_its_stored_texts(db, tmp_path: Path) -> None:  # noqa: ANN001
    month, category, n_cell, min_df = db.sql(
        "select month, category, n_papers_with_text, min_df from core_ngram_category_months"
        " where source = 'fulltext' and membership = 'any'"
        " order by n_papers_with_text desc, month, category limit 1").fetchall()[0]
    # the texts that count (of the categories, read, not garbled) and their papers' lists
    rows = db.sql("select t.paper_id, p.primary_category, p.categories, t.text_file"
                  " from core_paper_texts t join core_papers p using (paper_id)"
                  " join out_counted_papers c using (paper_id)"
                  " where c.month = $m and c.is_counted", params={"m": month}).pl()
    texts = pl.concat(list(read_texts(texts_folder_of(tmp_path / "copy.duckdb"), rows, 100)))
    mine = [r["text"] for r in texts.iter_rows(named=True)
            if category in r["categories"] or r["primary_category"] == category]
    assert len(mine) == n_cell > 0
    expected = {g: n for g, n in reference(mine).items() if n >= min_df}
    assert dict(db.sql("select ngram, n_papers from core_ngram_category_counts where source ="
                       " 'fulltext' and month = $m and category = $c and membership = 'any'",
                       params={"m": month, "c": category}).fetchall()) == expected


def test_a_recount_keeps_each_cells_top_and_the_shares_divide_by_the_cell(db) -> None:  # noqa: ANN001
    store.recount_ngrams(db, per_cell=200)
    most = db.sql("select max(n) from (select count(*) as n from core_ngram_category_counts"
                  " where source = 'fulltext' group by month, category, membership)"
                  ).fetchall()[0][0]
    assert 0 < most <= 200
    n_cut = db.sql("select count(*) from core_ngram_category_months"
                   " where source = 'fulltext' and min_df > 2").fetchall()[0][0]
    assert n_cut > 0  # some cells had more than 200 n-grams used by 2+ papers
    n_bad = db.sql("select count(*) from out_ngram_category_share_by_month s"
                   " join core_ngram_category_months m using (source, month, category,"
                   " membership) where s.n_papers < m.min_df"
                   " or abs(s.share_pct - 100.0 * s.n_papers / m.n_papers_with_text) > 1e-9"
                   ).fetchall()[0][0]
    assert n_bad == 0


def test_the_abstracts_cells_count_titles_and_abstracts(db) -> None:  # noqa: ANN001
    month, category, n_cell = db.sql(
        "select month, category, n_papers_with_text from core_ngram_category_months"
        " where source = 'abstracts' and membership = 'primary'"
        " order by n_papers_with_text desc, month, category limit 1").fetchall()[0]
    texts = [t for (t,) in db.sql(
        "select a.text from out_abstract_texts a join core_papers p using (paper_id)"
        " where a.month = $m and p.primary_category = $c",
        params={"m": month, "c": category}).fetchall()]
    assert len(texts) == n_cell > 0
    expected = {g: n for g, n in reference(texts).items() if n >= 2}
    assert dict(db.sql("select ngram, n_papers from core_ngram_category_counts where source ="
                       " 'abstracts' and month = $m and category = $c and membership ="
                       " 'primary'", params={"m": month, "c": category}).fetchall()) == expected


def test_a_category_holding_every_paper_has_the_pooled_hot_list(site: Site,
                                                                tmp_path: Path) -> None:
    copy = tmp_path / "all-cv.duckdb"
    store.copy_database(site.db_path, copy)
    con = store.connect(copy)
    try:
        con.execute("update core_papers set primary_category = 'cs.CV', categories = ['cs.CV']")
        store.recount_ngrams(con, per_cell=10**9)
        month = site.month
        pooled = hot.load_hot_terms(con, month, limit=40, min_papers=3, is_merged=False)
        assert pooled.height > 10
        for membership in ("primary", "any"):
            within = hot.load_hot_terms(con, month, limit=40, min_papers=3, is_merged=False,
                                        category="cs.CV", membership=membership)
            assert within.to_dicts() == pooled.to_dicts()
        with pytest.raises(ArxivTrendsError, match="not a category counted here"):
            hot.load_hot_terms(con, month, category="cs.XX")
        con.execute("delete from core_ngram_category_months")
        with pytest.raises(ArxivTrendsError, match="arxiv-trends recount"):
            hot.load_hot_terms(con, month, category="cs.CV")
    finally:
        con.close()


def test_a_cut_cell_leaves_gaps_only_where_the_count_is_unknown() -> None:
    from pipeline.report.series import explorer_category_series

    m1, m2, m3, m4 = (date(2024, m, 1) for m in (1, 2, 3, 4))
    cells = pl.DataFrame(  # m1, m2: the cell kept its most used (min_df 5); m3: all (2)
        [("cs.CV", "primary", m1, 100, 5, 2), ("cs.CV", "primary", m2, 80, 5, 2),
         ("cs.CV", "primary", m3, 50, 2, 2)],
        schema=["category", "membership", "month", "n_papers_with_text", "min_df",
                "pooled_min_df"], orient="row")
    counts = pl.DataFrame([("cs.CV", "primary", m1, "a", 5)],
                          schema=["category", "membership", "month", "ngram", "n_papers"],
                          orient="row")
    view = explorer_category_series(counts, cells, "cs.CV", [m1, m2, m3, m4],
                                    ["a", "b"])["views"]["primary"]
    assert view["n"] == [100, 80, 50, 0]  # m4: not counted by category
    assert view["k"]["any"] == {"a": [5, None, 0, 0], "b": [None, None, 0, 0]}
    assert view["floor"] == [4.0, 5.0, None, None]  # below 4 of 100, 4 of 80 papers


def test_a_store_without_counts_by_category_reports_without_them(site: Site,
                                                                 tmp_path: Path) -> None:
    from pipeline import report

    copy = tmp_path / "older.duckdb"
    store.copy_database(site.db_path, copy)
    con = store.connect(copy)
    try:  # as a store brought forward from before the counts by category
        con.execute("delete from core_ngram_category_counts")
        con.execute("delete from core_ngram_category_months")
        files = report.render_edition(report.load_edition_data(con), [])
    finally:
        con.close()
    assert not [name for name in files if name.startswith("explorer-cat-")]
    assert '"categories"' not in files["explorer-data.js"]
    front = json.loads(files["cat-cs.CV.js"].splitlines()[1].split(" = ", 1)[1].rstrip(";"))
    assert front["front"]["primary"]["hot"] is None  # the page says: recount counts it
    assert front["front"]["primary"]["gainers"]  # the curated terms need no n-grams

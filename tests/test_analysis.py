"""The analysis views and queries on a database whose every number is known by hand.

Rows go into a real DuckDB file through plain inserts (the tables are the contract); the
views and `sql/` queries under test then compute shares, intervals, background rates and
drill-downs that the test works out itself.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest
from scipy.stats import binomtest

from pipeline import analyse, store

OCT, NOV, JAN = date(2014, 10, 1), date(2014, 11, 1), date(2015, 1, 1)


def wilson_pct(k: int, n: int) -> tuple[float, float]:
    """The 95% Wilson interval, by its textbook formula."""
    z, p = 1.959963984540054, k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return 100 * max(0.0, centre - half), 100 * min(1.0, centre + half)


def add_paper(con: duckdb.DuckDBPyConnection, paper_id: str, month: date,
              categories: list[str], zones: tuple[int, int, int] | None = None) -> None:
    """One paper with text; `zones` = Adam's mentions in (header, body, references)."""
    con.execute("insert into core_papers (paper_id, version, title, primary_category,"
                " categories, published_at, month, source) values (?, 1, ?, ?, ?, ?, ?, 'hand')",
                [paper_id, f"Paper {paper_id} <b>", categories[0], categories,
                 datetime(month.year, month.month, 2), month])
    con.execute("insert into core_paper_texts values (?, 1, 4, 'ok', 0, null, null, 'none')",
                [paper_id])
    if zones:
        con.execute("insert into core_paper_terms values (?, 'adam', ?, ?, ?)", [paper_id, *zones])


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    db: Path = tmp_path_factory.mktemp("analysis") / "hand.duckdb"
    con = store.connect(db)
    con.execute("insert into core_terms values ('adam', 'optimizer', 'Adam', '2014-12-01'),"
                " ('lion', 'optimizer', 'Lion', null)")
    # Before Adam (released 2014-12): 2 of 20 papers match it, one in the body.
    for i in range(10):
        add_paper(con, f"1410.{i:05d}", OCT, ["cs.LG"], (1, 0, 0) if i == 0 else None)
        add_paper(con, f"1411.{i:05d}", NOV, ["cs.CV", "cs.LG"], (0, 2, 0) if i == 0 else None)
    # January 2015: 8 of 20 mention it, 6 of them in the body.
    for i in range(20):
        zones = (0, 3, 1) if i < 6 else (1, 0, 2) if i < 8 else None
        add_paper(con, f"1501.{i:05d}", JAN, ["stat.ML"] if i < 5 else ["cs.LG", "stat.ML"],
                  zones)
    # A paper without text is in no share's denominator.
    con.execute("insert into core_papers (paper_id, version, categories, primary_category,"
                " published_at, month, source) values ('1501.99999', 1, ['cs.LG'], 'cs.LG',"
                " '2015-01-03', '2015-01-01', 'hand')")
    yield con
    con.close()


def test_every_share_has_its_wilson_interval(con: duckdb.DuckDBPyConnection) -> None:
    row = analyse.run_sql(con, "select * from out_term_share_by_month where source ="
                          " 'fulltext' and term = 'adam' and month = '2015-01-01'").to_dicts()[0]
    assert (row["n_mentioning"], row["n_papers"], row["share_pct"]) == (8, 20, 40.0)
    assert (row["share_low_pct"], row["share_high_pct"]) == pytest.approx(wilson_pct(8, 20))
    assert row["share_body_pct"] == 30.0
    assert (row["share_body_low_pct"], row["share_body_high_pct"]) == pytest.approx(
        wilson_pct(6, 20))
    zero = analyse.run_sql(con, "select * from out_term_share_by_month where source ="
                           " 'fulltext' and term = 'lion' and month = '2015-01-01'").to_dicts()[0]
    assert (zero["share_low_pct"], zero["share_high_pct"]) == pytest.approx(wilson_pct(0, 20))


def test_background_rate_and_corrected_share(con: duckdb.DuckDBPyConnection) -> None:
    rows = {r["term"]: r for r in analyse.run_sql(
        con, "select * from out_term_background").to_dicts()}
    adam = rows["adam"]
    assert (adam["n_months_before_release"], adam["n_papers_before_release"]) == (2, 20)
    assert adam["background_pct"] == pytest.approx(10.0)  # 2 of 20
    assert adam["background_body_pct"] == pytest.approx(5.0)  # 1 of 20
    assert (adam["background_low_pct"], adam["background_high_pct"]) == pytest.approx(
        wilson_pct(2, 20))
    assert rows["lion"]["background_pct"] is None  # no release month known
    corrected = analyse.run_sql(con, "select * from out_term_share_corrected_by_month"
                                " where term = 'adam' order by month").to_dicts()
    jan = corrected[-1]
    # net of an independent background b: (s - b) / (1 - b), by hand: 0.3 / 0.9 and
    # 0.25 / 0.95
    assert (jan["corrected_share_pct"], jan["corrected_share_body_pct"]) == pytest.approx(
        (100 * 0.30 / 0.90, 100 * 0.25 / 0.95))
    assert corrected[0]["corrected_share_pct"] == 0.0  # October: 10% - 10%, floored at 0


def test_drill_down_lists_the_papers_behind_a_point(con: duckdb.DuckDBPyConnection) -> None:
    anywhere = analyse.load_papers_mentioning(con, JAN, "adam")
    assert anywhere["paper_id"].to_list() == [f"1501.{i:05d}" for i in range(8)]
    assert anywhere["url"][0] == "https://arxiv.org/abs/1501.00000"
    assert anywhere["title"][0] == "Paper 1501.00000 <b>"
    body = analyse.load_papers_mentioning(con, JAN, "adam", is_body_only=True)
    assert body["paper_id"].to_list() == [f"1501.{i:05d}" for i in range(6)]
    month = analyse.load_papers_of_month(con, JAN, ["cs.LG"])
    assert month.height == 16  # 15 cross-listed with text + the one without
    assert month.filter(~month["has_text"])["paper_id"].to_list() == ["1501.99999"]


def test_denominator_by_category(con: duckdb.DuckDBPyConnection) -> None:
    frame = analyse.run_named_query(con, "papers_by_category_by_month",
                                    {"categories": ["cs.LG", "stat.ML"]})
    got = {(r["month"], r["category"]): (r["n_papers_primary"], r["n_papers_any"],
                                         r["n_with_text"]) for r in frame.to_dicts()}
    assert got == {
        (OCT, "cs.LG"): (10, 10, 10),
        (NOV, "cs.LG"): (0, 10, 10),  # cross-listed from cs.CV
        (JAN, "cs.LG"): (16, 16, 15),
        (JAN, "stat.ML"): (5, 20, 20),
    }


def test_a_gain_of_a_few_papers_in_small_months_is_not_significant(tmp_path: Path) -> None:
    # GoogLeNet in a sample of small months: 1 of 137 papers a year ago, 5 of 175 now
    con = store.connect(tmp_path / "gain.duckdb")
    con.execute("insert into core_terms values ('googlenet', 'convnet', 'GoogLeNet', null)")
    for month, n_papers, n_using in ((date(2016, 3, 1), 137, 1), (date(2017, 3, 1), 175, 5)):
        for i in range(n_papers):
            add_paper(con, f"{month:%y%m}.{i:05d}", month, ["cs.CV"], None)
            if i < n_using:
                con.execute("insert into core_paper_terms values (?, 'googlenet', 0, 1, 0)",
                            [f"{month:%y%m}.{i:05d}"])
    gains = analyse.run_named_query(con, "term_gainers", {"source": "fulltext",
                                                          "month": date(2017, 3, 1)})
    [gain] = gains.filter(pl.col("category") == "all").to_dicts()
    # every paper is cs.CV alone: its category's gains, both ways, are the pooled ones
    columns = [c for c in gains.columns if c not in ("category", "membership")]
    for membership in ("primary", "any"):
        [in_cv] = gains.filter((pl.col("category") == "cs.CV")
                               & (pl.col("membership") == membership)).select(columns).to_dicts()
        assert in_cv == {c: gain[c] for c in columns}
    con.close()
    # Newcombe's interval for a difference of proportions, from scipy's Wilson intervals
    now, ago = 5 / 175, 1 / 137
    now_ci = binomtest(5, 175).proportion_ci(method="wilson")
    ago_ci = binomtest(1, 137).proportion_ci(method="wilson")
    low = now - ago - math.hypot(now - now_ci.low, ago_ci.high - ago)
    high = now - ago + math.hypot(now_ci.high - now, ago - ago_ci.low)
    assert gain["change_pct_points"] == pytest.approx(100 * (now - ago))
    assert (gain["change_low_pct_points"], gain["change_high_pct_points"]) == pytest.approx(
        (100 * low, 100 * high))
    assert low < 0 < high and not gain["is_significant"]

"""Hot and not hot on a corpus small enough to compute every ratio by hand.

Texts are written in code, counted by the real counting path (`count_document_frequencies`,
`save_month_ngrams`) into a real DuckDB file, and ranked by `sql/hot_ngrams.sql`.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import store
from pipeline.analyse import hot
from pipeline.count import ngrams
from pipeline.errors import ArxivTrendsError

MONTH = date(2016, 6, 1)  # the recent window is 2015-07 .. 2016-06


def save_months(db: Path, months: dict[date, dict[str, int]], sizes: dict[date, int]) -> None:
    """Count months of one-line texts: `months[m][word]` of the `sizes[m]` papers use word."""
    con = store.connect(db)
    for month, words in months.items():
        # one word a paragraph (no bigrams); "the" alone is no n-gram at all
        texts = ["\n\n".join(w for w, k in words.items() if i < k) or "the"
                 for i in range(sizes[month])]
        frame = pl.DataFrame({"paper_id": [f"{month:%y%m}.{i:05d}" for i in range(len(texts))],
                              "month": [month] * len(texts), "text": texts})
        counts = ngrams.count_document_frequencies(frame)
        store.save_month_ngrams(con, month, counts, len(texts))
    con.close()


SIZES = {date(2015, 1, 1): 25_000, date(2015, 6, 1): 1_000, date(2015, 7, 1): 1_000,
         date(2016, 1, 1): 200, date(2016, 6, 1): 10_000}
USES = {
    # The original's worked example: 1.044% at most before, 8.53% at most in the last
    # 12 months: 8.53 / 1.044 = 8.17.
    date(2015, 1, 1): {"resnet": 261, "fractal": 2_500, "edge": 100},
    date(2015, 6, 1): {"resnet": 5, "fractal": 20, "edge": 30},
    # 2015-07 is the first recent month, 2015-06 the last one before.
    date(2015, 7, 1): {"edge": 15, "gans": 2},
    date(2016, 1, 1): {"resnet": 10, "fractal": 1, "rare": 4},
    date(2016, 6, 1): {"resnet": 853, "fractal": 46, "gans": 300, "rare": 2},
}


@pytest.fixture(scope="module")
def hand_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("hot") / "hot.duckdb"
    save_months(db, USES, SIZES)  # min_df 2: a word of one paper in a month is not stored
    return db


def exact_ratio(term: str) -> float:
    """The ratio from every paper's use, pruned ones too, as the original computed it."""
    recent = max(USES[m].get(term, 0) / SIZES[m] for m in SIZES if m > date(2015, 6, 1))
    before = max(USES[m].get(term, 0) / SIZES[m] for m in SIZES if m <= date(2015, 6, 1))
    return math.inf if before == 0 else recent / before


def hot_list(db: Path, **options: object) -> pl.DataFrame:
    con = store.connect(db, read_only=True)
    try:
        return hot.load_hot_terms(con, MONTH, is_merged=False, **options)
    finally:
        con.close()


def row(frame: pl.DataFrame, term: str) -> dict:
    return frame.filter(pl.col("term") == term).to_dicts()[0]


def test_the_originals_worked_example_gives_8_17(hand_db: Path) -> None:
    resnet = row(hot_list(hand_db, min_papers=1), "resnet")
    assert resnet["max_share_before_pct"] == pytest.approx(1.044)  # 261 / 25,000
    # 2016-01 has 10 / 200 = 5%, under 853 / 10,000 = 8.53%
    assert resnet["max_share_recent_pct"] == pytest.approx(8.53)
    assert resnet["ratio"] == pytest.approx(8.53 / 1.044)
    assert round(resnet["ratio"], 2) == 8.17
    assert (resnet["peak_month_recent"], resnet["peak_month_before"]) == (
        date(2016, 6, 1), date(2015, 1, 1))
    assert (resnet["n_papers_recent"], resnet["n_papers_before"]) == (853, 261)
    se = math.sqrt(1 / 853 - 1 / 10_000 + 1 / 261 - 1 / 25_000)  # Katz, by hand
    assert resnet["z_score"] == pytest.approx(math.log(8.53 / 1.044) / se)
    assert resnet["ratio_low_95"] == pytest.approx(8.53 / 1.044 * math.exp(-1.959964 * se))
    assert resnet["ratio_low_95"] < resnet["ratio"] < resnet["ratio_high_95"]


def test_hot_order_with_the_bounds_pruned_months_allow(hand_db: Path) -> None:
    listed = hot_list(hand_db, min_papers=1)
    # gans: no month before stores it, but 2015-01 and 2015-06 may each hide one paper
    # (min_df 2): before is at most 1 / 1,000 = 0.1%, so the ratio is at least 3% / 0.1% =
    # 30; rare: at least 2% (4 / 200) / 0.1% = 20; resnet 8.17 exactly; edge 15 / 1,000 =
    # 1.5% over 30 / 1,000 = 3%: 0.5 exactly; fractal at least 0.46% / 10% = 0.046.
    assert listed["term"].to_list() == ["gans", "rare", "resnet", "edge", "fractal"]
    gans = row(listed, "gans")
    assert (gans["ratio"], gans["ratio_kind"], gans["is_new"]) == (
        pytest.approx(30.0), "at least", False)
    assert gans["max_share_before_pct"] == 0 and gans["max_pruned_share_before_pct"] == 0.1
    assert gans["max_share_recent_pct"] == pytest.approx(3.0)  # 300 / 10,000
    assert row(listed, "rare")["ratio"] == pytest.approx(20.0)
    # The window edge: 2015-06 is before (3%), 2015-07 recent (1.5%).
    assert (row(listed, "edge")["ratio"], row(listed, "edge")["ratio_kind"]) == (
        pytest.approx(0.5), "exact")
    assert row(listed, "fractal")["ratio_kind"] == "at least"


def test_every_ratio_is_the_exact_one_or_a_bound_of_it(hand_db: Path) -> None:
    for is_not_hot in (False, True):
        for listed in hot_list(hand_db, min_papers=1, is_not_hot=is_not_hot).to_dicts():
            exact = exact_ratio(listed["term"])
            if listed["ratio_kind"] == "exact":
                assert listed["ratio"] == pytest.approx(exact), listed["term"]
            elif listed["ratio_kind"] == "at least":
                assert listed["ratio"] <= exact * (1 + 1e-9), listed["term"]
            else:
                assert listed["ratio"] >= exact * (1 - 1e-9), listed["term"]


def test_not_hot_lists_the_lowest_ratio_first(hand_db: Path) -> None:
    listed = hot_list(hand_db, is_not_hot=True, min_papers=1)
    fractal = row(listed, "fractal")
    # 46 / 10,000 = 0.46% stored recently, but 2016-01 may hide one paper of 200 (0.5%, it
    # holds exactly one): the ratio is at most 0.5% / 10% (2,500 / 25,000) = 0.05, which is
    # the exact ratio; the original, reading the pruned month as 0, said 0.046.
    assert (fractal["ratio"], fractal["ratio_kind"]) == (pytest.approx(0.05), "at most")
    assert exact_ratio("fractal") == pytest.approx(0.05)
    assert listed["term"].to_list() == ["fractal", "edge", "resnet"]  # gans, rare: none before
    assert fractal["z_score"] < 0 and fractal["ratio_high_95"] < 1 and fractal["is_significant"]


def test_a_term_no_paper_used_before_is_new(tmp_path: Path) -> None:
    db = tmp_path / "new.duckdb"
    con = store.connect(db)
    for month, n_using, n_papers in ((date(2015, 1, 1), 0, 50), (date(2016, 6, 1), 20, 50)):
        texts = ["transformers" if i < n_using else "network" for i in range(n_papers)]
        frame = pl.DataFrame({"paper_id": [f"{month:%y%m}.{i:05d}" for i in range(n_papers)],
                              "month": [month] * n_papers, "text": texts})
        store.save_month_ngrams(con, month, ngrams.count_document_frequencies(frame), n_papers,
                                min_df=1)  # nothing pruned: a missing row is no paper
    listed = hot.load_hot_terms(con, MONTH, min_papers=1, is_merged=False)
    con.close()
    new = row(listed, "transformers")
    assert math.isinf(new["ratio"]) and new["is_new"] and new["ratio_kind"] == "exact"


def test_min_papers_is_checked_on_the_deciding_peak(hand_db: Path) -> None:
    # recent peaks: resnet 853, gans 300, fractal 46, edge 15, rare 4 (2% of 200)
    assert hot_list(hand_db, min_papers=15)["term"].to_list() == [
        "gans", "resnet", "edge", "fractal"]
    assert hot_list(hand_db, min_papers=300)["term"].to_list() == ["gans", "resnet"]
    # before peaks: fractal 2,500, resnet 261, edge 30 (3% of 1,000 beats 100 / 25,000)
    assert hot_list(hand_db, is_not_hot=True, min_papers=31)["term"].to_list() == [
        "fractal", "resnet"]
    assert hot_list(hand_db, min_papers=1, limit=2)["term"].to_list() == ["gans", "rare"]


def test_a_month_without_history_before_the_window_is_refused(hand_db: Path) -> None:
    con = store.connect(hand_db, read_only=True)
    with pytest.raises(ArxivTrendsError, match="before 2015-01"):
        hot.load_hot_terms(con, date(2015, 12, 1))
    with pytest.raises(ArxivTrendsError, match="12 months up to 2020-01"):
        hot.load_hot_terms(con, date(2020, 1, 1))
    con.close()


@settings(max_examples=15, deadline=None)
@given(sizes=st.lists(st.integers(2, 60), min_size=14, max_size=14))
def test_a_term_with_an_unchanged_share_has_ratio_1(tmp_path_factory, sizes: list[int]) -> None:
    months = [date(2015 + (i + 5) // 12, (i + 5) % 12 + 1, 1) for i in range(14)]
    db = tmp_path_factory.mktemp("flat") / "flat.duckdb"
    # a quarter of every month's papers use "steady"
    save_months(db, {m: {"steady": n} for m, n in zip(months, sizes)},
                {m: 4 * n for m, n in zip(months, sizes)})
    con = store.connect(db, read_only=True)
    listed = hot.load_hot_terms(con, months[-1], min_papers=1, is_merged=False)
    con.close()
    assert row(listed, "steady")["ratio"] == pytest.approx(1.0)
    assert row(listed, "steady")["z_score"] == pytest.approx(0.0, abs=1e-9)

"""n-gram document frequencies: the tokenisation rules, polars == the reference, storage."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import store
from pipeline.count import MonthCounter, ngrams
from pipeline.errors import ExtractError
from pipeline.extract.pdf_text import extract_pdf_text

JAN = date(2024, 1, 1)


@pytest.mark.parametrize(
    ("text", "tokens", "pairs"),
    [
        ("State-of-the-art ResNet-50 and word2vec beat GPT-3.5 in 2023.",
         ["state-of-the-art", "resnet-50", "word2vec", "beat", "gpt-3.5"],
         ["state-of-the-art resnet-50", "word2vec beat", "beat gpt-3.5"]),
        # one line break joins (PDF lines wrap), a blank line and a full stop do not
        ("deep neural\nnetworks\n \nneural networks. Deep learning",
         ["deep", "neural", "networks", "neural", "networks", "deep", "learning"],
         ["deep neural", "neural networks", "neural networks", "deep learning"]),
        ("graph\fneural nets, images (networks) train_loss",
         ["graph", "neural", "nets", "images", "networks", "train", "loss"],
         ["neural nets"]),
        # numbers, single characters and stop words are dropped and break bigrams
        ("layer 3 conv, a x of the e.g. pre- and post-training 1-2 3.5",
         ["layer", "conv", "pre", "post-training"], []),
        ("Schölkopf's ŁUKASZ kernel-", ["schölkopf", "łukasz", "kernel"], ["łukasz kernel"]),
        ("ADAM Optimizer\twith momentum\r\nSGD", ["adam", "optimizer", "momentum", "sgd"],
         ["adam optimizer", "momentum sgd"]),
        ("x" * 41 + " tiny " + "y" * 40, ["tiny", "y" * 40], ["tiny " + "y" * 40]),
    ],
)
def test_tokenisation_rules(text: str, tokens: list[str], pairs: list[str]) -> None:
    assert ngrams.tokenize(text) == tokens
    assert ngrams.bigrams(text) == pairs


def reference_counts(texts: dict[str, str], months: dict[str, date]) -> Counter:
    """Papers per (month, ngram), counted with the reference tokeniser."""
    found: Counter = Counter()
    for paper_id, text in texts.items():
        for gram in set(ngrams.tokenize(text)) | set(ngrams.bigrams(text)):
            found[(months[paper_id], gram)] += 1
    return found


def polars_counts(texts: dict[str, str], months: dict[str, date], batch: int) -> Counter:
    frame = pl.DataFrame({"paper_id": list(texts), "month": [months[p] for p in texts],
                          "text": list(texts.values())}, schema_overrides={"month": pl.Date})
    counted = ngrams.count_document_frequencies(frame, batch_bytes=batch)
    assert (counted["is_bigram"] == counted["ngram"].str.contains(" ", literal=True)).all()
    assert counted.select("month", "ngram").is_unique().all()
    return Counter({(r[0], r[1]): r[2] for r in counted.select(
        "month", "ngram", "n_papers").iter_rows()})


@pytest.fixture(scope="module")
def real_texts(real_pdfs: list[Path]) -> dict[str, str]:
    texts = {}
    for pdf in real_pdfs:
        try:
            texts[pdf.name] = extract_pdf_text(pdf, pdf.stem)
        except ExtractError:
            continue  # the damaged copy
    return texts


def test_polars_equals_the_reference_on_real_papers(real_texts: dict[str, str]) -> None:
    one_month = dict.fromkeys(real_texts, JAN)
    each_own = {pid: date(2000 + i, 1, 1) for i, pid in enumerate(real_texts)}
    expected = reference_counts(real_texts, one_month)
    assert len(real_texts) >= 26 and len(expected) > 10_000
    assert polars_counts(real_texts, one_month, batch=100_000) == expected
    # one paper a month: each paper's n-gram set is exactly the reference's
    assert polars_counts(real_texts, each_own, batch=10**9) == reference_counts(
        real_texts, each_own)


WORDS = ["the", "of", "Deep", "neural", "net-", "GPT-4", "3.5", "e.g.", "a", "Σ", "İ", "ẞ",
         "Schölkopf", "x" * 41, "word2vec", "ſ"]
ALPHABET = "aZé-.,' \n\n\f\t\r_07ΣςıİÅŁ\u0307\u00a0"
texts_strategy = st.lists(
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(ALPHABET, max_size=6)), max_size=25)
    .map(" ".join), min_size=1, max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(texts_strategy, st.randoms(use_true_random=False))
def test_polars_equals_the_reference_and_ignores_order(texts: list[str], rng) -> None:
    papers = {f"p{i}": text for i, text in enumerate(texts)}
    months = {pid: JAN if i % 3 else date(2024, 2, 1) for i, pid in enumerate(papers)}
    expected = reference_counts(papers, months)
    assert polars_counts(papers, months, batch=10**9) == expected
    shuffled = list(papers.items())
    rng.shuffle(shuffled)
    assert polars_counts(dict(shuffled), months, batch=7) == expected


@settings(max_examples=40, deadline=None)
@given(texts_strategy, st.integers(min_value=1, max_value=4))
def test_counting_as_texts_pass_equals_the_reference(texts: list[str], per_add: int) -> None:
    """The ingest's running counts (texts added a few at a time) equal counting them all."""
    papers = {f"p{i}": text for i, text in enumerate(texts)}
    months = {pid: JAN if i % 3 else date(2024, 2, 1) for i, pid in enumerate(papers)}
    counter = MonthCounter()
    items = list(papers.items())
    for start in range(0, len(items), per_add):
        for month in set(months.values()):
            counter.add(month, [t for pid, t in items[start:start + per_add]
                                if months[pid] == month])
    found: Counter = Counter()
    for month in set(months.values()):
        assert counter.n_papers(month) == sum(1 for m in months.values() if m == month)
        counted = counter.counts(month)
        assert counted.select("ngram").is_unique().all()
        found.update({(r[0], r[1]): r[2] for r in counted.select(
            "month", "ngram", "n_papers").iter_rows()})
    assert found == reference_counts(papers, months)


@pytest.fixture()
def db(tiny_db, tmp_path: Path) -> duckdb.DuckDBPyConnection:
    """A private copy of the tiny ingested sample, so recounts leave the fixture alone."""
    copy = tmp_path / "copy.duckdb"
    store.copy_database(tiny_db.db_path, copy)
    con = store.connect(copy)
    yield con
    con.close()


def stored(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.sql("select month, ngram, is_bigram, n_papers from core_ngram_counts"
                   " order by all").fetchall()


def test_recount_is_idempotent_unique_and_prunes_exactly(db) -> None:
    first = store.recount_ngrams(db, min_df=1, batch_papers=7)
    all_rows = stored(db)
    assert store.recount_ngrams(db, min_df=1, batch_papers=50) == first
    assert stored(db) == all_rows
    n_rows, n_keys = db.sql("select count(*), count(distinct (month, ngram))"
                            " from core_ngram_counts").fetchall()[0]
    assert n_rows == n_keys == len(all_rows) == sum(m.n_rows for m in first)
    store.recount_ngrams(db, min_df=3)
    assert stored(db) == [row for row in all_rows if row[3] >= 3]
    assert db.sql("select distinct min_df from core_ngram_months").fetchall() == [(3,)]


def test_month_papers_and_shares(db) -> None:
    results = store.recount_ngrams(db, min_df=2)
    with_text = dict(db.sql("select month, count(*) from core_papers semi join"
                            " core_paper_texts using (paper_id) group by month").fetchall())
    assert {m.month: m.n_papers_with_text for m in results} == with_text
    lowest, highest, n_shares = db.sql("select min(share_pct), max(share_pct), count(*)"
                                       " from out_ngram_share_by_month"
                                       " where source = 'fulltext'").fetchall()[0]
    assert n_shares == sum(m.n_rows for m in results) > 0
    assert 0 < lowest <= highest <= 100


def test_a_month_is_replaced_in_one_transaction(db) -> None:
    month = store.recount_ngrams(db)[0].month
    before = stored(db)
    broken = pl.DataFrame({"month": [month], "ngram": ["deep learning"], "n_papers": [5]},
                          schema_overrides={"month": pl.Date})  # no is_bigram: insert fails
    with pytest.raises(duckdb.Error):
        store.save_month_ngrams(db, month, broken, n_papers_with_text=10, min_df=2)
    assert stored(db) == before
    with pytest.raises(ValueError, match="other than"):
        store.save_month_ngrams(db, date(1999, 1, 1), broken, 10)


def test_a_month_without_texts_is_emptied(db) -> None:
    month = store.recount_ngrams(db)[0].month
    db.execute("delete from core_paper_texts where paper_id in"
               " (select paper_id from core_papers where month = ?)", [month])
    result = {m.month: m for m in store.recount_ngrams(db)}[month]
    assert (result.n_papers_with_text, result.n_rows) == (0, 0)
    assert db.sql("select count(*) from core_ngram_counts where month = $m",
                  params={"m": month}).fetchall() == [(0,)]

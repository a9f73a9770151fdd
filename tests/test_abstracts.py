"""Abstract-level counts: every paper of the categories, on its title + abstract."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from pipeline import analyse
from pipeline.count import bigrams, default_terms_path, tokenize
from pipeline.ops import abstracts, recount, snapshot
from tests.conftest import make_settings

SGD = re.compile(r"(?<![a-z0-9])(?:sgd|stochastic\s+gradient\s+descent)(?![a-z])")


def test_snapshot_papers_get_an_abstract_series(corpus: Path, tmp_path: Path) -> None:
    path = corpus / "metadata" / "cs.NE-1998-2019.jsonl"
    settings = make_settings(tmp_path)
    snapshot.import_snapshot(settings, path)
    summary = abstracts.count_abstracts(settings)  # the import counted them: nothing to do
    assert summary.months == ()

    con = duckdb.connect(str(settings.db_path))
    ids = {r[0] for r in con.execute("select paper_id from core_papers").fetchall()}
    in_categories = {r[0] for r in con.execute(
        "select paper_id from out_counted_papers where is_in_categories").fetchall()}
    assert in_categories == ids  # the import keeps only papers of the categories
    counted = con.execute("select paper_id from core_abstract_counts").fetchall()
    assert {r[0] for r in counted} == ids
    sources = dict(con.execute("select text_source, count(*) from out_paper_text_source"
                               " group by all").fetchall())
    assert sources == {"abstracts": len(ids)}
    found = con.execute("select paper_id from core_abstract_terms where term = 'sgd'").fetchall()

    expected = set()
    for line in path.read_text().splitlines():
        record = json.loads(line)
        text = f"{record['title']}\n\n{record['abstract']}".lower()
        if SGD.search(" ".join(text.split())):
            expected.add(record["id"])
    assert expected and {r[0] for r in found} <= ids
    assert len(found) == len(expected)

    one = sorted(ids)[0]  # a paper whose PDF is read stays in the abstract series
    con.execute("insert into core_paper_texts values (?, 1, 4, 'short', 0, null, null, 'none')",
                [one])
    month_counts = Counter(m for m, in con.execute("select month from core_papers").fetchall())
    series = dict(con.execute("select month, n_papers from out_term_share_by_month"
                              " where source = 'abstracts' and term = 'sgd'").fetchall())
    assert series == dict(month_counts)
    ngram_months = dict(con.execute("select month, n_papers_with_text"
                                    " from core_abstract_ngram_months").fetchall())
    assert ngram_months == dict(month_counts)  # the n-grams' denominators are the same
    month_of = dict(con.execute("select paper_id, month from core_papers").fetchall())
    mentioning = dict(con.execute("select month, n_mentioning from out_term_share_by_month"
                                  " where source = 'abstracts' and term = 'sgd'").fetchall())
    by_month = Counter(month_of[pid] for pid in expected)
    assert mentioning == {month: by_month.get(month, 0) for month in month_counts}
    con.close()


def test_the_abstract_totals_follow_the_papers(corpus: Path, tmp_path: Path) -> None:
    """The abstract shares read per-month totals written as a month is counted: a database
    without them counts its months again, and a paper that lost its abstract leaves both the
    denominator and the papers behind a share."""
    settings = make_settings(tmp_path)
    snapshot.import_snapshot(settings, corpus / "metadata" / "cs.NE-1998-2019.jsonl")
    series_sql = ("select month, n_papers, n_mentioning from out_term_share_by_month"
                  " where source = 'abstracts' and term = 'sgd' order by month")
    con = duckdb.connect(str(settings.db_path))
    before = con.execute(series_sql).fetchall()
    con.execute("delete from core_abstract_term_months")  # as counted before they were kept
    assert con.execute(series_sql).fetchall() == []  # months without totals: absent, not 0
    con.close()
    assert abstracts.count_abstracts(settings).months == tuple(m for m, _, _ in before)
    con = duckdb.connect(str(settings.db_path))
    assert con.execute(series_sql).fetchall() == before

    month, n_papers, n_sgd = next(row for row in before if row[2] > 0)
    gone = con.execute("select paper_id from core_abstract_terms join core_papers using"
                       " (paper_id) where term = 'sgd' and month = ? order by paper_id"
                       " limit 1", [month]).fetchall()[0][0]
    con.execute("update core_papers set abstract = '' where paper_id = ?", [gone])
    con.close()
    assert abstracts.count_abstracts(settings).months == (month,)
    con = duckdb.connect(str(settings.db_path))
    after = dict((m, (n, k)) for m, n, k in con.execute(series_sql).fetchall())
    assert after[month] == (n_papers - 1, n_sgd - 1)
    behind = con.execute("select count(*) from out_source_papers where source = 'abstracts'"
                         " and month = ?", [month]).fetchall()[0][0]
    assert behind == n_papers - 1
    con.close()


def test_a_hot_list_over_real_abstracts_equals_a_hand_computation(
        corpus: Path, tmp_path: Path) -> None:
    """The real cs.NE metadata alone (no PDF): `hot --source abstracts` for 2018-12, each ratio
    worked out here from the JSON lines with the reference tokeniser, unpruned."""
    path = corpus / "metadata" / "cs.NE-1998-2019.jsonl"
    settings = make_settings(tmp_path)
    snapshot.import_snapshot(settings, path)
    month = date(2018, 12, 1)

    papers_of_month: dict[date, int] = Counter()
    df: dict[str, Counter] = defaultdict(Counter)  # n-gram -> month -> papers
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        created = datetime.strptime(record["versions"][0]["created"],
                                    "%a, %d %b %Y %H:%M:%S %Z")
        first = date(created.year, created.month, 1)
        text = f"{record['title']}\n\n{record['abstract']}"
        papers_of_month[first] += 1
        for ngram in set(tokenize(text)) | set(bigrams(text)):
            df[ngram][first] += 1

    def peak(ngram: str, is_recent: bool) -> float:
        start = date(2018, 1, 1)
        return max((n / papers_of_month[m] for m, n in df[ngram].items()
                    if (start <= m <= month) == is_recent and m <= month), default=0.0)

    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        assert analyse.hot.choose_source(con, month) == "abstracts"  # no full text at all
        for is_not_hot in (False, True):
            listed = analyse.load_hot_terms(con, month, is_not_hot=is_not_hot, limit=30,
                                            min_papers=5, is_merged=False, source="abstracts")
            assert listed.height == 30
            for row in listed.iter_rows(named=True):
                exact = peak(row["term"], True) / peak(row["term"], False)
                if row["ratio_kind"] == "exact":
                    assert row["ratio"] == pytest.approx(exact, rel=1e-9), row["term"]
                elif row["ratio_kind"] == "at least":
                    assert row["ratio"] <= exact * (1 + 1e-9), row["term"]
                else:
                    assert row["ratio"] >= exact * (1 - 1e-9), row["term"]
            if not is_not_hot:  # (the not-hot list's early months are tiny: bounds, labelled)
                assert (listed["ratio_kind"] == "exact").sum() >= 10
    finally:
        con.close()


def test_a_new_term_reaches_every_abstract_through_recount(corpus: Path, tmp_path: Path) -> None:
    """The terms file changes: `recount` counts every title + abstract's terms again (no
    abstract changed, so the ingest's out-of-date check alone would not), and then nothing is
    left out of date."""
    path = corpus / "metadata" / "cs.NE-1998-2019.jsonl"
    first, last = date(2017, 1, 1), date(2017, 6, 1)
    terms_path = tmp_path / "terms.toml"
    terms_path.write_text(default_terms_path().read_text(encoding="utf-8"), encoding="utf-8")
    settings = make_settings(tmp_path, terms_path=terms_path)
    snapshot.import_snapshot(settings, path, first, last)
    terms_path.write_text(terms_path.read_text(encoding="utf-8") + (
        '\n[[terms]]\nfamily = "model"\nterm = "spiking"\nlabel = "Spiking networks"\n'
        'aliases = ["spiking"]\nreleased = "1997-01"\n'), encoding="utf-8")
    recount.recount_terms(settings)

    expected = set()
    for record in map(json.loads, path.read_text(encoding="utf-8").splitlines()):
        created = datetime.strptime(record["versions"][0]["created"], "%a, %d %b %Y %H:%M:%S %Z")
        text = f"{record['title']}\n\n{record['abstract']}".lower()
        if first <= date(created.year, created.month, 1) <= last and re.search(
                r"(?<![a-z0-9])spiking(?![a-z])", text):
            expected.add(record["id"])
    con = duckdb.connect(str(settings.db_path), read_only=True)
    found = {pid for pid, in con.execute(
        "select paper_id from core_abstract_terms where term = 'spiking'").fetchall()}
    con.close()
    assert expected and found == expected
    assert abstracts.count_abstracts(settings).months == ()


def test_a_metadata_ingest_with_new_categories_recounts_the_full_text_ngrams(
        tiny_sample, tmp_path: Path) -> None:
    """The categories change on an ingest of metadata alone: the full-text n-gram months are
    counted again, so their denominators stay those of the papers that count."""
    from pipeline.ops import local

    local.ingest_feeds(make_settings(tmp_path), list(tiny_sample.feed_paths),
                       tiny_sample.pdf_dir, "sample")
    metadata = tmp_path / "one.jsonl"
    metadata.write_text(json.dumps({
        "id": "1511.99999", "title": "A paper", "abstract": "An abstract.",
        "categories": "cs.CV", "authors_parsed": [],
        "versions": [{"version": "v1", "created": "Mon, 2 Nov 2015 10:00:00 GMT"}]}) + "\n")
    snapshot.import_snapshot(make_settings(tmp_path, categories=("cs.CV",)), metadata)

    con = duckdb.connect(str(tmp_path / "test.duckdb"), read_only=True)
    counted = dict(con.execute("select month, n_papers_with_text from core_ngram_months"
                               " where n_papers_with_text > 0").fetchall())
    expected = dict(con.execute("select month, n_with_text from out_papers_by_month"
                                " where n_with_text > 0").fetchall())
    con.close()
    assert counted == expected

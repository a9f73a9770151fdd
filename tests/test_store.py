"""Store and analyse on a real DuckDB file, fed by the whole path on a tiny sample."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline import analyse, store
from pipeline.count.terms import load_terms
from pipeline.extract.zones import Zones
from pipeline.ops import ingest, local
from pipeline.sources import PaperBatch, Source
from pipeline.sources.atom import parse_feed
from pipeline.sources.records import papers_frame, versions_frame
from pipeline.store.frames import (
    failures_frame,
    ids_frame,
    mentions_frame,
    months_frame,
    texts_frame,
)
from pipeline.store.institutions import INSTITUTION_SCHEMA, READ_SCHEMA
from pipeline.store.ror import ROR_SCHEMA
from tests.conftest import make_settings


def counts(db: Path) -> dict[str, tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            table: con.execute(
                f"select count(*), count(distinct paper_id) from {table}").fetchall()[0]
            for table in ("core_papers", "core_paper_texts", "core_paper_terms",
                          "core_extract_failures")
        }
    finally:
        con.close()


# the texts' rows with their texts' md5, not the files' names (a new name every write)
TEXT_ROWS = ("select core_paper_texts.* exclude (text_file), md5(paper_texts.text) "
             "from core_paper_texts left join paper_texts using (paper_id) order by all")


def core_rows(db: Path) -> dict[str, list[tuple]]:
    """Every row of the tables a month's write replaces, ordered (texts as md5)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        store.register_texts(con)
        return {table: con.execute(TEXT_ROWS if table == "core_paper_texts" else
                                   f"select * from {table} order by all").fetchall()
                for table in ("core_papers", "core_paper_versions", "core_paper_texts",
                              "core_paper_terms", "core_extract_failures", "core_ngram_counts",
                              "core_ngram_months", "ingest_runs")}
    finally:
        con.close()


def test_mentions_equal_the_sample_truth(tiny_sample, tiny_db) -> None:
    truth = json.loads((tiny_sample.out_dir / "truth.json").read_text())["papers"]
    con = store.connect(tiny_db.db_path, read_only=True)
    rows = con.execute("select paper_id, list(term order by term) from core_paper_terms "
                       "group by paper_id").fetchall()
    n_papers = con.execute("select count(*) from core_papers").fetchall()[0][0]
    con.close()
    found = {pid: sorted(terms) for pid, terms in rows}
    assert n_papers == len(truth) == tiny_sample.n_papers
    assert found == {pid: sorted(t) for pid, t in truth.items() if t}


def test_shares_match_a_hand_count(tiny_sample, tiny_db) -> None:
    truth = json.loads((tiny_sample.out_dir / "truth.json").read_text())["papers"]
    con = store.connect(tiny_db.db_path, read_only=True)
    months = dict(con.execute("select paper_id, month from core_papers").fetchall())
    shares = analyse.load_term_shares(con)
    con.close()
    papers_per_month = Counter(months.values())
    mentioning = Counter((months[pid], t) for pid, terms in truth.items() for t in terms)
    n_terms = len(load_terms())
    assert shares.height == len(papers_per_month) * n_terms
    for row in shares.iter_rows(named=True):
        expected = 100.0 * mentioning[(row["month"], row["term"])] / papers_per_month[row["month"]]
        assert row["share_pct"] == pytest.approx(expected)
        assert 0 <= row["share_pct"] <= 100


def test_reingest_replaces_without_duplicates(tiny_sample, tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    feeds = list(tiny_sample.feed_paths)
    local.ingest_feeds(settings, feeds, tiny_sample.pdf_dir, "sample")
    first = counts(settings.db_path)
    local.ingest_feeds(settings, feeds[1:2], tiny_sample.pdf_dir, "sample")
    local.ingest_feeds(settings, feeds, tiny_sample.pdf_dir, "sample")
    assert counts(settings.db_path) == first
    for n_rows, n_ids in list(first.values())[:2]:
        assert n_rows == n_ids  # one row per paper


def test_missing_and_damaged_pdfs_are_recorded_and_the_rest_stored(
    tiny_sample, tmp_path: Path
) -> None:
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    originals = sorted(tiny_sample.pdf_dir.glob("*.pdf"))
    for pdf in originals[2:]:
        (pdfs / pdf.name).write_bytes(pdf.read_bytes())
    (pdfs / originals[0].name).write_bytes(b"<html>This paper has been withdrawn</html>")
    settings = make_settings(tmp_path)
    summary = local.ingest_feeds(settings, list(tiny_sample.feed_paths), pdfs, "sample")
    assert summary.n_failed == 2
    assert summary.n_with_text == tiny_sample.n_papers - 2
    con = store.connect(settings.db_path, read_only=True)
    reasons = dict(con.execute("select pdf_path, reason from core_extract_failures").fetchall())
    con.close()
    assert reasons[str(pdfs / originals[1].name)] == "no PDF file"
    assert "PDF" in reasons[str(pdfs / originals[0].name)]


def sql_literal(value: object) -> str:
    """A constant of this test as a SQL literal (what a duckdb CLI user would type)."""
    if isinstance(value, date):
        return f"DATE '{value}'"
    if isinstance(value, list):
        return "[" + ", ".join(map(sql_literal, value)) + "]"
    if isinstance(value, str):
        return f"'{value}'"
    return "NULL" if value is None else str(value).lower()


def test_every_sql_file_runs_on_a_fresh_database(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "fresh.duckdb")
    for path in sorted((store.sql_dir() / "schema").glob("*.sql")):
        con.execute(path.read_text())
    values = {"month": date(2017, 3, 1), "family": "framework", "max_terms": 10, "max_papers": None,
              "categories": ["cs.LG", "cs.CV"], "paper_id": "1706.03762", "min_papers": 1,
              "is_not_hot": False, "term": "tensorflow", "is_body_only": False,
              "ngram": "resnet", "first_month": date(2016, 4, 1),
              "last_month": date(2017, 3, 1),
              "max_per_point": 10, "ngrams": ["resnet"], "max_ngrams": 10,
              "paper_ids": ["1706.03762"], "harvest_key": "cs.LG", "n_runs": 5,
              "min_coverage_pct": 90.0, "source": "fulltext", "max_rows": 10, "top_n": 10,
              "institution": "Google", "institutions": ["Google"], "category": "all",
              "membership": "all"}
    one_row = {"edition_facts", "month_status", "failures_waiting",  # zeros and nulls
               "latest_month_with_text", "institution_table"}
    for name in analyse.query_names():
        text = (store.sql_dir() / f"{name}.sql").read_text()
        params = {k: v for k, v in values.items() if re.search(rf"\${k}\b", text)}
        frame = analyse.run_named_query(con, name, params)
        assert frame.height == (name in one_row), name
        # as a user of the duckdb CLI runs it: PREPARE the file, EXECUTE with named values
        con.execute(f"prepare q as {text.strip().removesuffix(';')}")
        named = ", ".join(f"{key} := {sql_literal(value)}" for key, value in params.items())
        assert len(con.execute(f"execute q({named})").fetchall()) == (name in one_row), name
    texts = (store.sql_dir() / "store" / "texts_of_month.sql").read_text()
    assert con.execute(texts, {"month": date(2017, 3, 1), "is_counted_only": True}).fetchall() == []
    sample = (store.sql_dir() / "store" / "text_sample_ids.sql").read_text()
    window = {"first_month": date(2016, 4, 1), "last_month": date(2017, 3, 1), "n_papers": 5}
    assert con.execute(sample, window).fetchall() == []
    by_ids = (store.sql_dir() / "store" / "texts_by_ids.sql").read_text()
    assert con.execute(by_ids, {"paper_ids": ["1706.03762"]}).fetchall() == []
    con.close()


STORE_VALUES = {"month": date(2017, 3, 1), "categories": "cs.LG", "run_id": "r",
                "status": "done", "source": "arxiv", "version": "0", "memory_limit": "512MB",
                "checkpoint_threshold": "64MB", "first_month": date(2016, 4, 1),
                "last_month": date(2017, 3, 1), "n_papers": 5, "paper_ids": ["1706.03762"],
                "is_counted_only": True, "is_every_month": False, "is_stored_too": True,
                "code_version": "0", "is_every": False, "text_file": "x", "is_not_hot": False,
                "min_papers": 10, "max_terms": 50}
# Statements that make the temp tables others read, run first.
STORE_FIRST = ("count_failure_attempts", "forget_months", "mark_staged")
STORE_LAST = ("lock_reading",)  # no setting changes after it


def lent_frames() -> dict[str, pl.DataFrame]:
    """Every frame the store lends to its statements, empty, shaped as the store makes it."""
    one_month = {"month": pl.Date}
    hot_list_keys = {"source": pl.String, **one_month, "is_not_hot": pl.Boolean}
    return {
        "batch_papers": papers_frame([], "x"), "batch_versions": versions_frame([]),
        "batch_ids": ids_frame([]), "asked_ids": ids_frame([]), "batch_months": months_frame([]),
        "asked_months": months_frame([]), "batch_texts": texts_frame({}, {}),
        "batch_categories": pl.DataFrame(schema={"category": pl.String}),
        "batch_zones": pl.DataFrame(schema={"paper_id": pl.String, "header_end_char": pl.Int32,
                                            "references_start_char": pl.Int32,
                                            "references_end_char": pl.Int32}),
        "batch_mentions": mentions_frame({}), "batch_failures": failures_frame({}, None),
        "batch_terms": pl.DataFrame(schema={"term": pl.String, "family": pl.String,
                                            "label": pl.String, "released_month": pl.Date}),
        "kept_ngrams": pl.DataFrame(schema={**one_month, "ngram": pl.String,
                                            "is_bigram": pl.Boolean, "n_papers": pl.Int32}),
        "counted_month": pl.DataFrame(schema={**one_month, "n_papers_with_text": pl.Int32,
                                              "min_df": pl.Int32}),
        "cell_month": pl.DataFrame(schema={"source": pl.String, **one_month}),
        "kept_cells": pl.DataFrame(schema={**one_month, "category": pl.String,
                                           "membership": pl.String, "ngram": pl.String,
                                           "is_bigram": pl.Boolean, "n_papers": pl.Int32}),
        "counted_cells": pl.DataFrame(schema={**one_month, "category": pl.String,
                                              "membership": pl.String,
                                              "n_papers_with_text": pl.Int32,
                                              "min_df": pl.Int32}),
        "listing_window": pl.DataFrame(schema={
            **one_month, "categories": pl.String, "window_start": pl.Datetime("us"),
            "window_end": pl.Datetime("us"), "query": pl.String, "total_results": pl.Int32,
            "n_fetched": pl.Int32, "status": pl.String, "error": pl.String}),
        "month_harvest": pl.DataFrame(schema={**one_month, "categories": pl.String,
                                              "status": pl.String, "n_windows": pl.Int32,
                                              "total_results": pl.Int32}),
        "run_batch": pl.DataFrame(schema={
            "run_id": pl.String, **one_month, "source": pl.String,
            "started_at": pl.Datetime("us"), "n_papers": pl.Int32, "n_with_text": pl.Int32,
            "n_failed": pl.Int32, "code_version": pl.String}),
        "batch_counted": pl.DataFrame(schema={"paper_id": pl.String, "n_chars": pl.Int32}),
        "batch_abstract_terms": pl.DataFrame(schema={"paper_id": pl.String, "term": pl.String,
                                                     "n_mentions": pl.Int32}),
        "month_counts": pl.DataFrame(schema={"ngram": pl.String, **one_month,
                                             "n_papers": pl.Int64,
                                             "n_papers_with_text": pl.Int64}),
        "batch_reads": pl.DataFrame(schema=READ_SCHEMA),
        "batch_institutions": pl.DataFrame(schema=INSTITUTION_SCHEMA),
        "batch_ror": pl.DataFrame(schema=ROR_SCHEMA),
        "text_files": pl.DataFrame(schema={"paper_id": pl.String, "version": pl.Int32,
                                           "text": pl.String, "text_file": pl.String}),
        "hot_list_rows": pl.DataFrame(schema={**hot_list_keys, "rank": pl.Int32,
                                              "term": pl.String, "ratio": pl.Float64}),
        "hot_list_month": pl.DataFrame(schema={**hot_list_keys, "min_papers": pl.Int32,
                                               "max_terms": pl.Int32, "n_terms": pl.Int32,
                                               "made_at": pl.Datetime("us")}),
    }


def test_every_store_statement_runs_on_a_fresh_database(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "fresh.duckdb")
    names = sorted(p.stem for p in (store.sql_dir() / "store").glob("*.sql"))
    assert set(STORE_FIRST) | set(STORE_LAST) <= set(names)
    ran = []
    middle = [n for n in names if n not in STORE_FIRST + STORE_LAST]
    with store.registered(con, **lent_frames()):
        for name in [*STORE_FIRST, *middle, *STORE_LAST]:
            text = store.read_sql(f"store/{name}")
            params = {k: v for k, v in STORE_VALUES.items() if re.search(rf"\${k}\b", text)}
            store.fetch_sql_file(con, f"store/{name}", params)
            ran.append(name)
    assert sorted(set(ran)) == names
    # what they wrote of nothing is nothing, and the settings took
    assert con.execute("select count(*) from core_papers").fetchall() == [(0,)]
    con.close()


def test_a_write_failing_half_way_leaves_every_month_as_it_was(tiny_sample, tmp_path) -> None:
    settings = make_settings(tmp_path)
    feeds = list(tiny_sample.feed_paths)
    local.ingest_feeds(settings, feeds, tiny_sample.pdf_dir, "sample")
    before = core_rows(settings.db_path)
    papers = [p for path in feeds for p in parse_feed(path.read_bytes(), str(path))]
    con = store.connect(settings.db_path, read_only=True)
    store.register_texts(con)
    stored = dict(con.execute("select paper_id, text from paper_texts").fetchall())
    con.close()

    def read_then_fail() -> Iterator[ingest.ReadPaper]:
        for n, paper in enumerate(papers):
            if n == 12:  # two chunks of 5 written, a third under way
                raise RuntimeError("the PDF workers died")
            text = store.PaperText("changed " + stored[paper.paper_id], 2, "ok", Zones(0, None))
            yield ingest.ReadPaper(paper.paper_id, text, {}, None)

    source = Source("sample", batches=[PaperBatch.of(papers[:30], "sample")],
                    replaces_months=True)
    con = store.connect(settings.db_path)
    with pytest.raises(RuntimeError, match="workers died"):
        ingest.write_source(con, settings, source, read_then_fail(), print, chunk_papers=5)
    con.close()
    assert core_rows(settings.db_path) == before


def test_ingest_counts_ngrams_for_every_month_it_stores(tiny_sample, tiny_db) -> None:
    con = store.connect(tiny_db.db_path, read_only=True)
    n, distinct = con.execute("select count(*), count(distinct (month, ngram))"
                              " from core_ngram_counts").fetchall()[0]
    months = con.execute("select month, n_papers_with_text, min_df from core_ngram_months"
                         " order by month").fetchall()
    by_month = con.execute("select month, n_with_text from out_papers_by_month"
                           " order by month").fetchall()
    con.close()
    assert n == distinct > 0
    assert [(m, k) for m, k, _ in months] == by_month
    assert {min_df for _, _, min_df in months} == {tiny_db.ngram_min_df}

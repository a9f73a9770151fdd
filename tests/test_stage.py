"""Staged reads and their publishing (`store.stage`), on a real DuckDB file.

Long reads (the arXiv API, add-pdfs, the snapshot) commit to the stage tables as they go and
publish at the end of the step; these tests cover what the kill tests in
`tests/reliability/test_crash.py` cannot reach by timing: two versions of one unknown paper,
a whole-month write after a killed read, attempts counted across a killed run, and metadata
that moves a paper with a text to another month.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import duckdb

from pipeline import store
from pipeline.extract.zones import Zones
from pipeline.ops import local
from pipeline.papers import Paper
from pipeline.sources import PaperBatch
from tests.conftest import make_settings

NOV, DEC = date(2015, 11, 1), date(2015, 12, 1)


def rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        store.register_texts(con)
        return con.execute(sql).fetchall()
    finally:
        con.close()


def n_staged(db: Path) -> int:
    return sum(rows(db, f"select count(*) from {t}")[0][0] for t in (
        "stage_papers", "stage_paper_versions", "stage_paper_texts", "stage_paper_terms",
        "stage_extract_failures"))


def assert_ngram_months_match_texts(db: Path) -> None:
    counted = dict(rows(db, "select month, n_papers_with_text from core_ngram_months"))
    texts = dict(rows(db, "select month, count(*) from out_counted_papers where is_counted"
                          " group by month"))
    assert {m: n for m, n in counted.items() if n} == texts


def copy_of(tiny_db, tmp_path: Path):
    settings = make_settings(tmp_path)
    store.copy_database(tiny_db.db_path, settings.db_path)
    return settings


def test_two_versions_of_an_unknown_paper_in_one_chunk_publish_one_paper(
        tiny_sample, tmp_path: Path) -> None:
    folder = tmp_path / "pdfs"
    folder.mkdir()
    [pdf, *_] = sorted(tiny_sample.pdf_dir.glob("1511.*.pdf"))
    for version in (1, 2):
        shutil.copy(pdf, folder / f"1511.99999v{version}.pdf")
    settings = make_settings(tmp_path)
    local.add_pdfs(settings, [folder])
    assert rows(settings.db_path, "select paper_id, version, month from core_papers") == [
        ("1511.99999", 2, NOV)]
    assert rows(settings.db_path, "select count(*) from core_paper_texts") == [(1,)]
    assert n_staged(settings.db_path) == 0
    assert_ngram_months_match_texts(settings.db_path)


def test_a_whole_month_write_drops_what_a_killed_read_staged_for_it(
        tiny_sample, tiny_db, tmp_path: Path) -> None:
    settings = copy_of(tiny_db, tmp_path)
    texts = "select paper_id, md5(text) from paper_texts order by all"
    before = rows(settings.db_path, texts)
    [(paper_id,)] = rows(settings.db_path, "select paper_id from core_papers"
                                           " where month = '2015-11-01' order by 1 limit 1")
    stale = store.PaperText("a text read by a run killed before it published", 9, "short",
                            Zones(0, None))
    stranger = Paper("1511.99998", 1, "", (), "", (), datetime(2015, 11, 1),
                     datetime(2015, 11, 1))
    con = store.connect(settings.db_path)
    store.stage_reads(con, store.MonthBatch(NOV, [], {paper_id: stale}), "pdf", "killed",
                      [stranger])
    con.close()
    assert n_staged(settings.db_path) > 0
    local.ingest_feeds(settings, list(tiny_sample.feed_paths), tiny_sample.pdf_dir, "sample")
    assert n_staged(settings.db_path) == 0  # the months were replaced whole
    con = store.connect(settings.db_path)
    assert store.publish_staged(con) == []
    con.close()
    assert rows(settings.db_path, texts) == before
    assert rows(settings.db_path, "select count(*) from core_papers"
                                  " where paper_id = '1511.99998'") == [(0,)]


def test_a_failure_staged_by_a_killed_run_counts_as_an_attempt(tiny_db, tmp_path) -> None:
    settings = copy_of(tiny_db, tmp_path)
    [(paper_id,)] = rows(settings.db_path, "select paper_id from core_papers order by 1 limit 1")
    failed = store.MonthBatch(NOV, [], failures={paper_id: ("x.pdf", "timed out after 5 s")})
    con = store.connect(settings.db_path)
    for run_id in ("killed", "next"):  # the first run died before publishing
        store.stage_reads(con, failed, "arxiv", run_id)
    store.publish_staged(con)
    con.close()
    assert rows(settings.db_path, "select n_attempts from core_extract_failures"
                                  f" where paper_id = '{paper_id}'") == [(2,)]


def test_metadata_moving_a_read_paper_recounts_both_months(tiny_db, tmp_path) -> None:
    settings = copy_of(tiny_db, tmp_path)
    [(paper_id,)] = rows(settings.db_path, "select paper_id from core_papers semi join"
                                           " core_paper_texts using (paper_id)"
                                           " where month = '2015-11-01' limit 1")
    con = store.connect(settings.db_path)
    moved = Paper(paper_id, 1, "moved", ("A. Author",), "cs.LG", ("cs.LG",),
                  datetime(2015, 12, 3), datetime(2015, 12, 3))
    store.stage_batch(con, PaperBatch.of([moved], "arxiv"))
    assert store.publish_staged(con) == [NOV, DEC]
    con.close()
    assert rows(settings.db_path, f"select month from core_papers where paper_id = '{paper_id}'"
                ) == [(DEC,)]
    assert_ngram_months_match_texts(settings.db_path)

"""The Prefect flows over the library: the monthly ingest over real HTTP to a loopback arXiv,
and a backfill, resumed, and run again on a Dask LocalCluster with the same counts."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipeline import store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def prefect_server():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


def rows(db: str, sql: str) -> list[tuple]:
    con = duckdb.connect(db, read_only=True)
    try:
        store.register_texts(con)
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_monthly_ingest_fails_until_the_month_is_complete(
        prefect_server, fake, tmp_path: Path) -> None:
    from flows.monthly_ingest import monthly_ingest

    db = str(tmp_path / "flow.duckdb")
    overrides = {"db_path": db, "pdf_dir": str(tmp_path / "pdfs"), "site_dir": str(
                 tmp_path / "site"), "api_url": fake.api_url,
                 "pdf_url_format": fake.pdf_url_format, "page_size": 10,
                 "request_interval_s": 0, "backoff_s": 0.05}
    state = monthly_ingest("2017-03", overrides, max_papers=10, return_state=True)
    listed = rows(db, "select count(*) from core_papers where list_has_any(categories,"
                  " ['cs.AI', 'cs.LG', 'cs.CV', 'cs.CL', 'cs.NE', 'stat.ML'])")[0][0]
    assert state.is_failed()  # 10 read, the rest of the month not yet: not Completed
    assert f"{listed - 10} papers unread" in state.message
    assert rows(db, "select status, n_with_text from ingest_runs") == [("incomplete", 10)]

    state = monthly_ingest("2017-03", overrides, return_state=True)  # the rest
    assert state.is_completed(), state.message
    assert rows(db, "select count(*) from core_paper_texts")[0][0] == listed
    assert rows(db, "select status, n_with_text from ingest_runs order by started_at") == [
        ("incomplete", 10), ("complete", listed - 10)]
    assert (tmp_path / "site" / "2017-03" / "index.html").exists()
    pdf_requests = [r for r in fake.requests if r.path.startswith("/pdf/")]
    assert len(pdf_requests) == listed  # no PDF fetched twice


TABLES = {
    "texts": "select paper_id, version, md5(text) from paper_texts order by 1",
    "terms": "select * from core_paper_terms order by paper_id, term",
    "ngrams": "select * from core_ngram_counts order by month, ngram",
    "months": "select month, n_papers_with_text from core_ngram_months order by 1",
}


def test_backfill_resumes_and_dask_gives_the_same_counts(
        prefect_server, tiny_sample, tmp_path: Path) -> None:
    import dask
    from distributed import LocalCluster

    from flows.backfill import backfill

    feeds = str(tiny_sample.feed_paths[0].parent)
    local = {"db_path": str(tmp_path / "local.duckdb"), "site_dir": str(tmp_path / "site"),
             "pdf_dir": str(tiny_sample.pdf_dir), "hot_min_papers": 2}
    state = backfill("2015-10", "2016-01", "feeds", [feeds], local, return_state=True)
    assert state.is_completed(), state.message
    assert rows(local["db_path"], "select count(*), min(status), max(status) from"
                " ingest_runs") == [(4, "complete", "complete")]
    state = backfill("2015-10", "2016-01", "feeds", [feeds], local, return_state=True)
    assert state.is_completed()
    assert rows(local["db_path"], "select count(*) from ingest_runs")[0][0] == 4  # skipped

    with dask.config.set({"distributed.worker.daemon": False}), LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        on_dask = {**local, "db_path": str(tmp_path / "dask.duckdb"),
                   "dask_scheduler": cluster.scheduler_address}
        state = backfill("2015-10", "2016-01", "feeds", [feeds], on_dask, return_state=True)
    assert state.is_completed(), state.message
    for name, sql in TABLES.items():
        assert rows(on_dask["db_path"], sql) == rows(local["db_path"], sql), name
    assert rows(local["db_path"], TABLES["texts"])  # not two empty tables

"""The Prefect flow runs the monthly ingest over real HTTP to a loopback arXiv."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.slow


def test_monthly_ingest_flow(fake, tmp_path: Path) -> None:
    from prefect.testing.utilities import prefect_test_harness

    from flows.monthly_ingest import monthly_ingest

    overrides = {"db_path": str(tmp_path / "flow.duckdb"), "pdf_dir": str(tmp_path / "pdfs"),
                 "api_url": fake.api_url, "pdf_url_format": fake.pdf_url_format,
                 "page_size": 10, "request_interval_s": 0, "backoff_s": 0.05}
    with prefect_test_harness(server_startup_timeout=90):
        state = monthly_ingest("2017-03", overrides, max_papers=10, return_state=True)
    assert state.is_completed()
    summary = state.result()
    assert summary["n_papers"] == 10 and summary["n_with_text"] == 10

    con = duckdb.connect(overrides["db_path"], read_only=True)
    n_papers, n_texts = con.execute(
        "select (select count(*) from core_papers), (select count(*) from core_paper_texts)"
    ).fetchall()[0]
    sources = con.execute("select distinct source from core_papers").fetchall()
    con.close()
    assert (n_papers, n_texts) == (100, 10)  # the whole month's metadata, 10 papers read
    assert sources == [("arxiv",)]
    pdf_requests = [r for r in fake.requests if r.path.startswith("/pdf/")]
    assert len(pdf_requests) == 10

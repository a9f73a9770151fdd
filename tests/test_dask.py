"""Extraction on a Dask cluster (a LocalCluster) gives the same results as local workers."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ops import local
from tests.conftest import make_settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cluster():
    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.worker.daemon": False}), LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
    ) as local:
        yield local


def stored(settings) -> tuple[dict, dict]:
    import duckdb

    from pipeline import store

    con = duckdb.connect(str(settings.db_path), read_only=True)
    store.register_texts(con)
    texts = dict(con.execute("select paper_id, md5(text) from paper_texts").fetchall())
    terms = dict(con.execute("select paper_id, list(term order by term) from core_paper_terms"
                             " group by paper_id").fetchall())
    con.close()
    return texts, terms


def test_dask_gives_the_same_results_as_local(cluster, tiny_sample, tmp_path: Path) -> None:
    here = make_settings(tmp_path / "local")
    on_dask = make_settings(tmp_path / "dask", dask_scheduler=cluster.scheduler_address)
    bad = tmp_path / "in" / "1510.99999v1.pdf"
    bad.parent.mkdir()
    bad.write_bytes(b"%PDF-1.4 but nothing else")
    paths = [tiny_sample.pdf_dir, bad]
    local_summary = local.add_pdfs(here, paths)
    dask_summary = local.add_pdfs(on_dask, paths)
    assert dask_summary == local_summary
    assert dask_summary.n_failed == 1 and dask_summary.n_with_text == tiny_sample.n_papers
    assert stored(on_dask) == stored(here)

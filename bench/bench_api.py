"""Benchmark the API metadata path against a loopback arXiv, excluding the mandatory waits.

The loopback server (tests/fake_arxiv.py) serves arXiv-shaped entries written by the sample
generator, as many as asked. Prints one `name: value` line per figure: our windowed harvest
(fetch + parse + check + store in DuckDB) per 1,000 papers, its parse and store parts, and
side by side the baseline: the `arxiv` client's own `Client.results` paging through the
same month (fetch + parse, nothing stored). Run: `python bench/bench_api.py [N_PAPERS]`.
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import arxiv

from pipeline import store
from pipeline.ops import harvest
from pipeline.ops.ingest import ingest
from pipeline.settings import load_settings
from pipeline.sources import PaperBatch, Source, arxiv_api, atom
from tests import fake_arxiv

MARCH = date(2017, 3, 1)
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
CORPUS_PDF = CORPUS / "pdfs" / "excerpts" / "2305.03393v1-pg9.pdf"


def sample_entries(n_papers: int, tmp: Path) -> list[str]:
    """At least `n_papers` arXiv-shaped Atom entries from the sample generator."""
    from pipeline import sample

    info = sample.write_sample(tmp / "sample", seed=5, first_month=date(2016, 1, 1),
                               last_month=date(2017, 12, 1), scale=n_papers / 1100)
    entries = [e for path in info.feed_paths
               for e in re.findall(r"<entry>.*?</entry>", path.read_text(), re.DOTALL)]
    return entries[:n_papers]


def time_harvest(fake: fake_arxiv.FakeArxiv, tmp: Path, run: int) -> tuple[float, int]:
    settings = load_settings(env={}, db_path=tmp / f"api-{run}.duckdb", api_url=fake.api_url,
                             request_interval_s=0, page_size=1000, window_max_results=1000)
    con = store.connect(settings.db_path)
    n_before = len(fake.requests)
    started = time.perf_counter()
    summary = harvest.harvest_month(con, settings, MARCH)
    elapsed = time.perf_counter() - started
    con.close()
    assert summary.n_papers_stored == len(fake.entries), summary
    return elapsed, len(fake.requests) - n_before


def time_client_baseline(fake: fake_arxiv.FakeArxiv) -> float:
    client = arxiv.Client(page_size=1000, delay_seconds=0, num_retries=0)
    client.query_url_format = fake.api_url + "?{}"
    search = arxiv.Search(query=arxiv_api.build_month_query(MARCH, ("cs.LG",)), max_results=None,
                          sort_by=arxiv.SortCriterion.SubmittedDate,
                          sort_order=arxiv.SortOrder.Ascending)
    started = time.perf_counter()
    papers = [arxiv_api.paper_from_result(r) for r in client.results(search)]
    elapsed = time.perf_counter() - started
    assert len(papers) == len(fake.entries), len(papers)
    return elapsed


def time_parse_and_store(fake: fake_arxiv.FakeArxiv, tmp: Path) -> tuple[float, float]:
    query = arxiv_api.build_month_query(MARCH, ("cs.LG",))
    bodies = [fake.api_response({"search_query": [query], "start": [str(s)],
                                 "max_results": ["1000"]})[2]
              for s in range(0, len(fake.entries), 1000)]
    started = time.perf_counter()
    papers = [p for i, b in enumerate(bodies) for p in atom.parse_feed(b, f"page {i}")]
    parse_s = time.perf_counter() - started
    settings = load_settings(env={}, db_path=tmp / "store.duckdb")
    con = store.connect(settings.db_path)
    started = time.perf_counter()
    ingest(settings, Source("arxiv", batches=[PaperBatch.of(papers, "arxiv")]), con=con)
    store_s = time.perf_counter() - started
    con.close()
    return parse_s, store_s


def main() -> None:
    """Run each measurement three times and print medians per 1,000 papers."""
    n_papers = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        fake = fake_arxiv.start(fake_arxiv.FakeArxiv(sample_entries(n_papers, tmp), CORPUS_PDF))
        n = len(fake.entries)
        try:
            runs = [time_harvest(fake, tmp, i) for i in range(3)]
            baseline = [time_client_baseline(fake) for _ in range(3)]
            parts = [time_parse_and_store(fake, tmp) for _ in range(3)]
        finally:
            fake_arxiv.stop(fake)
    per_k = 1000 / n
    ours_s = statistics.median(r[0] for r in runs)
    base_s = statistics.median(baseline)
    n_requests = runs[0][1]
    print(f"papers: {n}")
    print(f"harvest_s_per_1000_papers: {ours_s * per_k:.3f} (fetch+parse+check+store, no waits)")
    print(f"parse_s_per_1000_papers: {statistics.median(p[0] for p in parts) * per_k:.3f}")
    print(f"store_s_per_1000_papers: {statistics.median(p[1] for p in parts) * per_k:.3f}")
    print(f"client_baseline_s_per_1000_papers: {base_s * per_k:.3f} (arxiv.Client.results, "
          "fetch+parse, nothing stored)")
    print(f"harvest_over_client_baseline: {ours_s / base_s:.2f}")
    print(f"requests_per_1000_papers: {n_requests * per_k:.1f}")
    print(f"mandatory_wait_s_per_1000_papers: {n_requests * per_k * 3:.0f} (3 s per request)")


if __name__ == "__main__":
    main()

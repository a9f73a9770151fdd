"""Benchmark the merging of near-duplicate hot terms: reading the text sample, then merging.

`hot` folds near-duplicates by reading a fixed sample of 2,000 stored texts of the window
(`pipeline.store.load_text_sample`: ids first, then only those texts) and clustering the 150
candidates on their co-occurrence (`pipeline.analyse.merge`). Here a DuckDB file holds 12 months of
`--papers-per-month` stored texts: the shared real PDFs' texts (`../shared/corpus/pdfs/`,
extracted once and cached, as in `bench_ngrams.py`), repeated with their ids changed. Printed:
seconds and peak RSS (VmHWM of a fresh process) of the sample read, of the merge, and side by
side the naive read of the whole window's texts (what a single join-and-sort query reads).
Run: `PYTHONPATH=. python bench/bench_merge.py [--papers-per-month 2000]`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ngrams import CACHE, _corpus_texts  # noqa: E402

FIRST, LAST = date(2024, 1, 1), date(2024, 12, 1)


def _peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _build(db: str, papers_per_month: int) -> None:
    from pipeline import store

    texts = _corpus_texts()
    con = store.connect(db)
    for month_index in range(12):
        month = date(2024, month_index + 1, 1)
        ids = [f"24{month_index + 1:02d}.{i:05d}" for i in range(papers_per_month)]
        frame = pl.DataFrame({"paper_id": ids, "text": [
            f"{texts[i % len(texts)]}\n\nzq{i}" for i in range(papers_per_month)]})
        with store.registered(con, month_texts=frame):
            con.execute("insert into core_papers (paper_id, version, published_at, month,"
                        " source) select paper_id, 1, ?, ?, 'bench' from month_texts",
                        [month, month])
            con.execute("insert into core_paper_texts select paper_id, 1, length(text), 'ok',"
                        " 0, null, text from month_texts")
    con.close()


def _child(db: str, mode: str) -> dict:
    from pipeline import store
    from pipeline.analyse import hot, merge

    con = store.connect(db, read_only=True)
    started = time.perf_counter()
    if mode == "window":
        n = con.sql("select count(*), sum(strlen(text)) from core_paper_texts").fetchall()[0]
        return {"s": time.perf_counter() - started, "texts": n[0], "mb": n[1] / 1e6,
                "rss": _peak_rss_mb()}
    texts = store.load_text_sample(con, FIRST, LAST, hot.MERGE_SAMPLE_PAPERS)
    read_s = time.perf_counter() - started
    words = sorted({w for t in texts[:26] for w in t.lower().split() if w.isalpha()})[:150]
    ranked = pl.DataFrame({"term": words})
    started = time.perf_counter()
    merged = merge.merge_near_duplicates(ranked, texts)
    return {"read_s": read_s, "merge_s": time.perf_counter() - started, "texts": len(texts),
            "mb": sum(len(t) for t in texts) / 1e6, "rows": merged.height,
            "rss": _peak_rss_mb()}


def main() -> None:
    """Build the window, then time the sample read and the merge in fresh processes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers-per-month", type=int, default=2_000)
    parser.add_argument("--child", nargs=2, metavar=("DB", "MODE"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(*args.child)))
        return
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        db = str(Path(tmp) / "merge.duckdb")
        _build(db, args.papers_per_month)
        print(f"window_texts: {12 * args.papers_per_month:,} (12 months)")
        runs = {}
        for mode in ("sample", "window"):
            done = subprocess.run([sys.executable, __file__, "--child", db, mode], check=True,
                                  capture_output=True, text=True)
            runs[mode] = json.loads(done.stdout.strip().splitlines()[-1])
        ours, window = runs["sample"], runs["window"]
        print(f"sample_texts: {ours['texts']:,} ({ours['mb']:.0f} MB)")
        print(f"sample_read_s: {ours['read_s']:.2f}")
        print(f"merge_150_terms_s: {ours['merge_s']:.2f}")
        print(f"sample_and_merge_peak_rss_mb: {ours['rss']:.0f}")
        print(f"window_read_all_texts_s: {window['s']:.2f} ({window['texts']:,} texts, "
              f"{window['mb']:.0f} MB; baseline)")
        print(f"sample_read_over_window_read: {ours['read_s'] / window['s']:.2f}")


if __name__ == "__main__":
    main()

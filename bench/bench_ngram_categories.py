"""Benchmark the n-gram counts by category: what counting a month within each category costs
beside the pooled counts alone, and what the store keeps of them.

A real month is 10,000 to 16,000 papers. The month here is the shared real PDFs' texts
(`../shared/corpus/pdfs/`, extracted once and cached, as `bench_ngrams.py` does) repeated to
`--papers`, each paper given a real arXiv category list (primary first) from the shared
metadata (`cs.CV-cs.CL-listings-2025-2026.jsonl` and `cs.NE-1998-2019.jsonl`, cycled), and,
with `--tail-words`, words of its own (a heavy tail of n-grams no other paper has, as real
months have). The texts are added 200 at a time, as an ingest adds them. Side by side, each
in a fresh process, `--repeats` times (medians):
- `pooled`: `MonthCounter()` (the counts as they were before), then the month's counts;
- `by_category`: `MonthCounter(categories)`, then the pooled counts and those of the 12
  (category, membership) cells, each pruned to its most used (`prune_cells`).
Then both months are stored (`replace_month_ngrams`) into fresh DuckDB files: the rows kept
by category, and the database's size with and without them.
Run: `PYTHONPATH=. python bench/bench_ngram_categories.py [--papers 15000] [--tail-words 0]`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
MONTH = date(2024, 3, 1)
CATEGORIES = ("cs.AI", "cs.CL", "cs.CV", "cs.LG", "cs.NE", "stat.ML")
LISTINGS = ("cs.CV-cs.CL-listings-2025-2026.jsonl", "cs.NE-1998-2019.jsonl")
ADD_PAPERS = 200  # texts a counter is given at a time


def _listings() -> list[list[str]]:
    """Real category lists, primary first, of papers listed in at least one of the six."""
    lists = []
    for name in LISTINGS:
        with (CORPUS / "metadata" / name).open() as lines:
            lists += [json.loads(line)["categories"].split() for line in lines]
    return [cats for cats in lists if set(cats) & set(CATEGORIES)]


def _month(n_papers: int, tail_words: int) -> tuple[list[str], list[list[str]]]:
    from bench_ngrams import _month_frame

    texts = _month_frame(n_papers, tail_words)["text"].to_list()
    listings = _listings()
    return texts, [listings[(i * 7919) % len(listings)] for i in range(n_papers)]


def _child_count(method: str, n_papers: int, tail_words: int, db: str) -> dict:
    from pipeline import store
    from pipeline.count import MonthCounter

    texts, categories = _month(n_papers, tail_words)
    cpu, wall = time.process_time(), time.perf_counter()
    counter = MonthCounter(CATEGORIES if method == "by_category" else ())
    for start in range(0, n_papers, ADD_PAPERS):
        counter.add(MONTH, texts[start:start + ADD_PAPERS],
                    categories[start:start + ADD_PAPERS] if counter.categories else None)
    pooled = counter.counts(MONTH)
    by_category = counter.category_counts(MONTH, 2) if counter.categories else None
    count_cpu, count_wall = time.process_time() - cpu, time.perf_counter() - wall
    con = store.connect(db)
    with store.transaction(con):
        store.replace_month_ngrams(con, MONTH, pooled, n_papers, by_category=by_category)
    con.execute("checkpoint")
    cells = con.execute("select category, membership, n_papers_with_text, min_df,"
                        " (select count(*) from core_ngram_category_counts c"
                        "  where c.category = m.category and c.membership = m.membership)"
                        " from core_ngram_category_months m order by all").fetchall()
    con.close()
    return {"count_cpu": count_cpu, "count_wall": count_wall,
            "mb": sum(len(t.encode()) for t in texts) / 1e6,
            "pooled_rows": pooled.height, "cell_rows_min_df_2": 0 if by_category is None
            else by_category.counts.height, "cells": cells,
            "db_bytes": Path(db).stat().st_size}


def _in_child(*args: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, __file__, "--child", *args], env=env, check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=15_000)
    parser.add_argument("--tail-words", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(f"papers: {args.papers:,} (the real texts repeated; {args.tail_words} own words "
          f"each), real category lists: {len(_listings()):,}")
    runs: dict[str, list[dict]] = {"pooled": [], "by_category": []}
    with tempfile.TemporaryDirectory() as tmp:
        for repeat in range(args.repeats):
            for method in runs:  # alternated, so that a noisy minute hits both
                db = str(Path(tmp) / f"{method}-{repeat}.duckdb")
                runs[method].append(_in_child(method, str(args.papers),
                                              str(args.tail_words), db))
    for method, done in runs.items():
        cpu = statistics.median(r["count_cpu"] for r in done)
        wall = statistics.median(r["count_wall"] for r in done)
        rss = statistics.median(r["rss"] for r in done)
        each = ", ".join(f"{r['count_cpu']:.1f}" for r in done)
        print(f"{method}_count_cpu_s_median: {cpu:.1f} (runs: {each}); wall {wall:.1f} s; "
              f"{done[0]['mb'] / cpu:.1f} MB per CPU second; peak RSS {rss:.0f} MB")
    ratios = [b["count_cpu"] / p["count_cpu"] for p, b in zip(runs["pooled"],
                                                                runs["by_category"])]
    print(f"by_category_over_pooled_cpu: median {statistics.median(ratios):.2f} "
          f"(pairs: {', '.join(f'{r:.2f}' for r in ratios)})")
    last = runs["by_category"][-1]
    kept = sum(cell[4] for cell in last["cells"])
    print(f"cell_rows: {last['cell_rows_min_df_2']:,} used by 2+ papers of their cell in the 12 "
          f"cells, {kept:,} kept (pooled rows counted: {last['pooled_rows']:,})")
    for category, membership, n, min_df, rows in last["cells"]:
        print(f"  cell {category} {membership}: {n:,} papers, min_df {min_df}, {rows:,} rows")
    extra = statistics.median(b["db_bytes"] - p["db_bytes"] for p, b
                              in zip(runs["pooled"], runs["by_category"]))
    print(f"database_kb_per_month_by_category: {extra / 1e3:.0f} "
          f"(pooled month alone: {runs['pooled'][-1]['db_bytes'] / 1e3:.0f} kB); "
          f"ten years of full text (120 such months): about {120 * extra / 1e6:.0f} MB")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        figures = _child_count(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
        print(json.dumps({**figures, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                          / 1024}))
    else:
        main()

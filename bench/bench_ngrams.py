"""Benchmark n-gram counting on a 15,000-paper month, and measure what pruning loses.

A real month is 10,000 to 16,000 papers; counting its unigram and bigram document
frequencies must be fast and fit in bounded memory. The month here is the shared real PDFs'
texts (`../shared/corpus/pdfs/`, extracted once and cached under the temporary directory),
repeated to 15,000 papers. Each method runs in a fresh process (peak RSS = its ru_maxrss):
- `ours`: `count_document_frequencies` (polars) plus `save_month_ngrams` into a fresh
  DuckDB file;
- `ours_recount`: `recount_ngrams` streaming the same texts from a DuckDB file;
- `ours_tail`: `ours` on a stress month whose every paper also holds 500 words of its own
  (about 1,000 n-grams no other paper has), to load the accumulator as a heavy tail would;
- `sklearn`: `CountVectorizer(ngram_range=(1, 2), binary=True)`, document frequencies =
  column sums (its own default tokenisation).
Throughput is MB of UTF-8 text per CPU second ("per core"); wall time is shown too.

Then what pruning at `min_df` costs: rows kept at min_df 1, 2, 3, 5 on real distinct texts
(the 26 full papers; 11,849 real abstracts from `../shared/corpus/metadata/` as one month),
and the hot-list loss on real history: the cs.NE abstracts by year, 2012-2019 (235 to 1,460
papers a "month"; hot = share in 2019 / max share 2012-2018), bigrams reaching 0.5% of a
period's papers. Those periods are 10-60x smaller than a 15,000-paper month, so the same
min_df cuts at a 10-60x higher share there: a conservative stand-in.
Run: `PYTHONPATH=. python bench/bench_ngrams.py [--papers 15000]` (several minutes).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import polars as pl

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(tempfile.gettempdir()) / "arxiv-trends-bench"
MONTH = date(2024, 3, 1)
MIN_DFS = (1, 2, 3, 5)


def _corpus_texts() -> list[str]:
    """The real PDFs' texts, extracted once and cached by the files' names and sizes."""
    pdfs = sorted((CORPUS / "pdfs").glob("*.pdf"))
    if not pdfs:
        sys.exit(f"no PDFs in {CORPUS / 'pdfs'}")
    key = hashlib.sha1("".join(f"{p.name}{p.stat().st_size}" for p in pdfs).encode())
    cached = CACHE / f"ngram-texts-{key.hexdigest()[:12]}.parquet"
    if not cached.exists():
        from pipeline.extract.pdf_text import extract_pdf_text

        CACHE.mkdir(parents=True, exist_ok=True)
        texts = [extract_pdf_text(p, p.stem) for p in pdfs]
        pl.DataFrame({"text": texts}).write_parquet(cached)
    return pl.read_parquet(cached)["text"].to_list()


def _month_frame(n_papers: int, tail_words: int) -> pl.DataFrame:
    """`n_papers` papers cycling through the real texts, each with `tail_words` own words."""
    texts = pl.Series("text", _corpus_texts())
    frame = pl.DataFrame({"paper_id": [f"9999.{i:05d}" for i in range(n_papers)],
                          "month": [MONTH] * n_papers,
                          "text": texts.gather(pl.int_range(n_papers, eager=True) % len(texts))})
    if not tail_words:
        return frame
    word = pl.format("zq{}", (pl.int_range(pl.len()).hash(0) % 2**40).cast(pl.String))
    own = (pl.DataFrame({"row": pl.int_range(n_papers * tail_words, eager=True) // tail_words})
           .with_columns(word=word).group_by("row", maintain_order=True)
           .agg(pl.col("word").str.join(" ")))
    return frame.with_columns(text=pl.concat_str([pl.col("text"), own["word"]], separator="\n"))


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _rows_by_min_df(n_papers: pl.Series) -> dict[str, int]:
    return {str(k): int((n_papers >= k).sum()) for k in MIN_DFS}


def _child_ours(n_papers: int, tail_words: int, db: str) -> dict:
    from pipeline import store
    from pipeline.count import ngrams

    frame = _month_frame(n_papers, tail_words)
    input_mb, cpu, wall = _peak_rss_mb(), time.process_time(), time.perf_counter()
    counts = ngrams.count_document_frequencies(frame)
    count_cpu = time.process_time() - cpu
    con = store.connect(db)
    store.save_month_ngrams(con, MONTH, counts, n_papers, ngrams.DEFAULT_MIN_DF)
    con.execute("checkpoint")
    con.close()
    return {"mb": frame["text"].str.len_bytes().sum() / 1e6, "input_rss": input_mb,
            "count_cpu": count_cpu, "cpu": time.process_time() - cpu,
            "wall": time.perf_counter() - wall, "rows": _rows_by_min_df(counts["n_papers"])}


def _child_setup_db(n_papers: int, db: str) -> dict:
    from pipeline import store

    con = store.connect(db)
    con.register("month_texts", _month_frame(n_papers, 0))
    con.execute("insert into core_papers (paper_id, version, published_at, month, source)"
                " select paper_id, 1, month, month, 'bench' from month_texts")
    con.execute("insert into core_paper_texts select paper_id, 1, length(text), 'ok', 0,"
                " null, text from month_texts")
    con.close()
    return {}


def _child_recount(db: str) -> dict:
    from pipeline import store

    con = store.connect(db)
    mb = con.sql("select sum(strlen(text)) / 1e6 from core_paper_texts").fetchall()[0][0]
    input_mb, cpu, wall = _peak_rss_mb(), time.process_time(), time.perf_counter()
    done = store.recount_ngrams(con, [MONTH])
    return {"mb": mb, "input_rss": input_mb, "cpu": time.process_time() - cpu,
            "wall": time.perf_counter() - wall, "n_papers": done[0].n_papers_with_text}


def _child_sklearn(n_papers: int) -> dict:
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer

    texts = _month_frame(n_papers, 0)["text"].to_list()
    input_mb, cpu, wall = _peak_rss_mb(), time.process_time(), time.perf_counter()
    matrix = CountVectorizer(ngram_range=(1, 2), binary=True, dtype=np.int32).fit_transform(texts)
    frequencies = np.asarray(matrix.sum(axis=0)).ravel()
    return {"mb": sum(len(t.encode()) for t in texts) / 1e6, "input_rss": input_mb,
            "cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall,
            "rows": _rows_by_min_df(pl.Series(frequencies))}


def _in_child(*args: str) -> dict:
    """Run one child mode in a fresh interpreter; return its figures and its peak RSS."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, __file__, "--child", *args], env=env, check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _print_run(name: str, figures: dict) -> None:
    print(f"{name}_text_mb: {figures['mb']:.0f}")
    print(f"{name}_mb_per_cpu_s: {figures['mb'] / figures['cpu']:.1f}")
    print(f"{name}_mb_per_wall_s: {figures['mb'] / figures['wall']:.1f}")
    if "count_cpu" in figures:
        print(f"{name}_count_only_mb_per_cpu_s: {figures['mb'] / figures['count_cpu']:.1f}")
    print(f"{name}_input_rss_mb: {figures['input_rss']:.0f}")
    print(f"{name}_peak_rss_mb: {figures['rss']:.0f}")
    for min_df, rows in figures.get("rows", {}).items():
        print(f"{name}_rows_min_df_{min_df}: {rows:,}")


def _abstracts(names: tuple[str, ...]) -> pl.DataFrame:
    """Real titles and abstracts (paper_id, year of v1, text) from the shared metadata."""
    frame = pl.concat([pl.read_ndjson(CORPUS / "metadata" / name, infer_schema_length=None)
                       .select("id", "title", "abstract", "versions") for name in names])
    first = pl.col("versions").list.first().struct.field("created")
    return frame.select(paper_id="id", year=first.str.extract(r" (\d{4}) ").cast(pl.Int32),
                        text=pl.concat_str(["title", "abstract"], separator="\n\n"))


def _print_real_pruning() -> None:
    """Rows kept at each min_df on real distinct texts: the full papers, and abstracts."""
    from pipeline.count.ngrams import count_document_frequencies

    papers = _corpus_texts()
    sets = {"papers_26_full_text": pl.DataFrame({"paper_id": [str(i) for i in range(
                len(papers))], "text": papers}),
            "abstracts_11849": _abstracts(("cs.NE-1998-2019.jsonl",
                                           "cs.CV-cs.CL-listings-2025-2026.jsonl"))}
    for name, frame in sets.items():
        frame = frame.select("paper_id", "text", month=pl.lit(MONTH))
        counts = count_document_frequencies(frame.unique("paper_id"))
        for kind, part in counts.partition_by("is_bigram", as_dict=True).items():
            label = "bigram" if kind[0] else "unigram"
            for min_df, rows in _rows_by_min_df(part["n_papers"]).items():
                print(f"{name}_{label}_rows_min_df_{min_df}: {rows:,}")


def _hot_ratios(shares: dict[str, dict[int, float]], sizes: dict[int, int], recent: int,
                floor_df: int, threshold: float) -> dict[str, float]:
    """share in `recent` / max share before it, for bigrams at >= threshold in `recent`.

    A missing row counts as a share of floor_df / N (0: absent; min_df - 1: the highest
    share a pruned row could have had).
    """
    ratios = {}
    for gram, by_year in shares.items():
        if by_year.get(recent, 0.0) >= threshold:
            before = max(by_year.get(y, floor_df / n) for y, n in sizes.items() if y < recent)
            ratios[gram] = by_year[recent] / before if before else float("inf")
    return ratios


def _top(ratios: dict[str, float], shares: dict[str, dict[int, float]], n: int) -> set[str]:
    """The n hottest: highest ratio first, then highest recent share (ties of new terms)."""
    return set(sorted(ratios, key=lambda g: (-ratios[g], -shares[g][2019], g))[:n])


def _print_hot_list_loss(threshold: float = 0.005, top: int = 50) -> None:
    """How pruning changes the hot bigrams of the real cs.NE history (yearly periods)."""
    from pipeline.count.ngrams import count_document_frequencies

    frame = _abstracts(("cs.NE-1998-2019.jsonl",)).filter(pl.col("year").is_between(2012, 2019))
    sizes = dict(frame.group_by("year").len().iter_rows())
    frame = frame.unique("paper_id").select("paper_id", "text", month=pl.date("year", 1, 1))
    counts = count_document_frequencies(frame).filter("is_bigram")
    rows = [(g, m.year, n) for g, m, n in counts.select("ngram", "month", "n_papers").iter_rows()]
    print(f"hot_history_papers_per_period: {', '.join(f'{y}={sizes[y]}' for y in sorted(sizes))}")
    reaching = {g for g, y, n in rows if n / sizes[y] >= threshold}
    print(f"hot_bigrams_reaching_0.5pct_of_a_period: {len(reaching):,}")
    full = _shares(rows, sizes, 1)
    exact = _hot_ratios(full, sizes, 2019, 0, threshold)
    n_new = sum(r == float("inf") for r in exact.values())
    print(f"hot_bigrams_at_0.5pct_in_2019: {len(exact)} ({n_new} absent before)")
    best = _top(exact, full, top)
    first = sorted(best, key=lambda g: (-exact[g], -full[g][2019]))[:10]
    print(f"hot_top_{top}_unpruned_first_10: {', '.join(first)}")
    for min_df in MIN_DFS[1:]:
        pruned = _shares(rows, sizes, min_df)
        print(f"hot_min_df_{min_df}_reaching_bigrams_with_a_row_lost: "
              f"{sum(len(full[g]) != len(pruned.get(g, {})) for g in reaching):,}")
        print(f"hot_min_df_{min_df}_reaching_bigrams_gone_entirely: "
              f"{sum(g not in pruned for g in reaching):,}")
        for floor, label in ((0, "missing_as_0"), (min_df - 1, "missing_as_bound")):
            ratios = _hot_ratios(pruned, sizes, 2019, floor, threshold)
            changed = sum(abs(ratios[g] - r) > 1e-9 * r for g, r in exact.items())
            print(f"hot_min_df_{min_df}_{label}_ratios_changed: {changed} of {len(exact)}")
            kept = len(best & _top(ratios, pruned, top))
            print(f"hot_min_df_{min_df}_{label}_top_{top}_kept: {kept} of {top}")
    for min_df in MIN_DFS[1:]:
        print(f"share_floor_pct_15000_papers_min_df_{min_df}: {100 * min_df / 15000:.3f}")


def _shares(rows: list[tuple], sizes: dict[int, int], min_df: int) -> dict[str, dict]:
    shares: dict[str, dict[int, float]] = {}
    for gram, year, n in rows:
        if n >= min_df:
            shares.setdefault(gram, {})[year] = n / sizes[year]
    return shares


def main() -> None:
    """Count the month with every method, each in a fresh process; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=15_000)
    parser.add_argument("--methods", default="ours,ours_recount,ours_tail,sklearn")
    args = parser.parse_args()
    n = str(args.papers)
    print(f"papers: {args.papers:,} (the {len(_corpus_texts())} real texts repeated)")
    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        for method in args.methods.split(","):
            db = str(Path(tmp) / f"{method}.duckdb")
            if method == "ours_recount":
                _in_child("setup_db", n, db)
                figures = _in_child("recount", db)
            else:
                tail = "500" if method == "ours_tail" else "0"
                base = "sklearn" if method == "sklearn" else "ours"
                figures = _in_child(base, n, tail, db)
            _print_run(method, figures)
    _print_real_pruning()
    _print_hot_list_loss()


def _child(kind: str, args: list[str]) -> None:
    if kind == "ours":
        figures = _child_ours(int(args[0]), int(args[1]), args[2])
    elif kind == "sklearn":
        figures = _child_sklearn(int(args[0]))
    elif kind == "setup_db":
        figures = _child_setup_db(int(args[0]), args[1])
    else:
        figures = _child_recount(args[0])
    print(json.dumps({**figures, "rss": _peak_rss_mb()}))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3:])
    else:
        main()

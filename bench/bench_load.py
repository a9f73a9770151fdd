"""Benchmark the load of a full-size month and of a 60-month database, re-running the queries.

A real month is 10,000 to 16,000 papers and the database will hold years of them; the issue
"Load" asks that the ingest of such a month stays in bounded memory and that the report and
the queries keep their speed on 60 months. Each phase runs in a fresh process; its peak RSS
is its own VmHWM (not ru_maxrss, which a child inherits from its parent on Linux), reset at
the start of a phase (`/proc/self/clear_refs`) where one process runs two phases.
(a) the month: the 26 shared real PDFs' texts (`../shared/corpus/pdfs/`, extracted once and
    cached as `bench_ngrams.py` does) repeated to `--papers` (15,000) papers with distinct
    ids, each text followed by a few words of its own (so papers differ), then
    - `count`: curated terms, `find_zones` + `count_term_zones`, one text after another in
      one process as the PDF workers' results pass, timed on `--count-papers` (1,000) texts
      (the store phases count each distinct text once and reuse it for its repeats);
    - `store` (ours): `ingest.write_source` of the month's stream of read papers, the
      way every offline ingest stores a month: 200 texts at a time into one transaction,
      with the n-gram counts summed as they pass and committed with them;
    - `stage_publish`: the arXiv API's and `add-pdfs`' way: `store.stage_reads` of chunks
      of 100 PDFs (each committed to the stage tables), then `store.publish_staged`,
      which moves the month into the core tables with its n-gram counts in one transaction;
    - `whole_baseline` (the previous way): the whole month held in memory as one batch,
      stored in one statement, then its n-grams recounted from the file;
    - the two files compared (texts, mentions, n-gram counts), and the ratios printed;
    - `recount`: `store.recount_ngrams` of the stored month in a new process (texts
      streamed from the file), what `arxiv-trends recount` does.
    Printed: seconds, papers/s, RSS at the phase's start and its peak (MB).
(b) the history: `bench_hot.py`'s generated 60-month n-gram history (its generator, its
    file name, so `--keep DIR` shares the file with `bench_hot.py --keep DIR`), then, each
    in a fresh read-only process, cold (first call) and warm (median of 3) times of
    - `hot` / `not_hot`: `hot.load_hot_terms(con, last month, limit=50, is_merged=False)`;
    - `term_resnet`, `term_residual_networks`: `phrases.load_phrase_series` (ms);
    - `report_data`: `report.load_edition_data(con, last month)`, all the report reads. The
      generated file holds n-gram counts only: the curated-term tables, the text sample the
      hot lists merge on and the drill-down are empty there, so this times the n-gram side
      (hot lists with merging, sparklines, explorer) at full size and the rest on nothing.
Run: `PYTHONPATH=. python bench/bench_load.py [--papers 15000] [--count-papers 1000]
[--months 60] [--keep DIR] [--skip-month | --skip-history]`. At full size about 12 minutes
on 2 cores, most of it generating the history.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

import bench_hot
import bench_ngrams

ROOT = Path(__file__).resolve().parents[1]
MONTH = date(2024, 3, 1)
WARM = 3
PHRASES = ("resnet", "residual networks")


def _status_mb(field: str) -> float:
    """A VmRSS/VmHWM line of this process's /proc status, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _reset_peak() -> float:
    """Reset VmHWM to the current RSS (Linux >= 4.0); return the RSS."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass
    return _status_mb("VmRSS")


def paper_suffix(i: int) -> str:
    """Paper i's own words: unique, shared by a pair, every 7th paper, every 5th (a bigram).

    Commas keep them from forming bigrams with each other; the blank line before them keeps
    them from pairing with the text's last word.
    """
    words = [f"zuniq{i:05d}", f"zpair{i // 2:05d}"]
    if i % 7 == 0:
        words.append("zseven")
    if i % 5 == 0:
        words.append("zfive zmark")
    return "\n\n" + ", ".join(words)


def _month_papers(n_papers: int):
    from pipeline.papers import Paper

    texts = bench_ngrams._corpus_texts()
    published = datetime(MONTH.year, MONTH.month, 15)
    papers = [Paper(f"{MONTH:%y%m}.{i:05d}", 1, f"Paper {i}", ("A. Author",), "cs.LG",
                    ("cs.LG",), published, published) for i in range(n_papers)]
    return papers, texts


def _read_month(papers: list, texts: list[str], terms: list):
    """What the PDF workers yield for the month; each distinct text counted once."""
    from pipeline import store
    from pipeline.count.terms import count_term_zones
    from pipeline.extract.zones import find_zones
    from pipeline.ops import ingest

    counted = []
    for text in texts:
        zones = find_zones(text)
        counted.append((zones, count_term_zones(text, terms, zones)))
    for i, paper in enumerate(papers):
        zones, mentions = counted[i % len(texts)]
        text = store.PaperText(texts[i % len(texts)] + paper_suffix(i), 1, "ok", zones)
        yield ingest.ReadPaper(paper.paper_id, text, mentions, None)


def _child_count(n_papers: int) -> dict:
    """Curated terms on `n_papers` texts, one by one, as the PDF workers' results pass."""
    from pipeline.count.terms import count_term_zones, load_terms
    from pipeline.extract.zones import find_zones

    _, texts = _month_papers(0)
    terms = load_terms()
    rss, start = _status_mb("VmRSS"), time.perf_counter()
    for i in range(n_papers):
        text = texts[i % len(texts)] + paper_suffix(i)
        count_term_zones(text, terms, find_zones(text))
    return {"s": time.perf_counter() - start, "rss": rss}


def _child_store(n_papers: int, db: str) -> dict:
    """Ours: `ingest.write_source`, the month streamed in one transaction."""
    from pipeline import store
    from pipeline.count.terms import load_terms
    from pipeline.ops import ingest
    from pipeline.settings import load_settings
    from pipeline.sources import PaperBatch, Source

    papers, texts = _month_papers(n_papers)
    terms = load_terms()
    settings = load_settings(config_path=None, env={}, db_path=Path(db))
    rss, start = _reset_peak(), time.perf_counter()
    source = Source("bench", batches=[PaperBatch.of(papers, "bench")], replaces_months=True)
    con = store.connect(settings.db_path, memory_mb=settings.write_memory_mb)
    store.save_terms(con, terms)
    done = ingest.write_source(con, settings, source, _read_month(papers, texts, terms),
                               lambda _: None, "bench-load")
    con.close()
    return {"s": time.perf_counter() - start, "rss": rss, "n_papers": done.n_with_text,
            "text_mb": sum(len((texts[i % len(texts)] + paper_suffix(i)).encode())
                           for i in range(n_papers)) / 1e6}


def _child_stage(n_papers: int, db: str) -> dict:
    """The arXiv API's way: chunks of 100 staged, then published with the n-gram counts."""
    from pipeline import store
    from pipeline.count.terms import load_terms
    from pipeline.ops import ingest
    from pipeline.settings import load_settings
    from pipeline.sources import PaperBatch, Source

    papers, texts = _month_papers(n_papers)
    terms = load_terms()
    settings = load_settings(config_path=None, env={}, db_path=Path(db))
    con = store.connect(db, memory_mb=settings.write_memory_mb)
    ingest.ingest(settings, Source("bench", batches=[PaperBatch.of(papers, "bench")]), con=con)
    rss, start = _reset_peak(), time.perf_counter()
    read = _read_month(papers, texts, terms)
    for first in range(0, n_papers, ingest.PDF_CHUNK):
        chunk = [next(read) for _ in papers[first:first + ingest.PDF_CHUNK]]
        batch = store.MonthBatch(MONTH, papers[first:first + ingest.PDF_CHUNK],
                                 {r.paper_id: r.text for r in chunk},
                                 {r.paper_id: r.mentions for r in chunk})
        store.stage_reads(con, batch, "bench", "bench-load")
    staged_s, start = time.perf_counter() - start, time.perf_counter()
    store.publish_staged(con)
    con.close()
    return {"s": staged_s + time.perf_counter() - start, "rss": rss, "stage_s": staged_s,
            "publish_s": time.perf_counter() - start}


def _child_whole(n_papers: int, db: str) -> dict:
    """Baseline, the previous way: the whole month held, stored at once, then recounted."""
    from pipeline import store
    from pipeline.count.terms import load_terms
    from pipeline.sources import PaperBatch
    from pipeline.store.frames import mentions_frame, texts_frame

    papers, texts = _month_papers(n_papers)
    terms = load_terms()
    rss, start = _reset_peak(), time.perf_counter()
    read = list(_read_month(papers, texts, terms))
    records = PaperBatch.of(papers, "bench")
    frames = {"batch_papers": records.papers, "batch_versions": records.versions,
              "batch_texts": texts_frame({r.paper_id: r.text for r in read}),
              "batch_mentions": mentions_frame({r.paper_id: r.mentions for r in read})}
    con = store.connect(db)
    store.save_terms(con, terms)
    with store.registered(con, **frames), store.transaction(con):
        store.run_sql_file(con, "store/upsert_core_papers")
        store.run_sql_file(con, "store/insert_texts")
    del read, frames
    store.recount_ngrams(con, [MONTH])
    con.execute("checkpoint")
    con.close()
    return {"s": time.perf_counter() - start, "rss": rss}


def _child_recount(db: str) -> dict:
    from pipeline import store

    con = store.connect(db)
    rss, start = _status_mb("VmRSS"), time.perf_counter()
    done = store.recount_ngrams(con, [MONTH])
    con.execute("checkpoint")
    con.close()
    return {"s": time.perf_counter() - start, "rss": rss, "n_papers": done[0].n_papers_with_text,
            "n_rows": done[0].n_rows, "db_mb": Path(db).stat().st_size / 2**20}


def _same_rows(ours: str, whole: str) -> bool:
    """True if both files hold the same texts, mentions and n-gram counts."""
    import duckdb

    def rows(db: str) -> list:
        con = duckdb.connect(db, read_only=True)
        try:
            return [con.execute(q).fetchall() for q in (
                "select paper_id, md5(text) from core_paper_texts order by all",
                "select * from core_paper_terms order by all",
                "select month, ngram, is_bigram, n_papers from core_ngram_counts order by all",
                "select month, n_papers_with_text, min_df from core_ngram_months")]
        finally:
            con.close()

    return rows(ours) == rows(whole)


def _timed(call) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def _child_query(db: str, kind: str) -> dict:
    from pipeline import report, store
    from pipeline.analyse import hot, phrases

    con = store.connect(db, read_only=True)
    rss = _status_mb("VmRSS")
    month = bench_hot.LAST_MONTH
    calls = {
        "hot": lambda: hot.load_hot_terms(con, month, limit=50, is_merged=False),
        "not_hot": lambda: hot.load_hot_terms(con, month, is_not_hot=True, limit=50,
                                              is_merged=False),
        "report_data": lambda: report.load_edition_data(con, month),
        **{f"term_{p.replace(' ', '_')}": lambda p=p: phrases.load_phrase_series(con, [p])
           for p in PHRASES},
    }
    cold, result = _timed(calls[kind])
    warm = [_timed(calls[kind])[0] for _ in range(WARM)]
    figures = {"cold": cold, "warm": statistics.median(warm), "rss": rss}
    if kind == "report_data":
        figures["what"] = (
            f"hot {0 if result.hot_lists is None else result.hot_lists.hot.height} rows, "
            f"not hot {0 if result.hot_lists is None else result.hot_lists.not_hot.height}, "
            f"sparklines {0 if result.hot_lists is None else result.hot_lists.series.height}, "
            f"explorer {result.explorer.height}, term shares {result.term_shares.height}, "
            f"drill {result.drill.height}")
    elif kind.startswith("term_"):
        figures["what"] = f"{result.height} months"
    else:
        figures["what"] = f"{result.height} terms, first {', '.join(result['term'][:3])}"
    return figures


def _in_child(*args: str) -> dict:
    """Run one child mode in a fresh interpreter; return its figures with its peak RSS."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, __file__, "--child", *args], env=env,
                          capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"child {args[0]} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _print_phase(name: str, figures: dict, n_papers: int) -> None:
    print(f"month_{name}_s: {figures['s']:.1f}")
    print(f"month_{name}_papers_per_s: {n_papers / figures['s']:.0f}")
    print(f"month_{name}_start_rss_mb: {figures['rss']:.0f}")
    print(f"month_{name}_peak_rss_mb: {figures['peak']:.0f}")


def _run_month(n_papers: int, n_counted: int, folder: Path) -> None:
    ours, whole = str(folder / "month.duckdb"), str(folder / "whole.duckdb")
    print(f"month_papers: {n_papers:,} (the {len(bench_ngrams._corpus_texts())} real texts"
          " repeated, each with words of its own)")
    _print_phase("count", _in_child("count", str(n_counted)), n_counted)
    stored = _in_child("store", str(n_papers), ours)
    print(f"month_text_mb: {stored['text_mb']:.0f}")
    _print_phase("store", stored, n_papers)
    staged = _in_child("stage", str(n_papers), str(folder / "staged.duckdb"))
    _print_phase("stage_publish", staged, n_papers)
    print(f"month_stage_s: {staged['stage_s']:.1f} (chunks of 100 committed)")
    print(f"month_publish_s: {staged['publish_s']:.1f} (one transaction, with the n-grams)")
    print(f"month_stage_same_rows_as_store: {_same_rows(str(folder / 'staged.duckdb'), ours)}")
    held = _in_child("whole", str(n_papers), whole)
    _print_phase("whole_baseline", held, n_papers)
    print(f"month_store_vs_whole_peak_ratio: {stored['peak'] / held['peak']:.2f}")
    print(f"month_store_vs_whole_time_ratio: {stored['s'] / held['s']:.2f}")
    print(f"month_store_same_rows_as_whole: {_same_rows(ours, whole)}")
    recount = _in_child("recount", ours)
    _print_phase("recount", recount, n_papers)
    print(f"month_recount_stored: {recount['n_papers']:,} papers with text,"
          f" {recount['n_rows']:,} n-gram rows")
    print(f"month_db_mb: {recount['db_mb']:,.0f}")


def _run_history(n_months: int, keep: Path | None, folder: Path) -> None:
    rows, b = bench_hot._choose_rows(None)
    target = keep or folder
    target.mkdir(parents=True, exist_ok=True)
    db = target / f"history-{n_months}m-{rows}.duckdb"
    bench_hot._generate(db, n_months, rows, b)
    bench_hot._print_history(db)
    for kind in ("hot", "not_hot", *(f"term_{p.replace(' ', '_')}" for p in PHRASES),
                 "report_data"):
        figures = _in_child("query", str(db), kind)
        unit, scale = ("ms", 1000) if kind.startswith("term_") else ("s", 1)
        print(f"{kind}_cold_{unit}: {scale * figures['cold']:.2f}")
        print(f"{kind}_warm_median_{unit}: {scale * figures['warm']:.2f}")
        print(f"{kind}_peak_rss_mb: {figures['peak']:.0f} (after connect {figures['rss']:.0f})")
        print(f"{kind}_result: {figures['what']}")


def main() -> None:
    """Store and recount the month, then query the history, each phase in a fresh process."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=15_000)
    parser.add_argument("--count-papers", type=int, default=1_000,
                        help="papers the curated-term count is timed on (one by one)")
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--keep", type=Path, default=None,
                        help="keep/reuse the history DB in DIR (shared with bench_hot.py)")
    skip = parser.add_mutually_exclusive_group()
    skip.add_argument("--skip-month", action="store_true")
    skip.add_argument("--skip-history", action="store_true")
    args = parser.parse_args()
    bench_ngrams.CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=bench_ngrams.CACHE) as tmp:
        if not args.skip_month:
            _run_month(args.papers, args.count_papers, Path(tmp))
        if not args.skip_history:
            _run_history(args.months, args.keep, Path(tmp))


def _child(kind: str, args: list[str]) -> None:
    if kind == "count":
        figures = _child_count(int(args[0]))
    elif kind == "store":
        figures = _child_store(int(args[0]), args[1])
    elif kind == "stage":
        figures = _child_stage(int(args[0]), args[1])
    elif kind == "whole":
        figures = _child_whole(int(args[0]), args[1])
    elif kind == "recount":
        figures = _child_recount(args[0])
    else:
        figures = _child_query(args[0], args[1])
    print(json.dumps({**figures, "peak": _status_mb("VmHWM")}, default=str))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3:])
    else:
        main()

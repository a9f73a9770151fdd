"""Benchmark the hot / not-hot lists and a term query over a full-size n-gram history.

The lists compare every n-gram's peak share in the 12 months up to a month with its peak
share in all the months before (`sql/hot_ngrams.sql`), so they read the whole history:
they must stay fast and bounded in memory once years of months are stored. No real history
of that size exists here, so one is generated into a fresh DuckDB file, each month stored
by the real `replace_month_ngrams(con, month, frame, n_papers_with_text, min_df=2, source)`:
- size: `--months` (60) months whose papers with text grow geometrically from
  `--first-papers` (3,000) to 15,000, stored as `--source`'s counts (`fulltext`, or
  `abstracts`: the titles + abstracts' tables, whose series starts in 1991 with months of
  about 10 papers: `--source abstracts --months 400 --first-papers 10 --rows-per-month
  100000`, the rows the real abstracts keep). The rows a 15,000-paper month keeps
  (`--rows-per-month`) default to an extrapolation measured here on the real abstracts
  (`../shared/corpus/metadata/`, title + abstract): rows with document frequency >= 2 at 1k,
  2k, 4k, 8k and all 11,849 papers, fitted as rows = a * tokens^b, taken to 15,000 papers x
  6,000 kept tokens (the 26 shared full texts hold about 4,800 each, and keep 8,348 rows
  where the fit says 10,748: the default errs on the heavy side). It is capped at 8M rows
  (time budget). A smaller month keeps about rows * (papers / 15,000)^b, as the same fit
  says.
- vocabulary: one shared Zipf-like vocabulary of 8x the rows per month (bigrams rising from
  none of the 100 most used n-grams to 80% of the tail): a paper uses the n-gram of rank r
  with probability min(0.95, 0.9 (r / 60)^-0.28, c r^(-1/b)), c calibrated so that a
  15,000-paper month keeps the rows asked for. The head matches the 26 full texts (about 60
  n-grams in 90% of papers, 500 in half); the tail falls as the abstracts' counts do. A
  month's count is binomial, with a per-month lognormal wobble (sigma 0.25) on each share;
  3% of n-grams rise (e^0.5 to e^3 over the history), 3% fall, 0.01% appear and 0.002%
  vanish in the last 24 months (at full size some 20 new terms, ratio infinite, head the
  hot list and some gone ones, ratio 0, the not-hot list), so the lists are not trivial.
  Five real terms follow set curves, shaped like the original analysis: resnet 1% until 12
  months ago then up to 8.5%, "residual networks" half that, tensorflow from 0 (30 months
  ago) to 5%, gans from 0 (18 months ago) to 6%, fractal falling from 1.2% to 0.3%.
Then, each in a fresh process opening the file read-only (peak RSS = its VmHWM; "cold"
is a process's first call, with DuckDB's buffers empty but the OS file cache warm):
- `kept_lists`: the last month's two lists made and kept (`store.make_hot_list`, as
  publishing a write does), timed; then each list read by `load_hot_terms` from the kept
  rows, cold and the median of 3 warm runs, with the query's times beside it, and its top 50
  compared with the query's, every column;
- `hot` / `not_hot`: `load_hot_terms(con, last month, limit=50, is_merged=False)`, cold
  and the median of 3 warm runs, seconds (`min_papers`: `pipeline.analyse.hot`'s default, read
  once and passed to ours and the baseline alike);
- `baseline`: the naive way side by side, both tables read whole into polars
  (`con.sql(...).pl()`) and the same ratios computed there; its top 50 are compared with ours;
- `term_*`: `load_phrase_series` for "resnet" and "residual networks", cold and the median of
  5 warm runs, milliseconds; and `sql/ngram_share_series.sql` run directly with the bound
  parameter and with the n-gram written in as a literal, to check that the parameter keeps
  the zone-map skipping (rows are stored sorted by n-gram within each month).
Run: `PYTHONPATH=. python bench/bench_hot.py [--months 60] [--rows-per-month N] [--keep DIR]
[--source abstracts] [--first-papers N] [--no-baseline]` (`--keep DIR` keeps the generated
database in DIR and reuses it on the next run). At 120 months: 205M rows, 2 GB, each list
about 30 s by the query and 9 GB peak to make both. At the
default size: about 6 minutes on 2 cores, 2.5 of them generating (4.3 GB peak) a 1 GB
file of ~100M rows; the baseline peaks near 17 GB, so a child passing 80% of the machine's
memory is stopped and reported as such rather than let the machine run out.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
METADATA = ROOT.parent / "shared" / "corpus" / "metadata"
LAST_MONTH = date(2024, 12, 1)
SEED = 2017
FULL_PAPERS, FIRST_PAPERS, TOKENS_PER_PAPER = 15_000, 3_000, 6_000
MAX_ROWS_PER_MONTH = 8_000_000
GROWTH_SAMPLES = (1_000, 2_000, 4_000, 8_000, None)  # None: every abstract
LIMIT, WARM_HOT, WARM_TERM = 50, 3, 5
TABLES = {"fulltext": "core_ngram", "abstracts": "core_abstract_ngram"}  # _counts, _months
MEMORY_CAP = 0.8  # of physical memory: a child using more is stopped
BYTES_PER_ROW = 12  # DuckDB file bytes per stored row (10 at the default size), for df
# Share in percent at months counted back from the last (0), as piecewise-linear curves.
NAMED_TERMS = {
    "resnet": ([-10**6, -12, 0], [1.0, 1.0, 8.5]),
    "residual networks": ([-10**6, -12, 0], [0.5, 0.5, 4.0]),
    "tensorflow": ([-10**6, -30, -12, 0], [0.0, 0.0, 1.5, 5.0]),
    "gans": ([-10**6, -18, -12, 0], [0.0, 0.0, 0.5, 6.0]),
    "fractal": ([-10**6, -12, 0], [1.2, 0.5, 0.3]),
}
# Two-letter consonant-vowel syllables: generated words are runs of them, so they never
# equal a named term (each holds a consonant pair or a vowel-consonant ending).
SYLLABLES = [c + v for c in "bcdfghjklmnpqrstvwxz" for v in "aeiou"]


def _peak_rss_mb() -> float:
    """This process's peak RSS since it started (VmHWM), in MB.

    Not ru_maxrss: on Linux a child's ru_maxrss starts at its parent's peak at the fork
    (kept across exec), so it would report this script's own peak for every child.
    """
    status = Path("/proc/self/status").read_text()
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure_growth() -> tuple[list[tuple[int, int, int]], float, float]:
    """(papers, kept tokens, rows at min_df 2) of growing real-abstract samples; a, b."""
    from pipeline.count.ngrams import count_document_frequencies, tokenize

    frame = pl.concat([pl.read_ndjson(p, infer_schema_length=None).select("id", "title",
                       "abstract") for p in sorted(METADATA.glob("*.jsonl"))]).unique("id")
    frame = frame.select(paper_id="id", month=pl.lit(LAST_MONTH),
                         text=pl.concat_str(["title", "abstract"], separator="\n\n"))
    frame = frame.sort("paper_id").sample(fraction=1.0, shuffle=True, seed=SEED)
    n_tokens = np.cumsum([len(tokenize(t)) for t in frame["text"]])
    points = []
    for n in GROWTH_SAMPLES:
        n = n or frame.height
        counts = count_document_frequencies(frame.head(n))
        points.append((n, int(n_tokens[n - 1]), int((counts["n_papers"] >= 2).sum())))
    b, log_a = np.polyfit(np.log([p[1] for p in points]), np.log([p[2] for p in points]), 1)
    return points, float(np.exp(log_a)), float(b)


def _month_sizes(n_months: int, rng: np.random.Generator, first_papers: int) -> np.ndarray:
    growth = (FULL_PAPERS / first_papers) ** (np.arange(n_months) / max(1, n_months - 1))
    wobble = 1 + 0.03 * rng.standard_normal(n_months)
    wobble[[0, -1]] = 1
    return np.round(first_papers * growth * wobble).astype(np.int64)


def _base_shares(n_vocab: int, rows: int, b: float) -> np.ndarray:
    """Per-paper probability of each rank, its tail calibrated to keep `rows` at 15,000."""
    ranks = np.arange(1, n_vocab + 1, dtype=np.float64)
    head = np.minimum(0.95, 0.9 * (ranks / 60) ** -0.28)
    grid = np.unique(np.geomspace(1, n_vocab, 200_000).round())
    weights = np.diff(np.append(grid, n_vocab + 1))

    def kept(c: float, r: np.ndarray = grid) -> float:
        p = np.minimum(head[r.astype(np.int64) - 1], c * r ** (-1 / b))
        n = FULL_PAPERS  # P(Binomial(n, p) >= 2)
        p_le_1 = np.exp(n * np.log1p(-p)) + n * p * np.exp((n - 1) * np.log1p(-p))
        return float(((1 - p_le_1) * weights).sum())

    low, high = 1e-6, 1e9
    for _ in range(80):
        mid = (low * high) ** 0.5
        low, high = (mid, high) if kept(mid) < rows else (low, mid)
    return np.minimum(head, low * ranks ** (-1 / b))


def _words(ids: np.ndarray) -> pl.Series:
    """Distinct words: 2 syllables for the 10,000 most used, 3 for the next 1M, then 4."""
    n_syllables = np.where(ids < 10_000, 2, np.where(ids < 1_010_000, 3, 4))
    code = ids - np.where(n_syllables == 2, 0, np.where(n_syllables == 3, 10_000, 1_010_000))
    syllables = pl.Series(SYLLABLES)
    parts = {f"s{k}": syllables.gather((code // 100**k) % 100) for k in range(4)}
    frame = pl.DataFrame({**parts, "n": n_syllables})
    return frame.select(pl.concat_str([pl.when(pl.col("n") > k).then(f"s{k}").otherwise(
        pl.lit("")) for k in range(4)])).to_series()


def _vocabulary(rows: int, b: float, rng: np.random.Generator) -> dict:
    """The shared vocabulary: n-gram strings, is_bigram and base shares, unigrams first."""
    n_vocab = 8 * rows
    ranks = np.arange(1, n_vocab + 1)
    bigram_odds = 0.8 * np.clip(np.log(ranks / 100) / np.log(rows / 100), 0, 1)
    is_bigram = rng.random(n_vocab) < bigram_odds
    shares = _base_shares(n_vocab, rows, b)
    n_unigrams = int((~is_bigram).sum())
    unigrams = _words(np.arange(n_unigrams))
    k = np.arange(int(is_bigram.sum()))  # k -> (a, c) is one-to-one while k < n_unigrams^2
    first, second = k % n_unigrams, (k // n_unigrams + 7919 * (k % n_unigrams)) % n_unigrams
    pairs = pl.DataFrame({"a": unigrams.gather(first), "c": unigrams.gather(second)})
    bigrams = pairs.select(pl.concat_str(["a", "c"], separator=" ")).to_series()
    order = np.concatenate([np.flatnonzero(~is_bigram), np.flatnonzero(is_bigram)])
    return {"ngram": pl.concat([unigrams, bigrams]).rename("ngram"),
            "is_bigram": is_bigram[order], "share": shares[order]}


def _trends(n_vocab: int, n_months: int, rng: np.random.Generator) -> dict:
    """Per n-gram: log-share slope and offset over the history, and its alive months."""
    kind = rng.choice(5, n_vocab, p=[0.93988, 0.03, 0.03, 0.0001, 0.00002])
    rate = rng.uniform(0.5, 3.0, n_vocab)
    slope = np.select([kind == 1, kind == 2], [rate, -rate], 0.0)
    offset = np.where(kind == 1, -rate, 0.0)
    edge = rng.integers(max(1, n_months - 24), n_months, n_vocab)
    first = np.where(kind == 3, edge, 0)  # new: from `edge`; vanishing: before it
    stop = np.where(kind == 4, edge, n_months)
    return {"slope": slope, "offset": offset, "first": first, "stop": stop}


def _month_frame(vocab: dict, trends: dict, t: int, n_months: int, n_papers: int,
                 month: date, rng: np.random.Generator) -> pl.DataFrame:
    """One month's counts (n_papers >= 1), the named terms' rows appended."""
    x = t / max(1, n_months - 1)
    wobble = 0.25 * rng.standard_normal(len(vocab["share"])) - 0.25**2 / 2
    share = vocab["share"] * np.exp(trends["slope"] * x + trends["offset"] + wobble)
    share *= (trends["first"] <= t) & (t < trends["stop"])
    counts = rng.binomial(n_papers, np.minimum(share, 0.97))
    kept = np.flatnonzero(counts)
    named = [(term, rng.binomial(n_papers, np.interp(t - n_months + 1, *curve) / 100))
             for term, curve in NAMED_TERMS.items()]
    terms = [term for term, n in named if n]
    return pl.DataFrame({
        "ngram": pl.concat([vocab["ngram"].gather(kept), pl.Series(terms, dtype=pl.String)]),
        "is_bigram": np.append(vocab["is_bigram"][kept],
                               np.array([" " in term for term in terms], dtype=bool)),
        "n_papers": np.append(counts[kept], [n for _, n in named if n]).astype(np.int32),
    }).select(pl.lit(month).alias("month"), pl.all())


def _months(n_months: int) -> list[date]:
    last = LAST_MONTH.year * 12 + LAST_MONTH.month - 1
    return [date(m // 12, m % 12 + 1, 1) for m in range(last - n_months + 1, last + 1)]


def _child_generate(db: str, n_months: int, rows: int, b: float, source: str,
                    first_papers: int) -> dict:
    from pipeline import store

    rng = np.random.default_rng(SEED)
    wall = time.perf_counter()
    vocab = _vocabulary(rows, b, rng)
    trends = _trends(len(vocab["share"]), n_months, rng)
    vocab_s, save_s, n_rows = time.perf_counter() - wall, 0.0, []
    sizes = _month_sizes(n_months, rng, first_papers)
    con = store.connect(db)
    for t, (month, n_papers) in enumerate(zip(_months(n_months), sizes)):
        frame = _month_frame(vocab, trends, t, n_months, int(n_papers), month, rng)
        start = time.perf_counter()
        with store.transaction(con):
            n_rows.append(store.replace_month_ngrams(con, month, frame, int(n_papers),
                                                     min_df=2, source=source))
        save_s += time.perf_counter() - start
    con.execute("checkpoint")
    con.close()
    return {"wall": time.perf_counter() - wall, "vocab_s": vocab_s, "save_s": save_s,
            "n_vocab": len(vocab["share"]), "rows": n_rows, "sizes": sizes.tolist()}


def _timed(call) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def _child_hot(db: str, is_not_hot: bool, min_papers: int, source: str, how: str) -> dict:
    """Time one list: `how` "query" runs sql/hot_ngrams.sql on the whole history (as every
    list was answered before the lists were kept), "stored" calls load_hot_terms, which
    reads the kept list. The list is written to `<db>.<how>.<kind>.parquet`."""
    from pipeline import store
    from pipeline.analyse import hot
    from pipeline.analyse.queries import run_named_query

    con = store.connect(db, read_only=True)
    start_rss = _peak_rss_mb()
    params = {"source": source, "month": LAST_MONTH, "min_papers": min_papers,
              "is_not_hot": is_not_hot, "max_terms": LIMIT}

    def call() -> pl.DataFrame:
        if how == "query":
            return run_named_query(con, "hot_ngrams", params)
        return hot.load_hot_terms(con, LAST_MONTH, is_not_hot=is_not_hot, limit=LIMIT,
                                  min_papers=min_papers, is_merged=False, source=source)

    cold, ranked = _timed(call)
    warm = [_timed(call)[0] for _ in range(WARM_HOT)]
    ranked.write_parquet(_list_path(db, how, is_not_hot))
    is_stored = store.load_stored_hot_list(con, source, LAST_MONTH, is_not_hot, min_papers,
                                           LIMIT) is not None
    return {"cold": cold, "warm": statistics.median(warm), "start_rss": start_rss,
            "terms": ranked["term"].to_list(), "ratios": ranked["ratio"].to_list(),
            "is_stored": is_stored}


def _list_path(db: str, how: str, is_not_hot: bool) -> str:
    return f"{db}.{how}.{'not_hot' if is_not_hot else 'hot'}.parquet"


def _child_make(db: str, source: str) -> dict:
    """Make the last month's two kept lists (as a write's publish does), timed."""
    from pipeline import store

    con = store.connect(db)
    seconds, _ = _timed(lambda: store.make_hot_list(con, source, LAST_MONTH))
    rows = sum(store.fetch_sql_file(con, "store/hot_list_of_month", {
        "source": source, "month": LAST_MONTH, "is_not_hot": is_not_hot})[0][2]
        for is_not_hot in (False, True))  # n_terms of each list
    con.close()
    return {"make_s": seconds, "rows": rows}


def _baseline_peaks(counts: pl.DataFrame, months: pl.DataFrame) -> pl.LazyFrame:
    """Per (n-gram, window): its peak month's share in percent and papers (later wins ties)."""
    first_recent = pl.lit(LAST_MONTH).dt.offset_by("-11mo")
    window = months.lazy().filter(pl.col("month") <= LAST_MONTH, pl.col("n_papers_with_text") > 0)
    rows = counts.lazy().join(window, on="month").with_columns(
        share=pl.col("n_papers") / pl.col("n_papers_with_text"),
        is_recent=pl.col("month") >= first_recent)
    # Latest month first: arg_max takes the first of equal shares, as the SQL the latest.
    at_peak = [pl.col(c).get(pl.col("share").arg_max()) for c in
               ("n_papers", "n_papers_with_text")]
    return rows.sort("month", descending=True).group_by("ngram", "is_recent").agg(
        pl.col("is_bigram").first(), *at_peak)


def _baseline_list(peaks: pl.DataFrame, is_not_hot: bool, min_papers: int) -> list[str]:
    """The top LIMIT terms by the same ratio, support rule and order as hot_ngrams.sql."""
    pct = (100.0 * pl.col("n_papers") / pl.col("n_papers_with_text")).alias("pct")
    recent = peaks.filter("is_recent").select("ngram", pct, k="n_papers")
    before = peaks.filter(~pl.col("is_recent")).select("ngram", pct, k="n_papers")
    lead, other = (before, recent) if is_not_hot else (recent, before)
    joined = lead.filter(pl.col("k") >= min_papers).join(other, on="ngram", how="left",
                                                          suffix="_other")
    pct_recent, pct_before = ((pl.col("pct_other").fill_null(0.0), pl.col("pct")) if
                              is_not_hot else (pl.col("pct"), pl.col("pct_other")))
    ratio = pl.when(pct_before.is_null()).then(float("inf")).otherwise(pct_recent / pct_before)
    ranked = joined.with_columns(ratio=ratio).sort(
        ["ratio", "pct", "ngram"], descending=[not is_not_hot, True, False])
    return ranked["ngram"].head(LIMIT).to_list()


def _child_baseline(db: str, min_papers: int, source: str) -> dict:
    from pipeline import store

    con = store.connect(db, read_only=True)
    start_rss = _peak_rss_mb()
    load_s, (counts, months) = _timed(lambda: (
        con.sql(f"select * from {TABLES[source]}_counts").pl(),
        con.sql(f"select month, n_papers_with_text from {TABLES[source]}_months").pl()))
    peaks_s, peaks = _timed(lambda: _baseline_peaks(counts, months).collect())
    lists, list_s = {}, {}
    for name, is_not_hot in (("hot", False), ("not_hot", True)):
        list_s[name], lists[name] = _timed(
            lambda f=is_not_hot: _baseline_list(peaks, f, min_papers))
    return {"load": load_s, "hot": peaks_s + list_s["hot"], "start_rss": start_rss,
            "not_hot": peaks_s + list_s["not_hot"], "lists": lists, "rows": counts.height}


def _child_term(db: str, phrase: str, form: str) -> dict:
    from pipeline import store
    from pipeline.analyse import phrases
    from pipeline.analyse.queries import run_named_query

    con = store.connect(db, read_only=True)
    sql = store.read_sql("ngram_share_series")
    literal = sql.replace("$ngram", "'" + phrase.replace("'", "''") + "'").replace(
        "$source", "'fulltext'")
    calls = {"api": lambda: phrases.load_phrase_series(con, [phrase]),
             "param": lambda: run_named_query(con, "ngram_share_series",
                                          {"ngram": phrase, "source": "fulltext"}),
             "literal": lambda: con.sql(literal).pl()}
    cold, series = _timed(calls[form])
    warm = [_timed(calls[form])[0] for _ in range(WARM_TERM)]
    last = series.filter(pl.col("month") == LAST_MONTH)
    return {"cold": cold, "warm": statistics.median(warm), "months": series.height,
            "last_share_pct": float(last["share_pct"][0]) if last.height else None}


def _rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return next((int(line.split()[1]) / 1024 for line in status.splitlines()
                 if line.startswith("VmRSS:")), 0.0)


def _in_child(*args: str) -> dict:
    """Run one child mode in a fresh interpreter; return its figures and its peak RSS.

    A child is stopped once its RSS passes MEMORY_CAP (the machine has no swap, and the
    naive baseline may not fit): then its figures are {"killed_at_mb", "after_s"}.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cap_mb = MEMORY_CAP * os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, __file__, "--child", *args], env=env,
                                 stdout=out, stderr=err, text=True)
        while child.poll() is None:
            if (rss := _rss_mb(child.pid)) > cap_mb:
                child.kill()
                child.wait()
                return {"killed_at_mb": rss, "after_s": time.perf_counter() - start}
            time.sleep(0.1)
        out.seek(0)
        err.seek(0)
        if child.returncode:
            sys.exit(f"child {args[0]} failed:\n{err.read()}")
        return json.loads(out.read().strip().splitlines()[-1])


def _choose_rows(requested: int | None) -> tuple[int, float]:
    """Print the real-abstract growth curve; return the rows per 15,000-paper month, and b."""
    points, a, b = _measure_growth()
    for n_papers, n_tokens, n_rows in points:
        print(f"abstracts_{n_papers}_papers: {n_tokens:,} tokens, {n_rows:,} rows min_df 2")
    print(f"abstracts_fit: rows = {a:.3f} * tokens^{b:.3f}")
    tokens = FULL_PAPERS * TOKENS_PER_PAPER
    extrapolated = a * tokens**b
    print(f"rows_extrapolated_{FULL_PAPERS}_papers_x_{TOKENS_PER_PAPER}_tokens: "
          f"{extrapolated:,.0f}")
    rows = requested or int(round(min(extrapolated, MAX_ROWS_PER_MONTH), -4))
    how = "--rows-per-month" if requested else "extrapolated, rounded"
    print(f"rows_per_{FULL_PAPERS}_paper_month: {rows:,} ({how})")
    return rows, b


def _generate(db: Path, n_months: int, rows: int, b: float, source: str,
              first_papers: int) -> None:
    """Generate the history into `db` in a child (unless it exists); print its figures."""
    if db.exists():
        print(f"history_db: reused {db}")
        return
    free = shutil.disk_usage(db.parent).free
    need = BYTES_PER_ROW * rows * n_months
    print(f"disk_free_gb: {free / 2**30:.0f} (history needs about {need / 2**30:.1f})")
    if free < 2 * need:
        sys.exit("not enough free disk for the history")
    figures = _in_child("generate", str(db), str(n_months), str(rows), repr(b), source,
                        str(first_papers))
    print(f"generate_s: {figures['wall']:.0f} (vocabulary {figures['vocab_s']:.0f},"
          f" replace_month_ngrams {figures['save_s']:.0f})")
    print(f"generate_vocabulary_ngrams: {figures['n_vocab']:,}")
    print(f"generate_peak_rss_mb: {figures['rss']:.0f}")
    sizes, kept = figures["sizes"], figures["rows"]
    print(f"history_papers_per_month: {sizes[0]:,} to {sizes[-1]:,}")
    print(f"history_rows_per_month: {kept[0]:,} to {kept[-1]:,}")


def _print_history(db: Path, source: str) -> None:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    n_months, first, last = con.sql("select count(*), min(month), max(month)"
                                    f" from {TABLES[source]}_months").fetchall()[0]
    n_rows, n_grams = con.sql("select count(*), count(distinct ngram)"
                              f" from {TABLES[source]}_counts").fetchall()[0]
    con.close()
    print(f"history_months: {n_months} ({first:%Y-%m} to {last:%Y-%m})")
    print(f"history_rows: {n_rows:,} ({n_grams:,} distinct n-grams)")
    print(f"history_db_mb: {db.stat().st_size / 2**20:,.0f}")


def _print_lists(db: str, source: str, is_baseline: bool) -> None:
    """The query, the kept list and the baseline: time, memory, and whether the top 50
    agree."""
    from pipeline.analyse.hot import DEFAULT_MIN_PAPERS

    min_papers = str(DEFAULT_MIN_PAPERS)
    print(f"min_papers: {min_papers} (pipeline.analyse.hot.DEFAULT_MIN_PAPERS)")
    ours = {name: _in_child("hot", db, name, min_papers, source, "query")
            for name in ("hot", "not_hot")}
    _print_kept_lists(db, source, min_papers, ours)
    for name, figures in ours.items():
        if _was_stopped(name, figures):
            continue
        print(f"{name}_cold_s: {figures['cold']:.2f}")
        print(f"{name}_warm_median_s: {figures['warm']:.2f}")
        print(f"{name}_peak_rss_mb: {figures['rss']:.0f}"
              f" (after connect {figures['start_rss']:.0f})")
        top = [f"{t} {r:.3g}" for t, r in zip(figures["terms"][:10], figures["ratios"])]
        print(f"{name}_first_10: {', '.join(top)}")
        ranks = [f"{t} {figures['terms'].index(t) + 1}" for t in NAMED_TERMS
                 if t in figures["terms"]]
        print(f"{name}_ranks_of_named_terms: {', '.join(ranks) or 'none in the top 50'}")
    if not is_baseline:
        return
    base = _in_child("baseline", db, min_papers, source)
    if _was_stopped("baseline", base):
        return
    print(f"baseline_load_s: {base['load']:.2f} ({base['rows']:,} rows)")
    for name in ours:
        print(f"baseline_{name}_s: {base['load'] + base[name]:.2f} (after load {base[name]:.2f})")
    print(f"baseline_peak_rss_mb: {base['rss']:.0f} (after connect {base['start_rss']:.0f})")
    for name, figures in ours.items():
        if "terms" not in figures:
            continue
        same = len(set(base["lists"][name]) & set(figures["terms"]))
        order = "same order" if base["lists"][name] == figures["terms"] else "order differs"
        print(f"baseline_{name}_top_{LIMIT}_agreement: {same} of {LIMIT} ({order})")
        print(f"{name}_cold_over_baseline: {figures['cold'] / (base['load'] + base[name]):.3f}")
        print(f"{name}_peak_rss_over_baseline: {figures['rss'] / base['rss']:.3f}")


def _print_kept_lists(db: str, source: str, min_papers: str, queried: dict) -> None:
    """Make the last month's kept lists, read them as load_hot_terms does, and compare them
    with the query's (`queried`): the same frame, row for row."""
    made = _in_child("make", db, source)
    print(f"kept_lists_make_s: {made['make_s']:.1f} (hot and not hot of {LAST_MONTH:%Y-%m},"
          f" {made['rows']:,} rows kept; peak RSS {made['rss']:.0f} MB)")
    for name in queried:
        kept = _in_child("hot", db, name, min_papers, source, "stored")
        if _was_stopped(f"kept_{name}", kept) or _was_stopped(name, queried[name]):
            continue
        frames = [pl.read_parquet(_list_path(db, how, name == "not_hot"))
                  for how in ("stored", "query")]
        same = "same" if frames[0].equals(frames[1]) else "DIFFERENT"
        print(f"kept_{name}_cold_s: {kept['cold']:.3f} (query {queried[name]['cold']:.2f})")
        print(f"kept_{name}_warm_median_s: {kept['warm']:.3f}"
              f" (query {queried[name]['warm']:.2f}; {queried[name]['warm'] / kept['warm']:.0f}x)")
        print(f"kept_{name}_read_from_kept_list: {kept['is_stored']}")
        print(f"kept_{name}_top_{LIMIT}_vs_query: {same} ({len(kept['terms'])} rows,"
              " every column)")


def _was_stopped(name: str, figures: dict) -> bool:
    if "killed_at_mb" in figures:
        print(f"{name}: stopped at {figures['killed_at_mb']:,.0f} MB of RSS after"
              f" {figures['after_s']:.0f} s ({MEMORY_CAP:.0%} of memory)")
    return "killed_at_mb" in figures


def _print_terms(db: str) -> None:
    for phrase in ("resnet", "residual networks"):
        name = phrase.replace(" ", "_")
        for form in ("api", "param", "literal"):
            figures = _in_child("term", db, phrase, form)
            label = f"term_{name}" if form == "api" else f"term_{name}_sql_{form}"
            print(f"{label}_cold_ms: {1000 * figures['cold']:.1f}")
            print(f"{label}_warm_median_ms: {1000 * figures['warm']:.1f}")
        print(f"term_{name}_months: {figures['months']},"
              f" last month share {figures['last_share_pct']:.2f}%")


def main() -> None:
    """Generate (or reuse) the history, then time every method in a fresh process."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--rows-per-month", type=int, default=None)
    parser.add_argument("--keep", type=Path, default=None, help="keep/reuse the DB in DIR")
    parser.add_argument("--source", choices=tuple(TABLES), default="fulltext")
    parser.add_argument("--first-papers", type=int, default=FIRST_PAPERS,
                        help="papers of the first month (the months grow to 15,000)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the polars baseline")
    args = parser.parse_args()
    if args.months < 13:
        sys.exit("--months must be at least 13 (12 recent months and one before)")
    rows, b = _choose_rows(args.rows_per_month)
    with tempfile.TemporaryDirectory(prefix="bench-hot-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / f"history-{args.source}-{args.months}m-{args.first_papers}-{rows}.duckdb"
        _generate(db, args.months, rows, b, args.source, args.first_papers)
        _print_history(db, args.source)
        _print_lists(str(db), args.source, not args.no_baseline)
        if args.source == "fulltext":
            _print_terms(str(db))


def _child(kind: str, args: list[str]) -> None:
    if kind == "generate":
        figures = _child_generate(args[0], int(args[1]), int(args[2]), float(args[3]),
                                  args[4], int(args[5]))
    elif kind == "hot":
        figures = _child_hot(args[0], args[1] == "not_hot", int(args[2]), args[3], args[4])
    elif kind == "make":
        figures = _child_make(args[0], args[1])
    elif kind == "baseline":
        figures = _child_baseline(args[0], int(args[1]), args[2])
    else:
        figures = _child_term(args[0], args[1], args[2])
    print(json.dumps({**figures, "rss": _peak_rss_mb()}, default=str))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3:])
    else:
        main()

"""Benchmark a full-size snapshot import with its abstract counting, and the queries after it.

Builds 2,700,000 lines from the shared real ML records (`../shared/corpus/metadata/`) with
fresh ids and v1 dates over the 424 months 1991-08 to 2026-11 (lines per month rising as
(i + 1)^2; old-style ids before 2007-04); 720,000 keep their ML categories, the rest get
non-ML ones. Each in a fresh process on a fresh DuckDB file (peak memory: its ru_maxrss):
`import_snapshot`, which imports and then counts every month's titles + abstracts (terms and
n-grams), split into read + stage, publish and counting steps (timed by wrapping the
functions `pipeline.ops.abstracts` calls); the baseline, a bare DuckDB `read_json` + filter +
insert; then, read-only, the hot list of the abstract counts (median of 5 after a warm-up)
and term queries (medians of 20). Prints one `name: value` line per figure. Targets: import
+ count under 10 minutes on 2 cores and 4 GB; hot list under 1 s; a term query under 100 ms.
Run: `PYTHONPATH=. python bench/bench_abstracts.py` (15-20 minutes, 6 GB of temporary files).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, date, datetime
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
METADATA = ROOT.parent / "shared" / "corpus" / "metadata"
N_LINES, N_ML = 2_700_000, 720_000
N_MONTHS = 424  # 1991-08 to 2026-11
NEW_IDS_FROM = date(2007, 4, 1)
ML = ("cs.AI", "cs.LG", "cs.CV", "cs.CL", "cs.NE", "stat.ML")
OTHER = ("hep-th", "math.AG", "cond-mat.str-el", "astro-ph.GA", "q-bio.NC", "physics.optics",
         "math.PR stat.TH", "quant-ph")
ARCHIVES = ("cs", "hep-th", "math", "cond-mat", "astro-ph", "q-bio", "physics", "quant-ph")
HOT_MONTHS = (date(2026, 11, 1), date(2018, 12, 1))
TERM, PHRASES = "tensorflow", ("tensorflow", "neural networks")
WRAPPED = {"pipeline.ops.ingest": ["count_abstract_months"], "pipeline.store": [
    "stage_batch", "publish_staged", "load_abstracts_of_month", "replace_abstract_counts",
    "replace_month_ngrams"], "pipeline.ops.abstracts": ["count_term_zones",
                                                        "count_document_frequencies"]}


def _source_records() -> list[tuple[str, str]]:
    """Each real ML record as (its categories, the rest of its JSON), both as JSON text."""
    records = []
    for path in sorted(METADATA.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                categories = record.pop("categories")
                if set(ML).isdisjoint(categories.split()):  # 210 listed cross-lists: not ML
                    continue
                for key in ("id", "versions", "update_date"):
                    record.pop(key)
                records.append((json.dumps(categories), json.dumps(record)[1:]))
    if not records:
        sys.exit(f"no metadata files in {METADATA}")
    return records


def _cumulative_split(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights`, rounding the running sums (exact total)."""
    bounds, running, whole = [0], 0.0, sum(weights)
    for weight in weights:
        running += weight
        bounds.append(round(total * running / whole))
    return [b - a for a, b in zip(bounds, bounds[1:])]


def _paper_id(month: date, j: int) -> str:
    yymm = f"{month:%y%m}"
    if month >= NEW_IDS_FROM:
        return f"{yymm}.{j + 1:05d}" if month.year >= 2015 else f"{yymm}.{j + 1:04d}"
    archive, number = divmod(j, 999)
    return f"{ARCHIVES[archive]}/{yymm}{number + 1:03d}"


def _write_snapshot(path: Path) -> tuple[int, int]:
    """Write the snapshot; return its lines and its lines of ML categories."""
    source = _source_records()
    months = [date(1991 + (7 + i) // 12, (7 + i) % 12 + 1, 1) for i in range(N_MONTHS)]
    per_month = _cumulative_split(N_LINES, [(i + 1) ** 2 for i in range(N_MONTHS)])
    ml_per_month = _cumulative_split(N_ML, per_month)
    n_lines = n_ml = n_other = 0
    with open(path, "w", encoding="utf-8", buffering=1 << 22) as out:
        for month, n, k in zip(months, per_month, ml_per_month):
            for j in range(n):
                is_ml = (j + 1) * k // n > j * k // n  # k of the n lines, spread evenly
                categories, rest = source[n_lines % len(source)]
                if not is_ml:
                    categories, n_other = json.dumps(OTHER[n_other % len(OTHER)]), n_other + 1
                day = month.replace(day=1 + j % 28)
                created = format_datetime(datetime(day.year, day.month, day.day, j % 24,
                                                   tzinfo=UTC), usegmt=True)
                out.write(f'{{"id": "{_paper_id(month, j)}", "categories": {categories}, '
                          f'"versions": [{{"version": "v1", "created": "{created}"}}], '
                          f'"update_date": "{day:%Y-%m-%d}", {rest}\n')
                n_lines, n_ml = n_lines + 1, n_ml + is_ml
    return n_lines, n_ml


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _wrap_timed(totals: dict[str, float]) -> None:
    """Time the calls of the functions in `WRAPPED`, summed by name, in this process."""
    import importlib

    def timed(name: str, function):
        def call(*args, **kwargs):
            totals.setdefault(f"{name}_first_rss_mb", _peak_rss_mb())  # peak until then
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                totals[name] += time.perf_counter() - started
                totals[f"{name}_calls"] += 1
        return call

    for module_name, names in WRAPPED.items():
        module = importlib.import_module(module_name)
        for name in names:
            setattr(module, name, timed(name, getattr(module, name)))


def _child_import(path: str, db: str) -> None:
    import duckdb

    from pipeline.ops.snapshot import import_snapshot
    from pipeline.settings import load_settings

    totals: dict[str, float] = defaultdict(float)
    _wrap_timed(totals)
    settings = load_settings(config_path=None, env={}, db_path=Path(db))
    started = time.perf_counter()
    summary = import_snapshot(settings, Path(path))
    elapsed_s, rss = time.perf_counter() - started, _peak_rss_mb()
    with duckdb.connect(db, read_only=True) as con:
        tables = ("core_papers", "core_abstract_counts", "core_abstract_terms",
                  "core_abstract_ngram_counts", "core_abstract_ngram_months")
        counts = {t: con.execute(f"select count(*) from {t}").fetchall()[0][0] for t in tables}
    print(json.dumps({"s": elapsed_s, "rss": rss, "read_s": summary.elapsed_s,
                      "n_lines": summary.n_lines, "n_imported": summary.n_imported,
                      "n_filtered": summary.n_filtered, "n_malformed": summary.n_malformed,
                      "counts": counts, "steps": totals}))


def _child_baseline(path: str, db: str) -> None:
    import duckdb

    con = duckdb.connect(db)
    started = time.perf_counter()
    con.execute(f"""
        create table papers as
        select id, title, abstract, categories, versions
        from read_json('{path}', format = 'newline_delimited', columns = {{
            id: 'VARCHAR', title: 'VARCHAR', abstract: 'VARCHAR', categories: 'VARCHAR',
            versions: 'STRUCT(version VARCHAR, created VARCHAR)[]'}})
        where list_has_any(string_split(categories, ' '), {list(ML)})""")
    elapsed_s, rss = time.perf_counter() - started, _peak_rss_mb()
    n = con.execute("select count(*) from papers").fetchall()[0][0]
    con.close()
    print(json.dumps({"s": elapsed_s, "rss": rss, "n": n}))


def _median_s(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _child_queries(db: str) -> None:
    from pipeline.analyse.hot import load_hot_terms
    from pipeline.analyse.phrases import load_phrase_series
    from pipeline.store import connect_reading

    con, _ = connect_reading(Path(db))
    figures: dict = {"n_months": con.execute(
        "select count(*) from core_abstract_ngram_months where n_papers_with_text > 0"
    ).fetchall()[0][0]}
    for month in HOT_MONTHS:
        hot = lambda month=month: load_hot_terms(con, month, source="abstracts")  # noqa: E731
        top = hot()["term"].head(5).to_list()  # the warm-up
        figures[f"{month:%Y-%m}"] = {"s": _median_s(hot, 5), "top": top}
    sql = "select * from out_term_share_by_month where source = 'abstracts' and term = $term"
    figures["term_rows"] = con.sql(sql, params={"term": TERM}).pl().height
    figures["term_s"] = _median_s(lambda: con.sql(sql, params={"term": TERM}).pl(), 20)
    for phrase in PHRASES:
        series = lambda p=phrase: load_phrase_series(con, [p], source="abstracts")  # noqa: E731
        figures[f"phrase_rows_{phrase}"] = series().height
        figures[f"phrase_s_{phrase}"] = _median_s(series, 20)
    con.close()
    print(json.dumps(figures, default=str))


def _in_child(*args: str) -> dict:
    """Run this file's child mode in a fresh interpreter and return its figures."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, __file__, "--child", *args], env=env, check=True,
                          stdout=subprocess.PIPE, text=True)  # stderr: to ours
    return json.loads(done.stdout.strip().splitlines()[-1])


def _print_import(ours: dict) -> None:
    steps, counts = ours["steps"], ours["counts"]
    counting_s = steps["count_abstract_months"]
    print(f"abstracts_import_and_count_s: {ours['s']:.1f}")
    print(f"abstracts_import_and_count_peak_rss_mb: {ours['rss']:.0f}")
    print(f"import_records: {ours['n_lines']:,} lines, {ours['n_imported']:,} imported, "
          f"{ours['n_filtered']:,} filtered out, {ours['n_malformed']:,} malformed")
    print(f"import_read_and_stage_s: {ours['read_s']:.1f} (stage_batch "
          f"{steps['stage_batch']:.1f} of it)")
    print(f"import_publish_s: {steps['publish_staged']:.1f}")
    print(f"import_peak_rss_mb_before_counting: "
          f"{steps['count_abstract_months_first_rss_mb']:.0f}")
    print(f"abstract_counting_s: {counting_s:.1f} over {steps['replace_month_ngrams_calls']:.0f}"
          f" months: load {steps['load_abstracts_of_month']:.1f}, terms "
          f"{steps['count_term_zones']:.1f}, n-grams {steps['count_document_frequencies']:.1f},"
          f" replace_abstract_counts {steps['replace_abstract_counts']:.1f}, "
          f"replace_month_ngrams {steps['replace_month_ngrams']:.1f}")
    print(f"abstract_tables_rows: {', '.join(f'{k} {v:,}' for k, v in counts.items())}")


def main() -> None:
    """Build the file, import it and the baseline in fresh processes, query, print."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        path = root / "snapshot-full.jsonl"
        started = time.perf_counter()
        n_lines, n_ml = _write_snapshot(path)
        print(f"snapshot_file: {n_lines:,} lines, {n_ml:,} of ML categories, "
              f"{path.stat().st_size / 2**20:,.0f} MB (built in "
              f"{time.perf_counter() - started:.0f} s)", flush=True)
        ours = _in_child("import", str(path), str(root / "ours.duckdb"))
        _print_import(ours)
        base = _in_child("baseline", str(path), str(root / "baseline.duckdb"))
        print(f"readjson_filter_insert_s: {base['s']:.1f} (baseline, {base['n']:,} rows)")
        print(f"readjson_filter_insert_peak_rss_mb: {base['rss']:.0f} (baseline)")
        per_m = 1e6 / n_lines
        print(f"cost_per_million_lines_s: ours {ours['s'] * per_m:.1f}, baseline "
              f"{base['s'] * per_m:.1f}, ratio {ours['s'] / base['s']:.1f}", flush=True)
        queries = _in_child("queries", str(root / "ours.duckdb"))
        print(f"abstract_ngram_months: {queries['n_months']}")
        for month in HOT_MONTHS:
            hot = queries[f"{month:%Y-%m}"]
            print(f"hot_abstracts_{month:%Y_%m}_s: {hot['s']:.3f}")
            print(f"hot_abstracts_{month:%Y_%m}_top5: {', '.join(hot['top'])}")
        print(f"term_share_series_ms: {queries['term_s'] * 1000:.1f} ({TERM!r}, "
              f"{queries['term_rows']} months)")
        for phrase in PHRASES:
            print(f"phrase_series_abstracts_ms: {queries[f'phrase_s_{phrase}'] * 1000:.1f} "
                  f"({phrase!r}, {queries[f'phrase_rows_{phrase}']} months)")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        kind, *rest = sys.argv[2:]
        {"import": _child_import, "baseline": _child_baseline,
         "queries": _child_queries}[kind](*rest)
    else:
        main()

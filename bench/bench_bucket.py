"""Benchmark full text from the public dataset bucket: downloads pipelined with extraction.

The shared real PDFs (`../shared/corpus/pdfs/`, the ML ones), cycled to N_PAPERS papers of
one month with fresh ids, are served by the tests' loopback bucket (Google Cloud Storage's
listing format) with an artificial LATENCY_S before each object's first byte and a
bandwidth cap per object (CAPS_BYTES_PER_S), like a distant host. Each run, in a fresh
process and database:
- extraction alone: the same PDFs already on disk, `add-pdfs` (read, count, store);
- the bucket: the papers' metadata imported, then `backfill --source bucket` for the month
  (list, download `bucket_downloads` at once, read as they arrive, count, store), with 8
  downloads in flight at two bandwidth caps per object, and once with 1.
Runs alternate, ROUNDS times; prints medians (papers/s), the ratio to extraction alone and
the most the downloads could carry at that latency and cap (8 objects of the mean size).
Run: `PYTHONPATH=. python bench/bench_bucket.py` (about ten minutes).
"""

from __future__ import annotations

import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PDFS = ROOT.parent / "shared" / "corpus" / "pdfs"
N_PAPERS = 384  # ~30 s of extraction: the start and the tail weigh little
MONTH = date(2023, 1, 1)
LATENCY_S = 0.2
# per object: 4 MB/s (32 MB/s with 8 in flight: downloads can barely outrun extraction), and
# 16 MB/s (128 MB/s, a fast link: what is left is this machine's own work)
CAPS_BYTES_PER_S = (4_000_000, 16_000_000)
ROUNDS = 3
RUNS = {  # name: (downloads in flight, bytes per second per object); 0: from disk
    "extraction alone": (0, 0),
    "bucket, 8 in flight, 4 MB/s": (8, CAPS_BYTES_PER_S[0]),
    "bucket, 8 in flight, 16 MB/s": (8, CAPS_BYTES_PER_S[1]),
    "bucket, 1 in flight, 4 MB/s": (1, CAPS_BYTES_PER_S[0]),
}


def _real_pdfs() -> list[Path]:
    rows = csv.DictReader((PDFS / "index.csv").open(encoding="utf-8"))
    files = sorted({PDFS / r["file"] for r in rows  # a damaged copy is no benchmark
                    if r["primary_category"].startswith(("cs.", "stat."))
                    and not r["file"].startswith("damaged/")})
    if not files:
        sys.exit(f"no shared PDFs in {PDFS}")
    return files


def _papers() -> dict[str, Path]:
    """N_PAPERS ids of MONTH, each with a real PDF."""
    files = _real_pdfs()
    return {f"{MONTH:%y%m}.{i + 1:05d}": files[i % len(files)] for i in range(N_PAPERS)}


def _snapshot_line(paper_id: str) -> str:
    return json.dumps({
        "id": paper_id, "title": f"Paper {paper_id}", "abstract": "An abstract.",
        "authors": "A. Author", "categories": "cs.LG", "authors_parsed": [["Author", "A.", ""]],
        "versions": [{"version": "v1", "created": "Tue, 10 Jan 2023 00:00:00 GMT"}]})


def _child_local(folder: str, db: str) -> None:
    from pipeline.ops import local
    from pipeline.settings import load_settings

    settings = load_settings(config_path=None, env={}, db_path=Path(db),
                             pdf_dir=Path(db).parent / "pdfs")
    started = time.perf_counter()
    summary = local.add_pdfs(settings, [Path(folder)])
    print(json.dumps({"s": time.perf_counter() - started, "n": summary.n_with_text}))


def _child_bucket(snapshot: str, db: str, downloads: str, bytes_per_s: str) -> None:
    from pipeline.ops import backfill
    from pipeline.ops import snapshot as snapshots
    from pipeline.settings import load_settings
    from pipeline.sources import bucket
    from tests import fake_bucket

    objects = {bucket.object_name(pid, 1): path.read_bytes() for pid, path in _papers().items()}
    fake = fake_bucket.start(fake_bucket.FakeBucket(objects, latency_s=LATENCY_S,
                                                    bytes_per_s=float(bytes_per_s)))
    settings = load_settings(config_path=None, env={}, db_path=Path(db), bucket_url=fake.url,
                             bucket_downloads=int(downloads), pdf_dir=Path(db).parent / "pdfs")
    snapshots.import_snapshot(settings, Path(snapshot))
    started = time.perf_counter()
    backfill.backfill(settings, MONTH, MONTH, "bucket")
    elapsed_s = time.perf_counter() - started
    import duckdb

    con = duckdb.connect(db, read_only=True)
    n = con.execute("select count(*) from core_paper_texts").fetchall()[0][0]
    con.close()
    fake_bucket.stop(fake)
    print(json.dumps({"s": elapsed_s, "n": n}))


def _in_child(*args: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, __file__, "--child", *args], env=env, check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    """Write the files, alternate the runs, print the medians."""
    papers = _papers()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "local"
        folder.mkdir()
        for pid, path in papers.items():
            (folder / f"{pid}v1.pdf").write_bytes(path.read_bytes())
        snapshot = root / "snapshot.jsonl"
        snapshot.write_text("".join(_snapshot_line(pid) + "\n" for pid in papers))
        rates: dict[str, list[float]] = {name: [] for name in RUNS}
        for round_no in range(ROUNDS):
            for name, (downloads, bytes_per_s) in RUNS.items():
                if downloads == 1 and round_no:  # 4 minutes: once
                    continue
                run = root / f"{round_no}-{len(rates[name])}-{downloads}-{bytes_per_s}"
                run.mkdir()
                db = str(run / "bench.duckdb")
                got = (_in_child("local", str(folder), db) if not downloads
                       else _in_child("bucket", str(snapshot), db, str(downloads),
                                      str(bytes_per_s)))
                assert got["n"] == N_PAPERS, (name, got)
                rates[name].append(got["n"] / got["s"])
        alone = statistics.median(rates["extraction alone"])
        mean_bytes = statistics.mean(path.stat().st_size for path in papers.values())
        print(f"bucket_bench: {N_PAPERS} real PDFs ({len(_real_pdfs())} distinct, mean "
              f"{mean_bytes / 1e6:.2f} MB), latency {LATENCY_S * 1000:.0f} ms per object, "
              f"{ROUNDS} rounds alternated")
        for cap in CAPS_BYTES_PER_S:
            ceiling = 8 / (LATENCY_S + mean_bytes / cap)
            print(f"papers_per_s the downloads could carry, 8 in flight at {cap / 1e6:.0f} MB/s "
                  f"each: {ceiling:.2f}")
        for name, values in rates.items():
            median = statistics.median(values)
            runs = ", ".join(f"{v:.2f}" for v in values)
            print(f"papers_per_s {name}: {median:.2f} (runs {runs}); ratio to extraction "
                  f"alone {median / alone:.2f}")

if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        kind, *rest = sys.argv[2:]
        {"local": _child_local, "bucket": _child_bucket}[kind](*rest)
    else:
        main()

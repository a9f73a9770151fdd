"""Benchmark full text from the public dataset bucket: downloads pipelined with extraction.

The shared real PDFs (`../shared/corpus/pdfs/`, the ML ones), cycled to N_PAPERS papers of
one month with fresh ids, are served by the tests' loopback bucket (Google Cloud Storage's
listing format) with an artificial LATENCY_S before each object's first byte and a
bandwidth cap per object, like a distant host. Each run, in a fresh process and database:
- extraction alone: the same PDFs already on disk, `add-pdfs` (read, count, store);
- the bucket: the papers' metadata imported, then `backfill --source bucket` for the month
  (list, download `bucket_downloads` at once, read as they arrive, count, store), with 8
  downloads in flight, and once with 1.
Runs alternate, ROUNDS times; prints medians (papers/s), the ratio to extraction alone and
the most the downloads could carry at that latency and cap (8 objects of the mean size).
Run: `PYTHONPATH=. python bench/bench_bucket.py` (about eight minutes).
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
BYTES_PER_S = 4_000_000  # per object
ROUNDS = 3


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


def _child_bucket(snapshot: str, db: str, downloads: str) -> None:
    from pipeline.ops import backfill
    from pipeline.ops import snapshot as snapshots
    from pipeline.settings import load_settings
    from pipeline.sources import bucket
    from tests import fake_bucket

    objects = {bucket.object_name(pid, 1): path.read_bytes() for pid, path in _papers().items()}
    fake = fake_bucket.start(fake_bucket.FakeBucket(objects, latency_s=LATENCY_S,
                                                    bytes_per_s=BYTES_PER_S))
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
        rates: dict[str, list[float]] = {"extraction alone": [], "bucket, 8 in flight": [],
                                         "bucket, 1 in flight": []}
        for round_no in range(ROUNDS):
            for name in rates:
                if name == "bucket, 1 in flight" and round_no:  # 4 minutes: once
                    continue
                run = root / f"{round_no}-{name.replace(' ', '').replace(',', '')}"
                run.mkdir()
                db = str(run / "bench.duckdb")
                got = (_in_child("local", str(folder), db) if name == "extraction alone"
                       else _in_child("bucket", str(snapshot), db, name.split()[1]))
                assert got["n"] == N_PAPERS, (name, got)
                rates[name].append(got["n"] / got["s"])
        alone = statistics.median(rates["extraction alone"])
        mean_bytes = statistics.mean(path.stat().st_size for path in papers.values())
        ceiling = 8 / (LATENCY_S + mean_bytes / BYTES_PER_S)
        print(f"bucket_bench: {N_PAPERS} real PDFs ({len(_real_pdfs())} distinct, mean "
              f"{mean_bytes / 1e6:.2f} MB), latency {LATENCY_S * 1000:.0f} ms and "
              f"{BYTES_PER_S / 1e6:.0f} MB/s per object, {ROUNDS} rounds alternated")
        print(f"papers_per_s the downloads could carry, 8 in flight: {ceiling:.2f}")
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

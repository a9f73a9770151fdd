"""Benchmark: what matching title pages for institutions adds to `add-pdfs`.

`add-pdfs` of N_PAPERS real PDFs (the shared ML papers, each under several ids of one month)
into a fresh database, timed whole in a fresh process; then, in another fresh process on the
database it made, the institutions step alone (`count_institutions`, every title page again:
the list loaded and its matcher built, page 1 of each stored text read, matched, written),
the same work `add-pdfs` did for them at its end. Rounds alternate; medians are compared.
Target (issue 18): the step adds under 10% to `add-pdfs`.
Run: `python bench/bench_institutions.py` (about a minute).
"""

from __future__ import annotations

import csv
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PDFS = ROOT.parent / "shared" / "corpus" / "pdfs"
N_PAPERS = 192
ROUNDS = 3


def _real_pdfs() -> list[Path]:
    rows = csv.DictReader((PDFS / "index.csv").open(encoding="utf-8"))
    files = sorted({PDFS / r["file"] for r in rows
                    if r["primary_category"].startswith(("cs.", "stat."))
                    and not r["file"].startswith(("damaged/", "excerpts/"))})
    if not files:
        sys.exit(f"no shared PDFs in {PDFS}")
    return files


def _settings(db: str):  # noqa: ANN202
    from pipeline.settings import load_settings

    return load_settings(config_path=None, env={}, db_path=Path(db),
                         pdf_dir=Path(db).parent / "pdfs")


def _child_add(folder: str, db: str) -> None:
    from pipeline.ops import local

    started = time.perf_counter()
    summary = local.add_pdfs(_settings(db), [Path(folder)])
    print(json.dumps({"s": time.perf_counter() - started, "n": summary.n_with_text}))


def _child_match(db: str) -> None:
    from pipeline import store
    from pipeline.ops.institutions import count_institutions

    settings = _settings(db)
    con = store.connect_writing(settings)
    try:
        started = time.perf_counter()
        n_matched = count_institutions(con, settings, lambda _: None, is_every=True)
        elapsed_s = time.perf_counter() - started
        n_found = con.execute("select count(*) from core_paper_institutions").fetchone()[0]
    finally:
        con.close()
    print(json.dumps({"s": elapsed_s, "n": n_matched, "found": n_found}))


def _run(*args: str) -> dict:
    done = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True,
                          text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    files = _real_pdfs()
    adds, matches = [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for i in range(N_PAPERS):
            (folder / f"2301.{i + 1:05d}v1.pdf").symlink_to(files[i % len(files)])
        for round_no in range(ROUNDS):
            db = Path(tmp) / str(round_no) / "bench.duckdb"
            db.parent.mkdir()
            adds.append(_run("--child-add", str(folder), str(db)))
            matches.append(_run("--child-match", str(db)))
    n = adds[0]["n"]
    add_s = statistics.median(r["s"] for r in adds)
    print(f"institutions_bench: {n} papers ({len(files)} distinct shared real PDFs), "
          f"{ROUNDS} rounds, fresh processes")
    print(f"add_pdfs_s: {add_s:.2f} (runs {_listed(adds, '.2f')}); "
          f"{add_s / n * 1000:.1f} ms a paper")
    step_s = statistics.median(r["s"] for r in matches)
    print(f"institutions_step_s: {step_s:.3f} (runs {_listed(matches, '.3f')}); "
          f"{step_s / n * 1000:.2f} ms a paper, {matches[0]['found']} institutions found; "
          f"share of add_pdfs {100 * step_s / add_s:.1f}%")


def _listed(runs: list[dict], fmt: str) -> str:
    return ", ".join(format(r["s"], fmt) for r in runs)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child-add":
        _child_add(*sys.argv[2:4])
    elif len(sys.argv) > 1 and sys.argv[1] == "--child-match":
        _child_match(sys.argv[2])
    else:
        main()

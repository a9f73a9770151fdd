"""Benchmark the metadata snapshot import: speed and peak memory as the file grows.

Builds snapshot files from the shared real metadata (`../shared/corpus/metadata/`), repeated
with fresh ids to 100,000, 500,000 and 1,000,000 records (plain; and 500,000 gzipped),
imports each in a fresh process into a fresh DuckDB file, and compares with a bare
`json.loads` loop over the same 500,000-record file. Prints one `name: value` line per
figure. Run: `python bench/bench_snapshot.py` (about two minutes, 3 GB of temporary files).
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
METADATA = ROOT.parent / "shared" / "corpus" / "metadata"
SIZES = {"100k": 100_000, "500k": 500_000, "1m": 1_000_000}


def _source_lines() -> list[bytes]:
    lines = []
    for path in sorted(METADATA.glob("*.jsonl")):
        lines += [line for line in path.read_bytes().splitlines() if line.strip()]
    if not lines:
        sys.exit(f"no metadata files in {METADATA}")
    return lines


def _with_id(line: bytes, new_id: str) -> bytes:
    """The record with its id replaced (every line starts with `{"id": "...",`)."""
    start = line.index(b'"', line.index(b'"id"') + 4) + 1
    end = line.index(b'"', start)
    return line[:start] + new_id.encode() + line[end:]


def _write_snapshot(path: Path, source: list[bytes], n_records: int, gzipped: bool) -> None:
    """Write `n_records` records, cycling through `source`, each with a distinct new id."""
    with (gzip.open(path, "wb", compresslevel=6) if gzipped else open(path, "wb")) as out:
        for i in range(n_records):
            repeat, index = divmod(i, len(source))
            out.write(_with_id(source[index], f"{9000 + repeat:04d}.{index:05d}") + b"\n")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _child_import(path: str, db: str) -> None:
    from pipeline.ops.snapshot import import_snapshot
    from pipeline.settings import load_settings

    settings = load_settings(config_path=None, env={}, db_path=Path(db))
    started = time.perf_counter()  # from opening the file to the database closed
    summary = import_snapshot(settings, Path(path))
    elapsed_s = time.perf_counter() - started
    assert summary.n_malformed == 0, summary.malformed
    print(json.dumps({"n": summary.n_lines, "s": elapsed_s, "rss": _peak_rss_mb()}))


def _child_json_loads(path: str) -> None:
    started = time.perf_counter()
    n = 0
    with open(path, "rb") as lines:
        for line in lines:
            json.loads(line)
            n += 1
    print(json.dumps({"n": n, "s": time.perf_counter() - started, "rss": _peak_rss_mb()}))


def _in_child(*args: str) -> dict:
    """Run this file's child mode in a fresh interpreter and return its figures."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, __file__, "--child", *args], env=env, check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    """Build the files, import each in a fresh process and print the figures."""
    source = _source_lines()
    rates: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        runs = [(name, n, False) for name, n in SIZES.items()] + [("500k_gzip", 500_000, True)]
        for name, n_records, gzipped in runs:
            path = root / f"snapshot-{name}.jsonl{'.gz' if gzipped else ''}"
            _write_snapshot(path, source, n_records, gzipped)
            figures = _in_child("import", str(path), str(root / f"{name}.duckdb"))
            assert figures["n"] == n_records, figures
            rates[name] = figures["n"] / figures["s"]
            print(f"snapshot_{name}_records_per_s: {rates[name]:,.0f}")
            print(f"snapshot_{name}_peak_rss_mb: {figures['rss']:.0f}")
            print(f"snapshot_{name}_file_mb: {path.stat().st_size / 2**20:.0f}")
        baseline = _in_child("json", str(root / "snapshot-500k.jsonl"))
        json_rate = baseline["n"] / baseline["s"]
        print(f"json_loads_500k_records_per_s: {json_rate:,.0f} (baseline)")
        print(f"json_loads_500k_peak_rss_mb: {baseline['rss']:.0f} (baseline)")
        print(f"snapshot_500k_over_json_loads: {rates['500k'] / json_rate:.2f}")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        kind, *rest = sys.argv[2:]
        _child_import(*rest) if kind == "import" else _child_json_loads(*rest)
    else:
        main()

"""Benchmark the demo: the whole offline run, its stages, and pdfminer against pdftotext.

Prints one `name: value` line per figure. Run with `make bench` (about 3 minutes).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline.extract.pdf_text import extract_pdf_text
from pipeline.ops import demo
from pipeline.settings import load_settings

N_TIMED_PDFS = 150


def _per_pdf_ms(pdfs: list[Path]) -> tuple[float, float | None]:
    """Median milliseconds per PDF for pdfminer (ours) and pdftotext (baseline), one core."""
    ours, theirs = [], []
    pdftotext = shutil.which("pdftotext")
    for pdf in pdfs:
        started = time.perf_counter()
        extract_pdf_text(pdf)
        ours.append(1000 * (time.perf_counter() - started))
        if pdftotext:
            started = time.perf_counter()
            subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, check=True)
            theirs.append(1000 * (time.perf_counter() - started))
    return statistics.median(ours), statistics.median(theirs) if theirs else None


def main() -> None:
    """Run the demo in a temporary folder and print its figures."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        settings = load_settings(env={}, db_path=root / "demo.duckdb")
        lines: list[str] = []
        started = time.monotonic()

        def progress(message: str) -> None:
            lines.append(f"{time.monotonic() - started:7.1f} s  {message}")

        result = demo.run_demo(settings, root / "sample", root / "site", progress=progress)
        total_s = time.monotonic() - started
        print("\n".join(lines), file=sys.stderr)
        pdfs = sorted((root / "sample" / "pdfs").glob("*.pdf"))[::15][:N_TIMED_PDFS]
        ours_ms, theirs_ms = _per_pdf_ms(pdfs)
        print(f"demo_total_s: {total_s:.1f}")
        print(f"demo_papers: {result.summary.n_papers}")
        print(f"demo_months: {len(result.summary.months)}")
        print(f"demo_papers_per_s: {result.summary.n_papers / total_s:.1f}")
        edition = result.report_path.parent
        pages_mb = [p.stat().st_size / 2**20 for p in edition.iterdir()]
        print(f"site_edition_files: {len(pages_mb)}, largest {max(pages_mb):.2f} MB")
        print(f"pdfminer_ms_per_sample_pdf_median: {ours_ms:.1f}")
        if theirs_ms is not None:
            print(f"pdftotext_ms_per_sample_pdf_median: {theirs_ms:.1f} (baseline, with its start)")
            print(f"pdfminer_over_pdftotext: {ours_ms / theirs_ms:.2f}")


if __name__ == "__main__":
    main()

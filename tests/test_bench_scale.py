"""The scale benchmark runs end to end at a tiny size, on the real papers' texts."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def test_the_scale_benchmark_runs_and_reports_every_figure(real_pdfs, tmp_path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_scale.py"), "--months", "13", "--papers",
         "10", "--new-papers", "30", "--keep", str(tmp_path / "store")],
        capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert done.returncode == 0, done.stderr
    figures = dict(line.split(": ", 1) for line in done.stdout.splitlines() if ": " in line)
    for name in ("build_s", "base_disk", "publish_month_s", "with_month_kb_per_paper",
                 "with_month_projected_700k_gb", "open_s", "hot_s", "hot_institutions_s",
                 "term_s", "phrase_s", "report_data_s", "report_site_s",
                 "hot_institutions_full_s"):
        assert name in figures, name
    assert figures["term_s"].endswith("(14 months)")
    # the texts are in their folder, compressed, and not in the database's copy
    texts = sorted((tmp_path / "store" / "scale.texts").glob("*/*.parquet"))
    assert [p.parent.name for p in texts] == [f"{2015 + k // 12}-{k % 12 + 1:02d}"
                                              for k in range(14)]  # one file a month
    per_paper = dict(part.strip().rsplit(" ", 1) for part in
                     figures["with_month_kb_per_paper"].replace(";", ",").split(","))
    assert 0 < float(per_paper["texts"]) < float(per_paper["raw text"]) / 2

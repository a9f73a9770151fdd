"""Benchmark the report site against its budgets: page weight and time to the first chart.

The demo's edition is built (full size: 72 months, 2,326 papers) and each page is opened
from `file://` in headless Chromium (Debian's, driven by Playwright) `--loads` times, each
in a fresh browser context (cold caches). Printed per page: its bytes besides the shared
plotly.js (the HTML plus any script of its own, e.g. the explorer's data), and the median
milliseconds from navigation start to the first chart drawn (`window.arxivTrendsFirstChartMs`,
set by site.js when Plotly.newPlot resolves) and to the page being ready (every chart
drawn). Budgets, side by side: 1.5 MB a page, first chart within 2,000 ms.
Run: `python bench/bench_report.py [--loads 5]`.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import tempfile
from pathlib import Path

from pipeline.ops import demo
from pipeline.settings import load_settings

BUDGET_BYTES = 1_500_000
BUDGET_FIRST_CHART_MS = 2_000
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking"]


def _page_bytes(page: Path) -> int:
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', page.read_text(encoding="utf-8"))
    own = [page.parent / s for s in scripts if not s.startswith("../")]
    return page.stat().st_size + sum(p.stat().st_size for p in own)


def _timings(edition: Path, loads: int) -> dict[str, tuple[list[float], list[float]]]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    results: dict[str, tuple[list[float], list[float]]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=ARGS)
        for page_path in sorted(edition.glob("*.html")):
            first, ready = [], []
            for _ in range(loads):
                context = browser.new_context(viewport={"width": 1200, "height": 900})
                page = context.new_page()
                page.goto(page_path.as_uri())
                page.wait_for_selector("body[data-ready='1']", timeout=60_000)
                first_ms = page.evaluate("window.arxivTrendsFirstChartMs")
                if first_ms is not None:
                    first.append(first_ms)
                ready.append(page.evaluate("performance.now()"))
                context.close()
            results[page_path.name] = (first, ready)
        browser.close()
    return results


def main() -> None:
    """Build the demo's edition, then weigh and time every page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        settings = load_settings(env={}, db_path=root / "demo.duckdb")
        edition = demo.run_demo(settings, root / "sample", root / "site").report_path.parent
        plotly_mb = (root / "site" / "assets" / "plotly.min.js").stat().st_size / 1e6
        print(f"shared_plotly_js_mb: {plotly_mb:.2f} (once for the whole site)")
        timings = _timings(edition, args.loads)
        for page in sorted(edition.glob("*.html")):
            name = page.stem.replace("-", "_")
            print(f"page_{name}_kb: {_page_bytes(page) / 1e3:.0f} "
                  f"(budget {BUDGET_BYTES / 1e3:.0f})")
            first, ready = timings[page.name]
            if first:
                print(f"page_{name}_first_chart_ms_median: {statistics.median(first):.0f} "
                      f"(budget {BUDGET_FIRST_CHART_MS})")
            print(f"page_{name}_ready_ms_median: {statistics.median(ready):.0f}")


if __name__ == "__main__":
    main()

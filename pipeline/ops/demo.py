"""The offline demo: generate the sample corpus, run the whole pipeline on it, report."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from pipeline import analyse, report, sample, store
from pipeline.ops import local
from pipeline.ops.ingest import IngestSummary, Progress
from pipeline.settings import Settings

# The sample's months hold 15 to 60 papers, not 15,000: a support of 15 papers would leave
# only words that every paper uses in its hot lists.
DEMO_HOT_MIN_PAPERS = 5


@dataclass(frozen=True)
class DemoResult:
    """Where the demo wrote its outputs and what it stored."""

    report_path: Path
    db_path: Path
    summary: IngestSummary
    n_terms: int
    elapsed_s: float

    def summary_line(self) -> str:
        """One line: papers, months, terms."""
        s = self.summary
        return (f"{s.n_papers} papers ({s.n_with_text} read, {s.n_failed} failed) in "
                f"{len(s.months)} months; {self.n_terms} curated terms, {s.n_mentions} "
                f"paper-term mentions; {self.elapsed_s:.0f} s")


def run_demo(
    settings: Settings, sample_dir: Path, site_dir: Path, seed: int = 2017,
    scale: float = 1.0, progress: Progress | None = None,
) -> DemoResult:
    """Write the sample, ingest all of it, write the report site's latest edition."""
    say = progress or (lambda _: None)
    started = time.monotonic()
    say(f"writing the sample corpus to {sample_dir} (seed {seed})")
    info = sample.write_sample(sample_dir, seed=seed, scale=scale)
    say(f"{info.n_papers} papers in {len(info.feed_paths)} months written")
    summary = local.ingest_feeds(settings, list(info.feed_paths), info.pdf_dir, "sample", say)
    store.publish_read_copy(settings.db_path)
    say(f"writing the report site to {site_dir}")
    con = store.connect(settings.db_path, read_only=True)
    try:
        data = report.load_edition_data(con, hot_min_papers=DEMO_HOT_MIN_PAPERS,
                                        min_coverage_pct=settings.min_coverage_pct)
        n_terms = analyse.run_named_query(con, "terms").height
    finally:
        con.close()
    front_page = report.write_site_edition(data, site_dir)
    return DemoResult(front_page, settings.db_path, summary, n_terms, time.monotonic() - started)

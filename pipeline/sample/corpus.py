"""The embedded sample corpus: arXiv-like feeds and PDFs, generated deterministically.

The project cannot ship real papers, yet its demo, tests and benchmarks need a corpus that
looks to every stage like the real one: Atom feeds shaped like arXiv API responses, and
LaTeX-like PDFs whose text mentions frameworks, ConvNets, optimizers and researchers at the
rates the field really had in 2012-2017. `write_sample` writes such a corpus from a seed,
together with `truth.json`, the terms each paper's text mentions, which the pipeline's
counts must reproduce exactly.
"""

from __future__ import annotations

import json
import random
from calendar import monthrange
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from pipeline.count import Term, load_terms
from pipeline.errors import ConfigError
from pipeline.papers import month_range
from pipeline.sample.feed import month_query, render_feed
from pipeline.sample.layout import layout_document
from pipeline.sample.pdf import render_pdf
from pipeline.sample.plan import PaperPlan, plan_month
from pipeline.sample.text import Document, compose_document


@dataclass(frozen=True)
class SampleInfo:
    """Where a written sample corpus is and what it holds."""

    out_dir: Path
    feed_paths: tuple[Path, ...]
    pdf_dir: Path
    n_papers: int
    first_month: date
    last_month: date


def write_sample(
    out_dir: Path,
    seed: int = 2017,
    first_month: date = date(2012, 1, 1),
    last_month: date = date(2017, 12, 1),
    scale: float = 1.0,
) -> SampleInfo:
    """Write the sample corpus (feeds, PDFs, truth.json) for the months given, overwriting.

    Args:
        scale: multiplies the papers per month (at least one paper a month is kept).
    """
    first, last = first_month.replace(day=1), last_month.replace(day=1)
    if first > last or scale <= 0:
        raise ConfigError(f"bad sample window {first}..{last} or scale {scale}")
    terms = {t.term: t for t in load_terms()}
    feed_dir, pdf_dir = Path(out_dir) / "feeds", Path(out_dir) / "pdfs"
    feed_dir.mkdir(parents=True, exist_ok=True)
    pdf_dir.mkdir(parents=True, exist_ok=True)
    feeds: list[Path] = []
    pdfs: list[Path] = []
    truth: dict[str, list[str]] = {}
    stamp = _feed_stamp(last)
    for month in month_range(first, last):
        papers = _write_month(month, seed, scale, terms, pdf_dir, pdfs)
        truth.update((plan.base_id, sorted(set(plan.terms) | doc.cited_terms))
                     for plan, doc in papers)
        feeds.append(feed_dir / f"{month:%Y-%m}.xml")
        query = month_query(month, monthrange(month.year, month.month)[1])
        feeds[-1].write_bytes(render_feed(query, papers, stamp))
    _remove_stale(feed_dir, "*.xml", feeds)
    _remove_stale(pdf_dir, "*.pdf", pdfs)
    (Path(out_dir) / "truth.json").write_text(_truth_json(seed, truth), encoding="utf-8")
    return SampleInfo(Path(out_dir), tuple(feeds), pdf_dir, len(truth), first, last)


def _write_month(
    month: date, seed: int, scale: float, terms: dict[str, Term], pdf_dir: Path,
    written: list[Path],
) -> list[tuple[PaperPlan, Document]]:
    """Plan, compose and write the PDFs of one month; a month's papers depend only on it."""
    rng = random.Random(f"{seed}:{month:%Y-%m}")
    papers = []
    for plan in plan_month(month, rng, list(terms.values()), scale):
        doc = compose_document(plan, terms, rng)
        path = pdf_dir / f"{plan.base_id}v{plan.version}.pdf"
        path.write_bytes(render_pdf(layout_document(doc, rng)))
        written.append(path)
        papers.append((plan, doc))
    return papers


def _truth_json(seed: int, truth: dict[str, list[str]]) -> str:
    """The truth file as JSON with one paper a line, so that diffs stay readable."""
    rows = ",\n".join(f"  {json.dumps(pid)}: {json.dumps(names)}" for pid, names in truth.items())
    return f'{{"seed": {seed}, "papers": {{\n{rows}\n}}}}\n'


def _feed_stamp(last: date) -> datetime:
    """A fixed response time: the first day of the sixth month after the window."""
    index = last.year * 12 + last.month - 1 + 6
    return datetime(index // 12, index % 12 + 1, 1, tzinfo=UTC)


def _remove_stale(folder: Path, pattern: str, keep: list[Path]) -> None:
    """Delete files an earlier, different sample left behind, so a rerun overwrites fully."""
    wanted = set(keep)
    for path in folder.glob(pattern):
        if path not in wanted:
            path.unlink()

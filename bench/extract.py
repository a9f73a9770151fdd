"""Benchmark the lean extractor against pdfminer's default `extract_text` and poppler.

The extract stage must be fast enough for a month of arXiv (pdfminer's default is ~16x slower
than `pdftotext`) without changing what the count stage sees. This runs all three extractors
over every real PDF of the shared corpus, single process, and prints one `name: value` line
per figure, then a per-paper table on stderr.

Time is CPU time: `time.process_time()` in this process for the two pdfminer extractors, the
children's user + system time (`getrusage(RUSAGE_CHILDREN)` deltas) for `pdftotext`. Each
figure is the median of `--repeat` runs per paper (pdfminer's default: `--default-repeat`).

Agreement is measured against `pdftotext -enc UTF-8`, both texts through `normalize_text`:
- term sets: per paper, `find_terms` with the curated terms; equal or not;
- unigram document sets: per paper, the set U of words `[a-z][a-z0-9]+` in the lower-cased
  text; Jaccard |U_ours & U_poppler| / |U_ours | U_poppler|, reported pooled (sums of
  intersections over sums of unions), as a mean over papers, and as the worst paper.

Run: `PYTHONPATH=. python bench/extract.py [--repeat 3] [--default-repeat 1]`.
"""

from __future__ import annotations

import argparse
import csv
import logging
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.count.terms import Term, find_terms, load_terms
from pipeline.extract._fasttext import extract_lean_text
from pipeline.extract.pdf_text import normalize_text

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
EXTRACTORS = ("ours", "default", "pdftotext")
_WORD = re.compile(r"[a-z][a-z0-9]+")


@dataclass
class Paper:
    """One PDF: its page count, and per extractor its median CPU seconds and its text."""

    name: str
    path: Path
    pages: int
    cpu_s: dict[str, float]
    text: dict[str, str]


def extract_default(path: Path) -> str:
    """pdfminer.six's default: `extract_text` with layout analysis (LAParams)."""
    from pdfminer.high_level import extract_text
    from pdfminer.layout import LAParams

    return extract_text(str(path), laparams=LAParams())


def timed_in_process(extract: Callable[[Path], str], path: Path) -> tuple[float, str]:
    """Run an in-process extractor; return its CPU seconds and text."""
    start = time.process_time()
    text = extract(path)
    return time.process_time() - start, text


def timed_pdftotext(exe: str, path: Path) -> tuple[float, str]:
    """Run `pdftotext`; return the child's CPU seconds (user + system) and its text."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([exe, "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, done.stdout.decode("utf-8", "replace")


def median_run(run: Callable[[], tuple[float, str]], repeat: int) -> tuple[float, str]:
    """Median CPU seconds of `repeat` runs, and the text of the last."""
    times, text = [], ""
    for _ in range(max(1, repeat)):
        cpu, text = run()
        times.append(cpu)
    return statistics.median(times), text


def page_counts(corpus: Path) -> dict[str, int]:
    """Pages of each PDF as recorded in the corpus index (path relative to pdfs/)."""
    with (corpus / "pdfs" / "index.csv").open(newline="") as handle:
        return {row["file"]: int(row["pages"]) for row in csv.DictReader(handle)}


def measure(corpus: Path, exe: str, repeat: int, default_repeat: int) -> list[Paper]:
    """Extract every PDF of the corpus with the three extractors."""
    pages = page_counts(corpus)
    papers = []
    for path in sorted((corpus / "pdfs").rglob("*.pdf")):
        key = path.relative_to(corpus / "pdfs").as_posix()
        runs = {
            "ours": median_run(lambda p=path: timed_in_process(_ours, p), repeat),
            "default": median_run(lambda p=path: timed_in_process(extract_default, p),
                                  default_repeat),
            "pdftotext": median_run(lambda p=path: timed_pdftotext(exe, p), repeat),
        }
        papers.append(Paper(path.name, path, pages.get(key) or runs["pdftotext"][1].count("\f"),
                            {k: cpu for k, (cpu, _) in runs.items()},
                            {k: normalize_text(text) for k, (_, text) in runs.items()}))
        print(f"  {path.name}: done", file=sys.stderr, flush=True)
    return papers


def _ours(path: Path) -> str:
    return extract_lean_text(str(path))


def unigrams(text: str) -> set[str]:
    """The unigram document set of a normalised text."""
    return set(_WORD.findall(text.lower()))


def jaccard(ours: set[str], theirs: set[str]) -> tuple[int, int]:
    """Intersection and union sizes of two word sets."""
    return len(ours & theirs), len(ours | theirs)


def agreement_figures(papers: list[Paper], terms: list[Term], who: str) -> list[str]:
    """`name: value` lines for term-set and unigram agreement of `who` with pdftotext."""
    overlaps, differing = [], []
    for paper in papers:
        ref = paper.text["pdftotext"]
        overlaps.append((paper.name, *jaccard(unigrams(paper.text[who]), unigrams(ref))))
        mine, theirs = find_terms(paper.text[who], terms), find_terms(ref, terms)
        if mine != theirs:
            differing.append(f"{paper.name} (only {who}: {sorted(mine - theirs)}, "
                             f"only pdftotext: {sorted(theirs - mine)})")
    per_paper = [(inter / union if union else 1.0, name) for name, inter, union in overlaps]
    worst = min(per_paper)
    pooled = sum(i for _, i, _ in overlaps) / max(1, sum(u for _, _, u in overlaps))
    return [
        f"{who}_term_sets_equal_papers: {len(papers) - len(differing)}/{len(papers)}",
        f"{who}_term_sets_differing: {'; '.join(differing) or 'none'}",
        f"{who}_unigram_jaccard_pooled: {pooled:.4f}",
        f"{who}_unigram_jaccard_mean: {statistics.mean(j for j, _ in per_paper):.4f}",
        f"{who}_unigram_jaccard_min: {worst[0]:.4f} ({worst[1]})",
    ]


def speed_figures(papers: list[Paper]) -> list[str]:
    """`name: value` lines for CPU seconds, pages per second and the ratios."""
    pages = sum(p.pages for p in papers)
    cpu = {k: sum(p.cpu_s[k] for p in papers) for k in EXTRACTORS}
    lines = [f"papers: {len(papers)}", f"pages: {pages}"]
    lines += [f"{k}_cpu_s: {cpu[k]:.2f}" for k in EXTRACTORS]
    lines += [f"{k}_pages_per_s: {pages / cpu[k]:.1f}" for k in EXTRACTORS]
    lines += [
        f"ours_vs_default_throughput: {cpu['default'] / cpu['ours']:.2f}x",
        f"ours_vs_pdftotext_cpu: {cpu['ours'] / cpu['pdftotext']:.2f}x",
    ]
    return lines


def print_table(papers: list[Paper]) -> None:
    """Per-paper CPU seconds and unigram agreement, on stderr."""
    out = sys.stderr
    print(f"{'paper':<40} {'pages':>5} {'ours':>6} {'default':>7} {'poppler':>7} "
          f"{'jacc':>6} terms", file=out)
    terms = load_terms()
    for p in papers:
        inter, union = jaccard(unigrams(p.text["ours"]), unigrams(p.text["pdftotext"]))
        same = find_terms(p.text["ours"], terms) == find_terms(p.text["pdftotext"], terms)
        print(f"{p.name[:40]:<40} {p.pages:>5} {p.cpu_s['ours']:>6.2f} "
              f"{p.cpu_s['default']:>7.2f} {p.cpu_s['pdftotext']:>7.2f} "
              f"{inter / union if union else 1:>6.4f} {'same' if same else 'DIFFER'}", file=out)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per paper (median)")
    parser.add_argument("--default-repeat", type=int, default=1,
                        help="runs per paper for pdfminer's slow default extractor")
    args = parser.parse_args(argv)
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings are not figures
    if not (CORPUS / "pdfs").is_dir():
        sys.exit(f"the shared corpus is not at {CORPUS}: nothing to benchmark")
    exe = shutil.which("pdftotext")
    if exe is None:
        sys.exit("poppler's pdftotext is not installed (make test-tools)")
    papers = measure(CORPUS, exe, args.repeat, args.default_repeat)
    terms = load_terms()
    for line in speed_figures(papers) + agreement_figures(papers, terms, "ours") \
            + agreement_figures(papers, terms, "default"):
        print(line)
    print_table(papers)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

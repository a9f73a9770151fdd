"""Measure what "appendices are body" changes on the shared real PDFs.

Before, the references ran from the last "References" heading to the end of the text, so an
appendix after them counted as bibliography; now they end where an appendix, supplementary
material or the authors' biographies begin (`pipeline.extract.zones`). For every real paper
(`../shared/corpus/pdfs/*.pdf`) this finds the zones both ways and prints:
- how many papers have a references heading, and how many of them now end it early;
- per curated term, the papers mentioning it in the body, the old way and the new, where
  they differ (the numerators of the body-only shares of these papers).
Run: `PYTHONPATH=. python bench/bench_zones.py`.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from pipeline.count import count_term_zones, load_terms
from pipeline.errors import ExtractError
from pipeline.extract import Zones, extract_pdf_text, find_zones

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdfs"


def main() -> None:
    """Print the figures."""
    if not CORPUS.is_dir():
        sys.exit(f"the shared corpus is not at {CORPUS}: nothing to measure")
    terms = load_terms()
    old_body, new_body = Counter(), Counter()
    n_papers = n_with_heading = n_changed = 0
    changed_terms: dict[str, list[str]] = {}
    for pdf in sorted(CORPUS.glob("*.pdf")):
        try:
            text = extract_pdf_text(pdf)
        except ExtractError:
            continue
        n_papers += 1
        new = find_zones(text)
        old = Zones(new.header_end, new.references_start)  # to the end, as before
        n_with_heading += new.references_start is not None
        n_changed += new.references_end is not None
        before = {t for t, (_, body, _) in count_term_zones(text, terms, old).items() if body}
        after = {t for t, (_, body, _) in count_term_zones(text, terms, new).items() if body}
        old_body.update(before)
        new_body.update(after)
        for term in after ^ before:
            changed_terms.setdefault(term, []).append(pdf.stem)
    print(f"zones_papers: {n_papers}")
    print(f"zones_papers_with_references_heading: {n_with_heading}")
    print(f"zones_papers_whose_references_end_early: {n_changed}")
    print(f"zones_terms_whose_body_count_changed: {len(changed_terms)}")
    for term in sorted(changed_terms, key=lambda t: (new_body[t] - old_body[t], t),
                       reverse=True):
        print(f"zones_body_papers_{term}: {old_body[term]} -> {new_body[term]} "
              f"({', '.join(changed_terms[term])})")


if __name__ == "__main__":
    main()

"""Measure how abstract-level shares differ from full-text ones, on the same real papers.

For every real ML paper of the shared corpus (`../shared/corpus/pdfs/*.pdf`, the physics
paper left out) the full text is read as the pipeline reads it, and its abstract is taken
from the shared metadata when the paper is there, else as printed on its page 1 (from the
"Abstract" heading to the introduction: the same text as arXiv's abstract in nearly every
paper). The curated terms are counted in both, as the pipeline counts them (an abstract is
all body). Prints, per family and for the most mentioned terms, the papers mentioning them in
the full text (anywhere; and in the body) and in the abstract, and the ratio.
Run: `python bench/bench_sources.py` (about a minute: 25 PDFs through pdfminer).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

from pipeline.count import count_term_zones, load_terms
from pipeline.errors import ExtractError
from pipeline.extract import Zones, extract_pdf_text, find_zones

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
ABSTRACT = re.compile(r"\babstract\b[\s.:—-]*", re.IGNORECASE)
INTRODUCTION = re.compile(r"\n\s*(?:1|I)?\.?\s*introduction\b", re.IGNORECASE)
MAX_ABSTRACT_CHARS = 3_000
SHOWN_TERMS = 12


def printed_abstract(text: str) -> str | None:
    """The abstract as printed on page 1: from its heading to the introduction's (None when
    either is not found)."""
    start = ABSTRACT.search(text[:MAX_ABSTRACT_CHARS * 2])
    end = start and INTRODUCTION.search(text, start.end(), start.end() + MAX_ABSTRACT_CHARS)
    return text[start.end(): end.start()] if start and end else None


def metadata_abstracts() -> dict[str, str]:
    """Title + abstract of every paper of the shared metadata, by id."""
    found = {}
    for path in sorted((CORPUS / "metadata").glob("*.jsonl")):
        for record in map(json.loads, path.read_text(encoding="utf-8").splitlines()):
            found[record["id"]] = f"{record['title']}\n\n{record['abstract']}"
    return found


def main() -> None:
    """Print the figures."""
    index = CORPUS / "pdfs" / "index.csv"
    if not index.is_file():
        sys.exit(f"the shared corpus is not at {CORPUS}: nothing to measure")
    terms = load_terms()
    family = {t.term: t.family for t in terms}
    known = metadata_abstracts()
    full, body, abstract = Counter(), Counter(), Counter()
    family_full, family_abstract = Counter(), Counter()
    n_papers = n_from_metadata = 0
    left_out, seen = [], set()
    for row in csv.DictReader(index.open(encoding="utf-8")):
        if not row["primary_category"].startswith(("cs.", "stat.")) or row["arxiv_id"] in seen:
            continue
        seen.add(row["arxiv_id"])
        try:
            text = extract_pdf_text(CORPUS / "pdfs" / row["file"])
        except ExtractError:
            left_out.append(row["arxiv_id"])
            continue
        summary = known.get(row["arxiv_id"]) or printed_abstract(text)
        if summary is None:
            left_out.append(row["arxiv_id"])
            continue
        n_papers += 1
        n_from_metadata += row["arxiv_id"] in known
        in_full = count_term_zones(text, terms, find_zones(text))
        in_abstract = count_term_zones(summary, terms, Zones(0, None))
        full.update(set(in_full))
        body.update(t for t, counts in in_full.items() if counts[1] > 0)
        abstract.update(set(in_abstract))
        family_full.update({family[t] for t in in_full})
        family_abstract.update({family[t] for t in in_abstract})
    print(f"papers: {n_papers} (abstracts from the metadata: {n_from_metadata}, from page 1: "
          f"{n_papers - n_from_metadata}; left out, no abstract found: "
          f"{', '.join(left_out) or 'none'})")
    print(f"paper_term_mentions: full text {sum(full.values())}, abstracts "
          f"{sum(abstract.values())}, ratio {sum(abstract.values()) / sum(full.values()):.2f}")
    for name in sorted(set(family.values())):
        k_full, k_abstract = family_full[name], family_abstract[name]
        ratio = f"{k_abstract / k_full:.2f}" if k_full else "-"
        print(f"family_{name}_papers_with_any: full text {k_full}/{n_papers}, abstracts "
              f"{k_abstract}/{n_papers}, ratio {ratio}")
    for term, k_full in sorted(full.items(), key=lambda item: (-item[1], item[0]))[
            :SHOWN_TERMS]:
        print(f"term_{term}_papers: full text {k_full} (body {body[term]}), abstracts "
              f"{abstract[term]}, ratio {abstract[term] / k_full:.2f}")


if __name__ == "__main__":
    main()

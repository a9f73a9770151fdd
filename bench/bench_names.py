"""Precision and recall of the "Adam" optimizer mentions on the shared real PDFs, old rule
against new.

Every case-insensitive whole word "adam" in the texts of `../shared/corpus/pdfs/*.pdf` is
labelled by hand (`tests/fixtures/adam_names.csv` lists the names; the rest are the
optimizer). The old rule counted "Adam" or "ADAM" unless a capitalised word followed it; the
new one (`pipeline/count/names.py`) counts any case and leaves out every part of a person's
name it can tell. Printed: mentions counted rightly, wrongly, missed, and precision and recall
for both. Run: `PYTHONPATH=. python bench/bench_names.py`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from pipeline.extract import extract_pdf_text
from tests.test_names import counted_now, score

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdfs"
OLD_RULE = re.compile(r"(?<![A-Za-z0-9])(?:Adam|ADAM)(?![A-Za-z])"
                      r"(?![ \t]*\n?[ \t]*[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ])")


def counted_before(text: str, start: int, end: int, zone: str) -> bool:
    """The rule before: a capitalised word after it makes it a name; case matters."""
    return OLD_RULE.match(text, start) is not None


def main() -> None:
    """Print the figures."""
    if not CORPUS.is_dir():
        sys.exit(f"the shared corpus is not at {CORPUS}: nothing to measure")
    texts = {pdf.stem: extract_pdf_text(pdf) for pdf in sorted(CORPUS.glob("*.pdf"))}
    for name, rule in (("old", counted_before), ("new", counted_now)):
        scores = score(texts, rule)
        print(f"adam_{name}_counted_rightly: {scores.n_true}")
        print(f"adam_{name}_counted_wrongly: {scores.n_false}")
        print(f"adam_{name}_missed: {scores.n_missed}")
        print(f"adam_{name}_precision: {scores.precision:.3f}")
        print(f"adam_{name}_recall: {scores.recall:.3f}")


if __name__ == "__main__":
    main()

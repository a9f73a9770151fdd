"""The institutions matcher's accuracy on the shared real PDFs against the hand labels
(`tests/fixtures/institution_labels.csv`; how they were made:
`tests/test_institutions_accuracy.py`).

Prints papers, labelled and found (paper, institution) pairs, precision, recall, F1, the
industry flag's accuracy, and every miss and false hit with whether the list has the
institution at all. Run: `python bench/bench_institutions_accuracy.py` (about 20 s).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PDFS = ROOT.parent / "shared" / "corpus" / "pdfs"
sys.path.insert(0, str(ROOT))


def main() -> None:
    from pipeline.count.institutions import load_institutions
    from tests.test_institutions_accuracy import measure_accuracy

    if not PDFS.is_dir():
        sys.exit(f"no shared PDFs in {PDFS}")
    accuracy = measure_accuracy(PDFS)
    listed = {i.name for i in load_institutions()[1]}
    hits = accuracy.found & accuracy.labelled
    print(f"papers: {len(accuracy.industry_labelled)}")
    print(f"pairs_labelled: {len(accuracy.labelled)}; pairs_found: {len(accuracy.found)}; "
          f"right: {len(hits)}")
    print(f"precision: {accuracy.precision:.3f}; recall: {accuracy.recall:.3f}; "
          f"f1: {accuracy.f1:.3f}")
    print(f"industry_flag_accuracy: {accuracy.industry_accuracy:.3f}")
    for paper_id, name in sorted(accuracy.labelled - accuracy.found):
        why = "in the list" if name in listed else "not in the list"
        print(f"miss: {paper_id} {name} ({why})")
    for paper_id, name in sorted(accuracy.found - accuracy.labelled):
        print(f"false hit: {paper_id} {name}")


if __name__ == "__main__":
    main()

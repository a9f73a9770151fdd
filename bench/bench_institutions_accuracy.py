"""The institutions matcher's accuracy on the shared real PDFs against the hand labels
(`tests/fixtures/institution_labels.csv`; how they were made:
`tests/test_institutions_accuracy.py`, whose `measure_accuracy` this runs).

Prints papers, labelled and found (paper, institution) pairs, precision, recall, F1, the
industry flag's accuracy, and every miss and false hit with a reason: for a miss, whether the
list has the institution and whether any of its spellings is on page 1 at all; for a false
hit, the text that matched and where. Run: `python bench/bench_institutions_accuracy.py`.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PDFS = ROOT.parent / "shared" / "corpus" / "pdfs"
TEST_MODULE = ROOT / "tests" / "test_institutions_accuracy.py"


def _load_test_module():  # noqa: ANN202
    sys.path.insert(0, str(ROOT))
    spec = importlib.util.spec_from_file_location("institutions_accuracy", TEST_MODULE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _miss_reason(name: str) -> str:
    """Why a labelled institution was not found: not listed, or listed but its spellings
    (name, aliases, acronyms: an acronym needs its domain or a context word) not matched."""
    from pipeline.count.institutions import InstitutionMatcher, load_institutions

    institutions = load_institutions()[1]
    matcher = InstitutionMatcher(institutions)
    family = [i for i in institutions if matcher.fold(i.name) == name]
    if not family:
        return "not in the list"
    spellings = sorted({s for i in family for s in (i.name, *i.aliases, *i.acronyms)})
    more = ", ..." if len(spellings) > 6 else ""
    return f"in the list, no spelling matched ({', '.join(spellings[:6])}{more})"


def main() -> None:
    if not PDFS.is_dir():
        sys.exit(f"no shared PDFs in {PDFS}")
    tests = _load_test_module()
    accuracy = tests.measure_accuracy(tests.LABELS, PDFS)
    print(f"papers: {accuracy['papers']}")
    print(f"pairs_labelled: {accuracy['pairs_labelled']}; pairs_found: "
          f"{accuracy['pairs_found']}; right: {accuracy['pairs_right']}")
    print(f"precision: {accuracy['precision']:.3f}; recall: {accuracy['recall']:.3f}; "
          f"f1: {accuracy['f1']:.3f}")
    print(f"industry_flag_accuracy: {accuracy['industry_accuracy']:.3f}")
    for (file, name), row in accuracy["misses"].items():
        print(f"miss: {file} {name} [{row['where']}: {row['evidence']}] "
              f"-- {_miss_reason(name)}")
    for (file, name), hit in accuracy["false_hits"].items():
        print(f"false hit: {file} {name} [{hit.where}: {hit.evidence!r}]")


if __name__ == "__main__":
    main()

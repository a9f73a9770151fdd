"""The institutions matcher's accuracy on the shared real PDFs, against hand labels.

`tests/fixtures/institution_labels.csv` was written by reading page 1 of each shared real
arXiv PDF that the pipeline stores (24 papers, 2011-2023; the damaged copy, the page excerpts
and the two files without an arXiv id are left out) and noting every institution its authors
are affiliated with as printed there: affiliation lines, affiliation footnotes ("Work done
while at ..."), e-mail domains; never funders, products or words of the title and abstract.
Names are the list's canonical ones folded to the top (Google DeepMind -> Google) where the
list has the institution, else its usual English name; a paper whose page 1 names none (a
draft's cover page) has one row without an institution. The labels were written from the
pages, not from the matcher's output.

Accuracy is micro-averaged over (paper, institution) pairs; the industry flag (the paper has
an author in industry) is compared per paper. `bench/bench_institutions_accuracy.py` prints
the same measure with every miss and false hit.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.count.institutions import InstitutionMatcher, load_institutions
from pipeline.extract.pdf_text import extract_pdf_text
from pipeline.extract.zones import find_zones

LABELS = Path(__file__).parent / "fixtures" / "institution_labels.csv"


@dataclass
class Accuracy:
    """Labelled and found (paper, institution) pairs, and the industry flags."""

    labelled: set[tuple[str, str]] = field(default_factory=set)
    found: set[tuple[str, str]] = field(default_factory=set)
    industry_labelled: dict[str, bool] = field(default_factory=dict)
    industry_found: dict[str, bool] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return len(self.found & self.labelled) / len(self.found)

    @property
    def recall(self) -> float:
        return len(self.found & self.labelled) / len(self.labelled)

    @property
    def f1(self) -> float:
        return 2 * self.precision * self.recall / (self.precision + self.recall)

    @property
    def industry_accuracy(self) -> float:
        agree = sum(self.industry_found[p] == flag for p, flag in self.industry_labelled.items())
        return agree / len(self.industry_labelled)


def read_labels(path: Path = LABELS) -> dict[str, list[dict[str, str]]]:
    """The labels by PDF file name."""
    by_file: dict[str, list[dict[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            by_file[row["file"]].append(row)
    return dict(by_file)


def measure_accuracy(pdf_dir: Path, labels_path: Path = LABELS) -> Accuracy:
    """Read each labelled PDF as the pipeline does, match its title page with the shipped
    list, and compare with the labels."""
    matcher = InstitutionMatcher(load_institutions()[1])
    result = Accuracy()
    for name, rows in read_labels(labels_path).items():
        paper_id = rows[0]["arxiv_id"]
        text = extract_pdf_text(pdf_dir / name, paper_id)
        found = matcher.find(text, find_zones(text).header_end)
        result.labelled |= {(paper_id, r["institution"]) for r in rows if r["institution"]}
        result.found |= {(paper_id, f.institution) for f in found}
        result.industry_labelled[paper_id] = any(r["type"] == "industry" for r in rows)
        result.industry_found[paper_id] = any(f.type == "industry" for f in found)
    return result


def test_the_labels_name_the_list_s_institutions_as_the_list_does() -> None:
    _, institutions = load_institutions()
    by_name = {i.name: i for i in institutions}
    rows = [r for rows in read_labels().values() for r in rows if r["institution"]]
    assert len(rows) >= 50
    for row in rows:
        listed = by_name.get(row["institution"])
        if listed is not None:  # listed: its canonical top name and its type
            assert not listed.parent, row
            assert listed.type == row["type"], row


def test_precision_and_recall_against_hand_labels(corpus: Path) -> None:
    accuracy = measure_accuracy(corpus / "pdfs")
    misses = sorted(accuracy.labelled - accuracy.found)
    false_hits = sorted(accuracy.found - accuracy.labelled)
    detail = f"misses {misses}; false hits {false_hits}"
    assert accuracy.precision >= 0.9, detail
    assert accuracy.recall >= 0.8, detail
    assert accuracy.industry_accuracy >= 0.9, detail

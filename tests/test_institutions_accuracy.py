"""The institutions matcher's accuracy on the shared real PDFs, against hand labels.

How the labels (`tests/fixtures/institution_labels.csv`) were made: page 1 of each of the 26
shared real PDFs (`../shared/corpus/pdfs/*.pdf`; not the damaged copy, not the page excerpts,
which hold no title page) was read by eye with `pdftotext -l 1 -layout`, before the matcher
was run on it, and every institution its authors are affiliated with as printed there was
written down: affiliation lines under the authors, affiliation footnotes ("1 DeepMind,
London", "Y. Han ... are with ... Seoul National University") and e-mail domains. Funders
("Supported by EPSRC fellowship"), products and data sets, copyright lines and words of the
title and abstract were left out, and so was a line that names no institution
("Southeast China" in 1704.08729). A name is the list's canonical one folded to its top
(Google DeepMind -> Google; a Max Planck Institute -> Max Planck Society; an institute or lab
of a university -> the university) where `institutions.toml` has it, else its usual English
name; `evidence` is the text on the page and `where` the strongest place it was seen. A page
naming no institution (1411.3715: a draft's cover page) has one row without one.

Accuracy is micro-averaged over (paper, institution) pairs; the industry flag (the paper has
an author in industry) is compared per paper. `bench/bench_institutions_accuracy.py` prints
the same measure with every miss and false hit.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from pipeline.count.institutions import (
    TYPES,
    WHERE_RANK,
    Found,
    InstitutionMatcher,
    load_institutions,
)
from pipeline.extract.pdf_text import extract_job
from pipeline.extract.zones import find_zones
from pipeline.papers import PdfJob

LABELS = Path(__file__).parent / "fixtures" / "institution_labels.csv"
MIN_PRECISION = 0.9
MIN_RECALL = 0.8
MIN_INDUSTRY_ACCURACY = 0.9


def read_labels(labels_path: Path = LABELS) -> dict[str, list[dict[str, str]]]:
    """The label rows by PDF file name."""
    by_file: dict[str, list[dict[str, str]]] = defaultdict(list)
    with labels_path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            by_file[row["file"]].append(row)
    return dict(by_file)


def find_in_pdf(pdf_path: Path, paper_id: str, matcher: InstitutionMatcher) -> list[Found]:
    """Extract one PDF as the pipeline does and match its title page."""
    extracted = extract_job(PdfJob(paper_id, str(pdf_path)))
    assert extracted.text is not None, extracted.error
    return matcher.find(extracted.text, find_zones(extracted.text).header_end)


def measure_accuracy(labels_path: Path, pdf_dir: Path) -> dict:
    """Precision, recall and F1 over (paper, institution) pairs, the industry flag's accuracy,
    and every miss and false hit by paper (with the label's or the match's evidence)."""
    matcher = InstitutionMatcher(load_institutions()[1])
    labelled: dict[tuple[str, str], dict[str, str]] = {}
    found: dict[tuple[str, str], Found] = {}
    n_industry_right = 0
    by_file = read_labels(labels_path)
    for name, rows in by_file.items():
        hits = find_in_pdf(pdf_dir / name, rows[0]["arxiv_id"], matcher)
        labelled |= {(name, r["institution"]): r for r in rows if r["institution"]}
        found |= {(name, f.institution): f for f in hits}
        is_industry_labelled = any(r["type"] == "industry" for r in rows)
        n_industry_right += is_industry_labelled == any(f.type == "industry" for f in hits)
    n_right = len(labelled.keys() & found.keys())
    precision = n_right / len(found) if found else 1.0
    recall = n_right / len(labelled) if labelled else 1.0
    return {
        "papers": len(by_file), "pairs_labelled": len(labelled), "pairs_found": len(found),
        "pairs_right": n_right, "precision": precision, "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "industry_accuracy": n_industry_right / len(by_file),
        "misses": {key: labelled[key] for key in sorted(labelled.keys() - found.keys())},
        "false_hits": {key: found[key] for key in sorted(found.keys() - labelled.keys())},
    }


def format_errors(accuracy: dict) -> str:
    """One line per miss and false hit, by paper."""
    lines = [f"{file:34} miss       {name} ({row['where']}: {row['evidence']})"
             for (file, name), row in accuracy["misses"].items()]
    lines += [f"{file:34} false hit  {name} ({hit.where}: {hit.evidence})"
              for (file, name), hit in accuracy["false_hits"].items()]
    return "\n".join(sorted(lines))


def test_the_labels_are_well_formed_and_name_listed_institutions_as_the_list_does() -> None:
    by_name = {i.name: i for i in load_institutions()[1]}
    by_file = read_labels()
    rows = [row for rows in by_file.values() for row in rows]
    assert len(by_file) == 26 and len(rows) >= 50
    assert len({(r["file"], r["institution"]) for r in rows}) == len(rows)  # one row a pair
    for row in rows:
        if not row["institution"]:  # a page naming none: its only row
            assert len(by_file[row["file"]]) == 1 and not row["type"], row
            continue
        assert row["type"] in TYPES and row["where"] in WHERE_RANK and row["evidence"], row
        listed = by_name.get(row["institution"])
        if listed is not None:
            assert not listed.parent and listed.type == row["type"], row


def test_the_labels_cover_every_shared_title_page(corpus: Path) -> None:
    with (corpus / "pdfs" / "index.csv").open(encoding="utf-8", newline="") as handle:
        index = {r["file"]: r["arxiv_id"] for r in csv.DictReader(handle)
                 if "/" not in r["file"]}  # not damaged/ or excerpts/
    labelled = {file: rows[0]["arxiv_id"] for file, rows in read_labels().items()}
    assert labelled == index


def test_precision_recall_and_industry_flag_against_the_hand_labels(corpus: Path) -> None:
    accuracy = measure_accuracy(LABELS, corpus / "pdfs")
    summary = (f"precision {accuracy['precision']:.3f} recall {accuracy['recall']:.3f} "
               f"industry flag {accuracy['industry_accuracy']:.3f}\n{format_errors(accuracy)}")
    assert accuracy["precision"] >= MIN_PRECISION, summary
    assert accuracy["recall"] >= MIN_RECALL, summary
    assert accuracy["industry_accuracy"] >= MIN_INDUSTRY_ACCURACY, summary

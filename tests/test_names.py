"""Names are not words: "Adam" the optimizer against Adam the person.

On the shared real texts every whole word "adam" is labelled by hand (the names in
`tests/fixtures/adam_names.csv`, the rest the optimizer); precision and recall of the counted
mentions are measured on them. The failures the audit named are written out as small texts.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.count import count_term_zones, load_terms
from pipeline.count.names import is_name
from pipeline.extract import find_zones

LABELS = Path(__file__).parent / "fixtures" / "adam_names.csv"
WORD = re.compile(r"(?<![A-Za-z0-9])adam(?![A-Za-z])", re.IGNORECASE)


@dataclass(frozen=True)
class Scores:
    """How the counted mentions compare with the labels."""

    n_true: int  # labelled the optimizer, counted
    n_false: int  # labelled a name, counted
    n_missed: int  # labelled the optimizer, not counted

    @property
    def precision(self) -> float:
        return self.n_true / (self.n_true + self.n_false)

    @property
    def recall(self) -> float:
        return self.n_true / (self.n_true + self.n_missed)


def labelled_names(texts: dict[str, str]) -> set[tuple[str, int]]:
    """(paper, position) of each labelled name: the "Adam" inside each snippet."""
    names = set()
    with LABELS.open() as f:
        for row in csv.DictReader(line for line in f if not line.startswith("#")):
            text, snippet = texts[row["paper"]], row["snippet"]
            assert text.count(snippet) == 1, row
            offset = WORD.search(snippet).start()
            names.add((row["paper"], text.index(snippet) + offset))
    return names


def score(texts: dict[str, str], is_counted) -> Scores:  # noqa: ANN001
    """Score `is_counted(text, start, end, zone)` on every "adam" of the texts."""
    names = labelled_names(texts)
    n_true = n_false = n_missed = 0
    for paper, text in texts.items():
        zones = find_zones(text)
        for match in WORD.finditer(text):
            counted = is_counted(text, match.start(), match.end(), zone_of(zones, match.start()))
            is_label_name = (paper, match.start()) in names
            n_true += counted and not is_label_name
            n_false += counted and is_label_name
            n_missed += not counted and not is_label_name
    return Scores(n_true, n_false, n_missed)


def zone_of(zones, position: int) -> str:  # noqa: ANN001
    if position < zones.header_end:
        return "header"
    if zones.references_start is not None and position >= zones.references_start and (
            zones.references_end is None or position < zones.references_end):
        return "references"
    return "body"


def counted_now(text: str, start: int, end: int, zone: str) -> bool:
    return not is_name(text, start, end, (), zone == "references")


@pytest.fixture(scope="module")
def texts(real_pdfs: list[Path]) -> dict[str, str]:
    from pipeline.extract import extract_pdf_text

    return {p.stem: extract_pdf_text(p) for p in real_pdfs if p.parent.name == "pdfs"}


def test_adam_mentions_against_the_hand_labels(texts: dict[str, str]) -> None:
    scores = score(texts, counted_now)
    assert scores.n_true + scores.n_missed == 81  # the optimizer, by hand
    assert (scores.precision, scores.recall) == (1.0, 1.0), scores
    # the counts stored per zone agree: ELMo's appendix, ViT's table and its references
    terms = load_terms()
    counts = {p: count_term_zones(t, terms, find_zones(t)).get("adam") for p, t in texts.items()}
    assert counts["1412.6980v9"] == (1, 58, 0)
    assert counts["2010.11929v2"] == (0, 11, 1)
    assert counts["1704.08729v1"] is None and counts["1706.08606v2"] is None


@pytest.mark.parametrize(("text", "zone", "is_optimizer"), [
    ("We thank Adam R. Klivans for comments.", "body", False),
    ("Adam Ścibior and Dan Jurafsky", "header", False),
    ("ADAM SMITH\nUniversity of Somewhere", "header", False),
    ("[3] Santoro, Adam, and Bartunov, Sergey. One-shot learning.", "references", False),
    ("Huiyu Wang, Hartwig Adam, Alan Yuille.", "references", False),
    ("Olivier Adam3\nQiao Wang2", "header", False),
    ("we use adam with a learning rate of 0.001", "body", True),
    ("The Adam Optimizer\nWe describe", "body", True),
    ("trained with the Adam optimizer", "body", True),
    ("We compare SGD, Nesterov, Adam, and RMSProp.", "body", True),
    ("Using Adam, we train the network.", "body", True),
    ("ADAM: A METHOD FOR STOCHASTIC OPTIMIZATION", "header", True),
    ("D.1 SGD VS. ADAM FOR RESNETS", "body", True),
    ("torch.optim.Adam(model.parameters())", "body", True),
])
def test_names_the_audit_found(text: str, zone: str, is_optimizer: bool) -> None:
    match = WORD.search(text)
    assert counted_now(text, match.start(), match.end(), zone) == is_optimizer


def test_the_paper_s_own_author_list_tells_a_name() -> None:
    text = "ADAM KING, JANE DOE, JOHN ROE AND ANN POE\nUniversity of Somewhere"
    start = text.index("ADAM")
    assert is_name(text, start, start + 4, ["Adam King", "Jane Doe"])
    assert not is_name(text, start, start + 4, ["Jane Doe"])  # capitals, but a long line

"""Counting curated terms: the matching rules of terms.toml, on hand-made text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.count.terms import FAMILIES, find_terms, load_terms
from pipeline.errors import ConfigError

TERMS = load_terms()


@pytest.mark.parametrize(("text", "expected"), [
    ("We use PyTorch.", {"pytorch"}),
    ("We use Torch7 and Lua.", {"torch"}),
    ("implemented in pytorch and py-torch", {"pytorch", "torch"}),
    ("ResNets and VGG16 beat AlexNet", {"resnet", "vggnet", "alexnet"}),
    ("trained with Adam.", {"adam"}),
    ("Adam: A method for stochastic optimization", {"adam"}),
    ("Adam Coates and Adam\nPaszke and Adam Müller", set()),
    ("the ADAM optimizer", {"adam"}),
    ("stochastic\ngradient descent", {"sgd"}),
    ("stochastic\n\ngradient descent", set()),
    ("Caffe, Theano, TensorFlow, Keras", {"caffe", "theano", "tensorflow", "keras"}),
    ("deeplearning4j and DL4J", {"dl4j"}),
    ("G. E. Hinton, Y. LeCun, Y. Bengio and J. Schmidhuber",
     {"hinton", "lecun", "bengio", "schmidhuber"}),
    ("a torchlight, thetheano, adamant, resnetwork", set()),
    ("Caffe2 replaced Caffe", {"caffe2", "caffe"}),
    ("GoogLeNet; Inception-v3 and Inception-ResNet", {"googlenet", "resnet"}),
    ("since its inception, the Inception module", {"googlenet"}),
    ("since its inception", set()),
    ("built on Caffe2", {"caffe2"}),
    ("A. Y. Ng, Andrew Ng and Ng, A.", {"ng"}),
    ("an NG tube, Ng et al.", set()),
    ("BERT, Bert Kappen and ALBERT", {"bert"}),
    ("gradient clipping, unlike CLIP", {"clip"}),
    ("a lion and a lamb; Lion and LAMB", {"lion", "lamb"}),
    ("ChatGPT and GPT-4 and T5-base, not t5", {"gpt", "t5"}),
    ("ImageNet, CIFAR-10, MNIST, MS COCO, SQuAD, GLUE, SuperGLUE",
     {"imagenet", "cifar", "mnist", "coco", "squad", "glue", "superglue"}),
])
def test_matching_rules(text: str, expected: set[str]) -> None:
    assert find_terms(text, TERMS) == expected


def test_terms_file_is_complete() -> None:
    assert {t.family for t in TERMS} == set(FAMILIES)
    assert len({t.term for t in TERMS}) == len(TERMS)
    by_name = {t.term: t for t in TERMS}
    assert by_name["tensorflow"].released_month.isoformat() == "2015-11-01"
    assert by_name["pytorch"].released_month.isoformat() == "2017-01-01"


def test_bad_terms_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "terms.toml"
    bad.write_text('[[terms]]\nfamily = "cooking"\nterm = "x"\nlabel = "X"\n'
                   'aliases = ["x"]\nreleased = "2015-01"\n')
    with pytest.raises(ConfigError, match="unknown family"):
        load_terms(bad)


WORDS = st.sampled_from([
    "tensorflow", "TensorFlow", "Torch7", "pytorch", "Adam", "Coates", "adam", "resnets",
    "the", "model", "stochastic", "gradient", "descent", "Hinton", "data", ".", ",", "\n",
])
TEXTS = st.lists(WORDS, max_size=30).map(" ".join)


@given(TEXTS, TEXTS)
def test_counting_paragraphs_is_order_independent(a: str, b: str) -> None:
    found = find_terms(a, TERMS) | find_terms(b, TERMS)
    assert find_terms(a + "\n\n" + b, TERMS) == found
    assert find_terms(b + "\n\n" + a, TERMS) == found


@pytest.mark.parametrize(("text", "found"), [
    ("Our code uses Py-\nTorch throughout.", {"pytorch"}),  # not Torch
    ("implemented in Tensor-\nFlow", {"tensorflow"}),
    ("as shown by Le-\nCun", {"lecun"}),
    ("trained with ADA-\nGRAD", {"adagrad"}),
    ("import torch.nn as nn; torch.optim.SGD(...)", {"sgd"}),  # PyTorch's code, not Torch
    ("written in Torch7 (Lua)", {"torch"}),
])
def test_words_broken_at_line_ends_and_code(text: str, found: set[str]) -> None:
    assert find_terms(text, TERMS) == found


def test_a_capitalised_word_broken_at_a_line_end_is_mended_as_the_text_writes_it() -> None:
    from pipeline.extract import normalize_text

    text = normalize_text("PyTorch and Py-\nTorch; R-CNN and R-\nCNN; Fei-\nFei; self-\nattention")
    assert text == "PyTorch and PyTorch; R-CNN and R-CNN; Fei-\nFei; selfattention"


def test_needles_skip_only_texts_a_term_cannot_match(corpus: Path) -> None:
    """The quick needle test changes no result: on every real title + abstract of the shared
    metadata, the terms found with it equal those found by the patterns alone."""
    import dataclasses
    import json

    terms = load_terms()
    assert all(t.needles for t in terms)
    patterns_only = [dataclasses.replace(t, needles=()) for t in terms]
    texts = [f"{r['title']}\n\n{r['abstract']}" for r in map(json.loads, (
        corpus / "metadata" / "cs.NE-1998-2019.jsonl").read_text(encoding="utf-8").splitlines())]
    found = [find_terms(text, terms) for text in texts]
    assert found == [find_terms(text, patterns_only) for text in texts]
    assert sum(map(len, found)) > 1000  # the abstracts do mention terms

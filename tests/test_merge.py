"""Near-duplicate hot terms: co-occurring terms fold into the best-ranked one (real sklearn)."""

from __future__ import annotations

import math
import random
import re

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.analyse.merge import DEFAULT_MIN_SIMILARITY, _occurrences, merge_near_duplicates
from pipeline.count.ngrams import bigrams, tokenize

TEXTS = [
    # 0-3: gans and gan (3 also tensorflow)
    "We train GANs; every GAN has a generator and a discriminator.",
    "Two GANs share one GAN discriminator.",
    "A conditional GAN beats earlier GANs on faces.",
    "Our GANs are trained in TensorFlow, the GAN loss is standard.",
    # 4: gans only, 5: gan only
    "Mode collapse troubles GANs.",
    "A GAN generator maps noise to images.",
    # 6-8: resnet and residual networks, 9: residual networks only
    "ResNet is built from residual networks blocks.",
    "Deep residual networks such as ResNet train well.",
    "We fine-tune a ResNet; residual networks ease optimisation.",
    "Residual networks skip layers.",
    # 10-11: tensorflow only
    "Models are written in TensorFlow.",
    "TensorFlow serves the model.",
]
# n = 12 texts. Papers holding each term: gans {0,1,2,3,4}, gan {0,1,2,3,5}, resnet {6,7,8},
# residual networks {6,7,8,9}, tensorflow {3,10,11}. Phi (n*n11 - nA*nB) /
# sqrt(nA*nB*(n-nA)*(n-nB)):
#   gans-gan                 (12*4 - 5*5) / sqrt(5*5*7*7)  = 23 / 35        = 0.66 -> merged
#   resnet-residual networks (12*3 - 3*4) / sqrt(3*4*9*8)  = 24 / sqrt(864) = 0.82 -> merged
#   tensorflow-gans (or gan) (12*1 - 3*5) / ... < 0 -> 0, apart; so is every pair sharing no paper
RANKED = pl.DataFrame({
    "term": ["gans", "resnet", "tensorflow", "gan", "residual networks"],
    "n_papers": [5, 3, 3, 5, 4],
    "hot_ratio": [4.0, 3.5, 2.0, 1.5, 1.2],
})


def texts_holding(papers_of: dict[str, set[int]], n_texts: int) -> list[str]:
    """n_texts paper texts where text i names exactly the terms whose set holds i (no bigrams)."""
    return [". ".join(term for term, papers in papers_of.items() if i in papers)
            for i in range(n_texts)]


def ranked_terms(*terms: str) -> pl.DataFrame:
    return pl.DataFrame({"term": list(terms)}, schema={"term": pl.String})


def phi(a: set[int], b: set[int], n: int) -> float:
    """The phi coefficient of two terms' paper sets among n papers, 0 when undefined."""
    spread = len(a) * len(b) * (n - len(a)) * (n - len(b))
    return (n * len(a & b) - len(a) * len(b)) / math.sqrt(spread) if spread else 0.0


def test_variants_fold_into_the_best_ranked_term_and_columns_are_kept() -> None:
    merged = merge_near_duplicates(RANKED, TEXTS)
    expected = pl.DataFrame({
        "term": ["gans", "resnet", "tensorflow"],
        "n_papers": [5, 3, 3],
        "hot_ratio": [4.0, 3.5, 2.0],
        "merged_terms": ["gan", "residual networks", ""],
        "n_merged": pl.Series([1, 1, 0], dtype=pl.Int32),
    })
    assert merged.equals(expected)


def test_the_group_is_named_by_whichever_term_ranks_first() -> None:
    merged = merge_near_duplicates(ranked_terms("residual networks", "gan", "resnet", "gans"),
                                   TEXTS)
    assert merged.rows() == [("residual networks", "resnet", 1), ("gan", "gans", 1)]


def test_merged_terms_are_listed_in_rank_order() -> None:
    # n = 3: alpha, beta, gamma {0,1}: (3*2 - 2*2) / sqrt(2*2*1*1) = 1; with delta {2}: < 0
    texts = texts_holding({"alpha": {0, 1}, "beta": {0, 1}, "gamma": {0, 1}, "delta": {2}}, 3)
    merged = merge_near_duplicates(ranked_terms("gamma", "delta", "alpha", "beta"), texts)
    assert merged.rows() == [("gamma", "alpha; beta", 2), ("delta", "", 0)]


@pytest.mark.parametrize(("min_similarity", "merged_terms"), [(0.49, "beta"), (0.51, "")])
def test_terms_merge_only_above_the_threshold(min_similarity: float, merged_terms: str) -> None:
    # n = 8: alpha {0,1,2,3}, beta {1,2,3,4}: (8*3 - 4*4) / sqrt(4*4*4*4) = 8 / 16 = 0.5
    texts = texts_holding({"alpha": {0, 1, 2, 3}, "beta": {1, 2, 3, 4}}, 8)
    merged = merge_near_duplicates(ranked_terms("alpha", "beta"), texts, min_similarity)
    assert merged["merged_terms"].to_list()[0] == merged_terms


def test_complete_linkage_does_not_chain_groups() -> None:
    # n = 16: alpha {0,1,2}, beta {1,2,3,4}, gamma {3,4,5,6}:
    #   alpha-beta (16*2 - 3*4) / sqrt(3*4*13*12) = 20 / sqrt(1872) = 0.46
    #   beta-gamma (16*2 - 4*4) / sqrt(4*4*12*12) = 16 / 48         = 0.33
    #   alpha-gamma (16*0 - 3*4) / ... < 0 -> 0: at 0.3 a chain would join all three.
    papers_of = {"alpha": {0, 1, 2}, "beta": {1, 2, 3, 4}, "gamma": {3, 4, 5, 6}}
    merged = merge_near_duplicates(ranked_terms("alpha", "beta", "gamma"),
                                   texts_holding(papers_of, 16), 0.3)
    assert merged.rows() == [("alpha", "beta", 1), ("gamma", "", 0)]


@pytest.mark.parametrize("min_similarity", [DEFAULT_MIN_SIMILARITY, 0.1])
def test_common_words_used_independently_stay_apart(min_similarity: float) -> None:
    # n = 25: formulation {0..19}, unlike {0..15, 20..23}, each in 20 papers, 16 together:
    # cosine 16 / sqrt(20*20) = 0.8 merged them; phi (25*16 - 20*20) / sqrt(20*20*5*5) = 0.
    papers_of = {"formulation": set(range(20)), "unlike": set(range(16)) | set(range(20, 24))}
    merged = merge_near_duplicates(ranked_terms("formulation", "unlike"),
                                   texts_holding(papers_of, 25), min_similarity)
    assert merged.rows() == [("formulation", "", 0), ("unlike", "", 0)]


def test_terms_in_no_text_stay_alone_even_at_similarity_zero() -> None:
    ranked = ranked_terms("transformer", "resnet", "attention", "residual networks")
    merged = merge_near_duplicates(ranked, TEXTS, min_similarity=0.0)
    assert merged.rows() == [("transformer", "", 0), ("resnet", "residual networks", 1),
                             ("attention", "", 0)]


def test_terms_in_every_text_stay_alone_even_at_similarity_zero() -> None:
    # n = 3, alpha and beta in all 3: n - nA = 0, phi undefined, taken as 0
    texts = texts_holding({"alpha": {0, 1, 2}, "beta": {0, 1, 2}}, 3)
    merged = merge_near_duplicates(ranked_terms("alpha", "beta"), texts, min_similarity=0.0)
    assert merged.rows() == [("alpha", "", 0), ("beta", "", 0)]


def test_without_texts_every_term_stays_alone() -> None:
    merged = merge_near_duplicates(RANKED, [])
    assert merged.drop("merged_terms", "n_merged").equals(RANKED)
    assert merged["merged_terms"].to_list() == [""] * 5
    assert merged["n_merged"].to_list() == [0] * 5


@pytest.mark.parametrize("terms", [[], ["gan"]])
def test_fewer_than_two_terms_come_back_alone(terms: list[str]) -> None:
    merged = merge_near_duplicates(ranked_terms(*terms), TEXTS)
    assert merged.schema == pl.Schema({"term": pl.String, "merged_terms": pl.String,
                                       "n_merged": pl.Int32})
    assert merged.rows() == [(term, "", 0) for term in terms]


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="each term once"):
        merge_near_duplicates(ranked_terms("gan", "gans", "gan"), TEXTS)
    with pytest.raises(ValueError, match="min_similarity"):
        merge_near_duplicates(RANKED, TEXTS, min_similarity=1.5)


def reference_occurrences(terms: list[str], texts: list[str]) -> np.ndarray:
    """Papers x terms, 1 where the reference `tokenize` or `bigrams` of the text gives the term."""
    held = [set(tokenize(text) + bigrams(text)) for text in texts]
    return np.array([[int(term in ngrams) for term in terms] for ngrams in held],
                    dtype=np.int64).reshape(len(texts), len(terms))


TRICKY_TEXTS = [
    "State-of-the-art GANs use pre-\ntrained ResNet-50 and GPT-3.5 (see github.com).",
    "deep\nlearning; deep\n\nlearning; deep \t\r\n \nlearning; deep\r\nlearning",
    "deep\flearning and deep\f\nlearning, page\x0cbreak",
    "deep of the learning, deep 2024 learning, deep x learning, e.g. deep learning",
    "DEEP  LEARNING--deep_learning deep's learning deep—learning deep- learning",
    "Schölkopf and Łukasz: neural networks; neural-networks, neural.networks",
    "",
]
PIECES = ["deep", "Learning", "GANs", "gan", "the", "of", "3", "x", "state-of-the-art",
          "pre-", "ResNet-50", "gpt-3.5", "Schölkopf", "résumé", " ", "  ", "\n", "\n\n",
          "\n \t\n", "\f", "\r\n", ", ", ". ", "-", ".", "—", "_", "'s", "(", "ÉTÉ"]


def assert_matrix_matches_the_reference(texts: list[str]) -> None:
    # The reference's n-grams, and what a careless tokeniser would also count: every word
    # (numbers, one letter, stop words too) and every pair of words next to each other.
    terms = {g for text in texts for g in tokenize(text) + bigrams(text)}
    for text in texts:
        words = re.findall(r"\w+(?:[-.]\w+)*", text.lower())
        terms |= {*words, *(f"{a} {b}" for a, b in zip(words, words[1:]))}
    terms = sorted(terms)
    matrix = _occurrences(terms, texts)
    assert matrix.shape == (len(texts), len(terms))
    assert np.array_equal(matrix.toarray(), reference_occurrences(terms, texts))


def test_occurrence_matrix_matches_the_reference_tokenisation_on_tricky_texts() -> None:
    assert_matrix_matches_the_reference(TRICKY_TEXTS)
    assert "deep learning" in bigrams(TRICKY_TEXTS[1])  # the matrix is not trivially empty
    assert "deep learning" not in bigrams(TRICKY_TEXTS[2])


@settings(max_examples=80, deadline=None)
@given(texts=st.lists(st.lists(st.sampled_from(PIECES), max_size=25).map("".join),
                      min_size=1, max_size=5))
def test_occurrence_matrix_matches_the_reference_tokenisation(texts: list[str]) -> None:
    assert_matrix_matches_the_reference(texts)


NAMES = ["alpha", "beta", "gamma", "delta", "kappa", "omega"]


@settings(max_examples=60, deadline=None)
@given(holdings=st.lists(st.sets(st.integers(0, 7)), max_size=len(NAMES)),
       min_similarity=st.sampled_from([0.3, DEFAULT_MIN_SIMILARITY, 0.7]),
       seed=st.integers(0, 2**32 - 1))
def test_groups_are_a_partition_of_close_terms_whatever_the_text_order(
    holdings: list[set[int]], min_similarity: float, seed: int,
) -> None:
    papers_of = dict(zip(NAMES, holdings))
    terms = list(papers_of)
    texts = texts_holding(papers_of, 8)
    merged = merge_near_duplicates(ranked_terms(*terms), texts, min_similarity)
    shuffled = random.Random(seed).sample(texts, len(texts))
    assert merge_near_duplicates(ranked_terms(*terms), shuffled, min_similarity).equals(merged)
    groups = [[row["term"], *filter(None, row["merged_terms"].split("; "))]
              for row in merged.iter_rows(named=True)]
    assert sorted(t for group in groups for t in group) == sorted(terms)
    for group in groups:
        assert [terms.index(t) for t in group] == sorted(terms.index(t) for t in group)
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                assert phi(papers_of[a], papers_of[b], len(texts)) > min_similarity - 1e-9

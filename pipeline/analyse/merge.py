"""Analyse stage, hot-term lists: fold near-duplicate terms into one row.

A ranked list of hot n-grams repeats itself: "gan" and "gans", "resnet" and "residual
networks" rise together because the same papers use both. The original analysis removed such
pairs by hand; here terms whose papers largely coincide, beyond what chance gives, are grouped
(phi coefficient of their paper-occurrence columns, complete-linkage clustering) and each group
is kept as its best-ranked member, with the others listed in `merged_terms`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl
from scipy import sparse

from pipeline.count import kept_items

# Similarity = phi, the correlation of two terms' paper occurrences: (n*n11 - nA*nB) /
# sqrt(nA*nB*(n-nA)*(n-nB)), n papers, nA and nB holding each term, n11 both. Terms used
# independently score 0 however common they are (cosine gave two words each in 80% of the
# papers 0.8), give or take 1/sqrt(n) of chance (0.02 for 2,000 papers). For terms in few of
# the papers phi is about |A∩B| / sqrt(|A||B|), so 0.5 keeps the old reading: two equally
# common terms merge once more than half of each one's papers hold the other (variants like
# gan/gans co-occur in most of their papers), and a term whose papers all hold a broader one
# merges only if it has over a quarter as many papers (a niche "wgan" stays apart from "gan").
# Chosen by this arithmetic: the repository has no real full texts to measure it on (the demo
# database is synthetic); pass min_similarity to tune it on a real month.
DEFAULT_MIN_SIMILARITY = 0.5
_BATCH_TEXTS = 200  # texts tokenised at a time: bounds the working memory


def merge_near_duplicates(
    ranked: pl.DataFrame, texts: Sequence[str],
    min_similarity: float = DEFAULT_MIN_SIMILARITY,
) -> pl.DataFrame:
    """Fold each group of terms that co-occur in the same papers into its best-ranked member.

    Args:
        ranked: one row per `term` (spelt as `tokenize` or `bigrams` gives it), best first;
            other columns are kept as they are.
        texts: paper texts; a paper holds a term if `tokenize` or `bigrams` of it does.
        min_similarity: terms merge when every pair of the group has a phi above this.

    Returns the rows of each group's best-ranked term, in their order, with `merged_terms`
    (the group's other terms in rank order, joined by "; ", "" when alone) and `n_merged`.
    A term in no paper or in every paper, and every term when there are no texts, stays alone.
    """
    if not 0 <= min_similarity <= 1:
        raise ValueError(f"min_similarity must lie in [0, 1], not {min_similarity}")
    terms = ranked["term"].to_list()
    if len(set(terms)) != len(terms):
        raise ValueError("ranked must hold each term once")
    return _fold(ranked, terms, _group_labels(terms, texts, min_similarity))


def _group_labels(terms: list[str], texts: Sequence[str], min_similarity: float) -> list[int]:
    """One group label per term, by complete linkage so that groups do not chain."""
    if len(terms) < 2 or len(texts) == 0:
        return list(range(len(terms)))
    distance = np.clip(1 - _phi(_occurrences(terms, texts)), 0, 1)
    np.fill_diagonal(distance, 0)
    from sklearn.cluster import AgglomerativeClustering  # 0.8 s to import: only when merging

    clustering = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="complete",
        distance_threshold=1 - min_similarity,  # merges only below it: similarity above min
    )
    return clustering.fit_predict(distance).tolist()


def _phi(papers_by_term: sparse.csr_matrix) -> np.ndarray:
    """Phi coefficient of each pair of binary term columns (0 where a column is constant)."""
    n = papers_by_term.shape[0]
    both = (papers_by_term.T @ papers_by_term).toarray().astype(np.float64)
    held = np.diag(both)
    spread = held * (n - held)  # 0 for a term in no paper or in every paper
    numerator = n * both - np.outer(held, held)
    denominator = np.sqrt(np.outer(spread, spread))
    return np.divide(numerator, denominator, out=np.zeros_like(both), where=denominator > 0)


def _occurrences(terms: list[str], texts: Sequence[str]) -> sparse.csr_matrix:
    """Binary papers x terms matrix: whether `tokenize(text) + bigrams(text)` holds each term."""
    columns = pl.LazyFrame({"ngram": terms, "column": range(len(terms))},
                           schema={"ngram": pl.String, "column": pl.Int64})
    hits = pl.concat([_hits(texts[start:start + _BATCH_TEXTS], start, terms, columns)
                      for start in range(0, len(texts), _BATCH_TEXTS)])
    ones = np.ones(hits.height, dtype=np.int64)
    return sparse.csr_matrix((ones, (hits["paper"].to_numpy(), hits["column"].to_numpy())),
                             shape=(len(texts), len(terms)))


def _hits(texts: Sequence[str], first: int, terms: list[str], columns: pl.LazyFrame
          ) -> pl.DataFrame:
    """(paper, column) once for each term a text of the batch holds; papers from `first`."""
    unigram = pl.element()  # bigram: null where either item is
    bigram = pl.concat_str([pl.element(), pl.element().shift(-1)], separator=" ")
    listed = [pl.col("items").list.eval(g.filter(g.is_in(terms))) for g in (unigram, bigram)]
    return (
        pl.LazyFrame({"text": list(texts)}, schema={"text": pl.String})
        .select(items=kept_items()).with_row_index("paper", offset=first)
        .select("paper", ngram=pl.concat_list(listed)).explode("ngram")
        .join(columns, on="ngram").unique(["paper", "column"])  # each paper once per term
        .select(pl.col("paper").cast(pl.Int64), "column")
        .collect()
    )


def _fold(ranked: pl.DataFrame, terms: list[str], labels: list[int]) -> pl.DataFrame:
    """Keep each group's first row; list the group's other terms on it."""
    members: dict[int, list[str]] = {}
    for term, label in zip(terms, labels):
        members.setdefault(label, []).append(term)
    others = [members[label][1:] for label in labels]
    is_first = [members[label][0] == term for term, label in zip(terms, labels)]
    return ranked.with_columns(
        merged_terms=pl.Series(["; ".join(group) for group in others], dtype=pl.String),
        n_merged=pl.Series([len(group) for group in others], dtype=pl.Int32),
    ).filter(pl.Series(is_first, dtype=pl.Boolean))

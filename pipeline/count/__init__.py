"""Count stage: the curated terms each text mentions (by zone), and every unigram's and
bigram's document frequency per month."""

from pipeline.count.month_counter import MEMBERSHIPS, CategoryCounts, MonthCounter
from pipeline.count.ngrams import (
    DEFAULT_MIN_DF,
    bigrams,
    count_document_frequencies,
    has_phrase,
    kept_items,
    phrase_words,
    tokenize,
)
from pipeline.count.terms import (
    FAMILIES,
    Term,
    count_term_zones,
    default_terms_path,
    find_terms,
    load_terms,
    load_terms_version,
)

__all__ = ["DEFAULT_MIN_DF", "FAMILIES", "MEMBERSHIPS", "CategoryCounts", "MonthCounter",
           "Term", "bigrams",
           "count_document_frequencies", "count_term_zones", "default_terms_path",
           "find_terms", "has_phrase", "kept_items", "load_terms", "load_terms_version",
           "phrase_words", "tokenize"]

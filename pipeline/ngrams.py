"""Count stage, open vocabulary: how many papers of each month use each word and word pair.

The curated terms (`count.py`) answer "how often is X mentioned"; this module finds what to
ask about: for every month, each unigram's and bigram's document frequency (papers whose
text contains it, each paper once) and the month's number of papers with text, so that
shares and "hot" terms follow in SQL (`out_ngram_share_by_month`).

The tokenisation (`tokenize`, `bigrams`) is the reference, written for reading; the counting
(`count_document_frequencies`) does exactly the same with polars' vectorised string and
list operations, in batches of papers so that a 15,000-paper month fits in bounded memory.
A month is stored whole and replaced whole (`save_month_ngrams`); n-grams used by fewer
than `min_df` papers of the month are not stored (`core_ngram_months.min_df` says which
threshold a month was stored with, so a missing row means "fewer than min_df papers").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

import duckdb
import polars as pl

from pipeline import store

DEFAULT_MIN_DF = 2
MIN_TOKEN_CHARS = 2
MAX_TOKEN_CHARS = 40
BATCH_CHARS = 24_000_000  # text per counting batch: about 400 MB of peak memory
BATCH_PAPERS = 500  # papers per batch read from DuckDB

# Letters: a-z plus the lower-case Latin-1 and Latin Extended-A letters (authors' names:
# Schölkopf, Łukasz); digits are 0-9. The same literal class serves Python's `re` and the
# Rust regex engine polars uses, so both see the same characters as letters.
_LETTERS = "a-zß-öø-ÿĀ-ſ"
_ALNUM = "0-9" + _LETTERS
TOKEN_PATTERN = rf"[{_ALNUM}]+(?:[-.][{_ALNUM}]+)*"
# The text as a sequence of items: a token, or a break (a run of anything that is neither
# a token character nor a space/tab/CR/LF, or a blank line). Bigrams never span a break.
_ITEM_PATTERN = rf"{TOKEN_PATTERN}|[^ \t\r\n{_ALNUM}]+|\n[ \t\r]*\n"
_ITEM_RE = re.compile(_ITEM_PATTERN)
_LETTER_RE = re.compile(f"[{_LETTERS}]")

STOP_WORDS = frozenset(
    """
    about above after again against all also am an and any are as at be been before being
    below between both but by can could did do does doing down during each either et al
    etc e.g few for from further had has have having he her here hers him his how however
    i.e if in into is it its itself may me might more most must my no nor not of off on
    once only or other our ours out over own per same she should so some such than that
    the their theirs them then there these they this those through thus to too under
    until up upon very via vs was we were what when where whether which while who whom
    whose why will with within without would yet you your
    """.split()
)


@dataclass(frozen=True)
class NgramMonth:
    """What a recount stored for one month."""

    month: date
    n_papers_with_text: int
    n_rows: int


def tokenize(text: str) -> list[str]:
    """Return the text's tokens in order: THE tokenisation every count uses.

    The text is lower-cased. A token is a run of letters and digits, possibly joined by
    inner hyphens or dots between two letters/digits: `state-of-the-art`, `resnet-50`,
    `word2vec`, `gpt-3.5`, `e.g` (a trailing hyphen or dot is not part of it: `pre-` is
    `pre`). Dropped: tokens without a letter (numbers, years, `3.5`, `1-2`: they say
    nothing about topics and would make every year look hot), tokens of one character
    (math variables), tokens longer than 40 characters (glued words, hashes) and the stop
    words in `STOP_WORDS`. Every other character (punctuation, symbols, underscores,
    apostrophes, other scripts) separates tokens.
    """
    return [item for item in _items(text) if item is not None]


def bigrams(text: str) -> list[str]:
    """Return the text's bigrams in order: two kept tokens next to each other, space-joined.

    The two tokens must be separated by spaces alone, with at most one line break (PDF
    lines wrap mid-sentence). A bigram never spans punctuation (a sentence end, a comma, a
    bracket), a blank line (paragraph break) or a form feed (page break), nor a dropped
    token: a stop word or a number at either edge means no bigram, so `of the` and
    `layer 3` are never bigrams and `state of the art` gives none.
    """
    items = _items(text)
    return [f"{a} {b}" for a, b in zip(items, items[1:]) if a is not None and b is not None]


def _items(text: str) -> list[str | None]:
    """The text's items: each kept token, or None for a break or a dropped token."""
    return [item if _is_kept(item) else None for item in _ITEM_RE.findall(text.lower())]


def _is_kept(item: str) -> bool:
    return (
        MIN_TOKEN_CHARS <= len(item) <= MAX_TOKEN_CHARS
        and _LETTER_RE.search(item) is not None
        and item not in STOP_WORDS
    )


def _kept_expr() -> pl.Expr:
    """`_is_kept` on a list element, as a polars expression."""
    item = pl.element()
    return (
        item.str.len_chars().is_between(MIN_TOKEN_CHARS, MAX_TOKEN_CHARS)
        & item.str.contains(f"[{_LETTERS}]")
        & ~item.is_in(list(STOP_WORDS))
    )

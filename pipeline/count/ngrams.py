"""Count stage, open vocabulary: how many papers of each month use each word and word pair.

The curated terms (`count.py`) answer "how often is X mentioned"; this module finds what to
ask about: for every month, each unigram's and bigram's document frequency (papers whose
text contains it, each paper once) and the month's number of papers with text, so that
shares and "hot" terms follow in SQL (`out_ngram_share_by_month`).

The tokenisation (`tokenize`, `bigrams`) is the reference, written for reading; the counting
(`count_document_frequencies`) does exactly the same with polars' vectorised string and
list operations, in batches of papers so that a 15,000-paper month fits in bounded memory;
`count.month_counter` sums them as texts pass, pooled and by category;
`store.ngram_counts` stores the counts of whole months.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import polars as pl

# 2 drops the n-grams of a single paper, about 80% of the distinct ones, and kept 46 of the
# top 50 hot bigrams of real history where 3 kept 41 and 5 kept 25 (bench/bench_ngrams.py).
DEFAULT_MIN_DF = 2
MIN_TOKEN_CHARS = 2
MAX_TOKEN_CHARS = 40
BATCH_BYTES = 24_000_000  # UTF-8 text tokenised at a time: about 0.6 GB of working memory
KEYS = ("month", "ngram", "is_bigram")
COUNTS_SCHEMA = {"month": pl.Date, "ngram": pl.String, "is_bigram": pl.Boolean,
                 "n_papers": pl.Int32}

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


def tokenize(text: str) -> list[str]:
    """Return the text's tokens in order: THE tokenisation every count uses.

    The text is lower-cased. A token is a run of letters and digits, possibly joined by
    inner hyphens or dots between two letters/digits: `state-of-the-art`, `resnet-50`,
    `word2vec`, `gpt-3.5`, `github.com` (a trailing hyphen or dot is not part of it: `pre-`
    is `pre`). Dropped: tokens without a letter (numbers, years, `3.5`, `1-2`: they say
    nothing about topics and would make every year look hot), tokens of one character
    (math variables), tokens longer than 40 characters (glued words, hashes) and the stop
    words in `STOP_WORDS` (English function words, and `et`, `al`, `e.g`, `etc`). Every
    other character (punctuation, symbols, underscores, apostrophes, Greek and other
    scripts) separates tokens.
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


def kept_items() -> pl.Expr:
    """Each `text`'s items as counting sees them: a kept token, or null (a break, a dropped one).

    The vectorised twin of `_items`; `bigrams` pairs neighbours that are both non-null.
    """
    kept = pl.when(_kept_expr()).then(pl.element())
    return pl.col("text").str.to_lowercase().str.extract_all(_ITEM_PATTERN).list.eval(kept)


def phrase_words(phrase: str) -> list[str]:
    """Split a phrase into its words as a text's items are split, stop words and numbers kept."""
    return [item for item in _ITEM_RE.findall(phrase.lower()) if re.fullmatch(TOKEN_PATTERN, item)]


def has_phrase(words: list[str]) -> pl.Expr:
    """Whether `text` holds the words side by side, with nothing but spaces between them.

    Every word counts, stop words and numbers too ("line of work", "resnet 50"); punctuation
    and blank lines break a phrase, one line break does not. For one or two kept tokens this
    matches exactly the texts whose n-gram counts hold the unigram or bigram.
    """
    items = pl.col("text").str.to_lowercase().str.extract_all(_ITEM_PATTERN)
    joined = pl.concat_str([pl.lit(" "), items.list.join(" "), pl.lit(" ")])
    return joined.str.contains(f" {' '.join(words)} ", literal=True).fill_null(False)


def count_document_frequencies(
    texts: pl.DataFrame, batch_bytes: int = BATCH_BYTES
) -> pl.DataFrame:
    """Count, per month, the papers using each unigram and bigram (polars, in batches).

    Args:
        texts: one row per paper: `paper_id`, `month` (a date), `text` (null: no n-grams).
        batch_bytes: UTF-8 bytes of text tokenised at a time; bounds the working memory.

    Returns columns `month`, `ngram`, `is_bigram`, `n_papers` (papers whose text holds the
    n-gram at least once, by `tokenize` and `bigrams`), one row per (month, ngram), unsorted.
    """
    if texts["paper_id"].is_duplicated().any():
        raise ValueError("count_document_frequencies needs one row per paper_id")
    texts = texts.select("paper_id", pl.col("month").cast(pl.Date), "text")
    return _count_batches(slices(texts, batch_bytes))


def slices(texts: pl.DataFrame, batch_bytes: int) -> Iterator[pl.DataFrame]:
    """Consecutive row slices (no copies) of about `batch_bytes` bytes of text each."""
    sizes = texts["text"].str.len_bytes().fill_null(0).cast(pl.Int64)
    batch_of_row = (sizes.cum_sum() - sizes) // max(1, batch_bytes)
    offset = 0
    for length in batch_of_row.rle().struct.field("len"):
        yield texts.slice(offset, length)
        offset += length


def _count_batches(batches: Iterable[pl.DataFrame]) -> pl.DataFrame:
    """Sum the batches' counts as they come, so memory follows the distinct n-grams."""
    tally = Tally()
    for batch in batches:
        tally.add(_count_batch(batch))
    return tally.total()


class Tally:
    """Running sums of papers per n-gram, in hash shards so that each merge stays small."""

    def __init__(self, n_shards: int = 16, keys: tuple[str, ...] = KEYS,
                 schema: dict | None = None, shard_by: str = "ngram") -> None:
        self.n_shards, self.keys, self.shard_by = n_shards, keys, shard_by
        self.sums = [pl.DataFrame(schema=schema or COUNTS_SCHEMA) for _ in range(n_shards)]
        self.pending: list[list[pl.DataFrame]] = [[] for _ in range(n_shards)]

    def add(self, counts: pl.DataFrame) -> None:
        """Queue a batch's counts; merge a shard once its queue outgrows its sums."""
        shard = (pl.col(self.shard_by).hash(0) % self.n_shards).alias("shard")
        parts = counts.with_columns(shard).partition_by("shard", as_dict=True,
                                                        include_key=False)
        for (index,), part in parts.items():
            self.pending[index].append(part)
            queued = sum(p.height for p in self.pending[index])
            if queued >= max(self.sums[index].height, 100_000):
                self._merge(index)

    def total(self) -> pl.DataFrame:
        """All sums, one row per (month, ngram)."""
        for index in range(self.n_shards):
            self._merge(index)
        return pl.concat(self.sums, rechunk=False)

    def _merge(self, index: int) -> None:
        if self.pending[index]:
            self.sums[index] = _sum_counts([self.sums[index], *self.pending[index]], self.keys)
            self.pending[index] = []


def _count_batch(batch: pl.DataFrame) -> pl.DataFrame:
    """One batch's counts: each paper's distinct n-grams, then papers per n-gram."""
    return count_papers(distinct_ngrams(batch.lazy())).collect()


def distinct_ngrams(batch: pl.LazyFrame) -> pl.LazyFrame:
    """Each paper's distinct `unigrams` and `bigrams` (lists), its other columns but `text`
    kept."""
    pair = pl.concat_str([pl.element(), pl.element().shift(-1)], separator=" ")
    tokens = pl.col("tokens")
    return batch.with_columns(tokens=kept_items()).drop("text").with_columns(
        unigrams=tokens.list.drop_nulls().list.unique(),
        bigrams=tokens.list.eval(pair).list.drop_nulls().list.unique(),
    ).drop("tokens")


def count_papers(per_paper: pl.LazyFrame) -> pl.LazyFrame:
    """Papers per (month, ngram) of `distinct_ngrams`' rows."""
    n_papers = pl.len().cast(pl.Int32)
    parts = [
        per_paper.select("month", ngram=column).explode("ngram").drop_nulls("ngram")
        .group_by("month", "ngram").agg(is_bigram=pl.lit(is_bigram), n_papers=n_papers)
        for column, is_bigram in (("unigrams", False), ("bigrams", True))
    ]
    return pl.concat(parts)


def _sum_counts(parts: list[pl.DataFrame], keys: tuple[str, ...]) -> pl.DataFrame:
    return (
        pl.concat(parts).group_by(*keys)
        .agg(pl.col("n_papers").sum()).with_columns(pl.col("n_papers").cast(pl.Int32))
    )

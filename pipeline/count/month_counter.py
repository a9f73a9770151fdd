"""Count stage, a month's n-grams as its texts pass: pooled, and by category.

`MonthCounter` holds running sums of the distinct n-grams, never the texts: what
`store.recount_ngrams` does from stored texts, done as an ingest's texts pass on their way
into the database. Each text is tokenised once and counted twice: for the month's papers
pooled (`count.ngrams`) and, when the counter knows the categories that count, within each
of them, two ways (as the curated terms' per-category shares): 'primary' (the paper's primary
category is it) and 'any' (the paper lists it, cross-lists included). The 'any' counts are
the 'primary' ones plus those of the papers cross-listed to the category, so each paper's
n-grams are grouped once for its primary category and once for each category it is
cross-listed to. The cells' running sums hold each n-gram as a 64-bit hash, not its text
(a month's heavy tail of n-grams used once would otherwise be held again in every cell);
the month's pooled n-grams, which hold every n-gram counted, name them at the end, and a
hash shared by two of them (about one chance in 100,000 in a 15-million n-gram month) is
an error, never a merged count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from pipeline.count.ngrams import BATCH_BYTES, Tally, count_papers, distinct_ngrams, slices

MEMBERSHIPS = ("primary", "any")
CELL_KEYS = ("month", "cell", "key")  # cell: 2 x the category's index, + 1 if cross-listed
CELL_SCHEMA = {"month": pl.Date, "cell": pl.Int16, "key": pl.UInt64, "n_papers": pl.Int32}
KEY_SEED = 20_170_301  # the seed of the n-grams' 64-bit hashes (`key`)


@dataclass(frozen=True)
class CategoryCounts:
    """One month's n-gram counts within each category that counts.

    counts: month, category, membership, ngram, is_bigram, n_papers (papers of the cell whose
        text holds the n-gram), every n-gram counted (none pruned).
    papers: category, membership, n_papers_with_text (the cell's papers counted: the
        denominator), a row for every category and membership, zeros included.
    """

    counts: pl.DataFrame
    papers: pl.DataFrame


class MonthCounter:
    """Document frequencies of texts that arrive a batch at a time (bounded memory)."""

    def __init__(self, categories: tuple[str, ...] = ()) -> None:
        """`categories`: the categories to count within (none: the pooled counts only)."""
        self.categories = tuple(categories)
        self._tally = Tally()
        self._cells = Tally(keys=CELL_KEYS, schema=CELL_SCHEMA, shard_by="key")
        self._n_papers: dict[date, int] = {}
        self._n_cell: dict[tuple[date, str, str], int] = {}
        self._total: pl.DataFrame | None = None
        self._cell_total: pl.DataFrame | None = None

    def add(self, month: date, texts: list[str],
            categories: list[list[str]] | None = None) -> None:
        """Count a batch of the month's texts, one per paper, with each paper's categories
        (its primary category first) when the counter counts by category."""
        if self.categories and (categories is None or len(categories) != len(texts)):
            raise ValueError("counting by category needs each text's categories")
        self._n_papers[month] = self._n_papers.get(month, 0) + len(texts)
        primary, cross = _cells_of(categories or [[]] * len(texts), self.categories)
        for category, membership, n in _cell_sizes(primary, cross):
            key = (month, category, membership)
            self._n_cell[key] = self._n_cell.get(key, 0) + n
        index = {c: i for i, c in enumerate(self.categories)}
        frame = pl.DataFrame({"month": [month] * len(texts), "text": texts,
                              "primary": [None if c is None else 2 * index[c] for c in primary],
                              "cross": [[2 * index[c] + 1 for c in cs] for cs in cross]},
                             schema={"month": pl.Date, "text": pl.String,
                                     "primary": pl.Int16, "cross": pl.List(pl.Int16)})
        for piece in slices(frame, BATCH_BYTES):
            per_paper = distinct_ngrams(piece.lazy())
            pooled = count_papers(per_paper.drop("primary", "cross"))
            if not self.categories:
                self._tally.add(pooled.collect())
                continue
            pooled_counts, cell_counts = pl.collect_all([pooled, _count_cells(per_paper)])
            self._tally.add(pooled_counts)
            self._cells.add(cell_counts)
        self._total = self._cell_total = None

    def n_papers(self, month: date) -> int:
        """Texts counted for the month."""
        return self._n_papers.get(month, 0)

    def counts(self, month: date) -> pl.DataFrame:
        """The month's pooled counts, as `count_document_frequencies` returns them."""
        if self._total is None:
            self._total = self._tally.total()
        return self._total.filter(pl.col("month") == month)

    def category_counts(self, month: date, min_df: int = 1) -> CategoryCounts:
        """The month's counts within each category, both memberships, of the n-grams used
        by at least `min_df` papers of the cell (1: all)."""
        if self._cell_total is None:
            self._cell_total = self._cells.total()
        pooled = self.counts(month).select("ngram", "n_papers", key=_key(pl.col("ngram")))
        if pooled["key"].n_unique() < pooled.height:
            shared = pooled.filter(pl.col("key").is_duplicated())["ngram"].head(4).to_list()
            raise ValueError(f"n-grams of {month:%Y-%m} share a 64-bit hash ({shared}): "
                             "their counts by category cannot be told apart")
        # no cell uses an n-gram more than the month's papers do: the rest cannot be kept
        pooled = pooled.filter(pl.col("n_papers") >= min_df).drop("n_papers")
        # primary: the even cells; any: a category's two cells summed; pruned, then named
        cells = (self._cell_total.lazy().filter(pl.col("month") == month)
                 .join(pooled.lazy().select("key"), on="key", how="semi").collect())
        index = (pl.col("cell") // 2).alias("index")
        primary = cells.filter(pl.col("cell") % 2 == 0).select(
            index, "key", "n_papers", membership=pl.lit("primary"))
        listed = cells.group_by(index, "key").agg(
            pl.col("n_papers").sum().cast(pl.Int32)).with_columns(membership=pl.lit("any"))
        names = pl.Series(self.categories, dtype=pl.String)
        counts = (pl.concat([primary, listed], how="diagonal")
                  .filter(pl.col("n_papers") >= min_df)
                  .join(pooled, on="key", how="left")
                  .select(pl.lit(month).alias("month"),
                          pl.lit(names).gather(pl.col("index")).alias("category"),
                          "membership", "ngram",
                          is_bigram=pl.col("ngram").str.contains(" ", literal=True),
                          n_papers="n_papers"))
        papers = pl.DataFrame(
            [(c, m, self._n_cell_papers(month, c, m)) for c in self.categories
             for m in MEMBERSHIPS],
            schema={"category": pl.String, "membership": pl.String,
                    "n_papers_with_text": pl.Int32}, orient="row")
        return CategoryCounts(counts, papers)

    def _n_cell_papers(self, month: date, category: str, membership: str) -> int:
        primary = self._n_cell.get((month, category, "primary"), 0)
        if membership == "primary":
            return primary
        return primary + self._n_cell.get((month, category, "cross"), 0)


def _cells_of(categories: list[list[str]], wanted: tuple[str, ...]
              ) -> tuple[list[str | None], list[list[str]]]:
    """Each paper's primary category if it counts (else None), and the other categories that
    count it lists (each once)."""
    wanted_set = set(wanted)
    primary = [cats[0] if cats and cats[0] in wanted_set else None for cats in categories]
    cross = [sorted(set(cats[1:]).intersection(wanted_set) - {cats[0]}) if cats else []
             for cats in categories]
    return primary, cross


def _cell_sizes(primary: list[str | None], cross: list[list[str]]
                ) -> list[tuple[str, str, int]]:
    sizes: dict[tuple[str, str], int] = {}
    for category in primary:
        if category is not None:
            sizes[(category, "primary")] = sizes.get((category, "primary"), 0) + 1
    for listed in cross:
        for category in listed:
            sizes[(category, "cross")] = sizes.get((category, "cross"), 0) + 1
    return [(c, m, n) for (c, m), n in sizes.items()]


def _count_cells(per_paper: pl.LazyFrame) -> pl.LazyFrame:
    """Papers per (month, cell, ngram) of `distinct_ngrams`' rows (a cell: the primary
    category's or a cross-listed one's number, `MonthCounter.add`)."""
    keys = pl.concat_list("unigrams", "bigrams").list.eval(_key(pl.element())).alias("key")
    per_paper = per_paper.select("month", "primary", "cross", keys)
    primary = (per_paper.filter(pl.col("primary").is_not_null())
               .select("month", pl.col("primary").alias("cell"), "key"))
    cross = (per_paper.filter(pl.col("cross").list.len() > 0)
             .select("month", pl.col("cross").alias("cell"), "key").explode("cell"))
    return (pl.concat([primary, cross]).explode("key").drop_nulls("key")
            .group_by("month", "cell", "key").agg(n_papers=pl.len().cast(pl.Int32)))


def _key(ngram: pl.Expr) -> pl.Expr:
    """An n-gram's 64-bit hash: how the cells' running sums hold it."""
    return ngram.hash(KEY_SEED)

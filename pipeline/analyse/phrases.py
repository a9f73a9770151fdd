"""Analyse stage: the monthly share of papers using any word or phrase a user asks about.

In one text source: the papers' full texts or their titles + abstracts. One or two counted
words (no stop word, number or one-letter word among them) are read from the source's
stored n-gram counts: fast, every month at once. Anything else ("state space model", "line
of work", "resnet 50") is looked for in the stored texts, month by month, word for word
(`pipeline.ngrams.has_phrase`). The papers behind one month of a phrase come from the texts
too.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import duckdb
import polars as pl

from pipeline import store
from pipeline.analyse.queries import run_named_query, run_sql
from pipeline.analyse.sources import check_source
from pipeline.count import has_phrase, phrase_words, tokenize
from pipeline.errors import ArxivTrendsError

SCAN_BATCH_PAPERS = 500
MAX_PHRASE_CHARS = 200

SERIES_SCHEMA = {
    "phrase": pl.String, "ngram": pl.String, "month": pl.Date, "n_papers": pl.Int64,
    "n_papers_with_text": pl.Int64, "share_pct": pl.Float64, "share_low_pct": pl.Float64,
    "share_high_pct": pl.Float64, "is_below_min_df": pl.Boolean, "source": pl.String,
    "counted_by": pl.String,  # 'ngram_counts' (one or two words) or 'text_scan'
}


def parse_phrase(phrase: str) -> tuple[list[str], bool]:
    """Split a phrase into its words; say whether the n-gram counts can answer for it."""
    if len(phrase) > MAX_PHRASE_CHARS:
        raise ArxivTrendsError(f"a phrase is at most {MAX_PHRASE_CHARS} characters")
    words = phrase_words(phrase)
    if not words:
        raise ArxivTrendsError(f"{phrase!r} holds no word (letters or digits)")
    is_counted = len(words) <= 2 and tokenize(" ".join(words)) == words
    return words, is_counted


def load_phrase_series(
    con: duckdb.DuckDBPyConnection, phrases: list[str], source: str = "fulltext"
) -> pl.DataFrame:
    """Return the share of papers using each phrase in `source`, every month (columns:
    `SERIES_SCHEMA`)."""
    check_source(source)
    parsed = [(phrase, *parse_phrase(phrase)) for phrase in phrases]
    # every phrase the counts cannot answer, in one pass over the stored texts
    scanned = _scan_series(con, [words for _, words, is_counted in parsed if not is_counted],
                           source)
    frames = []
    for phrase, words, is_counted in parsed:
        if is_counted:
            frame = run_named_query(con, "ngram_share_series",
                                    {"source": source, "ngram": " ".join(words)})
            frame = frame.with_columns(counted_by=pl.lit("ngram_counts"))
        else:
            frame = scanned.filter(pl.col("ngram") == " ".join(words))
        frames.append(frame.with_columns(phrase=pl.lit(phrase), source=pl.lit(source)))
    columns = [pl.col(name).cast(dtype) for name, dtype in SERIES_SCHEMA.items()]
    return pl.concat([f.select(columns) for f in frames]) if frames else pl.DataFrame(
        schema=SERIES_SCHEMA)


def load_papers_with_phrase(
    con: duckdb.DuckDBPyConnection, month: date, phrase: str, source: str = "fulltext"
) -> pl.DataFrame:
    """Return the papers of `month` whose text in `source` uses the phrase: id, title, url."""
    words, _ = parse_phrase(phrase)
    ids = [pid for batch in _texts_of_month(con, month, check_source(source))
           for pid in batch.filter(has_phrase(words))["paper_id"].to_list()]
    return run_named_query(con, "papers_by_ids", {"paper_ids": ids})


def _texts_of_month(
    con: duckdb.DuckDBPyConnection, month: date, source: str
) -> Iterator[pl.DataFrame]:
    """The month's texts that count in `source`, in batches (columns paper_id, text, ...)."""
    if source == "abstracts":
        yield store.load_counted_abstracts_of_month(con, month)
    else:
        yield from store.load_texts(con, month, SCAN_BATCH_PAPERS, is_counted_only=True)


def _scan_series(
    con: duckdb.DuckDBPyConnection, phrases: list[list[str]], source: str
) -> pl.DataFrame:
    """Count each phrase's papers (its words given) in one pass over the stored texts of
    `source` of every month; one row per (ngram: the words joined, month)."""
    ngrams = [" ".join(words) for words in phrases]
    # the source's months: a pass over every paper, so only when some phrase needs scanning
    held = run_named_query(con, "source_months") if phrases else None
    months = [] if held is None else held.filter(pl.col("source") == source)["month"].to_list()
    rows = []
    for month in months:
        n_papers, n_with_text = [0] * len(phrases), 0
        for batch in _texts_of_month(con, month, source):
            n_with_text += batch.height
            sums = batch.select(has_phrase(w).sum().alias(str(i)) for i, w in enumerate(phrases))
            n_papers = [n + int(found) for n, found in zip(n_papers, sums.row(0), strict=True)]
        rows += [(ngram, month, n, n_with_text) for ngram, n in zip(ngrams, n_papers,
                                                                     strict=True)]
    counts = pl.DataFrame(rows, schema={"ngram": pl.String, "month": pl.Date,
                                        "n_papers": pl.Int64, "n_papers_with_text": pl.Int64},
                          orient="row")
    with store.registered(con, month_counts=counts):
        frame = run_sql(con, store.read_sql("store/share_intervals"))
    return frame.with_columns(is_below_min_df=pl.lit(False), counted_by=pl.lit("text_scan"))

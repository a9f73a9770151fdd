"""Analyse stage: the monthly share of papers using any word or phrase a user asks about.

One or two counted words (no stop word, number or one-letter word among them) are read from
the stored n-gram counts: fast, every month at once. Anything else ("state space model",
"line of work", "resnet 50") is looked for in the stored full texts, month by month, word
for word (`pipeline.ngrams.has_phrase`). The papers behind one month of a phrase come from
the texts too.
"""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

from pipeline import store
from pipeline.analyse.queries import run_named_query, run_sql
from pipeline.count import has_phrase, phrase_words, tokenize
from pipeline.errors import ArxivTrendsError

SCAN_BATCH_PAPERS = 500
MAX_PHRASE_CHARS = 200

SERIES_SCHEMA = {
    "phrase": pl.String, "ngram": pl.String, "month": pl.Date, "n_papers": pl.Int64,
    "n_papers_with_text": pl.Int64, "share_pct": pl.Float64, "share_low_pct": pl.Float64,
    "share_high_pct": pl.Float64, "is_below_min_df": pl.Boolean, "source": pl.String,
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


def load_phrase_series(con: duckdb.DuckDBPyConnection, phrases: list[str]) -> pl.DataFrame:
    """Return the share of papers using each phrase, every month (columns: `SERIES_SCHEMA`)."""
    parsed = [(phrase, *parse_phrase(phrase)) for phrase in phrases]
    # every phrase the counts cannot answer, in one pass over the stored texts
    scanned = _scan_series(con, [words for _, words, is_counted in parsed if not is_counted])
    frames = []
    for phrase, words, is_counted in parsed:
        if is_counted:
            frame = run_named_query(con, "ngram_share_series", {"ngram": " ".join(words)})
            frame = frame.with_columns(source=pl.lit("ngram_counts"))
        else:
            frame = scanned.filter(pl.col("ngram") == " ".join(words))
        frames.append(frame.with_columns(phrase=pl.lit(phrase)))
    columns = [pl.col(name).cast(dtype) for name, dtype in SERIES_SCHEMA.items()]
    return pl.concat([f.select(columns) for f in frames]) if frames else pl.DataFrame(
        schema=SERIES_SCHEMA)


def load_papers_with_phrase(
    con: duckdb.DuckDBPyConnection, month: date, phrase: str
) -> pl.DataFrame:
    """Return the papers of `month` whose full text uses the phrase: id, title, url."""
    words, _ = parse_phrase(phrase)
    ids = [pid for batch in store.load_texts(con, month, SCAN_BATCH_PAPERS,
                                                   is_counted_only=True)
           for pid in batch.filter(has_phrase(words))["paper_id"].to_list()]
    return run_named_query(con, "papers_by_ids", {"paper_ids": ids})


def _scan_series(con: duckdb.DuckDBPyConnection, phrases: list[list[str]]) -> pl.DataFrame:
    """Count each phrase's papers (its words given) in one pass over the stored texts of
    every month with text; one row per (ngram: the words joined, month)."""
    ngrams = [" ".join(words) for words in phrases]
    rows = []
    for month in store.load_months_with_text(con) if phrases else []:
        n_papers, n_with_text = [0] * len(phrases), 0
        for batch in store.load_texts(con, month, SCAN_BATCH_PAPERS,
                                                   is_counted_only=True):
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
    return frame.with_columns(is_below_min_df=pl.lit(False), source=pl.lit("full_text"))

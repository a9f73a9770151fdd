"""Analyse stage: the monthly share of papers using any word or phrase a user asks about.

One or two words are read from the stored n-gram counts (fast, every month at once); a
longer phrase is looked for in the stored full texts, month by month, by the same
tokenisation (`pipeline.ngrams.has_phrase`). The papers behind one month of a phrase come
from the texts too.
"""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

from pipeline import store
from pipeline.analyse import run_named_query, run_sql
from pipeline.errors import ArxivTrendsError
from pipeline.ngrams import has_phrase, tokenize

SCAN_BATCH_PAPERS = 500
MAX_PHRASE_CHARS = 200

SERIES_SCHEMA = {
    "phrase": pl.String, "ngram": pl.String, "month": pl.Date, "n_papers": pl.Int64,
    "n_papers_with_text": pl.Int64, "share_pct": pl.Float64, "share_low_pct": pl.Float64,
    "share_high_pct": pl.Float64, "is_below_min_df": pl.Boolean, "source": pl.String,
}


def parse_phrase(phrase: str) -> tuple[str, ...]:
    """The phrase's tokens as counting sees them; a clear error if none is counted."""
    if len(phrase) > MAX_PHRASE_CHARS:
        raise ArxivTrendsError(f"a phrase is at most {MAX_PHRASE_CHARS} characters")
    tokens = tuple(tokenize(phrase))
    if not tokens:
        raise ArxivTrendsError(
            f"{phrase!r} has no counted word (stop words, numbers and one-letter words are "
            "not counted)")
    return tokens


def load_phrase_series(con: duckdb.DuckDBPyConnection, phrases: list[str]) -> pl.DataFrame:
    """The share of papers using each phrase, every month (columns: `SERIES_SCHEMA`)."""
    frames = []
    for phrase in phrases:
        tokens = parse_phrase(phrase)
        if len(tokens) <= 2:
            frame = run_named_query(con, "ngram_share_series", {"ngram": " ".join(tokens)})
            frame = frame.with_columns(source=pl.lit("ngram_counts"))
        else:
            frame = _scan_series(con, tokens)
        frames.append(frame.with_columns(phrase=pl.lit(phrase)))
    columns = [pl.col(name).cast(dtype) for name, dtype in SERIES_SCHEMA.items()]
    return pl.concat([f.select(columns) for f in frames]) if frames else pl.DataFrame(
        schema=SERIES_SCHEMA)


def load_papers_with_phrase(
    con: duckdb.DuckDBPyConnection, month: date, phrase: str
) -> pl.DataFrame:
    """The papers of `month` whose full text uses the phrase: paper_id, title, url."""
    tokens = parse_phrase(phrase)
    ids = [pid for batch in store.load_texts(con, month, SCAN_BATCH_PAPERS)
           for pid in batch.filter(has_phrase(tokens))["paper_id"].to_list()]
    rows = run_sql(con, "select paper_id, title, 'https://arxiv.org/abs/' || paper_id as url"
                   " from core_papers where list_contains($ids, paper_id) order by paper_id",
                   {"ids": ids})
    return rows if rows.height else pl.DataFrame(
        schema={"paper_id": pl.String, "title": pl.String, "url": pl.String})


def _scan_series(con: duckdb.DuckDBPyConnection, tokens: tuple[str, ...]) -> pl.DataFrame:
    """The phrase's monthly counts from the stored texts of every month with text."""
    rows = []
    for month in store.load_months_with_text(con):
        n_papers = n_with_text = 0
        for batch in store.load_texts(con, month, SCAN_BATCH_PAPERS):
            n_with_text += batch.height
            n_papers += int(batch.select(has_phrase(tokens).sum()).item())
        rows.append((month, n_papers, n_with_text))
    frame = pl.DataFrame(rows, schema={"month": pl.Date, "n_papers": pl.Int64,
                                       "n_papers_with_text": pl.Int64}, orient="row")
    return _with_intervals(frame).with_columns(
        ngram=pl.lit(" ".join(tokens)), is_below_min_df=pl.lit(False),
        source=pl.lit("full_text"))


def _with_intervals(frame: pl.DataFrame) -> pl.DataFrame:
    """Add share_pct and its Wilson interval, by the same macros as the SQL views."""
    con = duckdb.connect()
    try:
        con.execute((store.sql_dir() / "schema" / "008_wilson.sql").read_text(encoding="utf-8"))
        con.register("counts", frame)
        return con.sql(
            "select *, 100.0 * n_papers / n_papers_with_text as share_pct,"
            " wilson_low_pct(n_papers, n_papers_with_text) as share_low_pct,"
            " wilson_high_pct(n_papers, n_papers_with_text) as share_high_pct"
            " from counts order by month").pl()
    finally:
        con.close()

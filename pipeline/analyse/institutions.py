"""Analyse stage, institutions: the institutions on a paper's title page; the original
analysis' table for any set of papers (a month, a year, the papers mentioning a term); each
month's industry share and each institution's share; hot and not-hot institutions.

Institutions are read from title pages, so only the full-text source has them: a share's
papers are those whose text counts in the full-text shares (`out_institution_papers`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import polars as pl

from pipeline.analyse.hot import DEFAULT_LIMIT, DEFAULT_MIN_PAPERS
from pipeline.analyse.queries import run_named_query
from pipeline.errors import ArxivTrendsError
from pipeline.papers import add_months

DEFAULT_TOP = 20
SOURCE = "fulltext"  # the one source with title pages


@dataclass(frozen=True)
class InstitutionTable:
    """The original analysis' table of a set of papers: its totals (one row) and its top
    institutions."""

    totals: pl.DataFrame
    top: pl.DataFrame


def check_institution_source(source: str | None) -> None:
    """Raise a clear error for a text source without title pages."""
    if source not in (None, SOURCE):
        raise ArxivTrendsError(
            f"institutions are read from title pages: only the {SOURCE} source has them, "
            f"not {source}")


def load_paper_institutions(con: duckdb.DuckDBPyConnection, paper_id: str) -> pl.DataFrame:
    """The institutions on `paper_id`'s title page (columns of `sql/institutions_of_paper.sql`;
    none when its title page named none the list knows)."""
    found = run_named_query(con, "institutions_of_paper", {"paper_id": paper_id})
    if found.is_empty():
        raise ArxivTrendsError(
            f"no title page of {paper_id} was matched: its text is not stored (add-pdfs, "
            "ingest), or the ingest broke off before it matched it (any ingest or recount "
            "matches it)")
    return found.filter(pl.col("institution").is_not_null())


def load_institution_table(
    con: duckdb.DuckDBPyConnection, first_month: date, last_month: date,
    term: str | None = None, top_n: int = DEFAULT_TOP,
) -> InstitutionTable:
    """The table of the papers of `first_month`..`last_month` (those mentioning the curated
    `term` anywhere in their text, when given)."""
    if top_n < 1:
        raise ArxivTrendsError("--top must be at least 1")
    params = {"first_month": first_month, "last_month": last_month, "term": term}
    totals = run_named_query(con, "institution_table", params)
    if totals["n_papers"][0] == 0:
        which = f"mentioning {term!r} " if term else ""
        raise ArxivTrendsError(
            f"no paper {which}of {first_month:%Y-%m} to {last_month:%Y-%m} has its title page "
            "matched: ingest or add-pdfs their texts first")
    return InstitutionTable(totals, run_named_query(con, "top_institutions",
                                                    {**params, "top_n": top_n}))


def load_papers_of_institution(
    con: duckdb.DuckDBPyConnection, month: date, institution: str
) -> pl.DataFrame:
    """The papers of `month` naming `institution` (`sql/papers_of_institution.sql`)."""
    return run_named_query(con, "papers_of_institution",
                           {"month": month, "institution": institution})


def load_industry_share(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Each month's share of papers with an industry author, with its interval."""
    return run_named_query(con, "industry_share_by_month")


def load_institution_series(
    con: duckdb.DuckDBPyConnection, institutions: list[str]
) -> pl.DataFrame:
    """Each month's share of papers naming each of `institutions`, zeros included."""
    return run_named_query(con, "institution_share_series", {"institutions": institutions})


def load_hot_institutions(
    con: duckdb.DuckDBPyConnection, month: date, *, is_not_hot: bool = False,
    limit: int = DEFAULT_LIMIT, min_papers: int = DEFAULT_MIN_PAPERS,
) -> pl.DataFrame:
    """The hot (or not-hot) institutions of `month`, by the terms' ratio."""
    if limit < 1 or min_papers < 1:
        raise ArxivTrendsError("--limit and --min-papers must be at least 1")
    months = load_industry_share(con)["month"].to_list()
    start = add_months(month, -11)
    if not any(start <= m <= month for m in months) or not any(m < start for m in months):
        raise ArxivTrendsError(
            f"hot institutions of {month:%Y-%m} compare its 12 months with the months before "
            f"{start:%Y-%m}: both need papers whose title pages were matched")
    return run_named_query(con, "hot_institutions", {
        "month": month, "min_papers": min_papers, "is_not_hot": is_not_hot,
        "max_rows": limit})

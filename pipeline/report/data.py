"""Report stage, data: everything one edition of the site shows, read by the `sql/` queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import polars as pl

from pipeline import __version__, analyse, store
from pipeline.analyse import hot
from pipeline.analyse.sources import SOURCE_LABELS, check_source
from pipeline.count import FAMILIES, MEMBERSHIPS
from pipeline.errors import ArxivTrendsError
from pipeline.papers import add_months
from pipeline.report.institutions import InstitutionData, load_institution_data

DRILL_MONTHS = 36  # months (ending at the edition's) whose points list their papers
DRILL_PER_POINT = 10  # papers listed per point; the rest are counted
EXPLORER_NGRAMS = 3_000  # n-grams shipped with the term explorer
EXPLORER_MIN_PAPERS = 3
HOT_LIMIT = 30
FRONT_HOT = 10  # the front page's hot terms, pooled and within each category
DEFAULT_MIN_COVERAGE_PCT = 90.0  # the `min_coverage_pct` setting's default


@dataclass(frozen=True)
class HotLists:
    """The hot and not-hot lists, with each listed term's monthly shares for sparklines."""

    hot: pl.DataFrame
    not_hot: pl.DataFrame
    series: pl.DataFrame  # ngram, month, n_papers, n_papers_with_text, share_pct
    min_papers: int


@dataclass(frozen=True)
class EditionData:
    """One edition: the month it is for and every table its pages show."""

    month: date
    term_shares: pl.DataFrame
    background: pl.DataFrame
    family_tables: dict[str, pl.DataFrame]
    gainers: pl.DataFrame
    hot_lists: HotLists | None
    hot_missing_reason: str | None
    drill: pl.DataFrame
    explorer: pl.DataFrame  # ngram, month, n_papers (shipped n-grams only)
    facts: dict
    sources: tuple[str, ...]
    generated_at: datetime
    coverage: pl.DataFrame  # month, n_papers, n_with_text, coverage_pct, is_provisional
    min_coverage_pct: float
    comparison: pl.DataFrame  # the terms' shares in both sources on papers with both
    source: str = "fulltext"  # the text source every number of the edition is counted in
    version: str = __version__
    institutions: InstitutionData | None = None  # full text only; None: no title page matched
    # the curated terms' counts per category (sql/term_counts_by_category.sql)
    category_counts: pl.DataFrame | None = None
    # the explorer's n-grams by category: their stored counts
    # (sql/ngram_category_counts_for_terms.sql) and the cells (sql/ngram_category_months.sql)
    explorer_by_category: pl.DataFrame | None = None
    explorer_cells: pl.DataFrame | None = None
    # the front page's hot list within each category (category, membership, then the hot
    # list's columns), from the n-gram counts by category
    category_hot: pl.DataFrame | None = None

    @property
    def edition_name(self) -> str:
        """The edition's folder: `2017-03` (full text) or `2017-03-abstracts`."""
        return edition_name(self.month, self.source)

    @property
    def is_provisional(self) -> bool:
        """Whether too few of the edition month's texts are read for its numbers to be final."""
        row = self.coverage.filter(pl.col("month") == self.month)
        return bool(row["is_provisional"][0]) if row.height else True


def edition_name(month: date, source: str) -> str:
    """An edition's folder name: the month, with `-abstracts` for the abstract edition."""
    return f"{month:%Y-%m}" + ("" if source == "fulltext" else f"-{source}")


def edition_label(name: str) -> str:
    """How the site names an edition: `2017-03 (full texts)`."""
    source = "abstracts" if name.endswith("-abstracts") else "fulltext"
    return f"{name[:7]} ({SOURCE_LABELS[source]})"


def sort_editions(names: Iterable[str]) -> list[str]:
    """Editions newest first, a month's full-text edition before its abstract one."""
    return sorted(names, key=lambda name: (name[:7], not name.endswith("-abstracts")),
                  reverse=True)


def load_edition_data(
    con: duckdb.DuckDBPyConnection, month: date | None = None,
    hot_min_papers: int = hot.DEFAULT_MIN_PAPERS,
    min_coverage_pct: float = DEFAULT_MIN_COVERAGE_PCT, source: str = "fulltext",
) -> EditionData:
    """Read one edition's tables, every number counted in `source`; `month` defaults to the
    latest month with papers counted in it.

    Args:
        min_coverage_pct: a month whose share of papers counted is under this is provisional.
    """
    latest = analyse.load_latest_month(con, check_source(source))
    if latest is None:
        hint = ("run import-snapshot, ingest or count-abstracts first" if source == "abstracts"
                else "read some PDFs, or report --source abstracts from the metadata alone")
        raise ArxivTrendsError(f"the database holds no paper counted in its "
                               f"{SOURCE_LABELS[source]} yet: nothing to report ({hint})")
    coverage = analyse.load_month_coverage(con, min_coverage_pct, source)
    month = month or latest
    with_text = coverage.filter((pl.col("month") == month) & (pl.col("n_with_text") > 0))
    if with_text.height == 0:
        raise ArxivTrendsError(f"no paper of {month:%Y-%m} is counted in its "
                               f"{SOURCE_LABELS[source]}: nothing to report for it (the "
                               f"newest month counted is {latest:%Y-%m})")
    ranked, reason = _load_hot_lists(con, month, hot_min_papers, source)
    hot_terms = [] if ranked is None else [t for frame in ranked for t in frame["term"]]
    shipped = analyse.run_named_query(con, "explorer_ngrams", {
        "source": source, "last_month": month, "min_papers": EXPLORER_MIN_PAPERS,
        "max_ngrams": EXPLORER_NGRAMS})
    counts = analyse.run_named_query(con, "ngram_counts_for_terms", {  # one read for both
        "source": source, "ngrams": sorted(set(hot_terms) | set(shipped["ngram"])),
        "last_month": month})
    cells = analyse.run_named_query(con, "ngram_category_months", {
        "source": source, "last_month": month})
    category_hot = None if ranked is None or cells.height == 0 else _load_category_hot(
        con, month, hot_min_papers, source)
    hot_lists = None if ranked is None else HotLists(
        *ranked, counts.filter(pl.col("ngram").is_in(hot_terms)), hot_min_papers)
    sources = analyse.run_named_query(con, "paper_sources")
    return EditionData(
        month=month,
        term_shares=analyse.mark_provisional(
            analyse.load_term_shares(con, source).filter(pl.col("month") <= month), coverage),
        background=analyse.run_named_query(con, "term_background", {"source": source}),
        family_tables={f: analyse.load_family_table(con, month, f, source) for f in FAMILIES},
        gainers=analyse.run_named_query(con, "term_gainers", {"source": source,
                                                              "month": month}),
        hot_lists=hot_lists,
        hot_missing_reason=reason,
        drill=analyse.run_named_query(con, "papers_behind_term_points", {
            "source": source, "first_month": add_months(month, 1 - DRILL_MONTHS),
            "last_month": month, "max_per_point": DRILL_PER_POINT}),
        explorer=counts.filter(pl.col("ngram").is_in(shipped["ngram"].implode())),
        facts=analyse.run_named_query(con, "edition_facts",
                                      {"source": source, "month": month}).to_dicts()[0],
        sources=tuple(sources["source"].to_list()),
        generated_at=datetime.now().astimezone().replace(microsecond=0),
        coverage=coverage.filter(pl.col("month") <= month),
        min_coverage_pct=min_coverage_pct,
        comparison=analyse.run_named_query(con, "source_comparison", {"last_month": month}),
        source=source,
        category_counts=analyse.run_named_query(con, "term_counts_by_category", {
            "source": source, "last_month": month}),
        explorer_by_category=analyse.run_named_query(con, "ngram_category_counts_for_terms", {
            "source": source, "ngrams": shipped["ngram"].to_list(), "last_month": month}),
        explorer_cells=cells,
        category_hot=category_hot,
        institutions=None if source != "fulltext" else load_institution_data(
            con, month, hot_min_papers=hot_min_papers, drill_months=DRILL_MONTHS,
            drill_per_point=DRILL_PER_POINT),
    )


def _load_category_hot(
    con: duckdb.DuckDBPyConnection, month: date, min_papers: int, source: str
) -> pl.DataFrame:
    """The top of the hot list within each category counted, both memberships."""
    parts = []
    for category in store.load_counted_categories(con):
        for membership in MEMBERSHIPS:
            ranked = hot.load_hot_terms(con, month, limit=FRONT_HOT, min_papers=min_papers,
                                        source=source, category=category,
                                        membership=membership)
            parts.append(ranked.select(pl.lit(category).alias("category"),
                                       pl.lit(membership).alias("membership"), pl.all()))
    return pl.concat(parts, how="diagonal_relaxed") if parts else pl.DataFrame()


def _load_hot_lists(
    con: duckdb.DuckDBPyConnection, month: date, min_papers: int, source: str
) -> tuple[tuple[pl.DataFrame, pl.DataFrame] | None, str | None]:
    """The hot and not-hot lists, or None and why there are none."""
    try:
        hot_terms = hot.load_hot_terms(con, month, limit=HOT_LIMIT, min_papers=min_papers,
                                       source=source)
        not_hot = hot.load_hot_terms(con, month, is_not_hot=True, limit=HOT_LIMIT,
                                     min_papers=min_papers, source=source)
    except ArxivTrendsError as err:  # too little history: the page says why
        return None, str(err)
    return (hot_terms, not_hot), None


"""Report stage, institutions: what an edition's Institutions page shows, read through the
analysis of `pipeline/analyse/institutions.py` and the `sql/` queries.

Institutions are read from title pages, so only a full-text edition has them; a database
whose title pages were never matched (metadata only) has none, and the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import polars as pl

from pipeline import analyse
from pipeline.analyse import InstitutionTable
from pipeline.errors import ArxivTrendsError
from pipeline.papers import add_months

TOP_CHARTED = 8  # institutions drawn, the most papers of the 12 months to the edition's
TOP_LISTED = 20  # institutions in the month's and the year's tables
HOT_INSTITUTIONS = 30
CHARTED_SCHEMA = {"institution": pl.String, "type": pl.String, "n_papers": pl.Int64}


@dataclass(frozen=True)
class InstitutionData:
    """The Institutions page of a full-text edition."""

    industry: pl.DataFrame  # out_industry_share_by_month, months to the edition's
    charted: pl.DataFrame  # top_institutions of the 12 months to the edition's (to draw)
    series: pl.DataFrame  # institution_share_series: the charted and the hot institutions
    month_table: InstitutionTable | None  # None: no paper of the month has its title page
    year_table: InstitutionTable | None
    year_first_month: date  # the year's table runs from here to the edition's month
    hot: pl.DataFrame | None  # hot_institutions; None: too little history (see the reason)
    not_hot: pl.DataFrame | None
    hot_missing_reason: str | None
    hot_min_papers: int
    drill: pl.DataFrame  # papers_behind_institution_points
    drill_first_months: dict[str, date]  # per institution: its first month in `drill`


def load_institution_data(
    con: duckdb.DuckDBPyConnection, month: date, *, hot_min_papers: int, drill_months: int,
    drill_per_point: int,
) -> InstitutionData | None:
    """Read the Institutions page of `month`'s full-text edition; None when no paper up to
    it has its title page matched.

    Args:
        drill_months: the months, to `month`, whose charted points list their papers.
        drill_per_point: papers listed per point; the rest are counted.
    """
    industry = analyse.load_industry_share(con).filter(pl.col("month") <= month)
    if industry.is_empty():
        return None
    year_first = date(month.year, 1, 1)
    last_12 = _load_table(con, add_months(month, -11), month, TOP_CHARTED)
    charted = last_12.top if last_12 else pl.DataFrame(schema=CHARTED_SCHEMA)
    names = charted["institution"].to_list()
    month_table = _load_table(con, month, month, TOP_LISTED)
    year_table = _load_table(con, year_first, month, TOP_LISTED)
    hot, not_hot, reason = _load_hot(con, month, hot_min_papers)
    hot_names = [] if hot is None else [*hot["institution"], *not_hot["institution"]]
    series = analyse.load_institution_series(con, sorted({*names, *hot_names}))
    listed = {name for table in (month_table, year_table) if table is not None
              for name in table.top["institution"]} - set(names)
    drill_first = add_months(month, 1 - drill_months)
    drill = pl.concat([_load_drill(con, names, drill_first, month, drill_per_point),
                       _load_drill(con, sorted(listed), year_first, month, drill_per_point)])
    return InstitutionData(
        industry=industry, charted=charted, series=series.filter(pl.col("month") <= month),
        month_table=month_table, year_table=year_table, year_first_month=year_first,
        hot=hot, not_hot=not_hot, hot_missing_reason=reason, hot_min_papers=hot_min_papers,
        drill=drill, drill_first_months={**dict.fromkeys(listed, year_first),
                                          **dict.fromkeys(names, drill_first)})


def _load_table(
    con: duckdb.DuckDBPyConnection, first_month: date, last_month: date, top_n: int
) -> InstitutionTable | None:
    """The original's table of the months, or None when none of their papers is matched."""
    try:
        return analyse.load_institution_table(con, first_month, last_month, top_n=top_n)
    except ArxivTrendsError:
        return None


def _load_hot(
    con: duckdb.DuckDBPyConnection, month: date, min_papers: int
) -> tuple[pl.DataFrame | None, pl.DataFrame | None, str | None]:
    """The hot and not-hot institutions, or None and why there are none."""
    try:
        hot = analyse.load_hot_institutions(con, month, limit=HOT_INSTITUTIONS,
                                            min_papers=min_papers)
        not_hot = analyse.load_hot_institutions(con, month, is_not_hot=True,
                                                limit=HOT_INSTITUTIONS, min_papers=min_papers)
    except ArxivTrendsError as err:  # too little history: the page says why
        return None, None, str(err)
    return hot, not_hot, None


def _load_drill(
    con: duckdb.DuckDBPyConnection, institutions: list[str], first_month: date,
    last_month: date, per_point: int,
) -> pl.DataFrame:
    return analyse.run_named_query(con, "papers_behind_institution_points", {
        "institutions": institutions, "first_month": first_month, "last_month": last_month,
        "max_per_point": per_point})

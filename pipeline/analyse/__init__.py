"""Analyse stage: the SQL kept in `sql/` and ad-hoc SQL as polars frames; hot and not-hot
n-grams (near-duplicates merged); the share of any word or phrase; each in one text source
(full text or titles + abstracts); the institutions behind the papers (full text only)."""

from pipeline.analyse.hot import load_hot_terms
from pipeline.analyse.institutions import (
    InstitutionTable,
    check_institution_source,
    load_hot_institutions,
    load_industry_share,
    load_institution_series,
    load_institution_table,
    load_paper_institutions,
    load_papers_of_institution,
)
from pipeline.analyse.phrases import load_papers_with_phrase, load_phrase_series
from pipeline.analyse.queries import (
    choose_source,
    load_family_table,
    load_latest_month,
    load_month_coverage,
    load_papers_by_month,
    load_papers_mentioning,
    load_papers_of_month,
    load_term_shares,
    mark_provisional,
    named_query_params,
    query_names,
    run_named_query,
    run_named_query_with_text,
    run_reading_sql,
    run_sql,
)
from pipeline.analyse.sources import (
    SOURCE_LABELS,
    SOURCES,
    check_source,
    describe_source,
)

__all__ = [
    "InstitutionTable", "check_institution_source", "load_hot_institutions",
    "load_industry_share", "load_institution_series", "load_institution_table",
    "load_paper_institutions", "load_papers_of_institution",
    "load_family_table", "load_hot_terms", "load_latest_month", "load_month_coverage",
    "load_papers_by_month", "load_papers_mentioning", "load_papers_of_month",
    "load_papers_with_phrase", "load_phrase_series", "load_term_shares", "mark_provisional",
    "named_query_params", "query_names", "run_named_query", "run_named_query_with_text",
    "run_reading_sql", "run_sql", "SOURCES", "SOURCE_LABELS", "check_source", "choose_source",
    "describe_source",
]

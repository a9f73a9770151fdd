"""The abstract-level source: every paper with metadata counted on its title + abstract.

For each month whose abstract-level counts are out of date (`store` finds them: new papers,
changed abstracts, papers that left the categories), the curated terms of the papers whose
title + abstract changed and the unigram and bigram document frequencies of all the month's
papers of the categories, by the same tokeniser and pruning as full text, replace the month's
counts in one transaction. Run after every metadata ingest, so the abstract edition of a month
is complete as soon as its listing is stored; safe to run again (nothing out of date: nothing
done). A recount (the terms file changed) counts every month's abstracts whole again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import duckdb
import polars as pl

from pipeline import store
from pipeline.count import MonthCounter, Term, count_term_zones, load_terms
from pipeline.extract import Zones
from pipeline.progress import ProgressBar
from pipeline.settings import Settings

ALL_BODY = Zones(0, None)  # a title + abstract is all body: no header, no references


@dataclass(frozen=True)
class AbstractSummary:
    """What an abstract count went through."""

    months: tuple[date, ...]
    n_papers: int  # papers of the months counted (their n-grams)
    n_changed: int  # of them, papers whose curated terms were counted (new, changed or all)
    n_mentions: int  # paper-term mentions found in those


def count_abstracts(
    settings: Settings, months: list[date] | None = None,
    progress: Callable[[str], None] | None = None, is_every_month: bool = False,
) -> AbstractSummary:
    """Count the titles + abstracts of the months out of date, or of `months` (or of every
    month, `is_every_month`) whole again, their curated terms included."""
    terms = load_terms(settings.terms_path)
    con = store.connect_writing(settings, memory_mb=settings.write_memory_mb)
    try:
        use_counting_rules(con, settings, terms, progress or (lambda _: None))
        return count_abstract_months(con, settings, terms, months, progress, is_every_month)
    finally:
        con.close()


def use_counting_rules(
    con: duckdb.DuckDBPyConnection, settings: Settings, terms: list[Term],
    say: Callable[[str], None],
) -> None:
    """Store the curated terms and the categories that count; when the categories changed,
    count every month's full-text n-grams again (the abstracts' months are then out of date
    by themselves: their papers changed)."""
    store.save_terms(con, terms)
    if store.save_categories(con, settings.categories):
        say(f"the papers that count are now those of {', '.join(settings.categories)}:"
            " every month's n-grams are counted again")
        store.recount_ngrams(con, min_df=settings.ngram_min_df)


def count_abstract_months(
    con: duckdb.DuckDBPyConnection, settings: Settings, terms: list[Term],
    months: list[date] | None = None, progress: Callable[[str], None] | None = None,
    is_every_month: bool = False,
) -> AbstractSummary:
    """`count_abstracts` on an open connection whose terms and categories are stored (an
    ingest's or a recount's own)."""
    is_whole = bool(months) or is_every_month  # every paper's terms, not only changed ones
    months = sorted(set(months or store.load_abstract_months_to_count(con, is_every_month)))
    n_papers = n_changed = n_mentions = 0
    with ProgressBar("counting abstracts", len(months)) as bar:
        say = bar.wrap(progress or (lambda _: None))
        for month in months:
            bar.label = f"counting abstracts {month:%Y-%m}"
            with store.transaction(con):
                counted = _count_month(con, month, terms, settings.ngram_min_df, is_whole)
            n_papers, n_changed = n_papers + counted[0], n_changed + counted[1]
            n_mentions += counted[2]
            bar.update(1)
        if months:
            say(f"abstracts of {len(months)} month(s) counted ({months[0]:%Y-%m} to "
                f"{months[-1]:%Y-%m}): {n_papers} papers, {n_changed} of them counted for "
                f"terms, {n_mentions} paper-term mentions")
    return AbstractSummary(tuple(months), n_papers, n_changed, n_mentions)


def _count_month(
    con: duckdb.DuckDBPyConnection, month: date, terms: list[Term], min_df: int,
    is_whole: bool,
) -> tuple[int, int, int]:
    """Replace one month's abstract-level counts; return papers, those whose terms were
    counted (new or changed ones, or all when `is_whole`), mentions found in them."""
    papers = store.load_abstracts_of_month(con, month)
    changed = papers if is_whole else papers.filter(pl.col("is_changed"))
    mentions = {pid: {term: sum(counts) for term, counts
                      in count_term_zones(text, terms, ALL_BODY).items()}
                for pid, text in changed.select("paper_id", "text").iter_rows()}
    store.replace_abstract_counts(
        con, month, dict(changed.select("paper_id", "n_chars").iter_rows()), mentions)
    counter = MonthCounter(store.load_counted_categories(con))
    counter.add(month, papers["text"].to_list(), papers["categories"].to_list())
    store.replace_month_ngrams(con, month, counter.counts(month), papers.height, min_df,
                               source="abstracts",
                               by_category=counter.category_counts(month, min_df))
    return papers.height, changed.height, sum(len(m) for m in mentions.values())

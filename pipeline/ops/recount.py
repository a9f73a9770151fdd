"""Count again from stored text: after the terms file changes, no PDF is read again.

Texts are streamed from the database a batch at a time, month by month; a month's new
mentions and n-gram counts replace the old ones in one transaction, so a reader sees each
month counted the old way or the new, never half of each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import duckdb

from pipeline import store
from pipeline.count import Term, count_term_zones, load_terms
from pipeline.extract import Zones, find_zones
from pipeline.progress import ProgressBar
from pipeline.settings import Settings

BATCH_PAPERS = 500


@dataclass(frozen=True)
class RecountSummary:
    """What a recount went through."""

    months: tuple[date, ...]
    n_papers: int
    n_mentions: int


def recount_terms(
    settings: Settings, months: list[date] | None = None,
    progress: Callable[[str], None] | None = None,
) -> RecountSummary:
    """Recount the zones, curated terms, unigrams and bigrams of the stored texts of `months`
    (all), after the terms file, the zone rules or the categories that count changed."""
    terms = load_terms(settings.terms_path)
    con = store.connect(settings.db_path)
    try:
        store.save_terms(con, terms)
        if store.save_categories(con, settings.categories):
            months = None  # which papers count changed: every month is counted again
        months = months or store.load_months_with_text(con)
        n_papers = n_mentions = 0
        with ProgressBar("counting", store.load_n_texts(con, months)) as bar:
            say = bar.wrap(progress or (lambda _: None))
            for month in months:
                bar.label = f"counting {month:%Y-%m}"
                with store.transaction(con):  # the month's mentions and n-grams together
                    n_month = _recount_month(con, month, terms, bar)
                    store.recount_month_ngrams(con, month, settings.ngram_min_df)
                n_papers, n_mentions = n_papers + n_month[0], n_mentions + n_month[1]
                say(f"{month:%Y-%m}: {n_month[0]} papers recounted, {n_month[1]} paper-term "
                    f"mentions ({n_papers} papers so far)")
    finally:
        con.close()
    return RecountSummary(tuple(months), n_papers, n_mentions)


def _recount_month(
    con: duckdb.DuckDBPyConnection, month: date, terms: list[Term], bar: ProgressBar
) -> tuple[int, int]:
    """Find the zones of the month's stored texts again and recount their curated terms;
    return how many papers and mentions."""
    n_papers = n_mentions = 0
    for batch in store.load_texts(con, month, BATCH_PAPERS):
        rows = batch.select("paper_id", "text", "authors").rows()
        zones = {pid: find_zones(text) for pid, text, _ in rows}
        mentions = {pid: count_term_zones(text, terms, zones[pid], authors or ())
                    for pid, text, authors in rows}
        store.write_zones(con, zones)
        store.write_mentions(con, mentions)
        n_papers += batch.height
        n_mentions += sum(len(m) for m in mentions.values())
        bar.update(batch.height)
    return n_papers, n_mentions


def count_abstracts(
    settings: Settings, months: list[date] | None = None,
    progress: Callable[[str], None] | None = None,
) -> RecountSummary:
    """Count the curated terms in title + abstract of papers that have no full text."""
    terms = load_terms(settings.terms_path)
    n_papers = n_mentions = 0
    con = store.connect(settings.db_path)
    try:
        store.save_terms(con, terms)
        with ProgressBar("counting abstracts") as bar:
            say = bar.wrap(progress or (lambda _: None))
            for month in months or [None]:
                n_month = _count_abstracts_of_month(con, month, terms, bar,
                                                    bar.unless_drawing(say))
                n_papers, n_mentions = n_papers + n_month[0], n_mentions + n_month[1]
                say(f"{'all months' if month is None else f'{month:%Y-%m}'}: "
                    f"{n_month[0]} abstracts counted, {n_month[1]} paper-term mentions")
    finally:
        con.close()
    return RecountSummary(tuple(m for m in months or [] if m), n_papers, n_mentions)


def _count_abstracts_of_month(
    con: duckdb.DuckDBPyConnection, month: date | None, terms: list[Term], bar: ProgressBar,
    say_count: Callable[[str], None],
) -> tuple[int, int]:
    """Count the abstracts still to count of `month` (None: all); return papers, mentions."""
    n_papers = n_mentions = 0
    for batch in store.load_abstracts_to_count(con, month, BATCH_PAPERS):
        texts = {r["paper_id"]: f"{r['title'] or ''}\n\n{r['abstract']}"
                 for r in batch.iter_rows(named=True)}
        mentions = {pid: {term: sum(counts) for term, counts in
                          count_term_zones(text, terms, Zones(0, None)).items()}
                    for pid, text in texts.items()}
        store.save_abstract_counts(con, {p: len(t) for p, t in texts.items()}, mentions)
        n_papers += len(texts)
        n_mentions += sum(len(m) for m in mentions.values())
        bar.update(len(texts))
        say_count(f"{n_papers} abstracts counted" if month is None
                  else f"{month:%Y-%m}: {n_papers} abstracts counted so far")
    return n_papers, n_mentions

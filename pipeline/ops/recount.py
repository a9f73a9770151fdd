"""Count again from stored text: after the terms or institutions file changes, no PDF is read
again.

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
from pipeline.extract import find_zones
from pipeline.ops.abstracts import count_abstract_months
from pipeline.ops.institutions import count_institutions
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
    (all), and of the titles + abstracts of those months, after the terms file, the zone
    rules or the categories that count changed."""
    terms = load_terms(settings.terms_path)
    con = store.connect_writing(settings)
    try:
        store.save_terms(con, terms)
        if store.save_categories(con, settings.categories):
            months = None  # which papers count changed: every month is counted again
        asked = months
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
        # the institutions on every title page of those months, with the list as it is now
        count_institutions(con, settings, progress or (lambda _: None), asked, is_every=True)
        # the titles + abstracts too, kept apart: every paper's terms again
        count_abstract_months(con, settings, terms, asked, progress,
                              is_every_month=asked is None)
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


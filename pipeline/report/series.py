"""Report stage, series: the counts a share chart is drawn from in the browser.

A family page and the explorer ship counts, not shares: per month the papers of the
denominator (`n`) and, per term and zone, those mentioning it (`k`). The page's script
(`assets/shares.js`) draws each share as k / n with its 95% Wilson interval, the same
formula as `sql/schema/008_wilson.sql`; smoothed, a month's share is the sum of k over the
months of its window (k months each side) over the sum of n, never an average of
percentages. Only the terms the reader draws are drawn, and only the highlighted ones get a
band, so that a chart of many terms stays readable.

    {"months": ["2017-01", ...], "provisional": [3, 4],      # indices of provisional months
     "terms": [["tensorflow", "TensorFlow", 0], ...],        # term, label, first month index
     "shown": ["tensorflow", ...],                           # drawn until the reader chooses
     "zones": [["any", "Anywhere in the text"], ["body", "Body only (...)"]],
     "views": {"all": {"label": "...", "n": [...], "k": {"any": {term: [...]}, ...}}}}
"""

from __future__ import annotations

import json
from datetime import date

import polars as pl

ZONES = {"any": ("Anywhere in the text", "n_mentioning"),
         "body": ("Body only (no title page, no references)", "n_mentioning_body")}
POOLED = "all"  # the view of every category pooled
POOLED_LABEL = "all six categories pooled"
MEMBERSHIPS = {"primary": "as primary category", "any": "listed in it (cross-lists too)"}


def family_series(shares: pl.DataFrame, months: list[date], provisional: set[date],
                  first_months: dict[str, date], shown: list[str], text_source: str) -> dict:
    """The counts of one family's terms, every month of `months` (each (month, term) pair of
    `shares`, as out_term_share_by_month), in every zone the text source has.

    Args:
        first_months: a term's first month drawn (its release); absent: the first month.
    """
    terms = shares.select("term", "label").unique(maintain_order=True).rows()
    index = {m: i for i, m in enumerate(months)}
    zones = list(ZONES) if text_source == "fulltext" else ["any"]
    wide = {zone: _wide(shares, months, column) for zone, (_, column) in ZONES.items()
            if zone in zones}
    return {
        "months": [f"{m:%Y-%m}" for m in months],
        "provisional": sorted(index[m] for m in provisional if m in index),
        "terms": [[term, label, _first_index(first_months.get(term), months)]
                  for term, label in terms],
        "shown": shown,
        "zones": [[zone, ZONES[zone][0]] for zone in zones] if len(zones) > 1 else [],
        "views": {POOLED: {"label": POOLED_LABEL, "n": _denominators(shares, months),
                           "k": {zone: wide[zone] for zone in zones}}},
    }


def category_series(counts: pl.DataFrame, category: str, months: list[date],
                    text_source: str) -> dict:
    """One category's counts of every curated term, by primary category and by any listing
    (`counts` as sql/term_counts_by_category.sql), over the edition's `months`."""
    zones = list(ZONES) if text_source == "fulltext" else ["any"]
    views = {}
    for membership, label in MEMBERSHIPS.items():
        rows = counts.filter((pl.col("category") == category)
                             & (pl.col("membership") == membership))
        mentioned = rows.group_by("term").agg(pl.col("n_mentioning").sum() > 0)
        mentions = rows.join(mentioned.filter(pl.col("n_mentioning")).select("term"), on="term")
        views[membership] = {
            "label": f"{category}, {label}",
            "n": _denominators(rows, months),
            "papers": _denominators(rows, months, "n_listed"),
            "k": {zone: _wide(mentions, months, ZONES[zone][1]) for zone in zones}}
    return {"category": category, "months": [f"{m:%Y-%m}" for m in months], "views": views}


def explorer_category_series(counts: pl.DataFrame, cells: pl.DataFrame, category: str,
                             months: list[date], ngrams: list[str]) -> dict:
    """One category's counts of the explorer's `ngrams`, by primary category and by any
    listing (`counts` as sql/ngram_category_counts_for_terms.sql, `cells` as
    sql/ngram_category_months.sql), over the edition's `months`.

    A month where an n-gram has no row was pruned: below the pooled counts' own threshold it
    is 0, as the pooled explorer has it; where the cell kept only its most used n-grams
    (its min_df above the pooled one) it is unknown (null, a gap in the chart), and the
    view's `floor` says below which share (the cell's min_df - 1 papers of its n).
    A month the category was not counted in (an older store) has n 0: no point.
    """
    views = {}
    for membership, label in MEMBERSHIPS.items():
        cell = cells.filter((pl.col("category") == category)
                            & (pl.col("membership") == membership))
        by_month = {row["month"]: row for row in cell.iter_rows(named=True)}
        n = [int(by_month[m]["n_papers_with_text"]) if m in by_month else 0 for m in months]
        is_cut = [m in by_month and by_month[m]["min_df"] > (by_month[m]["pooled_min_df"] or 1)
                  for m in months]
        default = [None if cut else 0 for cut in is_cut]
        stored = counts.filter((pl.col("category") == category)
                               & (pl.col("membership") == membership))
        index = {m: i for i, m in enumerate(months)}
        k: dict[str, list[int | None]] = {}
        for (ngram,), rows in stored.group_by("ngram", maintain_order=True):
            values = list(default)
            for month, count in rows.select("month", "n_papers").iter_rows():
                if month in index:
                    values[index[month]] = int(count)
            k[ngram] = values
        if any(is_cut):  # every shipped n-gram unknown where cut, unless stored
            for ngram in ngrams:
                k.setdefault(ngram, list(default))
        floor = [round(100.0 * (by_month[m]["min_df"] - 1) / by_month[m]["n_papers_with_text"],
                       3) if cut and by_month[m]["n_papers_with_text"] else None
                 for m, cut in zip(months, is_cut)]
        views[membership] = {"label": f"{category}, {label}", "n": n, "k": {"any": k},
                             "floor": floor}
    return {"category": category, "months": [f"{m:%Y-%m}" for m in months], "views": views}


def category_script(payload: dict, file: str) -> str:
    """A category's counts as the script a page loads when the reader picks it (`file`,
    its name in the edition's folder, names the data in the page)."""
    return ("window.ARXIV_TRENDS_CATEGORIES = window.ARXIV_TRENDS_CATEGORIES || {};\n"
            f"window.ARXIV_TRENDS_CATEGORIES[{json.dumps(file)}] = {series_json(payload)};\n")


CATEGORY_PREFIX = "cat-"  # the curated terms' counts of a category: cat-cs.CV.js
EXPLORER_CATEGORY_PREFIX = "explorer-cat-"  # the explorer's n-grams': explorer-cat-cs.CV.js


def category_file(category: str, prefix: str = CATEGORY_PREFIX) -> str:
    """The file of a category's counts in the edition's folder: `cat-cs.CV.js`."""
    return f"{prefix}{category}.js"


def explorer_series(counts: dict[str, list[int]], months: list[date],
                    n_with_text: list[int], provisional: set[date]) -> dict:
    """The explorer's n-grams in the same shape: counted anywhere in the text, no zones."""
    index = {m: i for i, m in enumerate(months)}
    return {
        "months": [f"{m:%Y-%m}" for m in months],
        "provisional": sorted(index[m] for m in provisional if m in index),
        "shown": [], "zones": [],
        "views": {POOLED: {"label": POOLED_LABEL, "n": n_with_text, "k": {"any": counts}}},
    }


def series_json(payload: dict) -> str:
    """The payload as JSON safe inside a `<script type="application/json">` element."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def _wide(shares: pl.DataFrame, months: list[date], column: str) -> dict[str, list[int]]:
    """term -> its count in `column` for each of `months` (0 where the month has no row)."""
    out: dict[str, list[int]] = {}
    for (term,), rows in shares.group_by("term", maintain_order=True):
        by_month = dict(zip(rows["month"].to_list(), rows[column].to_list()))
        out[term] = [int(by_month.get(m) or 0) for m in months]
    return out


def _denominators(shares: pl.DataFrame, months: list[date],
                  column: str = "n_papers") -> list[int]:
    by_month = dict(shares.group_by("month").agg(pl.col(column).first()).iter_rows())
    return [int(by_month.get(m) or 0) for m in months]


def _first_index(first: date | None, months: list[date]) -> int:
    if first is None:
        return 0
    return next((i for i, m in enumerate(months) if m >= first), len(months))

"""Report stage, the front page: its context, and the lists it shows within each category.

The front page shows the edition's hottest words and pairs and the curated terms that gained
most, for every category pooled; a reader who picks a category (its papers by primary
category or by any listing) sees that category's lists, which its `cat-<category>.js`
carries (`category_lists`) beside the curated terms' counts.
"""

from __future__ import annotations

import math
import re

import polars as pl

from pipeline.report import charts, series
from pipeline.report.data import EditionData, edition_label, sort_editions

FRONT_GAINERS = 8  # the gainers listed, pooled and within each category
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]*$")  # a category that can name a file


def front_context(data: EditionData, editions: list[str], source: str) -> dict:
    """The front page's values: its stats, the papers-per-month chart, the pooled lists."""
    months = data.coverage["month"].to_list()
    categories = categories_of(data)
    hot = data.hot_lists.hot.head(10).to_dicts() if data.hot_lists else []
    return {
        "denominator_json": charts.figure_json(charts.render_denominator_figure(
            data.coverage, source, data.source)),
        "first_month": f"{months[0]:%Y-%m}" if months else "–",
        "categories_json": series.series_json({
            "categories": categories,  # each in its series.category_file
            "memberships": list(series.MEMBERSHIPS.items()),
            "pooled_label": series.POOLED_LABEL}) if categories else "",
        "hot": [hot_row(row) for row in hot],
        "hot_missing_reason": data.hot_missing_reason,
        "gainers": gainer_rows(data.gainers, "all", "all"),
        "editions": [(name, edition_label(name))
                     for name in sort_editions(set(editions) | {data.edition_name})],
    }


def category_lists(data: EditionData, category: str) -> dict:
    """The front page's lists within `category`, by membership: {"primary": {"hot": [...],
    "gainers": [...]}, "any": ...}, each row as the pooled page shows it.

    A category's hot list lists the terms whose ratio is above 1 (those that rose); it is
    None when the store holds no n-gram counts by category (made before them: `recount`
    counts them) or too little history for any hot list."""
    cells = data.explorer_cells
    is_counted = cells is not None and cells.height > 0 and data.category_hot is not None
    lists = {}
    for membership in series.MEMBERSHIPS:
        rows = None
        if is_counted:
            hot = data.category_hot
            rows = [] if hot.height == 0 else [hot_row(row) for row in hot.filter(
                (pl.col("category") == category) & (pl.col("membership") == membership)
                & (pl.col("ratio") > 1)).to_dicts()]
        lists[membership] = {"hot": rows,
                             "gainers": gainer_rows(data.gainers, category, membership)}
    return lists


def hot_row(row: dict) -> dict:
    """A hot list's row with what the page prints."""
    return {"term": row["term"], "ratio_text": ratio_text(row),
            "is_significant": bool(row["is_significant"])}


def gainer_rows(gainers: pl.DataFrame, category: str, membership: str) -> list[dict]:
    """The biggest risers of one cell (sql/term_gainers.sql), with what the page prints."""
    rows = gainers.filter((pl.col("category") == category) & (pl.col("membership") == membership)
                          & (pl.col("change_pct_points") > 0)).head(FRONT_GAINERS)
    return [{"label": row["label"], "is_significant": bool(row["is_significant"]),
             "change_text": (f"{row['change_pct_points']:+.1f} points "
                             f"({row['share_year_ago_pct']:.1f}% → {row['share_now_pct']:.1f}%; "
                             f"{row['n_mentioning_year_ago']} of {row['n_papers_year_ago']} → "
                             f"{row['n_mentioning_now']} of {row['n_papers_now']} papers)")}
            for row in rows.to_dicts()]


def ratio_text(row: dict) -> str:
    """A hot list's ratio as people read it: `8.17`, `≥ 30`, `≤ 0.05` (a bound), `new`."""
    if row["is_new"]:
        return "new"
    prefix = {"at least": "≥ ", "at most": "≤ "}.get(row["ratio_kind"], "")
    if math.isinf(row["ratio"]):
        return f"{prefix}∞"
    value = row["ratio"]
    return f"{prefix}{value:.2f}" if value >= 0.1 else f"{prefix}{value:.2g}"


def categories_of(data: EditionData) -> list[str]:
    """The categories with papers counted in the edition, whose names can name a file."""
    counts = data.category_counts
    if counts is None:
        return []
    return [c for c in sorted(counts["category"].unique().to_list()) if _SAFE_NAME.match(c)]

"""Report stage, export: every share series an edition draws, as one long table.

One row per (series, month): the curated terms' shares (all categories pooled, and each
category by primary category and by any listing; anywhere and in the body), the explorer's
n-grams (pooled: every month, 0 below the month's threshold; within each category: the
months the cell kept the n-gram, a missing month meaning fewer than that cell's min_df
papers), and the institutions' shares (full text), each with its counts and 95% Wilson
interval as the `sql/` queries give them. Written as Parquet (zstd) beside the edition's
pages (`parquet_bytes`) and by `arxiv-trends export`.

Columns: source, kind ('term', 'ngram', 'institution'), family, term, label, category
('all' or one), membership ('all', 'primary', 'any'), zone ('anywhere', 'body', 'title
page'), month, n_mentioning, n_papers, share_pct, share_low_pct, share_high_pct,
is_provisional, min_df (n-grams: the papers an n-gram needed to be kept that month; null for
the others).
"""

from __future__ import annotations

import io

import polars as pl

from pipeline.report.data import EditionData

COLUMNS = ("source", "kind", "family", "term", "label", "category", "membership", "zone",
           "month", "n_mentioning", "n_papers", "share_pct", "share_low_pct",
           "share_high_pct", "is_provisional", "min_df")
ZONES = {"": "anywhere", "_body": "body"}


def edition_frame(data: EditionData) -> pl.DataFrame:
    """The edition's share series as one long frame (COLUMNS), sorted."""
    parts = [_terms(data.term_shares.drop("source", strict=False), "all", "all", data.source)]
    if data.category_counts is not None and data.category_counts.height:
        parts.append(_terms(data.category_counts, None, None, data.source))
    parts.append(_series(data.explorer, "ngram", "ngram", "n_papers", "n_papers_with_text",
                         "anywhere"))
    if data.explorer_by_category is not None and data.explorer_by_category.height:
        shipped = data.explorer["ngram"].unique().implode()
        parts.append(_series(data.explorer_by_category.filter(pl.col("ngram").is_in(shipped)),
                             "ngram", "ngram", "n_papers", "n_papers_with_text", "anywhere",
                             is_by_category=True))
    if data.institutions is not None:
        parts.append(_series(data.institutions.series, "institution", "institution", "n_with",
                             "n_papers", "title page"))
    provisional = data.coverage.select("month", "is_provisional")
    frame = pl.concat([part.with_columns(pl.col("n_mentioning", "n_papers").cast(pl.Int64))
                       for part in parts], how="diagonal_relaxed").join(provisional,
                                                                      on="month", how="left")
    return (frame.with_columns(pl.lit(data.source).alias("source"),
                               pl.col("is_provisional").fill_null(True))
            .select(COLUMNS).sort("kind", "family", "term", "category", "membership", "zone",
                                  "month", nulls_last=True))


def data_file(edition_name: str) -> str:
    """The edition's data file in its folder: `2017-03.parquet`."""
    return f"{edition_name}.parquet"


def parquet_bytes(data: EditionData) -> bytes:
    """`edition_frame(data)` as a Parquet file's bytes (zstd)."""
    buffer = io.BytesIO()
    edition_frame(data).write_parquet(buffer, compression="zstd")
    return buffer.getvalue()


def _terms(shares: pl.DataFrame, category: str | None, membership: str | None,
           source: str) -> pl.DataFrame:
    zones = ZONES if source == "fulltext" else {"": "anywhere"}
    category_column = pl.lit(category) if category else pl.col("category")
    membership_column = pl.lit(membership) if membership else pl.col("membership")
    return pl.concat([shares.select(
        pl.lit("term").alias("kind"), "family", "term", "label",
        category_column.alias("category"), membership_column.alias("membership"),
        pl.lit(zone).alias("zone"), "month",
        pl.col(f"n_mentioning{suffix}").alias("n_mentioning"), "n_papers",
        *(pl.col(f"share{suffix}{part}_pct").alias(f"share{part}_pct")
          for part in ("", "_low", "_high")))
        for suffix, zone in zones.items()])


def _series(frame: pl.DataFrame, kind: str, name: str, k: str, n: str,
            zone: str, is_by_category: bool = False) -> pl.DataFrame:
    """An n-gram's or an institution's series: its name in `name`, its counts `k` of `n`;
    pooled, or (`is_by_category`) per the frame's category and membership."""
    cell = ([pl.col("category"), pl.col("membership")] if is_by_category
            else [pl.lit("all").alias("category"), pl.lit("all").alias("membership")])
    min_df = pl.col("min_df") if "min_df" in frame.columns else pl.lit(None, pl.Int32)
    return frame.select(
        pl.lit(kind).alias("kind"), pl.lit(None, pl.String).alias("family"),
        pl.col(name).alias("term"), pl.col(name).alias("label"), *cell,
        pl.lit(zone).alias("zone"), "month", pl.col(k).alias("n_mentioning"),
        pl.col(n).alias("n_papers"), "share_pct", "share_low_pct", "share_high_pct",
        min_df.cast(pl.Int32).alias("min_df"))

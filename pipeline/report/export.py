"""Report stage, export: every share series an edition draws, as one long table.

One row per (series, month): the curated terms' shares (all categories pooled, and each
category by primary category and by any listing; anywhere and in the body), the explorer's
n-grams, and the institutions' shares (full text), each with its counts and 95% Wilson
interval as the `sql/` queries give them. Written as Parquet (zstd) beside the edition's
pages (`parquet_bytes`) and by `arxiv-trends export`.

Columns: source, kind ('term', 'ngram', 'institution'), family, term, label, category
('all' or one), membership ('all', 'primary', 'any'), zone ('anywhere', 'body', 'title
page'), month, n_mentioning, n_papers, share_pct, share_low_pct, share_high_pct,
is_provisional.
"""

from __future__ import annotations

import io

import polars as pl

from pipeline.report.data import EditionData

COLUMNS = ("source", "kind", "family", "term", "label", "category", "membership", "zone",
           "month", "n_mentioning", "n_papers", "share_pct", "share_low_pct",
           "share_high_pct", "is_provisional")
ZONES = {"": "anywhere", "_body": "body"}


def edition_frame(data: EditionData) -> pl.DataFrame:
    """The edition's share series as one long frame (COLUMNS), sorted."""
    parts = [_terms(data.term_shares.drop("source", strict=False), "all", "all", data.source)]
    if data.category_counts is not None and data.category_counts.height:
        parts.append(_terms(data.category_counts, None, None, data.source))
    parts.append(_series(data.explorer, "ngram", "ngram", "n_papers", "n_papers_with_text",
                         "anywhere"))
    if data.institutions is not None:
        parts.append(_series(data.institutions.series, "institution", "institution", "n_with",
                             "n_papers", "title page"))
    provisional = data.coverage.select("month", "is_provisional")
    frame = pl.concat([part.with_columns(pl.col("n_mentioning", "n_papers").cast(pl.Int64))
                       for part in parts], how="vertical").join(provisional, on="month",
                                                                how="left")
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
            zone: str) -> pl.DataFrame:
    """An n-gram's or an institution's series: its name in `name`, its counts `k` of `n`."""
    return frame.select(
        pl.lit(kind).alias("kind"), pl.lit(None, pl.String).alias("family"),
        pl.col(name).alias("term"), pl.col(name).alias("label"),
        pl.lit("all").alias("category"), pl.lit("all").alias("membership"),
        pl.lit(zone).alias("zone"), "month", pl.col(k).alias("n_mentioning"),
        pl.col(n).alias("n_papers"), "share_pct", "share_low_pct", "share_high_pct")

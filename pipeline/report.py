"""Report stage: one self-contained HTML page (plotly.js inlined, works offline).

`render_*` build figures and HTML without touching disk; `write_report` writes the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import plotly.graph_objects as go
import polars as pl
from jinja2 import Environment, PackageLoader, select_autoescape
from plotly.colors import qualitative

from pipeline import __version__, analyse
from pipeline.count import FAMILIES
from pipeline.errors import ArxivTrendsError

SMOOTHING_MONTHS = 3
FAMILY_TITLES = {
    "framework": "Deep learning frameworks",
    "convnet": "ConvNet models",
    "model": "Model families",
    "optimizer": "Optimizers",
    "researcher": "Senior researchers",
    "dataset": "Datasets and benchmarks",
}


@dataclass(frozen=True)
class ReportData:
    """Everything the page shows, as plain tables."""

    papers_by_month: pl.DataFrame
    term_shares: pl.DataFrame
    table_month: date
    table: pl.DataFrame
    sources: tuple[str, ...]
    generated_at: datetime


def load_report_data(con: duckdb.DuckDBPyConnection, month: date | None = None) -> ReportData:
    """Read what the report needs from the database."""
    table_month = month or analyse.load_latest_month(con)
    if table_month is None:
        raise ArxivTrendsError("the database holds no paper with text yet: nothing to report")
    sources = analyse.run_sql(con, "select distinct source from core_papers order by source")
    return ReportData(
        papers_by_month=analyse.load_papers_by_month(con),
        term_shares=analyse.load_term_shares(con),
        table_month=table_month,
        table=analyse.load_family_table(con, table_month, "framework"),
        sources=tuple(sources["source"].to_list()),
        generated_at=datetime.now().replace(microsecond=0),
    )


def render_papers_figure(papers_by_month: pl.DataFrame) -> go.Figure:
    """Bar chart of papers per month."""
    fig = go.Figure(
        go.Bar(x=papers_by_month["month"].to_list(), y=papers_by_month["n_papers"].to_list(),
               name="papers", marker_color="#4c72b0")
    )
    fig.update_layout(title="Papers per month", yaxis_title="papers", height=360,
                      margin={"t": 50, "b": 40, "l": 60, "r": 20})
    return fig


def render_family_figure(term_shares: pl.DataFrame, family: str) -> go.Figure:
    """Lines of the share of papers mentioning each term of one family, by month."""
    rows = (
        term_shares.filter(pl.col("family") == family)
        .sort("term", "month")
        .with_columns(
            pl.col("share_pct").rolling_mean(SMOOTHING_MONTHS, min_samples=1).over("term")
            .alias("smoothed_pct")
        )
    )
    fig = go.Figure()
    for label in rows["label"].unique(maintain_order=True).to_list():
        series = rows.filter(pl.col("label") == label)
        fig.add_trace(go.Scatter(
            x=series["month"].to_list(), y=series["smoothed_pct"].to_list(), mode="lines",
            name=label, customdata=series["share_pct"].to_list(),
            hovertemplate="%{x|%Y-%m}: %{y:.1f}% (that month alone: %{customdata:.1f}%)",
        ))
    fig.update_layout(title=f"{FAMILY_TITLES[family]}: % of papers mentioning "
                      f"({SMOOTHING_MONTHS}-month moving average)",
                      yaxis_title="% of papers", height=420, colorway=qualitative.Dark24,
                      margin={"t": 50, "b": 40, "l": 60, "r": 20})
    return fig


def render_report(data: ReportData) -> str:
    """The whole HTML page as a string."""
    figures = [("fig-papers", render_papers_figure(data.papers_by_month))]
    mentioned = set(data.term_shares.filter(pl.col("n_mentioning") > 0)["family"].to_list())
    figures += [(f"fig-{f}", render_family_figure(data.term_shares, f))
                for f in FAMILIES if f in mentioned]  # a family nobody mentions: no chart
    divs = [
        fig.to_html(full_html=False, include_plotlyjs=(i == 0), div_id=div_id,
                    config={"displaylogo": False})
        for i, (div_id, fig) in enumerate(figures)
    ]
    env = Environment(loader=PackageLoader("pipeline", "templates"),
                      autoescape=select_autoescape(["html", "j2"]))
    months = data.papers_by_month["month"].to_list()
    return env.get_template("report.html.j2").render(
        plot_divs=divs,
        is_sample="sample" in data.sources,
        sources=data.sources,
        n_papers=int(data.papers_by_month["n_papers"].sum()),
        n_with_text=int(data.papers_by_month["n_with_text"].sum()),
        first_month=months[0] if months else None,
        last_month=months[-1] if months else None,
        table_month=data.table_month,
        table=data.table.to_dicts(),
        generated_at=data.generated_at,
        version=__version__,
    )


def write_report(html: str, path: Path) -> Path:
    """Write the page to `path` (atomically) and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".part")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return path

"""Report stage: a chart of any monthly share series, e.g. the answer to a term query.

One HTML file with plotly.js inside (works offline): a line per phrase with its 95% band.
"""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go
import polars as pl
from plotly.colors import qualitative

from pipeline import __version__

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
COLOURS = qualitative.Safe


def render_series_figure(series: pl.DataFrame, title: str, source: str = "") -> go.Figure:
    """Lines of share_pct by month, one per `phrase`, with share_low/high_pct as a band."""
    figure = go.Figure()
    for index, (phrase,) in enumerate(series.select("phrase").unique(maintain_order=True)
                                      .iter_rows()):
        rows = series.filter(pl.col("phrase") == phrase).sort("month")
        colour = COLOURS[index % len(COLOURS)]
        months = rows["month"].to_list()
        figure.add_trace(go.Scatter(
            x=months + months[::-1],
            y=rows["share_high_pct"].to_list() + rows["share_low_pct"].to_list()[::-1],
            fill="toself", fillcolor=colour, opacity=0.2, line={"width": 0},
            hoverinfo="skip", showlegend=False, legendgroup=phrase))
        figure.add_trace(go.Scatter(
            x=months, y=rows["share_pct"].to_list(), name=phrase, legendgroup=phrase,
            mode="lines+markers", line={"color": colour},
            customdata=rows.select("n_papers", "n_papers_with_text").rows(),
            hovertemplate="%{x|%Y-%m}: %{y:.2f}% (%{customdata[0]} of %{customdata[1]} "
            "papers)<extra>" + phrase.replace("<", "&lt;") + "</extra>"))
    x_title = "month of first submission (UTC)"
    if source:
        x_title += f"<br><span style='font-size:11px;color:#555'>{source}</span>"
    figure.update_layout(
        title=title, xaxis_title=x_title,
        yaxis_title="share of papers with full text (%)", template="plotly_white",
        hovermode="x unified")
    return figure


def write_series_plot(series: pl.DataFrame, path: Path) -> Path:
    """Write the series chart as one self-contained HTML file; return its path."""
    phrases = ", ".join(series["phrase"].unique(maintain_order=True).to_list())
    sources = ", ".join(series["source"].unique().sort().to_list())
    figure = render_series_figure(series, f"Share of papers using: {phrases}".replace("<", "&lt;"),
                                  f"Source: arxiv-trends {__version__}, from {sources}")
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.write_html(path, include_plotlyjs=True, full_html=True)
    return path

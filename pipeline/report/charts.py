"""Report stage, charts: plotly figures for the site, as JSON the pages draw with plotly.js.

Colours are Okabe and Ito's palette (told apart with the common colour-vision deficiencies),
with dashes once the eight colours are used; every chart has a title, axis titles with
units and a source line.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl
from plotly.subplots import make_subplots

_MONTH_DAY = re.compile(r"^(\d{4}-\d{2})-01$")  # the first day of a month: the month
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
             "#000000")


SHOWN_TERMS = 5  # lines drawn at first; the others are a click on their name away
PROVISIONAL_SYMBOL = "circle-open"  # a month with too few texts read yet
PROVISIONAL_NOTE = " (provisional: too few papers counted yet)"
INSTITUTION_COLOURS = {"industry": OKABE_ITO[5], "academia": OKABE_ITO[0],
                       "government": OKABE_ITO[2], "nonprofit": OKABE_ITO[3]}
# what the papers of a share's denominator have counted, by text source
COUNTED_WITH = {"fulltext": "with full text", "abstracts": "with title + abstract"}


def figure_json(figure: go.Figure, csv_columns: dict[str, str] | None = None,
                shares: tuple[tuple[str, str, str], ...] = (),
                smooth: dict[str, int] | None = None) -> str:
    """Serialise the figure as JSON that is safe inside a `<script type="application/json">`.

    `csv_columns` (column -> where each point of a trace with customdata holds it: `x` its
    month, `name` its trace's name, `cd2` its customdata[2]) say how the page's "Download
    CSV" makes the chart's rows from the points themselves (nothing is shipped twice), with,
    for each (k column, n column, name) of `shares`, the share `name_pct` and its 95% Wilson
    interval `name_low_pct`, `name_high_pct`, computed as the share charts compute them.
    `smooth` (where a line's point holds its counts in its customdata: `k`, `n`, and `low`,
    `high` if it shows its interval) lets the page smooth the chart from those counts.
    """
    spec = json.loads(pio.to_json(figure, validate=False))
    for trace in spec["data"]:  # a month as plotly reads it, `2017-03` (a third shorter)
        if isinstance(trace.get("x"), list):
            trace["x"] = [_MONTH_DAY.sub(r"\1", x) if isinstance(x, str) else x
                          for x in trace["x"]]
    if csv_columns:
        spec["csv"] = {"columns": list(csv_columns), "picks": list(csv_columns.values()),
                       "shares": [list(share) for share in shares]}
    if smooth:
        spec["smooth"] = smooth
    return json.dumps(spec, separators=(",", ":")).replace("<", "\\u003c")


def _finish(figure: go.Figure, title: str, y_title: str, source: str) -> go.Figure:
    figure.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"}, template="plotly_white",
        xaxis_title=_x_title(source), yaxis_title=y_title,
        margin={"t": 50, "b": 40, "l": 60, "r": 12},
        legend={"orientation": "h", "x": 0, "y": -0.3, "yanchor": "top"},
        hovermode="closest", height=560)
    return figure


def _x_title(source: str) -> str:
    """The month axis' title, with the chart's source line under it."""
    return (f"month of first submission (UTC)<br><span style='font-size:11px;color:#555'>"
            f"{_escape(source).replace(chr(10), '<br>')}</span>")


def render_denominator_figure(coverage: pl.DataFrame, source: str,
                              text_source: str) -> go.Figure:
    """Papers per month, those counted in `text_source` (the shares' denominator), and the
    provisional months (too few counted yet), marked; `coverage` as `month_coverage`."""
    months = coverage["month"].to_list()
    provisional = set(coverage.filter(pl.col("is_provisional"))["month"].to_list())
    counted = COUNTED_WITH[text_source]
    figure = go.Figure([
        go.Bar(x=months, y=coverage["n_papers"].to_list(), name="papers",
               marker_color=OKABE_ITO[4], hovertemplate="%{x|%Y-%m}: %{y:,} papers<extra></extra>"),
        go.Scatter(x=months, y=coverage["n_with_text"].to_list(), mode="lines+markers",
                   name=f"{counted} counted", line={"color": OKABE_ITO[0], "width": 2},
                   marker={"size": 6, "symbol": [PROVISIONAL_SYMBOL if m in provisional
                                                 else "circle" for m in months]},
                   customdata=[PROVISIONAL_NOTE if m in provisional else "" for m in months],
                   hovertemplate=f"%{{x|%Y-%m}}: %{{y:,}} {counted}%{{customdata}}"
                   "<extra></extra>"),
    ])
    return _finish(figure, "Papers per month (open marks: provisional)", "papers per month",
                   source)


def render_industry_figure(industry: pl.DataFrame, provisional: set[date],
                           source: str) -> go.Figure:
    """Each month's share of papers with an industry author with its 95% band, and the share
    among the papers naming an institution (dashed); `industry` as
    out_industry_share_by_month."""
    months = industry["month"].to_list()
    notes = [PROVISIONAL_NOTE if m in provisional else "" for m in months]
    marker = {"size": 5, "symbol": [PROVISIONAL_SYMBOL if m in provisional else "circle"
                                    for m in months]}
    colour = INSTITUTION_COLOURS["industry"]
    band = (industry["industry_share_high_pct"].to_list()
            + industry["industry_share_low_pct"].to_list()[::-1])
    figure = go.Figure(go.Scatter(
        x=months + months[::-1], y=band, fill="toself", fillcolor=_with_alpha(colour, 0.12),
        line={"width": 0}, hoverinfo="skip", showlegend=False))
    for suffix, whole, name, line in (
            ("", "n_papers", "of all papers (95% band)", {"color": colour, "width": 2}),
            ("_of_found", "n_with_institution", "of those naming an institution the list knows",
             {"color": OKABE_ITO[0], "width": 2, "dash": "dash"})):
        figure.add_trace(go.Scatter(
            x=months, y=industry[f"industry_share{suffix}_pct"].to_list(), name=name,
            mode="lines+markers", line=line, marker=marker,
            customdata=list(zip(industry["n_with_industry"].to_list(),
                                industry[whole].to_list(),
                                industry[f"industry_share{suffix}_low_pct"].to_list(),
                                industry[f"industry_share{suffix}_high_pct"].to_list(), notes)),
            hovertemplate=f"%{{x|%Y-%m}}: %{{y:.1f}}% {name.removesuffix(' (95% band)')} "
            "(%{customdata[0]} of %{customdata[1]} papers; 95% interval "
            "%{customdata[2]:.1f}–%{customdata[3]:.1f}%)%{customdata[4]}<extra></extra>"))
    return _finish(figure, "Papers with at least one industry author (open marks: provisional)",
                   "% of papers with full text", source)


def render_institutions_figure(series: pl.DataFrame, types: dict[str, str],
                               provisional: set[date], source: str) -> go.Figure:
    """Small multiples: a panel per institution (in `types`' order) with its monthly share of
    papers and that share's 95% band, on one y scale, coloured by the institution's type;
    a point's customdata starts with its institution and month (for the drill-down)."""
    n_cols = 2 if len(types) > 1 else 1
    n_rows = math.ceil(len(types) / n_cols)
    figure = make_subplots(
        rows=n_rows, cols=n_cols, shared_yaxes="all", horizontal_spacing=0.06,
        vertical_spacing=0.3 / n_rows,
        subplot_titles=[f"{_escape(name)} <span style='font-size:11px;color:#555'>{kind}"
                        "</span>" for name, kind in types.items()])
    for index, (name, kind) in enumerate(types.items()):
        rows = series.filter(pl.col("institution") == name).sort("month")
        for trace in _institution_traces(rows, name, INSTITUTION_COLOURS.get(kind, OKABE_ITO[7]),
                                         provisional):
            figure.add_trace(trace, row=index // n_cols + 1, col=index % n_cols + 1)
    figure = _finish(figure, "The top institutions: % of papers with an author there",
                     "", source)
    if len(types) % n_cols:  # an empty last cell
        figure.update_xaxes(visible=False, row=n_rows, col=n_cols)
        figure.update_yaxes(visible=False, row=n_rows, col=n_cols)
    figure.update_xaxes(matches="x", title_text=None)  # one time scale for every panel
    figure.layout.xaxis.matches = None  # (the first is that scale)
    figure.update_xaxes(title_text=_x_title(source), row=n_rows, col=1)
    figure.update_yaxes(title_text="% of papers", col=1)
    figure.update_annotations(font_size=13)  # the panels' titles
    return figure.update_layout(height=160 + 170 * n_rows, showlegend=False)


def _institution_traces(rows: pl.DataFrame, name: str, colour: str,
                        provisional: set[date]) -> list[go.Scatter]:
    months = rows["month"].to_list()
    label = _escape(name)  # plotly draws text as (a few tags of) HTML
    return [go.Scatter(
        x=months + months[::-1], fill="toself", fillcolor=_with_alpha(colour, 0.15),
        y=rows["share_high_pct"].to_list() + rows["share_low_pct"].to_list()[::-1],
        line={"width": 0}, hoverinfo="skip"), go.Scatter(
        x=months, y=rows["share_pct"].to_list(), name=label, mode="lines+markers",
        line={"color": colour, "width": 1.5},
        marker={"size": 4, "symbol": [PROVISIONAL_SYMBOL if m in provisional else "circle"
                                      for m in months]},
        customdata=[[name, f"{m:%Y-%m}", k, n, PROVISIONAL_NOTE if m in provisional else ""]
                    for m, k, n in zip(months, rows["n_with"].to_list(),
                                       rows["n_papers"].to_list())],
        hovertemplate="%{fullData.name} %{x|%Y-%m}: %{y:.1f}% (%{customdata[2]} of "
        "%{customdata[3]} papers)%{customdata[4]}<extra>click for the papers</extra>")]


def render_share_frame(title: str, source: str, text_source: str) -> go.Figure:
    """A share chart without its lines (titles, axes, source line): the page's script draws
    the lines from the counts it ships (`series`)."""
    return _finish(go.Figure(), title, f"% of papers {COUNTED_WITH[text_source]} (95% band)",
                   source)


def render_sparkline(shares: list[float], width: int = 120, height: int = 24) -> str:
    """A tiny inline SVG line of a term's monthly shares (numbers only: nothing to escape)."""
    if not shares:
        return ""
    top = max(shares) or 1.0
    step = width / max(1, len(shares) - 1)
    points = " ".join(f"{i * step:.1f},{height - 2 - (height - 4) * s / top:.1f}"
                      for i, s in enumerate(shares))
    return (f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} '
            f'{height}" role="img" aria-label="monthly share"><polyline fill="none" '
            f'stroke="{OKABE_ITO[0]}" stroke-width="1.5" points="{points}"/></svg>')


def _with_alpha(colour: str, alpha: float) -> str:
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def month_label(month: date) -> str:
    """`2017-03` as people read it: March 2017."""
    return month.strftime("%B %Y")

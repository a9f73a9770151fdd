"""Report stage, pages: one edition's HTML pages (and its explorer data) as strings."""

from __future__ import annotations

import json
from collections.abc import Callable

import polars as pl
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from pipeline.analyse.sources import SOURCE_LABELS
from pipeline.count import DEFAULT_MIN_DF, FAMILIES, load_terms_version
from pipeline.papers import add_months
from pipeline.report import charts, front, series
from pipeline.report.data import (
    DRILL_MONTHS,
    DRILL_PER_POINT,
    EXPLORER_MIN_PAPERS,
    EditionData,
    HotLists,
    edition_name,
)
from pipeline.report.institution_page import institutions_context
from pipeline.settings import ML_CATEGORIES

FAMILY_PAGES = {
    "framework": ("Deep learning frameworks", "framework", "Frameworks"),
    "convnet": ("ConvNet models", "model", "ConvNets"),
    "model": ("Model families", "model family", "Models"),
    "optimizer": ("Optimizers", "optimizer", "Optimizers"),
    "researcher": ("Senior researchers", "researcher", "Researchers"),
    "dataset": ("Datasets and benchmarks", "dataset", "Datasets"),
}
# The explorer's data stays under this, so that its page keeps within 1.5 MB at any size.
EXPLORER_MAX_BYTES = 1_200_000
COMPARED_TERMS = 25  # terms in the method page's full text / abstract comparison
NAV = (("index.html", "Front page"),
       *((f"{family}.html", FAMILY_PAGES[family][2]) for family in FAMILIES),
       ("hot.html", "Hot and not"), ("institutions.html", "Institutions"),
       ("explorer.html", "Term explorer"),
       ("method.html", "Method"))


def site_environment() -> Environment:
    """The site's templates, HTML-escaped."""
    return Environment(loader=PackageLoader("pipeline.report", "templates/site"),
                       autoescape=select_autoescape(["html", "j2"]))


def render_pages(data: EditionData, editions: list[str]) -> dict[str, str]:
    """Render every file of the edition's folder: file name -> content."""
    env = site_environment()
    base = {**_base_context(data), "other_edition": _other_edition(data)}
    render = _renderer(env, base)
    source = base["source"]
    pages = {"index.html": render("front.html.j2", "index.html", "Front page",
                                  **front.front_context(data, editions, source))}
    for family in FAMILIES:
        pages[f"{family}.html"] = render("family.html.j2", f"{family}.html",
                                         FAMILY_PAGES[family][0],
                                         **_family_context(data, family, source))
    pages["hot.html"] = render("hot.html.j2", "hot.html", "Hot and not hot",
                               has_charts=False, **_hot_context(data))
    pages["institutions.html"] = render("institutions.html.j2", "institutions.html",
                                        "Institutions", **institutions_context(data))
    explorer, explorer_scripts = _explorer(data, source)
    pages["explorer.html"] = render("explorer.html.j2", "explorer.html", "Term explorer",
                                    **explorer)
    pages.update(explorer_scripts)
    pages.update(_category_scripts(data))
    pages["method.html"] = render("method.html.j2", "method.html", "Method", has_charts=False,
                                  **_method_context(data))
    return pages


def _renderer(env: Environment, base: dict) -> Callable[..., str]:
    def render(template: str, page_file: str, page_title: str, **context: object) -> str:
        values = {"has_charts": True, **base, **context}
        return env.get_template(template).render(page_file=page_file, page_title=page_title,
                                                  chart=_chart, **values)
    return render


def _chart(name: str, spec_json: str, drill: bool = False, series: str = "",
           csv_name: str = "", categories: str = "") -> Markup:
    """A chart's div and its JSON (already safe inside a script element); `series` names the
    counts a share chart is drawn from (a script element's id, or `explorer`)."""
    attrs = ' data-drill="drill-data" data-drill-target="drill"' if drill else ""
    if series:
        attrs += f' data-series="{series}"'
    if csv_name:
        attrs += f' data-csv-name="{csv_name}"'
    if categories:
        attrs += f' data-categories="{categories}"'
    return Markup(f'<div class="chart" id="chart-{name}" data-spec="spec-{name}"{attrs}>'
                  f'</div>\n<script type="application/json" id="spec-{name}">{spec_json}'
                  "</script>")


def _base_context(data: EditionData) -> dict:
    facts = data.facts
    newest = facts["newest_published_at"]
    last_run = None
    if facts["last_run_finished_at"]:
        last_run = (f"{facts['last_run_finished_at']:%Y-%m-%d %H:%M} UTC, "
                    f"{facts['last_run_status']} ({facts['last_run_source']})")
    data_date = f"{newest:%Y-%m-%d}" if newest else "–"
    categories = facts["categories"] or list(ML_CATEGORIES)
    counted_in = SOURCE_LABELS[data.source]
    return {
        "is_provisional": data.is_provisional, "min_coverage_pct": data.min_coverage_pct,
        "coverage_month": _pct(facts["n_with_text_month"], facts["n_papers_month"]),
        "month_label": charts.month_label(data.month), "month_short": f"{data.month:%Y-%m}",
        "edition_name": data.edition_name,
        "nav": NAV, "is_sample": "sample" in data.sources, "facts": facts,
        "data_date": data_date, "last_run": last_run, "version": data.version,
        "generated_at": f"{data.generated_at:%Y-%m-%d %H:%M %Z}",
        "text_source": data.source, "counted_in": counted_in,
        "counted_with": charts.COUNTED_WITH[data.source],
        "source": f"Source: {counted_in} of arXiv papers in {', '.join(categories[:3])},\n"
                  f"{', '.join(categories[3:])}, to {data_date}; arxiv-trends {data.version}",
    }


def _other_edition(data: EditionData) -> dict:
    """The same month's edition in the other text source (the page links to it when the
    site's `editions.js` lists it)."""
    other = next(s for s in SOURCE_LABELS if s != data.source)
    return {"name": edition_name(data.month, other), "counted_in": SOURCE_LABELS[other]}


def _family_context(data: EditionData, family: str, source: str) -> dict:
    title, noun, _ = FAMILY_PAGES[family]
    shares = data.term_shares.filter(pl.col("family") == family)
    mentioned = shares.group_by("term").agg(pl.col("n_mentioning").sum() > 0)
    drawn = shares.join(mentioned.filter(pl.col("n_mentioning")).select("term"), on="term")
    table = data.family_tables[family].join(
        data.background.select("term", "background_pct"), on="term", how="left").join(
        shares.filter(pl.col("month") == data.month).select(
            "term", "share_low_pct", "share_high_pct"), on="term", how="left")
    return {
        "family_title": title, "family_noun": noun,
        "has_charts": drawn.height > 0,
        "family_json": _family_chart(data, FAMILY_PAGES[family][2], source)
        if drawn.height else "",
        "family_series_json": _family_series(data, drawn) if drawn.height else "",
        "table": table.to_dicts(), "drill_months": DRILL_MONTHS,
        "drill_json": _drill_json(data, drawn["term"].unique().to_list()),
    }


def _family_chart(data: EditionData, title: str, source: str) -> str:
    """The family chart's frame (titles, axes, source line); the page draws its lines."""
    return charts.figure_json(charts.render_share_frame(
        f"{title}: % of papers mentioning each", source, data.source))


def _family_series(data: EditionData, drawn: pl.DataFrame) -> str:
    """The family's counts; the terms most used in the edition's month are drawn at first,
    each from the month it was released (a line starts when its thing existed)."""
    latest = drawn.filter(pl.col("month") == data.month).sort("share_pct", descending=True)
    first = latest.filter(pl.col("n_mentioning") > 0)["term"].head(charts.SHOWN_TERMS).to_list()
    if not first:  # nobody this month: the terms most used over all months
        totals = drawn.group_by("term").agg(pl.col("n_mentioning").sum())
        first = totals.sort("n_mentioning", "term", descending=[True, False])["term"].head(
            charts.SHOWN_TERMS).to_list()
    released = dict(data.background.select("term", "released_month").drop_nulls().iter_rows())
    provisional = set(data.coverage.filter(pl.col("is_provisional"))["month"].to_list())
    payload = series.family_series(drawn.sort("term", "month"), _chart_months(data),
                                   provisional, released, first, data.source)
    payload["categories"] = front.categories_of(data)  # each in its series.category_file
    payload["memberships"] = list(series.MEMBERSHIPS.items())
    return series.series_json(payload)


def _category_scripts(data: EditionData) -> dict[str, str]:
    """A script per category with the curated terms' counts in it, loaded by a family page
    when the reader picks the category."""
    counts = data.category_counts
    if counts is None or counts.height == 0:
        return {}
    months = _chart_months(data)
    return {series.category_file(category): series.category_script(
        {**series.category_series(counts, category, months, data.source),
         "front": front.category_lists(data, category)},
        series.category_file(category))
        for category in front.categories_of(data)}


def _chart_months(data: EditionData) -> list:
    """The months a share chart spans: every month with papers counted, to the edition's."""
    return data.term_shares["month"].unique().sort().to_list()


def _drill_json(data: EditionData, terms: list[str]) -> str:
    rows = data.drill.filter(pl.col("term").is_in(terms))
    points: dict[str, dict] = {}
    for row in rows.iter_rows(named=True):
        point = points.setdefault(f"{row['term']}|{row['month']:%Y-%m}", {
            "n": row["n_in_point"], "n_body": row["n_in_point_body"], "papers": []})
        point["papers"].append([row["paper_id"], (row["title"] or "")[:160], row["is_in_body"]])
    labels = dict(data.term_shares.select("term", "label").unique().iter_rows())
    first = add_months(data.month, 1 - DRILL_MONTHS)
    payload = {"points": points, "labels": {t: labels.get(t, t) for t in terms},
               "first_month": f"{first:%Y-%m}", "per_point": DRILL_PER_POINT}
    return json.dumps(payload, ensure_ascii=False).replace("<", "\\u003c")


def _hot_context(data: EditionData) -> dict:
    if data.hot_lists is None:
        return {"hot": [], "not_hot": [], "hot_missing_reason": data.hot_missing_reason}
    lists = data.hot_lists
    return {"hot": _hot_rows(lists.hot, lists), "not_hot": _hot_rows(lists.not_hot, lists),
            "min_papers": lists.min_papers, "min_df": _min_df(data),
            "hot_missing_reason": None}


def _hot_rows(frame: pl.DataFrame, lists: HotLists) -> list[dict]:
    shares = {term: group.sort("month")["share_pct"].to_list()
              for (term,), group in lists.series.group_by("ngram")}
    return [{**row, "ratio_text": front.ratio_text(row),
             "interval_text": f"{row['ratio_low_95']:.2g}–{row['ratio_high_95']:.2g}",
             "sparkline": charts.render_sparkline(shares.get(row["term"], []))}
            for row in frame.to_dicts()]


def _explorer(data: EditionData, source: str) -> tuple[dict, dict[str, str]]:
    counts = data.explorer.sort("ngram", "month")
    by_ngram = _fit_explorer({ngram: group["n_papers"].to_list() for (ngram,), group
                              in counts.group_by("ngram", maintain_order=True)})
    denominators = counts.group_by("month").agg(pl.col("n_papers_with_text").first()).sort("month")
    provisional = set(data.coverage.filter(pl.col("is_provisional"))["month"].to_list())
    months = denominators["month"].to_list()
    payload = series.explorer_series(by_ngram, months,
                                     denominators["n_papers_with_text"].to_list(), provisional)
    scripts = _explorer_category_scripts(data, months, list(by_ngram))
    if scripts:  # each in its series.category_file, with the explorer's prefix
        prefix = series.EXPLORER_CATEGORY_PREFIX
        payload["categories"] = [c for c in front.categories_of(data)
                                 if series.category_file(c, prefix) in scripts]
        payload["memberships"] = list(series.MEMBERSHIPS.items())
        payload["category_prefix"] = prefix
    scripts["explorer-data.js"] = ("window.ARXIV_TRENDS_EXPLORER = " + series.series_json(payload)
                                   + ";\n")
    default = ", ".join(t for t in ("tensorflow", "pytorch", "resnet") if t in by_ngram)
    return {"explorer_json": charts.figure_json(charts.render_share_frame(
                "Share of papers using the words asked for", source, data.source)),
            "n_shipped": len(by_ngram), "explorer_min_papers": EXPLORER_MIN_PAPERS,
            "has_categories": "categories" in payload,
            "explorer_default": default or next(iter(by_ngram), "")}, scripts


def _explorer_category_scripts(data: EditionData, months: list, ngrams: list[str]
                               ) -> dict[str, str]:
    """A script per category with the explorer's n-grams counted in it (none when the store
    has not counted the edition's months by category)."""
    cells = data.explorer_cells
    if cells is None or not ngrams or cells.filter(pl.col("month").is_in(months)).height == 0:
        return {}
    counts = data.explorer_by_category.filter(pl.col("ngram").is_in(ngrams))
    files = {}
    for category in front.categories_of(data):
        file = series.category_file(category, series.EXPLORER_CATEGORY_PREFIX)
        files[file] = series.category_script(series.explorer_category_series(
            counts, cells, category, months, ngrams), file)
    return files


def _fit_explorer(by_ngram: dict[str, list[int]]) -> dict[str, list[int]]:
    """Keep the most used n-grams whose series fit the explorer's byte budget."""
    kept, n_bytes = {}, 0
    for ngram in sorted(by_ngram, key=lambda g: (-max(by_ngram[g], default=0), g)):
        n_bytes += len(ngram) + len(json.dumps(by_ngram[ngram], separators=(",", ":"))) + 4
        if n_bytes > EXPLORER_MAX_BYTES:
            break
        kept[ngram] = by_ngram[ngram]
    return dict(sorted(kept.items()))


def _method_context(data: EditionData) -> dict:
    facts = data.facts
    compared = data.comparison.filter((pl.col("n_fulltext") > 0) | (pl.col("n_abstracts") > 0))
    return {"comparison": compared.sort("share_fulltext_pct", "term", descending=[True, False])
            .head(COMPARED_TERMS).to_dicts(),
            "n_compared_papers": data.comparison["n_papers"][0] if data.comparison.height else 0,
            "comparison_by_family": _comparison_by_family(compared),
            "categories": ", ".join(facts["categories"] or ML_CATEGORIES),
            "n_terms": data.background.height,
            "n_families": len(FAMILIES), "terms_version": load_terms_version(),
            "min_df": _min_df(data), "sources": ", ".join(data.sources),
            "coverage_all": _pct(facts["n_with_text_all"], facts["n_papers_all"]),
            "provisional_months": [f"{m:%Y-%m}" for m in data.coverage.filter(
                pl.col("is_provisional") & (pl.col("n_with_text") > 0))["month"].to_list()]}


def _comparison_by_family(compared: pl.DataFrame) -> list[dict]:
    """Per family: its (paper, term) pairs in the titles + abstracts over those in the full
    texts of the same papers (all its terms pooled)."""
    pooled = compared.group_by("family").agg(pl.col("n_fulltext").sum(),
                                             pl.col("n_abstracts").sum())
    return pooled.with_columns(
        ratio=pl.when(pl.col("n_fulltext") > 0)
        .then(pl.col("n_abstracts") / pl.col("n_fulltext"))).sort("family").to_dicts()


def _min_df(data: EditionData) -> int:
    """The pruning threshold the edition month's n-grams were stored with."""
    return data.facts["min_df_month"] or DEFAULT_MIN_DF


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"

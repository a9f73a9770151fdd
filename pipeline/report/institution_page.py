"""Report stage, the Institutions page: its charts, tables, hot lists and drill-down data as
the template's context.

Institution names and the text that matched come from papers' title pages: the template
escapes them, the charts' JSON and the drill-down's carry them as inert data (`<` written
`\\u003c`), and the page's script sets them as text only.
"""

from __future__ import annotations

import json
import math
from datetime import date

import polars as pl

from pipeline.analyse import InstitutionTable
from pipeline.papers import add_months
from pipeline.report import charts
from pipeline.report.data import DRILL_MONTHS, DRILL_PER_POINT, EditionData
from pipeline.report.institutions import InstitutionData

EVIDENCE_CHARS = 80  # of the text that matched, shown under each paper of a drill-down


def institutions_context(data: EditionData) -> dict:
    """The Institutions page's context: nothing to show for an abstract edition or a
    database without title pages matched (the template says why)."""
    found = data.institutions
    if found is None:
        return {"has_charts": False, "has_data": False}
    provisional = set(data.coverage.filter(pl.col("is_provisional"))["month"].to_list())
    source = _source_line(data, found)
    return {
        "has_charts": True, "has_data": True,
        "industry_json": charts.figure_json(charts.render_industry_figure(
            found.industry, provisional, source),
            {"series": "name", "month": "x", "n_with_industry": "cd0", "n_papers": "cd1"},
            (("n_with_industry", "n_papers", "industry_share"),),
            {"k": 0, "n": 1, "low": 2, "high": 3}),
        "charted_json": charts.figure_json(charts.render_institutions_figure(
            found.series, dict(found.charted.select("institution", "type").iter_rows()),
            provisional, source),
            {"institution": "cd0", "month": "cd1", "n_with": "cd2", "n_papers": "cd3"},
            (("n_with", "n_papers", "share"),), {"k": 2, "n": 3}) if found.charted.height
        else "",
        "n_papers": int(found.industry["n_papers"].sum()),
        "first_month": f"{found.industry['month'][0]:%Y-%m}",
        "tables": _tables(data.month, found),
        "hot": _hot_rows(found.hot, found), "not_hot": _hot_rows(found.not_hot, found),
        "hot_missing_reason": found.hot_missing_reason, "hot_min_papers": found.hot_min_papers,
        "drill_months": DRILL_MONTHS, "drill_json": _drill_json(data.month, found),
    }


def _source_line(data: EditionData, found: InstitutionData) -> str:
    return (f"Source: the title pages of arXiv ML papers' full texts, "
            f"{found.industry['month'][0]:%Y-%m} to {data.month:%Y-%m}; "
            f"arxiv-trends {data.version}")


def _tables(month: date, found: InstitutionData) -> list[dict]:
    """The month's and the year's tables, each with the months its rows drill down to."""
    year_months = _months(found.year_first_month, month)
    year_label = {1: f"{month.year}, January", 12: f"{month.year}"}.get(
        month.month, f"{month.year}, January to {month:%B}")
    return [_table("month", found.month_table, charts.month_label(month), [month]),
            _table("year", found.year_table, year_label, year_months)]


def _table(period: str, table: InstitutionTable | None, label: str, months: list[date]) -> dict:
    if table is None:
        return {"period": period, "label": label, "totals": None, "rows": []}
    return {"period": period, "label": label, "totals": table.totals.to_dicts()[0],
            "rows": table.top.to_dicts(), "months": " ".join(f"{m:%Y-%m}" for m in months)}


def _months(first: date, last: date) -> list[date]:
    months = [first]
    while months[-1] < last:
        months.append(add_months(months[-1], 1))
    return months


def _hot_rows(frame: pl.DataFrame | None, found: InstitutionData) -> list[dict]:
    if frame is None:
        return []
    shares = {name: group.sort("month")["share_pct"].to_list()
              for (name,), group in found.series.group_by("institution")}
    return [{**row, "ratio_text": ratio_text(row), "z_text": _number(row["z_score"], ".1f"),
             "interval_text": f"{_number(row['ratio_low_95'], '.2g')}–"
                              f"{_number(row['ratio_high_95'], '.2g')}",
             "sparkline": charts.render_sparkline(shares.get(row["institution"], []))}
            for row in frame.to_dicts()]


def _number(value: float | None, spec: str) -> str:
    """A number as the page shows it: `–` when there is none (null, not a number)."""
    if value is None or math.isnan(value):
        return "–"
    return "∞" if math.isinf(value) else format(value, spec)


def ratio_text(row: dict) -> str:
    """An institution's hot ratio as people read it (exact: every pair is stored): `8.17`,
    `0.05`, `new` (no paper named it before)."""
    if row["is_new"] or math.isinf(row["ratio"]):
        return "new"
    value = row["ratio"]
    return f"{value:.2f}" if value >= 0.1 or value == 0 else f"{value:.2g}"


def _drill_json(month: date, found: InstitutionData) -> str:
    """The papers behind the charted points and the tables' rows, as site.js reads them."""
    points: dict[str, dict] = {}
    for row in found.drill.iter_rows(named=True):
        point = points.setdefault(f"{row['institution']}|{row['month']:%Y-%m}", {
            "n": row["n_in_point"], "n_body": row["n_in_point"], "papers": []})
        point["papers"].append([row["paper_id"], (row["title"] or "")[:160], True,
                                _where_found(row)])
    payload = {"points": points, "per_point": DRILL_PER_POINT, "verb": "names",
               "option": "--institution", "first_month": f"{month:%Y-%m}",
               "first_months": {name: f"{first:%Y-%m}"
                                for name, first in found.drill_first_months.items()}}
    return json.dumps(payload, ensure_ascii=False).replace("<", "\\u003c")


def _where_found(row: dict) -> str:
    """Where the title page named the institution, and the text that matched unless it is
    the institution's name."""
    evidence = row["evidence"][:EVIDENCE_CHARS]
    same = evidence.casefold() == row["institution"].casefold()
    return row["found_in"] if same else f"{row['found_in']}: {evidence}"

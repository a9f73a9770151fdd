"""The report: one offline HTML page, opened in a real headless Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline import report, store

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def expected(tiny_db) -> dict[str, int]:
    """Plots (papers + each family anybody mentions) and frameworks, counted from the DB."""
    con = store.connect(tiny_db.db_path, read_only=True)
    families = con.execute("select count(distinct family) from core_paper_terms"
                           " join core_terms using (term)").fetchall()[0][0]
    frameworks = con.execute("select count(*) from core_terms"
                             " where family = 'framework'").fetchall()[0][0]
    con.close()
    return {"plots": 1 + families, "frameworks": frameworks}


@pytest.fixture(scope="module")
def page_path(tiny_db, tmp_path_factory: pytest.TempPathFactory) -> Path:
    con = store.connect(tiny_db.db_path, read_only=True)
    html = report.render_report(report.load_report_data(con))
    con.close()
    return report.write_report(html, tmp_path_factory.mktemp("site") / "index.html")


def test_page_is_self_contained(page_path: Path, expected: dict[str, int]) -> None:
    html = page_path.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", html), "scripts must be inline"
    assert html.count("Plotly.newPlot") == expected["plots"] >= 5
    assert "This is a generated sample" in html
    assert 'id="framework-table"' in html


def test_page_opens_in_chromium_without_errors(
    page_path: Path, chromium: str, expected: dict[str, int]
) -> None:
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith(("file:", "data:"))
                else errors.append(f"network request: {r.url}"))
        page.goto(page_path.as_uri(), wait_until="load")
        page.wait_for_selector("#fig-optimizer .main-svg", timeout=30_000)
        n_plots = page.locator(".js-plotly-plot").count()
        n_lines = page.locator("#fig-framework .scatterlayer .trace").count()
        table_rows = page.locator("#framework-table tbody tr").count()
        browser.close()
    assert errors == []
    assert n_plots == expected["plots"]
    assert n_lines == table_rows == expected["frameworks"]  # a line and a row per framework

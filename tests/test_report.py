"""The report site: the demo's edition built from a real database and opened, page by page,
in a real headless Chromium (Debian's, driven by Playwright) from `file://`.

Screenshots of every page go to `build/test-output/screenshots/` (not versioned).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from pipeline import store
from pipeline.report.pages import NAV
from tests.report_site import CHROMIUM_ARGS, HOSTILE_TITLE, SHOTS, Site

PAGE_BUDGET_BYTES = 1_500_000
WIDTHS = {"desktop": 1200, "phone": 390}
# a share chart's bands drawn (visible fill traces), and its highlighted terms
BANDS = """(id) => { const gd = document.getElementById(id);
  return [gd.data.filter(t => t.fill === 'toself' && t.visible !== false).length,
          gd.shareChart ? gd.shareChart.state.hl.length : null]; }"""


def test_the_site_is_static_and_shares_plotly_once(site: Site) -> None:
    assert sorted(p.name for p in (site.site_dir / "assets").iterdir()) == [
        "plotly.min.js", "shares.js", "site.css", "site.js"]
    pages = sorted(site.edition.glob("*.html"))
    assert [p.name for p in pages] == sorted(name for name, _ in NAV)
    for page in pages:
        html = page.read_text(encoding="utf-8")
        sources = re.findall(r'<script[^>]+src="([^"]+)"', html)
        assert all(not s.startswith(("http:", "https:", "//")) for s in sources), page.name
        assert "Plotly.register" not in html  # plotly.js is never inlined into a page
        size = page.stat().st_size + sum(
            (site.edition / s).stat().st_size for s in sources if not s.startswith("../"))
        assert size < PAGE_BUDGET_BYTES, (page.name, size)
    index = (site.site_dir / "index.html").read_text()
    assert index.index(f"{site.month:%Y-%m}/index.html") < index.index("2017-11/index.html")


def test_titles_from_papers_are_escaped(site: Site) -> None:
    html = (site.edition / "framework.html").read_text(encoding="utf-8")
    assert HOSTILE_TITLE not in html and "<script>window.pwned" not in html
    assert "\\u003cscript>window.pwned = 1\\u003c/script>" in html  # inert JSON data


def expected_papers(db_path: Path, term: str, month: date, body_only: bool = False) -> list[str]:
    """The papers of the month whose text mentions the term, by a query of the test's own."""
    con = store.connect(db_path, read_only=True)
    rows = con.execute("select paper_id from core_paper_terms join core_papers using"
                       " (paper_id) where term = ? and month = ? and (n_body > 0 or not ?)"
                       " order by paper_id", [term, month, body_only]).fetchall()
    con.close()
    return [r[0] for r in rows]


def test_every_page_opens_draws_answers_and_drills_down(site: Site, chromium: str) -> None:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith(("file:", "data:"))
                else errors.append(f"network request: {r.url}"))
        for width_name, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 900})
            for name, _ in NAV:
                _check_page(page, site, name, width_name, width)
        page.set_viewport_size({"width": 1200, "height": 900})
        _check_explorer(page, site)
        _check_drill_down(page, site)
        browser.close()
    assert errors == []


def _check_page(page, site: Site, name: str, width_name: str, width: int) -> None:  # noqa: ANN001
    """The page draws every chart, fits the width, and a share chart with every term drawn
    bands only its highlighted ones; a screenshot of it goes to SHOTS."""
    page.goto((site.edition / name).as_uri(), wait_until="load")
    page.wait_for_selector("body[data-ready='1']", timeout=30_000)
    n_charts = page.locator("div.chart").count()
    assert page.locator("div.chart[data-drawn='1'] .main-svg").count() >= n_charts, name
    assert page.locator("h1").count() == 1, name
    assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
    if page.locator("#chart-family").count():
        terms = page.evaluate("document.getElementById('series-family').textContent")
        every = ",".join(t[0] for t in json.loads(terms)["terms"])
        page.goto((site.edition / name).as_uri() + f"#terms={every}")
        page.reload()  # a new load (a change of hash alone only redraws)
        page.wait_for_selector("body[data-ready='1']")
        n_bands, n_highlighted = page.evaluate(BANDS, "chart-family")
        assert (n_bands, n_highlighted) == (1, 1), name  # the first term, the default
    page.screenshot(path=str(SHOTS / f"{name.removesuffix('.html')}-{width_name}.png"),
                    full_page=True)


def _check_explorer(page, site: Site) -> None:  # noqa: ANN001
    page.goto((site.edition / "explorer.html").as_uri())
    page.wait_for_selector("body[data-ready='1']")
    page.fill("#explorer-input", "TensorFlow, no-such-wordzz")
    page.click("#explorer-form button")
    page.wait_for_function("document.getElementById('chart-explorer').dataset.answered === '1'")
    shown = page.evaluate("document.getElementById('chart-explorer').data"
                          ".filter(t => t.meta.role === 'line').map(t => t.name)")
    assert shown == ["tensorflow"]
    assert "no-such-wordzz" in page.text_content("#explorer-message")
    page.screenshot(path=str(SHOTS / "explorer-answered.png"), full_page=True)


def _click_last_point(page, label: str) -> None:  # noqa: ANN001
    """Click, with the mouse, the last point of the visible line named `label`."""
    x, y = page.evaluate("""(label) => {
        const gd = document.getElementById('chart-family');
        const t = gd.data.find(t => t.name === label && t.meta.role === 'line');
        const k = t.x.length - 1, xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
        const box = gd.getBoundingClientRect();
        return [box.left + xa._offset + xa.d2p(t.x[k]), box.top + ya._offset + ya.d2p(t.y[k])];
    }""", label)
    page.mouse.move(x, y)
    page.mouse.click(x, y)


def _check_drill_down(page, site: Site) -> None:  # noqa: ANN001
    page.goto((site.edition / "framework.html").as_uri())
    page.wait_for_selector("body[data-ready='1']")
    _click_last_point(page, "TensorFlow")
    page.wait_for_selector("#drill li")
    ids = expected_papers(site.db_path, "tensorflow", site.month)
    heading = page.text_content("#drill h3")
    assert heading == f"TensorFlow, {site.month:%Y-%m}: {len(ids)} papers"
    listed = page.locator("#drill li .tag").all_text_contents()
    assert [text.split()[0] for text in listed] == ids[:10]
    titles = page.locator("#drill li a").all_text_contents()
    assert HOSTILE_TITLE in titles  # shown as text
    assert page.evaluate("window.pwned") is None  # never run
    page.locator("#drill").screenshot(path=str(SHOTS / "drill-down.png"))
    page.get_by_role("button", name="Body only (no title page, no references)").click()
    _click_last_point(page, "TensorFlow")
    body_ids = expected_papers(site.db_path, "tensorflow", site.month, body_only=True)
    page.wait_for_function("document.querySelector('#drill h3').textContent.includes('body')")
    assert page.text_content("#drill h3") == (
        f"TensorFlow, {site.month:%Y-%m} in the body: {len(body_ids)} papers")
    listed = page.locator("#drill li .tag").all_text_contents()
    assert [text.split()[0] for text in listed] == body_ids[:10]

"""The report's Institutions page on real PDFs: a database made from the shared corpus'
papers by add-pdfs, its edition written and opened in headless Chromium; every number the
page shows is checked against a count, made here, of the per-paper rows. A hostile
institution name stays text; a database without institutions still gets its page."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from pipeline import report, store
from pipeline.errors import ArxivTrendsError
from pipeline.ops import local, snapshot
from pipeline.papers import add_months
from tests.conftest import make_settings
from tests.report_site import CHROMIUM_ARGS, SHOTS

HOSTILE = "<script>window.pwned = 1</script>Evil <b>Labs</b>"
HOSTILE_EVIDENCE = "<img src=x onerror='window.pwned = 2'>Evil Labs"
PER_POINT = 10


@dataclass(frozen=True)
class Built:
    db_path: Path
    site_dir: Path
    edition: Path
    month: date
    hostile_paper: str


@pytest.fixture(scope="module")
def built(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Every full paper of the corpus through add-pdfs, one title page given a hostile
    institution, its edition written with a hot-list support of one paper."""
    tmp = tmp_path_factory.mktemp("institutions-page")
    folder = tmp / "in"
    folder.mkdir()
    for pdf in sorted((corpus / "pdfs").glob("*.pdf")):
        (folder / pdf.name).symlink_to(pdf)
    settings = make_settings(tmp)
    local.add_pdfs(settings, [folder])
    con = store.connect(settings.db_path)
    paper_id = con.execute("select max(paper_id) from out_institution_papers where month = "
                           "(select max(month) from out_institution_papers)").fetchall()[0][0]
    con.execute("insert into core_paper_institutions values (?, ?, 'industry', 'US', ?, "
                "'footnote')", [paper_id, HOSTILE, HOSTILE_EVIDENCE])
    data = report.load_edition_data(con, hot_min_papers=1)
    con.close()
    edition = report.write_site_edition(data, settings.site_dir).parent
    return Built(settings.db_path, settings.site_dir, edition, data.month, paper_id)


@dataclass(frozen=True)
class ByHand:
    """The per-paper rows: each counted paper's month, and its institutions with their
    types."""

    month_of: dict[str, date]
    found: dict[str, dict[str, str]]

    def papers(self, first: date, last: date) -> list[str]:
        return sorted(p for p, m in self.month_of.items() if first <= m <= last)

    def industry(self, papers: list[str]) -> int:
        return sum("industry" in self.found.get(p, {}).values() for p in papers)

    def top(self, papers: list[str], n: int) -> list[tuple[str, int]]:
        counts = Counter(name for p in papers for name in self.found.get(p, {}))
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:n]


def by_hand(db_path: Path) -> ByHand:
    con = duckdb.connect(str(db_path), read_only=True)
    month_of = dict(con.execute("select paper_id, month from out_institution_papers").fetchall())
    found: dict[str, dict[str, str]] = {}
    for paper_id, name, kind in con.execute(
            "select paper_id, institution, type from core_paper_institutions").fetchall():
        if paper_id in month_of:
            found.setdefault(paper_id, {})[name] = kind
    con.close()
    return ByHand(month_of, found)


class Tables(HTMLParser):
    """The text of every table cell, by table, and of every paragraph of a class."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.paragraphs: dict[str, list[str]] = {}
        self._table = self._cell = self._para = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "table":
            self._table = named.get("id") or named.get("class")
            self.tables.setdefault(self._table, [])
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag == "td" and self._table:
            self._cell = []
        elif tag == "p" and named.get("class"):
            self._para = named["class"]
            self.paragraphs.setdefault(self._para, []).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.tables[self._table][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._table = None
        elif tag == "p":
            self._para = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._para:
            self.paragraphs[self._para][-1] += data


def page_html(built: Built) -> str:
    return (built.edition / "institutions.html").read_text(encoding="utf-8")


def spec(html: str, name: str) -> dict:
    found = re.search(rf'<script type="application/json" id="spec-{name}">(.*?)</script>',
                      html, re.S)
    return json.loads(found.group(1))


def test_the_industry_share_equals_a_count_of_the_paper_rows(built: Built) -> None:
    hand = by_hand(built.db_path)
    months = sorted({m for m in hand.month_of.values() if m <= built.month})
    figure = spec(page_html(built), "industry")
    share, of_found = figure["data"][1], figure["data"][2]
    assert [x[:7] for x in share["x"]] == [f"{m:%Y-%m}" for m in months]
    for index, month in enumerate(months):
        papers = hand.papers(month, month)
        k, n = hand.industry(papers), len(papers)
        assert share["customdata"][index][:2] == [k, n], month
        assert share["y"][index] == pytest.approx(100 * k / n)
        named = [p for p in papers if hand.found.get(p)]
        assert of_found["customdata"][index][:2] == [k, len(named)], month
    assert hand.industry(hand.papers(built.month, built.month)) >= 1  # the hostile row's


def test_the_tables_equal_a_count_of_the_paper_rows(built: Built) -> None:
    hand = by_hand(built.db_path)
    parsed = Tables(page_html(built))
    periods = [(built.month, built.month), (date(built.month.year, 1, 1), built.month)]
    for (first, last), period, totals in zip(periods, ("month", "year"),
                                             parsed.paragraphs["totals"], strict=True):
        rows = parsed.tables[f"institutions-{period}"][1:]
        papers = hand.papers(first, last)
        named = [p for p in papers if hand.found.get(p)]
        mentions = sum(len(hand.found.get(p, {})) for p in papers)
        unique = {name for p in papers for name in hand.found.get(p, {})}
        k = hand.industry(papers)
        expected = (f"{len(papers)} papers, {len(named)} naming an institution; {mentions} "
                    f"institution mentions, {len(unique)} unique institutions; {k} with an "
                    f"industry author: {100 * k / len(papers):.1f}%")
        assert " ".join(totals.split()).startswith(expected)
        top = hand.top(papers, 20)
        assert [(r[1], int(r[4])) for r in rows] == top
        assert [float(r[5]) for r in rows] == [round(100 * n / len(papers), 1) for _, n in top]


def test_the_charted_institutions_are_the_top_of_the_last_12_months(built: Built) -> None:
    hand = by_hand(built.db_path)
    recent = hand.papers(add_months(built.month, -11), built.month)
    top = [name for name, _ in hand.top(recent, 8)]
    figure = spec(page_html(built), "institutions")
    lines = [t for t in figure["data"] if "customdata" in t]
    assert [t["customdata"][0][0] for t in lines] == top
    assert HOSTILE in top  # drawn, as text
    for trace in lines:
        name = trace["customdata"][0][0]
        for point, y in zip(trace["customdata"], trace["y"], strict=True):
            month = date.fromisoformat(point[1] + "-01")
            papers = hand.papers(month, month)
            k = sum(name in hand.found.get(p, {}) for p in papers)
            assert point[2:4] == [k, len(papers)], (name, month)
            assert y == pytest.approx(100 * k / len(papers))


def test_hot_institutions_equal_a_hand_computation(built: Built) -> None:
    hand = by_hand(built.db_path)
    start = add_months(built.month, -11)

    def peak(name: str, is_recent: bool) -> float:
        months = {m for m in hand.month_of.values() if m <= built.month
                  and (m >= start) == is_recent}
        return max(sum(name in hand.found.get(p, {}) for p in hand.papers(m, m))
                   / len(hand.papers(m, m)) for m in months)

    rows = Tables(page_html(built)).tables["hot-institutions"][1:]
    assert rows
    names = {name for found in hand.found.values() for name in found}
    for row in rows:
        name = max((n for n in names if row[1].startswith(n + " ")), key=len)
        before = peak(name, False)
        ratio = "new" if before == 0 else f"{peak(name, True) / before:.2f}"
        assert row[2] == ratio, name
        assert peak(name, True) > 0  # listed: at least one paper in its recent peak


def test_a_short_history_says_why_there_is_no_hot_list(built: Built) -> None:
    con = store.connect(built.db_path, read_only=True)
    first = con.execute("select min(month) from out_institution_papers").fetchall()[0][0]
    data = report.load_edition_data(con, first, hot_min_papers=1)
    con.close()
    html = report.render_edition(data, [])["institutions.html"]
    reason = re.search(r'id="hot-institutions-missing">(.*?)</p>', html, re.S).group(1)
    assert f"hot institutions of {first:%Y-%m} compare its 12 months" in reason


def test_institution_names_stay_escaped(built: Built) -> None:
    html = page_html(built)
    assert "<script>window.pwned" not in html and "<img src=x" not in html
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;Evil &lt;b&gt;Labs&lt;/b&gt;" in html
    drill = re.search(r'id="drill-data">(.*?)</script>', html, re.S).group(1)
    assert "\\u003cscript>window.pwned = 1\\u003c/script>" in drill  # inert JSON data
    point = json.loads(drill)["points"][f"{HOSTILE}|{built.month:%Y-%m}"]
    assert point["papers"][0][3] == f"footnote: {HOSTILE_EVIDENCE}"


def expected_papers(hand: ByHand, name: str, months: list[date]) -> list[str]:
    return [p for m in months for p in hand.papers(m, m) if name in hand.found.get(p, {})]


def test_the_page_opens_draws_and_drills_down(built: Built, chromium: str) -> None:
    from playwright.sync_api import sync_playwright

    hand = by_hand(built.db_path)
    SHOTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith(("file:", "data:"))
                else errors.append(f"network request: {r.url}"))
        page.goto((built.edition / "institutions.html").as_uri())
        page.wait_for_selector("body[data-ready='1']", timeout=30_000)
        assert page.locator("div.chart").count() == 2
        assert page.locator("div.chart[data-drawn='1'] .main-svg").count() >= 2
        page.screenshot(path=str(SHOTS / "institutions.png"), full_page=True)
        for name in (HOSTILE, "Google"):
            _click_last_point(page, name)
            ids = expected_papers(hand, name, [built.month])
            page.wait_for_function("(n) => (document.querySelector('#drill h3') || {})"
                                   ".textContent?.startsWith(n)", arg=name)
            assert page.text_content("#drill h3") == (
                f"{name}, {built.month:%Y-%m}: {len(ids)} paper" + ("s" if len(ids) > 1 else ""))
            listed = page.locator("#drill li .tag").all_text_contents()
            assert [text.split()[0] for text in listed] == ids[:PER_POINT]
        assert page.locator("#drill li .tag").all_text_contents()[0].endswith(
            "affiliation: Google DeepMind")  # the text that matched, unless it is the name
        _check_table_rows(page, built, hand)
        assert page.evaluate("window.pwned") is None  # never run
        browser.close()
    assert errors == []


def _click_last_point(page, name: str) -> None:  # noqa: ANN001
    """Click, with the mouse, the last point of `name`'s panel."""
    x, y = page.evaluate("""(name) => {
        const gd = document.getElementById('chart-institutions');
        const t = gd.data.find(t => t.customdata && t.customdata[0][0] === name);
        const layout = gd._fullLayout, k = t.x.length - 1;
        const xa = layout['xaxis' + t.xaxis.slice(1)], ya = layout['yaxis' + t.yaxis.slice(1)];
        const x = xa._offset + xa.d2p(t.x[k]), y = ya._offset + ya.d2p(t.y[k]);
        window.scrollTo(0, window.scrollY + gd.getBoundingClientRect().top + y - 450);
        const box = gd.getBoundingClientRect();  // the point mid-screen, clear of the header
        return [box.left + x, box.top + y];
    }""", name)
    page.mouse.move(x, y)
    page.mouse.click(x, y)


def _check_table_rows(page, built: Built, hand: ByHand) -> None:  # noqa: ANN001
    """A month table row lists the month's papers; a year table row, each month's."""
    def button(period: str, name: str):  # noqa: ANN202
        return page.locator(f"#institutions-{period} button.drill-link",
                            has_text=re.compile(f"^{re.escape(name)}$"))

    button("month", HOSTILE).click()
    ids = expected_papers(hand, HOSTILE, [built.month])
    assert page.text_content("#drill-table h3") == f"{HOSTILE}, {built.month:%Y-%m}: 1 paper"
    assert [t.split()[0] for t in page.locator("#drill-table li .tag").all_text_contents()] == ids
    year = date(built.month.year, 1, 1)
    months = [add_months(year, i) for i in range(built.month.month)]
    name = next(n for n, _ in hand.top(hand.papers(year, built.month), 20) if n != HOSTILE)
    button("year", name).click()
    ids = expected_papers(hand, name, months[::-1])
    assert page.text_content("#drill-table h3") == (
        f"{name}, {year:%Y-%m} to {built.month:%Y-%m}: {len(ids)} paper"
        + ("s" if len(ids) > 1 else ""))
    assert [t.split()[0] for t in page.locator("#drill-table li .tag").all_text_contents()] == ids
    page.locator("#drill-table").screenshot(path=str(SHOTS / "institutions-drill.png"))


def test_a_metadata_only_database_gets_a_page_that_says_why(
        corpus: Path, built: Built, tmp_path: Path, chromium: str) -> None:
    """Abstracts only: no full-text edition can be made; the abstract edition's page says
    where institutions come from and links the full-text edition once the site has one."""
    from playwright.sync_api import sync_playwright

    settings = make_settings(tmp_path)
    snapshot.import_snapshot(settings, corpus / "metadata" / "cs.NE-1998-2019.jsonl",
                             date(2018, 10, 1), date(2018, 12, 1))
    con = store.connect(settings.db_path, read_only=True)
    with pytest.raises(ArxivTrendsError, match="no paper counted in its full texts"):
        report.load_edition_data(con)
    data = report.load_edition_data(con, source="abstracts")
    con.close()
    assert data.institutions is None
    alone = report.write_site_edition(data, tmp_path / "site").parent / "institutions.html"
    beside = report.write_site_edition(data, built.site_dir).parent / "institutions.html"
    assert "Institutions are read from the title pages" in alone.read_text(encoding="utf-8")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(alone.as_uri())
        page.wait_for_selector("body[data-ready='1']")
        assert "holds no full-text edition of December 2018" in page.text_content(
            "#fulltext-edition")
        page.goto(beside.as_uri())  # the site holds another month's full-text edition
        page.wait_for_selector("body[data-ready='1']")
        link = page.locator("#fulltext-institutions")
        assert link.get_attribute("href") == f"../{built.month:%Y-%m}/institutions.html"
        page.screenshot(path=str(SHOTS / "institutions-abstracts.png"), full_page=True)
        browser.close()
    assert errors == []


@pytest.mark.parametrize("emptied", [("core_paper_institutions", "core_institution_reads"),
                                     ("core_paper_institutions",)])
def test_a_database_without_institutions_found_still_gets_its_page(
        built: Built, tmp_path: Path, emptied: tuple[str, ...]) -> None:
    """Title pages never matched (the page says so), or matched with none found (zeros)."""
    db_path = tmp_path / "copy.duckdb"
    store.copy_database(built.db_path, db_path)
    con = store.connect(db_path)
    for table in emptied:
        con.execute(f"delete from {table}")
    data = report.load_edition_data(con)
    con.close()
    html = report.render_edition(data, [])["institutions.html"]
    assert ('id="institutions-missing"' in html) == (len(emptied) == 2)
    if len(emptied) == 1:
        assert data.institutions is not None and data.institutions.charted.is_empty()
        totals = Tables(html).paragraphs["totals"][0]
        assert " 0 with an industry author: 0.0%" in " ".join(totals.split())
    report.write_site_edition(data, tmp_path / "site")

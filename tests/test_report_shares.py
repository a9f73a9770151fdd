"""The share charts the browser draws from counts (a family page, the explorer), opened in a
real headless Chromium from `file://`: every point equals the database's share and Wilson
interval, smoothing sums counts (compared with the test's own sums), the view lives in the
URL, only highlighted terms get a band, and the CSV download holds the chart's numbers."""

from __future__ import annotations

import csv
import json
import math
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline import store
from pipeline.papers import add_months
from tests.report_site import CHROMIUM_ARGS, SHOTS, Site

LINES = """(id) => document.getElementById(id).data.filter(t => t.meta.role === 'line')
  .map(t => ({term: t.meta.term, points: t.customdata.map((c, i) => [c[1], c[2], c[3], t.y[i],
  c[5], c[6]])}))"""
N_BANDS = """(id) => document.getElementById(id).data.filter(t => t.fill === 'toself').length"""


@pytest.fixture(scope="module")
def page(site: Site, chromium: str) -> Iterator:  # noqa: ANN001
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1200, "height": 900},
                                      accept_downloads=True)
        tab = context.new_page()
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        yield tab
        browser.close()
    assert errors == []


def _open(page, site: Site, name: str, hash_: str = "") -> None:  # noqa: ANN001
    page.goto((site.edition / name).as_uri() + hash_)
    page.reload()  # a new load even when only the hash differs
    page.wait_for_selector("body[data-ready='1']")


def _family_terms(page) -> list[str]:  # noqa: ANN001
    return [t[0] for t in json.loads(page.text_content("#series-family"))["terms"]]


@pytest.fixture(scope="module")
def db(site: Site) -> Iterator[duckdb.DuckDBPyConnection]:
    con = store.connect(site.db_path, read_only=True)
    yield con
    con.close()


def _database_counts(con: duckdb.DuckDBPyConnection, family: str) -> dict[tuple[str, str], tuple]:
    """(term, month) -> papers mentioning it anywhere, in the body, papers counted, and the
    released month, read by the test's own query of the stored counts."""
    rows = con.execute(
        "select term, strftime(month, '%Y-%m'), n_mentioning, n_mentioning_body, n_papers,"
        " core_terms.released_month from out_term_share_by_month join core_terms using (term)"
        " where source = 'fulltext' and out_term_share_by_month.family = ?", [family]).fetchall()
    return {(r[0], r[1]): r[2:] for r in rows}


def _wilson(con: duckdb.DuckDBPyConnection, k: int, n: int) -> tuple[float, float]:
    """The 95% Wilson interval in percent, by the SQL macros of the store."""
    return con.execute("select wilson_low_pct(?::bigint, ?::bigint),"
                       " wilson_high_pct(?::bigint, ?::bigint)", [k, n, k, n]).fetchall()[0]


def _close(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


def test_every_point_is_the_databases_share_and_interval(page, site: Site, db) -> None:  # noqa: ANN001
    _open(page, site, "framework.html")
    terms = _family_terms(page)
    counts = _database_counts(db, "framework")
    checked = 0
    for zone, column in (("any", 0), ("body", 1)):
        _open(page, site, "framework.html", f"#terms={','.join(terms)}&zone={zone}")
        for line in page.evaluate(LINES, "chart-family"):
            released = counts[(line["term"], line["points"][0][0])][3]
            first = min(m for (t, m) in counts if t == line["term"]
                        and (released is None or m >= f"{released:%Y-%m}"))
            assert line["points"][0][0] == first  # drawn from its release on
            for month, k, n, share, low, high in line["points"]:
                row = counts[(line["term"], month)]
                assert (k, n) == (row[column], row[2])
                assert _close(share, 100.0 * k / n)
                assert (low, high) == pytest.approx(_wilson(db, k, n), rel=1e-12, abs=1e-12)
                checked += 1
    assert checked > 200


def test_smoothing_sums_the_months_counts(page, site: Site, db) -> None:  # noqa: ANN001
    _open(page, site, "framework.html", "#terms=tensorflow,keras&zone=body&smooth=3")
    assert page.locator("#chart-family-smooth").input_value() == "3"
    assert "smoothed: ±3 months" in page.evaluate(
        "document.getElementById('chart-family').layout.title.text")
    counts = _database_counts(db, "framework")
    for line in page.evaluate(LINES, "chart-family"):
        months = sorted(m for (t, m) in counts if t == line["term"])
        released = counts[(line["term"], months[0])][3]
        own = [m for m in months if released is None or m >= f"{released:%Y-%m}"]
        assert [p[0] for p in line["points"]] == own
        for i, (month, k, n, share, low, high) in enumerate(line["points"]):
            window = own[max(0, i - 3):i + 4]
            sum_k = sum(counts[(line["term"], m)][1] for m in window)
            sum_n = sum(counts[(line["term"], m)][2] for m in window)
            assert (k, n) == (sum_k, sum_n), month
            assert _close(share, 100.0 * sum_k / sum_n)
            assert (low, high) == pytest.approx(_wilson(db, sum_k, sum_n), rel=1e-12, abs=1e-12)


def test_the_view_lives_in_the_url(page, site: Site) -> None:  # noqa: ANN001
    _open(page, site, "framework.html", "#terms=pytorch,tensorflow&zone=body&smooth=2&hl=pytorch")
    assert page.get_attribute("button[data-zone='body']", "aria-pressed") == "true"
    drawn = [line["term"] for line in page.evaluate(LINES, "chart-family")]
    assert drawn == ["pytorch", "tensorflow"]
    assert page.evaluate(N_BANDS, "chart-family") == 1
    page.check("input.draw[data-term='keras']")
    page.select_option("#chart-family-smooth", "1")
    page.click("button[data-zone='any']")
    hash_ = page.evaluate("location.hash")
    assert hash_ == "#terms=keras,pytorch,tensorflow&zone=any&cat=all&smooth=1&hl=pytorch"
    _open(page, site, "framework.html", hash_)  # the link sent to a colleague
    assert [line["term"] for line in page.evaluate(LINES, "chart-family")] == [
        "keras", "pytorch", "tensorflow"]
    assert page.locator("#chart-family-smooth").input_value() == "1"
    page.click("button.copy-link")
    page.wait_for_function("document.querySelector('.control-row [aria-live]').textContent")
    said = page.text_content(".control-row [aria-live]")
    assert said == "Link copied." or said.endswith(hash_)
    page.evaluate("location.hash = '#terms=caffe&smooth=0'")  # back, forward, a pasted link
    page.wait_for_function("document.getElementById('chart-family').dataset.answered === '1'")
    assert [line["term"] for line in page.evaluate(LINES, "chart-family")] == ["caffe"]


def test_only_highlighted_terms_get_a_band(page, site: Site) -> None:  # noqa: ANN001
    _open(page, site, "framework.html")
    terms = _family_terms(page)
    _open(page, site, "framework.html", f"#terms={','.join(terms)}&hl=")
    assert page.evaluate(N_BANDS, "chart-family") == 0
    page.check(f"input.band[data-term='{terms[0]}']")
    page.check(f"input.band[data-term='{terms[1]}']")
    assert page.evaluate(N_BANDS, "chart-family") == 2
    assert page.evaluate("location.hash").endswith(f"&hl={terms[0]},{terms[1]}")
    page.locator("#chart-family .legendtoggle").first.click()  # the first name in the legend
    assert page.evaluate(N_BANDS, "chart-family") == 1  # its band gone
    assert page.evaluate("location.hash").endswith(f"&hl={terms[1]}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "framework-every-term.png"), full_page=True)


def test_the_csv_holds_the_charts_numbers(page, site: Site, db, tmp_path: Path) -> None:  # noqa: ANN001
    _open(page, site, "framework.html", "#terms=tensorflow,caffe&zone=body&smooth=1")
    with page.expect_download() as download:
        page.click("button.download-csv")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == f"{site.month:%Y-%m}-framework-body-smoothed-1.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    lines = {line["term"]: line["points"] for line in page.evaluate(LINES, "chart-family")}
    assert [r["term"] for r in rows] == [t for t in lines for _ in lines[t]]
    for row, point in zip(rows, [p for t in lines for p in lines[t]]):
        month, k, n, share, low, high = point
        assert (row["month"], int(row["n_mentioning"]), int(row["n_papers"])) == (month, k, n)
        assert (float(row["share_pct"]), float(row["share_low_pct"]),
                float(row["share_high_pct"])) == (share, low, high)
        assert (row["zone"], row["smooth_months"], row["category"]) == (
            "body", "1", "all six categories pooled")
    counts = _database_counts(db, "framework")
    last = [r for r in rows if r["term"] == "caffe"][-1]  # by hand: its window, 2 months
    month = f"{site.month:%Y-%m}"
    before = f"{add_months(site.month, -1):%Y-%m}"
    assert int(last["n_mentioning"]) == counts[("caffe", month)][1] + counts[("caffe", before)][1]
    assert int(last["n_papers"]) == counts[("caffe", month)][2] + counts[("caffe", before)][2]


def test_the_explorer_keeps_its_words_in_the_url(page, site: Site) -> None:  # noqa: ANN001
    _open(page, site, "explorer.html", "#terms=tensorflow,no+such+wordzz&smooth=2")
    assert page.input_value("#explorer-input") == "tensorflow, no such wordzz"
    assert "no such wordzz" in page.text_content("#explorer-message")
    assert [line["term"] for line in page.evaluate(LINES, "chart-explorer")] == ["tensorflow"]
    page.fill("#explorer-input", "neural, network")
    page.click("#explorer-form button")
    page.wait_for_function("location.hash.startsWith('#terms=neural,network')")
    assert page.evaluate("location.hash") == "#terms=neural,network&cat=all&smooth=2&hl=neural"


def _category_counts(con: duckdb.DuckDBPyConnection, category: str, membership: str,
                     term: str, zone: str) -> dict[str, tuple[int, int]]:
    """month -> (papers of the category mentioning the term, papers of the category), by the
    test's own query of the papers, their categories and their stored mentions."""
    in_it = ("core_papers.primary_category = $category" if membership == "primary"
             else "list_contains(core_papers.categories, $category)")
    rows = con.execute(f"""
        select strftime(month, '%Y-%m'), count(distinct paper_id) filter (
            where core_paper_terms.term is not null and ($zone = 'any' or n_body > 0)),
            count(distinct paper_id)
        from out_counted_papers join core_papers using (paper_id, month)
        left join core_paper_terms on core_paper_terms.paper_id = core_papers.paper_id
            and core_paper_terms.term = $term
        where out_counted_papers.is_counted and {in_it}
        group by all""", {"category": category, "term": term, "zone": zone}).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


@pytest.mark.parametrize(("category", "membership", "zone"), [
    ("cs.CV", "primary", "any"), ("cs.CL", "any", "body"), ("stat.ML", "any", "any")])
def test_a_category_view_counts_that_categorys_papers(  # noqa: ANN001
        page, site: Site, db, category: str, membership: str, zone: str) -> None:
    _open(page, site, "framework.html", "#terms=tensorflow,caffe,theano")
    page.select_option("#chart-family-cat", category)
    if membership != "primary":
        page.select_option("#chart-family-member", membership)
    page.click(f"button[data-zone='{zone}']")
    assert f"&cat={category}&member={membership}&" in page.evaluate("location.hash")
    title = page.evaluate("document.getElementById('chart-family').layout.title.text")
    assert category in title
    checked = 0
    for line in page.evaluate(LINES, "chart-family"):
        own = _category_counts(db, category, membership, line["term"], zone)
        for month, k, n, share, low, high in line["points"]:
            assert (k, n) == own.get(month, (0, 0)), (line["term"], month)
            if n:
                assert _close(share, 100.0 * k / n)
                assert (low, high) == pytest.approx(_wilson(db, k, n), rel=1e-12, abs=1e-12)
            checked += n > 0
    assert checked > 50


def test_the_primary_categories_add_up_to_the_pooled_papers(db) -> None:  # noqa: ANN001
    from pipeline import analyse

    month = db.execute("select max(month) from core_papers").fetchall()[0][0]
    counts = analyse.run_named_query(db, "term_counts_by_category",
                                     {"source": "fulltext", "last_month": month})
    cells = counts.unique(["category", "membership", "month"])
    primary = dict(cells.filter(pl.col("membership") == "primary").group_by("month")
                   .agg(pl.col("n_papers").sum()).iter_rows())
    pooled = dict(db.execute("select distinct month, n_papers from out_term_share_by_month"
                             " where source = 'fulltext'").fetchall())
    outside = dict(db.execute(  # counted by a cross-list: primary category not one of them
        "select out_source_papers.month, count(*) from out_source_papers join core_papers"
        " using (paper_id) where out_source_papers.source = 'fulltext' and primary_category"
        " not in (select category from core_categories) group by all").fetchall())
    assert {m: n + outside.get(m, 0) for m, n in primary.items()} == pooled


def test_the_front_pages_papers_by_category(page, site: Site, db) -> None:  # noqa: ANN001
    _open(page, site, "index.html", "#cat=cs.CV&member=any")
    assert page.locator("#chart-denominator-cat").input_value() == "cs.CV"
    months, papers, counted = page.evaluate("""() => {
        const gd = document.getElementById('chart-denominator');
        return [gd.data[0].x.map(m => String(m).slice(0, 7)), gd.data[0].y, gd.data[1].y]; }""")
    own = dict((r[0], r[1:]) for r in db.execute(
        "select strftime(month, '%Y-%m'), count(*), count(*) filter (where is_counted)"
        " from out_counted_papers join core_papers using (paper_id, month)"
        " where is_in_categories and list_contains(categories, 'cs.CV') group by all").fetchall())
    assert {m: (p, c) for m, p, c in zip(months, papers, counted) if p} == own
    page.select_option("#chart-denominator-member", "primary")
    assert page.evaluate("location.hash") == "#cat=cs.CV&member=primary"
    page.click("button.copy-link")
    page.wait_for_function("document.querySelector('.control-row [aria-live]').textContent")
    said = page.text_content(".control-row [aria-live]")
    assert said == "Link copied." or said.endswith("#cat=cs.CV&member=primary")
    page.select_option("#chart-denominator-cat", "all")  # back to the pooled papers
    pooled = dict(db.execute("select strftime(month, '%Y-%m'), n_papers from"
                             " out_papers_by_month").fetchall())
    shown = page.evaluate("document.getElementById('chart-denominator').data[0].y")
    assert dict(zip(months, shown)) == {m: pooled[m] for m in months}


def test_a_malformed_link_falls_back_to_what_the_page_has(page, site: Site, tmp_path: Path) -> None:  # noqa: ANN001
    _open(page, site, "framework.html",
          "#terms=tensorflow,%E0%A4,<script>x</script>&zone=nowhere&cat=cs.XX&smooth=9&hl=%")
    assert [line["term"] for line in page.evaluate(LINES, "chart-family")] == ["tensorflow"]
    assert page.get_attribute("button[data-zone='any']", "aria-pressed") == "true"
    assert page.locator("#chart-family-cat").input_value() == "all"
    assert page.locator("#chart-family-smooth").input_value() == "0"
    copy = tmp_path / "edition"  # a copy of the edition without one category's file
    shutil.copytree(site.site_dir, copy)
    (copy / site.edition.name / "cat-cs.CV.js").unlink()
    alone = page.context.new_page()  # its console says the file is missing: expected here
    alone.goto((copy / site.edition.name / "framework.html").as_uri() + "#terms=caffe&cat=cs.CV")
    alone.wait_for_selector("body[data-ready='1']")
    assert "Could not load cat-cs.CV.js" in alone.text_content(".control-row [aria-live]")
    assert alone.locator("#chart-family-cat").input_value() == "all"  # the pooled papers
    assert [line["term"] for line in alone.evaluate(LINES, "chart-family")] == ["caffe"]
    alone.close()


def test_the_explorer_by_category_draws_that_categorys_counts(page, site: Site, db) -> None:  # noqa: ANN001
    _open(page, site, "explorer.html", "#terms=network,learning&cat=cs.CV&member=any")
    assert page.locator("#chart-explorer-cat").input_value() == "cs.CV"
    assert "cs.CV" in page.evaluate("document.getElementById('chart-explorer').layout.title.text")
    # the papers of the category: the test's own count of them; k: the stored cell's rows
    papers = dict(db.execute(
        "select strftime(month, '%Y-%m'), count(*) from out_counted_papers join core_papers"
        " using (paper_id, month) where is_counted and list_contains(categories, 'cs.CV')"
        " group by all").fetchall())
    checked = 0
    for line in page.evaluate(LINES, "chart-explorer"):
        stored = dict(db.execute(
            "select strftime(month, '%Y-%m'), n_papers from core_ngram_category_counts where"
            " source = 'fulltext' and category = 'cs.CV' and membership = 'any' and ngram = ?",
            [line["term"]]).fetchall())
        for month, k, n, share, low, high in line["points"]:
            assert n == papers.get(month, 0), month
            assert k == stored.get(month, 0), (line["term"], month)  # this store's floor: 2
            if n:
                assert _close(share, 100.0 * k / n)
                assert (low, high) == pytest.approx(_wilson(db, k, n), rel=1e-12, abs=1e-12)
            checked += k > 0
    assert checked > 30
    page.select_option("#chart-explorer-cat", "all")  # back to every category pooled
    assert "&cat=all&" in page.evaluate("location.hash")
    pooled_n = dict(db.execute("select strftime(month, '%Y-%m'), n_papers_with_text"
                               " from core_ngram_months").fetchall())
    [first, *_] = page.evaluate(LINES, "chart-explorer")
    assert {p[0]: p[2] for p in first["points"]} == {m: pooled_n[m] for m in
                                                     (p[0] for p in first["points"])}


def test_a_window_with_an_unknown_month_is_unknown(page, site: Site) -> None:  # noqa: ANN001
    _open(page, site, "explorer.html")
    sums = page.evaluate("ArxivTrendsShares.summed([1, null, 2, 3, 4], [10, 10, 10, 10, 10], 0, 1)")
    assert [(s["k"], s["n"]) for s in sums] == [(None, 20), (None, 30), (None, 30), (9, 30),
                                                 (7, 20)]


def test_the_front_pages_lists_by_category(page, site: Site, db) -> None:  # noqa: ANN001
    from pipeline.analyse import hot

    _open(page, site, "index.html")
    pooled_hot = page.locator("#front-hot li").all_text_contents()
    pooled_gainers = page.locator("#front-gainers li").all_text_contents()
    assert len(pooled_hot) == 10 and pooled_gainers
    page.select_option("#chart-denominator-cat", "cs.CV")
    page.wait_for_function("document.querySelector('[data-cell-tag]').textContent"
                           ".startsWith('cs.CV')")
    # the gainers: the cell's rows of term_gainers.sql, its papers the test's own count
    first = add_months(site.month, -2)
    n_now = db.execute(
        "select count(*) from out_counted_papers join core_papers using (paper_id, month)"
        " where is_counted and primary_category = 'cs.CV' and month between ? and ?",
        [first, site.month]).fetchall()[0][0]
    shown = page.locator("#front-gainers li").all_text_contents()
    assert shown and all(f" of {n_now} papers)" in text for text in shown)
    from pipeline import analyse

    gains = analyse.run_named_query(db, "term_gainers", {"source": "fulltext",
                                                         "month": site.month})
    risen = gains.filter((pl.col("category") == "cs.CV") & (pl.col("membership") == "primary")
                         & (pl.col("change_pct_points") > 0))
    assert [t.split(" +")[0] for t in shown] == risen["label"].head(8).to_list()
    # the demo's categories are too small for the default support (15 papers in the peak
    # month): none rose (the test below asks less)
    within = hot.load_hot_terms(db, site.month, limit=10, category="cs.CV",
                                membership="primary")
    assert within.filter(pl.col("ratio") > 1).height == 0
    assert page.locator("#front-hot li").all_text_contents() == ["None rose in this category."]
    page.select_option("#chart-denominator-cat", "all")  # the pooled lists, as written
    assert page.locator("#front-hot li").all_text_contents() == pooled_hot
    assert page.locator("#front-gainers li").all_text_contents() == pooled_gainers
    assert page.text_content("[data-cell-tag]") == "all categories pooled"



def test_the_front_pages_hot_list_within_a_category(page, site: Site,  # noqa: ANN001
                                                    tmp_path: Path) -> None:
    """The demo's categories are too small for a hot term; in a copy where every paper is
    cs.CV, the category's list is the pooled one's risen terms."""
    from pipeline import report
    from pipeline.analyse import hot

    copy = tmp_path / "all-cv.duckdb"
    store.copy_database(site.db_path, copy)
    con = store.connect(copy)
    try:
        con.execute("update core_papers set primary_category = 'cs.CV', categories = ['cs.CV']")
        store.recount_ngrams(con)
        data = report.load_edition_data(con)
        pooled = hot.load_hot_terms(con, data.month, limit=10)
    finally:
        con.close()
    edition = report.write_edition(report.render_edition(data, []), tmp_path / "site",
                                   f"{data.month:%Y-%m}").parent
    page.goto((edition / "index.html").as_uri() + "#cat=cs.CV&member=primary")
    page.reload()
    page.wait_for_selector("body[data-ready='1']")
    page.wait_for_function("document.querySelector('[data-cell-tag]').textContent"
                           ".startsWith('cs.CV')")
    rose = pooled.filter(pl.col("ratio") > 1)
    assert rose.height > 0
    assert page.locator("#front-hot li .term").all_text_contents() == rose["term"].to_list()
    weak = page.locator("#front-hot li.weak .term").all_text_contents()
    assert weak == rose.filter(~pl.col("is_significant"))["term"].to_list()


def test_the_institutions_charts_smooth_from_their_points_counts(page, site: Site, db,  # noqa: ANN001
                                                                 tmp_path: Path) -> None:
    read = """(id) => document.getElementById(id).data.map(t => ({fill: t.fill || '',
      x: t.x.map(String), y: t.y, cd: t.customdata || null}))"""
    _open(page, site, "institutions.html")
    raw = page.evaluate(read, "chart-institutions")
    _open(page, site, "institutions.html", "#smooth=2")
    assert page.locator("#chart-institutions-smooth").input_value() == "2"
    assert page.locator("#chart-industry-smooth").input_value() == "2"  # the page's choice
    assert "smoothed: ±2 months" in page.evaluate(
        "document.getElementById('chart-institutions').layout.title.text")
    smoothed = page.evaluate(read, "chart-institutions")
    checked = 0
    for index, (before, after) in enumerate(zip(raw, smoothed)):
        if before["cd"] is None:
            continue
        k = [point[2] for point in before["cd"]]
        n = [point[3] for point in before["cd"]]
        band = smoothed[index - 1]
        assert band["fill"] == "toself"
        for i, share in enumerate(after["y"]):
            window = range(max(0, i - 2), min(len(k), i + 3))
            sum_k, sum_n = sum(k[j] for j in window), sum(n[j] for j in window)
            assert (after["cd"][i][2], after["cd"][i][3]) == (sum_k, sum_n)
            assert _close(share, 100.0 * sum_k / sum_n if sum_n else None)
            low, high = _wilson(db, sum_k, sum_n)
            assert band["y"][i] == pytest.approx(high, rel=1e-12, abs=1e-12)
            assert band["y"][-1 - i] == pytest.approx(low, rel=1e-12, abs=1e-12)
            checked += 1
    assert checked > 100
    industry = page.evaluate(read, "chart-industry")[1]  # its points show their interval
    k, n = industry["cd"][5][0], industry["cd"][5][1]
    assert (industry["cd"][5][2], industry["cd"][5][3]) == pytest.approx(_wilson(db, k, n))
    assert _close(industry["y"][5], 100.0 * k / n)
    with page.expect_download() as download:  # the CSV holds the smoothed rows
        page.locator(".control-row", has=page.locator("#chart-institutions-smooth")).locator(
            ".download-csv").click()
    assert download.value.suggested_filename.endswith("-institutions-smoothed-2.csv")
    row = page.locator(".control-row", has=page.locator("#chart-industry-smooth"))
    row.locator("button.copy-link").click()  # the link to this view
    page.wait_for_function("document.querySelector('.control-row [aria-live]').textContent")
    said = row.locator("[aria-live]").text_content()
    assert said == "Link copied." or said.endswith("#smooth=2")
    page.select_option("#chart-industry-smooth", "0")  # back: every chart of the page
    assert page.evaluate("location.hash") == "#smooth=0"
    assert page.evaluate(read, "chart-institutions") == raw

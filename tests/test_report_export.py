"""The edition's data: its Parquet (written with the site, and by `arxiv-trends export`)
against the database, and the CSV of the charts drawn from plotly specs (front page,
institutions) downloaded in a real headless Chromium."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import polars as pl
import pytest

from pipeline import store
from pipeline.cli.main import main
from pipeline.report import export
from tests.report_site import CHROMIUM_ARGS, Site


def _edition_data(site: Site) -> pl.DataFrame:
    return pl.read_parquet(site.edition / export.data_file(site.edition.name))


def test_the_command_writes_the_sites_parquet(site: Site, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    out = tmp_path / "edition.parquet"
    assert main(["--db", str(site.db_path), "export", "--source", "fulltext", "--out",
                 str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert pl.read_parquet(out).equals(_edition_data(site))


def test_the_parquet_holds_the_databases_numbers(site: Site) -> None:
    frame = _edition_data(site)
    assert set(frame["kind"].unique()) == {"term", "ngram", "institution"}
    con = store.connect(site.db_path, read_only=True)
    pooled = con.execute(
        "select term, month, n_mentioning, n_papers, share_pct, share_low_pct, share_high_pct,"
        " n_mentioning_body from out_term_share_by_month where source = 'fulltext'").fetchall()
    cv = dict(((r[0], r[1]), r[2:]) for r in con.execute(  # by hand: cs.CV as primary
        "select term, month, count(distinct paper_id) filter (where term is not null),"
        " (select count(*) from out_counted_papers c join core_papers p using (paper_id)"
        "  where c.is_counted and p.month = papers.month and p.primary_category = 'cs.CV')"
        " from (select distinct month from core_papers) as papers"
        " cross join (select term from core_terms) as terms"
        " left join (select paper_id, term, month from core_paper_terms join core_papers"
        "  using (paper_id) join out_counted_papers using (paper_id, month)"
        "  where is_counted and primary_category = 'cs.CV') as m using (term, month)"
        " group by all").fetchall())
    shipped = frame.filter(pl.col("kind") == "ngram").sort("n_mentioning")["term"][-1]
    ngram = con.execute("select month, n_papers from core_ngram_counts where ngram = ?"
                        " order by month", [shipped]).fetchall()
    in_cv = dict((r[0], r[1:]) for r in con.execute(  # the cell's stored rows, its papers
        "select month, n_papers, min_df from core_ngram_category_counts join"
        " core_ngram_category_months using (source, month, category, membership)"
        " where source = 'fulltext' and category = 'cs.CV' and membership = 'any'"
        " and ngram = ?", [shipped]).fetchall())
    cv_papers = dict(con.execute(  # by hand: the counted papers that list cs.CV
        "select month, count(*) from out_counted_papers join core_papers using (paper_id,"
        " month) where is_counted and list_contains(categories, 'cs.CV') group by all"
    ).fetchall())
    con.close()
    rows = {(r["term"], r["month"], r["category"], r["membership"], r["zone"]): r
            for r in frame.filter(pl.col("kind") == "term").iter_rows(named=True)}
    for term, month, k, n, share, low, high, k_body in pooled:
        row = rows[(term, month, "all", "all", "anywhere")]
        assert (row["n_mentioning"], row["n_papers"]) == (k, n)
        assert (row["share_pct"], row["share_low_pct"], row["share_high_pct"]) == (share, low, high)
        assert rows[(term, month, "all", "all", "body")]["n_mentioning"] == k_body
    checked = 0
    for (term, month), (k, n) in cv.items():
        row = rows.get((term, month, "cs.CV", "primary", "anywhere"))
        if n:
            assert (row["n_mentioning"], row["n_papers"]) == (k, n), (term, month)
            checked += 1
        else:  # no cs.CV paper counted that month: no row, or a row of none
            assert row is None or row["n_papers"] == 0
    assert checked > 500
    ngrams = frame.filter((pl.col("kind") == "ngram") & (pl.col("term") == shipped))
    pooled_ngram = ngrams.filter(pl.col("category") == "all")
    by_month = dict(zip(pooled_ngram["month"].to_list(), pooled_ngram["n_mentioning"].to_list()))
    assert ngram and all(by_month[month] == k for month, k in ngram)
    cell = ngrams.filter((pl.col("category") == "cs.CV") & (pl.col("membership") == "any"))
    assert len(in_cv) > 10
    assert {r["month"]: (r["n_mentioning"], r["min_df"]) for r in cell.iter_rows(named=True)
            } == {month: (k, min_df) for month, (k, min_df) in in_cv.items()}
    assert all(r["n_papers"] == cv_papers[r["month"]] and
               r["share_pct"] == pytest.approx(100.0 * r["n_mentioning"] / r["n_papers"])
               for r in cell.iter_rows(named=True))


@pytest.fixture(scope="module")
def page(chromium: str):  # noqa: ANN201
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser.new_context(accept_downloads=True).new_page()
        browser.close()


def _download(page, site: Site, name: str, chart: str, tmp_path: Path) -> list[dict]:  # noqa: ANN001
    page.goto((site.edition / name).as_uri())
    page.wait_for_selector("body[data-ready='1']")
    with page.expect_download() as download:
        page.click(f"#chart-{chart} >> xpath=preceding-sibling::div[1] >> button.download-csv")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == f"{site.edition.name}-{download.value.suggested_filename.split('-', 2)[2]}"
    return list(csv.DictReader(path.open(encoding="utf-8")))


def test_the_front_pages_csv_is_the_papers_per_month(page, site: Site, tmp_path: Path) -> None:  # noqa: ANN001
    rows = _download(page, site, "index.html", "denominator", tmp_path)
    con = store.connect(site.db_path, read_only=True)
    own = con.execute("select strftime(month, '%Y-%m'), count(*), count(*) filter (where"
                      " is_counted) from out_counted_papers where is_in_categories"
                      " group by all order by 1").fetchall()
    con.close()
    assert [(r["month"], int(r["n_papers"]), int(r["n_with_text"])) for r in rows] == own


def test_the_industry_csv_has_the_shares_and_intervals(page, site: Site, tmp_path: Path) -> None:  # noqa: ANN001
    rows = _download(page, site, "institutions.html", "industry", tmp_path)
    con = store.connect(site.db_path, read_only=True)
    own = {f"{r[0]:%Y-%m}": r[1:] for r in con.execute(
        "select month, n_with_industry, n_papers, industry_share_pct, industry_share_low_pct,"
        " industry_share_high_pct from out_industry_share_by_month").fetchall()}
    con.close()
    rows = [r for r in rows if r["series"] == "of all papers (95% band)"]
    assert len(rows) == len(own)
    for row in rows:
        k, n, share, low, high = own[row["month"]]
        assert (int(row["n_with_industry"]), int(row["n_papers"])) == (k, n)
        for name, value in (("industry_share_pct", share), ("industry_share_low_pct", low),
                            ("industry_share_high_pct", high)):
            assert math.isclose(float(row[name]), value, rel_tol=1e-12, abs_tol=1e-12), name


def test_the_institutions_csv_equals_the_editions_data(page, site: Site, tmp_path: Path) -> None:  # noqa: ANN001
    rows = _download(page, site, "institutions.html", "institutions", tmp_path)
    stored = {(r["term"], f"{r['month']:%Y-%m}"): r for r in _edition_data(site).filter(
        pl.col("kind") == "institution").iter_rows(named=True)}
    assert len({r["institution"] for r in rows}) >= 4
    for row in rows:
        want = stored[(row["institution"], row["month"])]  # from sql/, by the Wilson macros
        assert (int(row["n_with"]), int(row["n_papers"])) == (want["n_mentioning"],
                                                               want["n_papers"])
        for name in ("share_pct", "share_low_pct", "share_high_pct"):
            assert math.isclose(float(row[name]), want[name], rel_tol=1e-12, abs_tol=1e-12)

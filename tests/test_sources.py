"""The two text sources through every command and the report: the real cs.NE metadata alone
(no PDF) gives an abstract edition whose numbers are worked out here from the JSON lines;
a database with both gives two editions that link to each other in a real browser."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from pipeline import report, store
from pipeline.cli.main import main
from pipeline.count import tokenize
from pipeline.ops import snapshot
from pipeline.settings import Settings
from tests.conftest import make_settings
from tests.report_site import CHROMIUM_ARGS
from tests.test_abstracts import SGD

MONTH = date(2018, 12, 1)
IN_CATEGORIES = ("list_has_any(core_papers.categories, (select list(category) from"
                 " core_categories))")


@dataclass(frozen=True)
class Metadata:
    """The real cs.NE metadata, imported alone, and what the test reads from its lines."""

    settings: Settings
    texts: dict[date, dict[str, str]]  # month -> paper id -> title + abstract


@pytest.fixture(scope="module")
def metadata(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Metadata:
    path = corpus / "metadata" / "cs.NE-1998-2019.jsonl"
    settings = make_settings(tmp_path_factory.mktemp("abstracts"))
    snapshot.import_snapshot(settings, path)
    texts: dict[date, dict[str, str]] = defaultdict(dict)
    for record in map(json.loads, path.read_text(encoding="utf-8").splitlines()):
        created = datetime.strptime(record["versions"][0]["created"], "%a, %d %b %Y %H:%M:%S %Z")
        texts[date(created.year, created.month, 1)][record["id"]] = (
            f"{record['title']}\n\n{record['abstract']}")
    return Metadata(settings, texts)


def run_cli(settings: Settings, args: list[str], capsys: pytest.CaptureFixture[str]
            ) -> tuple[int, str, str]:
    code = main(["--db", str(settings.db_path), *args])
    out, err = capsys.readouterr()
    return code, out, err


def mentioning_sgd(texts: dict[str, str]) -> set[str]:
    return {pid for pid, text in texts.items() if SGD.search(" ".join(text.lower().split()))}


def test_commands_use_the_abstracts_when_there_is_no_full_text(
        metadata: Metadata, capsys: pytest.CaptureFixture[str]) -> None:
    of_month = metadata.texts[MONTH]
    sgd = mentioning_sgd(of_month)
    assert sgd  # the month has some
    code, out, err = run_cli(metadata.settings, ["table", "--family", "optimizer", "--month",
                                                 "2018-12", "--format", "csv"], capsys)
    assert code == 0 and err.startswith("source: abstracts")
    [row] = [r for r in csv.DictReader(io.StringIO(out)) if r["term"] == "sgd"]
    assert (int(row["n_mentioning"]), int(row["n_papers"])) == (len(sgd), len(of_month))
    assert float(row["share_pct"]) == pytest.approx(100 * len(sgd) / len(of_month))
    assert row["source"] == "abstracts"

    code, out, err = run_cli(metadata.settings, ["papers", "--term", "sgd", "--month",
                                                 "2018-12", "--format", "csv"], capsys)
    assert code == 0 and err.startswith("source: abstracts")
    listed = list(csv.DictReader(io.StringIO(out)))
    assert {r["paper_id"] for r in listed} == sgd
    assert {r["source"] for r in listed} == {"abstracts"}  # an export names its source

    code, out, err = run_cli(metadata.settings, ["hot", "--month", "2018-12", "--limit", "5",
                                                 "--min-papers", "5", "--format", "csv"],
                             capsys)
    assert code == 0 and err.startswith("source: abstracts")
    assert [r["source"] for r in csv.DictReader(io.StringIO(out))] == ["abstracts"] * 5

    # one word from the abstract n-gram counts, every month; pruned months are marked
    code, out, err = run_cli(metadata.settings, ["query", "evolutionary", "--source",
                                                 "abstracts", "--format", "csv"], capsys)
    assert code == 0 and not err.startswith("source:")  # asked for: nothing to say
    got = {r["month"]: r for r in csv.DictReader(io.StringIO(out))}
    assert len(got) == len(metadata.texts)
    for month, texts in metadata.texts.items():
        n = sum("evolutionary" in set(tokenize(text)) for text in texts.values())
        row = got[f"{month:%Y-%m-%d}"]
        assert int(row["n_papers_with_text"]) == len(texts), month
        if row["is_below_min_df"] == "true":
            assert n < metadata.settings.ngram_min_df, month
        else:
            assert int(row["n_papers"]) == n, month
        assert row["source"] == "abstracts"

    # the full-text source holds nothing: asked for, it says so instead of a wrong number
    code, out, err = run_cli(metadata.settings, ["table", "--source", "fulltext"], capsys)
    assert code == 1 and "no paper counted in fulltext" in err


def test_named_queries_take_the_source_and_refuse_a_wrong_one(
        metadata: Metadata, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(metadata.settings, [
        "sql", "--name", "term_shares_by_month", "--param", "source=full_text"], capsys)
    assert code == 1 and "expected one of fulltext, abstracts" in err
    code, out, err = run_cli(metadata.settings, [
        "sql", "--name", "month_coverage", "--param", "min_coverage_pct=90", "--format",
        "csv"], capsys)  # no source given: the default is said, and it is the abstracts
    assert code == 0 and err.startswith("source: abstracts") and "--param source=" in err
    rows = {r["month"]: r for r in csv.DictReader(io.StringIO(out))}
    assert int(rows["2018-12-01"]["n_with_text"]) == len(metadata.texts[MONTH])
    assert rows["2018-12-01"]["is_provisional"] == "false"  # every abstract is there


def test_the_abstract_edition_from_metadata_alone(
        metadata: Metadata, tmp_path: Path, chromium: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    from playwright.sync_api import sync_playwright

    site = tmp_path / "site"
    code, out, err = run_cli(metadata.settings, ["report", "--month", "2018-12", "--site",
                                                 str(site)], capsys)
    assert code == 0 and err.startswith("source: abstracts")
    edition = site / "2018-12-abstracts"
    assert out.strip() == str(edition / "index.html")
    html = (edition / "optimizer.html").read_text(encoding="utf-8")
    of_month = metadata.texts[MONTH]
    share = f"{100 * len(mentioning_sgd(of_month)) / len(of_month):.1f}"
    assert f'<td class="num">{share}</td><td>SGD</td>' in html
    assert "counted in: <strong>titles + abstracts</strong>" in html
    assert "% of papers with title + abstract" in html  # the chart's axis names the source
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "2018-12 (titles + abstracts)" in index

    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        for name in ("index.html", "hot.html", "explorer.html", "method.html"):
            page.goto((edition / name).as_uri())
            page.wait_for_selector("body[data-ready='1']", timeout=30_000)
            assert page.locator("#other-edition").count() == 0  # no full-text edition
            if name == "hot.html":
                assert page.locator("table tbody tr").count() > 0
        assert "titles + abstracts" in page.text_content("#edition-source")
        browser.close()
    assert errors == []


def test_a_database_with_both_sources_writes_two_linked_editions(
        tiny_db: Settings, tmp_path: Path, chromium: str) -> None:
    from playwright.sync_api import sync_playwright

    site = tmp_path / "site"
    con = store.connect(tiny_db.db_path, read_only=True)
    try:
        fronts = {source: report.write_site_edition(
            report.load_edition_data(con, source=source), site) for source in ("fulltext",
                                                                                 "abstracts")}
        both = con.execute(
            f"select count(*) from core_papers where {IN_CATEGORIES} and paper_id in (select"
            " paper_id from core_paper_texts) and paper_id in (select paper_id from"
            " core_abstract_counts)").fetchall()[0][0]
    finally:
        con.close()
    assert fronts["abstracts"].parent.name == fronts["fulltext"].parent.name + "-abstracts"
    method = (fronts["abstracts"].parent / "method.html").read_text(encoding="utf-8")
    assert both > 0 and f"Measured here on the {both:,} papers" in method

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto((fronts["fulltext"].parent / "framework.html").as_uri())
        page.wait_for_selector("body[data-ready='1']", timeout=30_000)
        page.click("#other-edition")  # the same page of the abstract edition
        page.wait_for_selector("body[data-ready='1']", timeout=30_000)
        assert page.url.endswith(f"{fronts['abstracts'].parent.name}/framework.html")
        assert "titles + abstracts" in page.text_content("#text-source")
        page.click("#other-edition")  # and back
        page.wait_for_selector("body[data-ready='1']", timeout=30_000)
        assert page.url.endswith(f"{fronts['fulltext'].parent.name}/framework.html")
        browser.close()


def test_every_paper_with_a_text_is_in_both_sources(tiny_db: Settings) -> None:
    """A paper read in full still counts in the abstract series (the two never exclude each
    other), and each source's denominator is its own."""
    con = duckdb.connect(str(tiny_db.db_path), read_only=True)
    try:
        by_source = dict(con.execute("select source, count(*) from out_source_papers"
                                     " group by all").fetchall())
        n_read = con.execute("select count(*) from out_counted_papers where is_counted"
                             ).fetchall()[0][0]
        n_abstracts = con.execute(
            "select count(*) from core_abstract_counts join core_papers using (paper_id)"
            f" where {IN_CATEGORIES}").fetchall()[0][0]
    finally:
        con.close()
    assert by_source == {"fulltext": n_read, "abstracts": n_abstracts}

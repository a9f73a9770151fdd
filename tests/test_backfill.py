"""Backfills and the month's run record, without Prefect: real files, a real DuckDB."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipeline.cli.main import main
from pipeline.errors import ArxivTrendsError
from pipeline.ops import backfill, monthly
from tests.conftest import make_settings

FIRST, LAST = date(2015, 10, 1), date(2016, 1, 1)


def entries_per_month(tiny_sample) -> dict[date, int]:  # noqa: ANN001
    """The sample's papers per month, counted from its feed files."""
    return {date(int(p.stem[:4]), int(p.stem[5:7]), 1): p.read_text().count("<entry>")
            for p in tiny_sample.feed_paths}


def table(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_feeds_backfill_resumes_and_records_each_run(tiny_sample, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, pdf_dir=tiny_sample.pdf_dir)
    feeds = [tiny_sample.feed_paths[0].parent]
    first = backfill.backfill(settings, FIRST, LAST, "feeds", feeds)
    assert first.done == (FIRST, date(2015, 11, 1), date(2015, 12, 1), LAST)
    assert first.skipped == first.incomplete == ()
    papers = dict(table(settings.db_path, "select month, count(*) from core_papers group by 1"))
    assert papers == entries_per_month(tiny_sample)
    runs = table(settings.db_path, "select month, status, n_papers, n_with_text, finished_at"
                 " is not null from ingest_runs order by month")
    assert runs == [(m, "complete", n, n, True) for m, n in sorted(papers.items())]
    again = backfill.backfill(settings, FIRST, LAST, "feeds", feeds)
    assert again.done == () and again.skipped == first.done  # nothing read twice
    assert len(table(settings.db_path, "select * from ingest_runs")) == 4


def test_a_tarball_backfill_reads_each_pdf_once(tiny_sample, tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    backfill.backfill(settings, FIRST, LAST, "tarballs", [tiny_sample.pdf_dir])
    n_texts = table(settings.db_path, "select count(*) from core_paper_texts")[0][0]
    assert n_texts == tiny_sample.n_papers
    before = table(settings.db_path, "select count(*), max(started_at) from ingest_runs")
    backfill.backfill(settings, FIRST, LAST, "tarballs", [tiny_sample.pdf_dir])
    assert table(settings.db_path, "select count(*), max(started_at) from ingest_runs") == before


@pytest.mark.parametrize(("source", "paths", "message"), [
    ("web", [], "source must be one of"),
    ("tarballs", [], "needs the files"),
    ("feeds", [], "one folder"),
])
def test_bad_backfills_are_refused(tmp_path: Path, source: str, paths: list, message: str) -> None:
    with pytest.raises(ArxivTrendsError, match=message):
        backfill.backfill(make_settings(tmp_path), FIRST, LAST, source, paths)


def test_the_month_just_ended() -> None:
    assert monthly.month_just_ended(date(2026, 1, 2)) == date(2025, 12, 1)
    assert monthly.month_just_ended(date(2026, 11, 30)) == date(2026, 10, 1)


def test_a_quarantined_pdf_leaves_the_month_complete(
        tiny_sample, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    source = next(p for p in tiny_sample.feed_paths if p.stem == "2015-11")
    (feeds / source.name).write_bytes(source.read_bytes())
    pdfs = tmp_path / "pdfs"  # one PDF missing: that paper is quarantined, not unread
    pdfs.mkdir()
    for pdf in sorted(tiny_sample.pdf_dir.glob("1511.*.pdf"))[1:]:
        (pdfs / pdf.name).write_bytes(pdf.read_bytes())
    db = str(tmp_path / "cron.duckdb")
    args = ["--db", db, "ingest", "--month", "2015-11", "--feeds-dir", str(feeds),
            "--pdf-dir", str(pdfs), "--no-report"]
    assert main(args) == 0
    assert "1 failed; complete" in capsys.readouterr().out
    con = duckdb.connect(db)
    con.execute("delete from core_extract_failures")  # now one paper is neither read nor failed
    con.close()
    settings = make_settings(tmp_path, db_path=tmp_path / "cron.duckdb")
    status = monthly.check_month(settings, date(2015, 11, 1), is_api=False)
    assert (status.n_unread, status.is_complete) == (1, False)
    code = main(["--db", db, "status"])
    out = capsys.readouterr().out
    assert code == 0 and "2015-11-01" in out and "failures waiting" in out

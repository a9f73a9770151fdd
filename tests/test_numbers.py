"""Numbers a reader can check: versions, garbled texts, papers that move month, provisional
months, strict JSON and the settings the pages print, each worked out by hand."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from pipeline import store
from pipeline.cli import main
from pipeline.extract import Zones
from pipeline.ops import ingest, local
from pipeline.papers import Paper
from pipeline.sources import PaperBatch, Source
from tests.conftest import make_settings

NOV = date(2015, 11, 1)


def rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        store.register_texts(con)
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_highest_version_s_text_wins_in_one_run_and_after(tiny_sample, tmp_path) -> None:
    pdfs = sorted(tiny_sample.pdf_dir.glob("*.pdf"))
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(pdfs[0], folder / "1511.99999v9.pdf")
    shutil.copy(pdfs[1], folder / "1511.99999v1.pdf")  # another text, an older version
    settings = make_settings(tmp_path)
    local.add_pdfs(settings, [folder])
    v9_text = rows(settings.db_path, "select text from paper_texts")[0][0]
    assert rows(settings.db_path, "select version from core_paper_texts") == [(9,)]
    (folder / "1511.99999v9.pdf").unlink()
    local.add_pdfs(settings, [folder])  # v1 alone, later: v9's text stays
    assert rows(settings.db_path, "select version, text from paper_texts") == [
        (9, v9_text)]
    assert rows(settings.db_path, "select version from core_papers") == [(9,)]


def test_a_garbled_text_counts_in_no_share(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    at = datetime(2015, 11, 3)
    papers = [Paper(f"1511.0000{i}", 1, f"P{i}", ("A. B",), "cs.LG", ("cs.LG",), at, at)
              for i in range(3)]
    texts = {"1511.00000": ("we use tensorflow and resnet", "ok"),
             "1511.00001": ("tensorflow models for resnet", "ok"),
             "1511.00002": ("tensorflowresnetgluedtogether" * 30, "garbled")}
    reads = [ingest.ReadPaper(pid, store.PaperText(text, 1, quality, Zones(0, None)),
                              {"tensorflow": (0, 1, 0)}, None) for pid, (text, quality)
             in texts.items()]
    source = Source("feed", batches=[PaperBatch.of(papers, "feed")], replaces_months=True)
    con = store.connect(settings.db_path)
    ingest.write_source(con, settings, source, reads, print)
    con.close()
    # 2 readable texts: every share divides by 2, the garbled one is shown apart
    assert rows(settings.db_path, "select n_papers, n_with_text, n_garbled from"
                                  " out_papers_by_month") == [(3, 2, 1)]
    assert rows(settings.db_path, "select n_papers_with_text from core_ngram_months") == [(2,)]
    assert rows(settings.db_path, "select n_papers from core_ngram_counts where ngram ="
                                  " 'tensorflow'") == [(2,)]


ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"
      xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"
      xmlns:arxiv="http://arxiv.org/schemas/atom">
  <title>arXiv Query</title><id>http://arxiv.org/api/test</id>
  <updated>2015-12-01T00:00:00-05:00</updated>
  <opensearch:totalResults>1</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
  <opensearch:itemsPerPage>1</opensearch:itemsPerPage>
  <entry>
    <id>http://arxiv.org/abs/1512.03385v1</id>
    <updated>2015-11-30T20:46:10Z</updated><published>2015-11-30T20:46:10Z</published>
    <title>Deep Residual Learning for Image Recognition</title>
    <summary>Deeper neural networks are more difficult to train.</summary>
    <author><name>Kaiming He</name></author>
    <link href="http://arxiv.org/abs/1512.03385v1" rel="alternate" type="text/html"/>
    <arxiv:primary_category term="cs.CV" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.CV" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
</feed>
"""


def test_metadata_moving_a_paper_read_from_its_pdf_recounts_both_months(
        corpus: Path, tmp_path: Path) -> None:
    # The ResNet PDF alone: its stamp (v1, 10 Dec 2015, cs.CV) files it under 2015-12 ...
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    shutil.copy(corpus / "pdfs" / "1512.03385v1.pdf", pdfs / "1512.03385v1.pdf")
    settings = make_settings(tmp_path)
    local.add_pdfs(settings, [pdfs])
    counted = "select month, n_papers_with_text from core_ngram_months order by month"
    assert rows(settings.db_path, counted) == [(date(2015, 12, 1), 1)]
    # ... until a feed says it was submitted on 30 Nov 2015 (a made-up date): it moves, and
    # both months' n-gram counts follow it
    feed = tmp_path / "2015-11.xml"
    feed.write_text(ATOM, encoding="utf-8")
    local.ingest_feeds(settings, [feed], pdfs)
    assert rows(settings.db_path, "select month, source from core_papers") == [(NOV, "feed")]
    assert rows(settings.db_path, counted) == [(NOV, 1), (date(2015, 12, 1), 0)]
    assert rows(settings.db_path, "select count(*) from core_ngram_counts where month ="
                                  " '2015-12-01'") == [(0,)]


def test_an_incomplete_month_is_provisional_in_tables_and_pages(
        tiny_sample, tmp_path: Path, capsys) -> None:
    # 2015-11 from its feed, with only 2 of its PDFs on disk: the rest fail "no PDF file"
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    for pdf in sorted(tiny_sample.pdf_dir.glob("1511.*.pdf"))[:2]:
        shutil.copy(pdf, pdfs / pdf.name)
    feed = next(p for p in tiny_sample.feed_paths if p.stem == "2015-11")
    settings = make_settings(tmp_path)
    local.ingest_feeds(settings, [feed], pdfs)
    [(n_papers, n_with_text)] = rows(settings.db_path, "select n_papers, n_with_text from"
                                                       " out_papers_by_month")
    assert n_with_text == 2 and n_papers >= 10  # coverage far under 90%
    db = str(settings.db_path)
    code, out, err = run_cli(["--db", db, "table", "--month", "2015-11", "--format", "csv"],
                             capsys)
    assert code == 0 and "2015-11 is provisional: 2 of" in err
    assert out.splitlines()[0].endswith("coverage_pct,is_provisional")
    assert all(line.endswith(",true") for line in out.splitlines()[1:])
    code, out, err = run_cli(["--db", db, "report", "--site", str(tmp_path / "site")], capsys)
    front = Path(out.strip()).read_text(encoding="utf-8")
    assert code == 0 and 'id="provisional-notice"' in front and "Provisional:" in front
    # a month without any text is refused, and no edition is written for it
    code, out, err = run_cli(["--db", db, "report", "--month", "2016-01", "--site",
                              str(tmp_path / "site")], capsys)
    assert code == 1 and "no paper of 2016-01 is counted in its full texts" in err
    assert not (tmp_path / "site" / "2016-01").exists()


def test_hot_lists_are_strict_json(tmp_path: Path, capsys) -> None:
    from pipeline.count import ngrams

    db = tmp_path / "new.duckdb"
    con = store.connect(db)
    import polars as pl

    for month, n_using in ((date(2015, 1, 1), 0), (date(2016, 6, 1), 20)):
        texts = ["transformers" if i < n_using else "network" for i in range(50)]
        frame = pl.DataFrame({"paper_id": [f"{month:%y%m}.{i:05d}" for i in range(50)],
                              "month": [month] * 50, "text": texts})
        store.save_month_ngrams(con, month, ngrams.count_document_frequencies(frame), 50,
                                min_df=1)
    con.close()
    code, out, _ = run_cli(["--db", str(db), "hot", "--month", "2016-06", "--min-papers", "1",
                            "--no-merge", "--format", "json"], capsys)

    def no_constants(name: str) -> None:
        raise AssertionError(f"not strict JSON: {name}")

    listed = {row["term"]: row for row in json.loads(out, parse_constant=no_constants)}
    assert code == 0 and listed["transformers"]["ratio"] is None
    assert listed["transformers"]["is_new"] is True


def test_pages_print_the_pruning_the_months_were_stored_with(tiny_sample, tmp_path) -> None:
    from pipeline import report

    settings = make_settings(tmp_path, ngram_min_df=3)
    local.ingest_feeds(settings, list(tiny_sample.feed_paths), tiny_sample.pdf_dir, "sample")
    con = store.connect(settings.db_path, read_only=True)
    data = report.load_edition_data(con, hot_min_papers=2)
    con.close()
    pages = report.render_edition(data, [])
    assert "stored when at least 3 papers of a month use it" in pages["method.html"]

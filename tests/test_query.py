"""Asking your own question: word and phrase series, drill-down, ad-hoc SQL (also while
another process writes the database), export, and user input that tries to be SQL.

The texts are written here, so every count below is worked out by hand from them.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest

from pipeline import analyse, store
from pipeline.analyse import phrases
from pipeline.cli.main import main
from pipeline.count import ngrams
from pipeline.extract import Zones
from tests.test_hot import save_months

JAN, FEB = date(2016, 1, 1), date(2016, 2, 1)
TEXTS = {
    # "state space model": 1601.00001 and .00003 in January, 1602.00001 in February.
    "1601.00001": (JAN, "We use a state space model here."),
    "1601.00002": (JAN, "A State-space model is one token and a word."),
    "1601.00003": (JAN, "the state space\nmodel (a line break inside is fine)"),
    "1601.00004": (JAN, "state space, model: the comma breaks it"),
    "1602.00001": (FEB, "A state space model and Mamba."),
    "1602.00002": (FEB, "Mamba, mamba."),
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("query") / "query.duckdb"
    con = store.connect(path)
    for paper_id, (month, text) in TEXTS.items():
        con.execute("insert into core_papers (paper_id, version, title, categories,"
                    " primary_category, published_at, month, source)"
                    " values (?, 1, ?, ['cs.LG'], 'cs.LG', ?, ?, 'hand')",
                    [paper_id, f"<script>alert('{paper_id}')</script>",
                     datetime(month.year, month.month, 5), month])
        text_file = store.save_text_file(store.texts_folder(con), month, {
            paper_id: store.PaperText(text, 1, "ok", Zones(0, None))})
        con.execute("insert into core_paper_texts values (?, 1, ?, 'ok', 0, null, null, ?)",
                    [paper_id, len(text), text_file])
    store.recount_ngrams(con)
    con.close()
    return path


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def series(db: Path, *asked: str) -> dict[tuple[str, date], tuple]:
    con = store.connect(db, read_only=True)
    frame = phrases.load_phrase_series(con, list(asked))
    con.close()
    return {(r["phrase"], r["month"]): (r["n_papers"], r["n_papers_with_text"], r["share_pct"],
                                       r["is_below_min_df"], r["counted_by"])
            for r in frame.to_dicts()}


def test_long_phrases_are_read_from_the_texts(db: Path) -> None:
    got = series(db, "State space model")
    assert got == {("State space model", JAN): (2, 4, 50.0, False, "text_scan"),
                   ("State space model", FEB): (1, 2, 50.0, False, "text_scan")}
    together = series(db, "is one token", "State space model", "state space model")
    assert {k: v for k, v in together.items() if k[0] == "State space model"} == got
    assert together[("state space model", JAN)] == got[("State space model", JAN)]
    assert together[("is one token", JAN)] == series(db, "is one token")[("is one token", JAN)]


def test_words_and_pairs_come_from_the_ngram_counts(db: Path) -> None:
    got = series(db, "space model", "Mamba")
    assert got[("space model", JAN)] == (2, 4, 50.0, False, "ngram_counts")
    # February: one paper, under min_df = 2, so no row: 0 and flagged
    assert got[("space model", FEB)] == (0, 2, 0.0, True, "ngram_counts")
    assert got[("Mamba", FEB)] == (2, 2, 100.0, False, "ngram_counts")
    assert got[("Mamba", JAN)][0] == 0


def test_a_scan_agrees_with_the_counts_for_every_stored_pair(db: Path) -> None:
    con = store.connect(db, read_only=True)
    stored = con.sql("select month, ngram, n_papers from core_ngram_counts").fetchall()
    for month, ngram, n_papers in stored:
        batch = pl.DataFrame({"text": [t for m, t in TEXTS.values() if m == month]})
        assert batch.select(ngrams.has_phrase(ngram.split(" ")).sum()).item() == n_papers, ngram
    con.close()


def test_stop_words_and_numbers_are_matched_word_for_word(db: Path) -> None:
    # The counts drop stop words and numbers, so these are read from the texts.
    got = series(db, "is one token", "Mamba, mamba", "model 2")
    assert got[("is one token", JAN)] == (1, 4, 25.0, False, "text_scan")  # 1601.00002
    assert got[("is one token", FEB)][0] == 0
    assert got[("Mamba, mamba", FEB)][0] == 0  # the comma is part of no phrase: words only
    assert got[("model 2", JAN)][0] == 0


def test_a_phrase_without_words_gets_a_clear_error(db: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["--db", str(db), "query", "!!! ---"], capsys)
    assert code == 1 and "holds no word" in err
    code, _, err = run_cli(["--db", str(db), "query", "x" * 500], capsys)
    assert code == 1 and "at most 200 characters" in err


def test_query_prints_csv_and_plots(db: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    plot = tmp_path / "plot.html"
    code, out, err = run_cli(["--db", str(db), "query", "mamba", "state space model",
                              "--format", "csv", "--plot", str(plot)], capsys)
    assert code == 0 and err == f"plot: {plot}\n{analyse.describe_source('fulltext')}\n"
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {(r["phrase"], r["month"], r["n_papers"]) for r in rows} == {
        ("mamba", "2016-01-01", "0"), ("mamba", "2016-02-01", "2"),
        ("state space model", "2016-01-01", "2"), ("state space model", "2016-02-01", "1")}
    html = plot.read_text()
    assert "state space model" in html and "Plotly.newPlot" in html
    assert '<script src="http' not in html and len(html) > 1_000_000  # plotly.js inside


def test_drill_down_into_a_phrase(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["--db", str(db), "papers", "--month", "2016-01", "--phrase",
                            "state space model", "--format", "csv"], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["paper_id"] for r in rows] == ["1601.00001", "1601.00003"]
    assert rows[0]["url"] == "https://arxiv.org/abs/1601.00001"
    assert rows[0]["title"] == "<script>alert('1601.00001')</script>"  # data, kept as it is


def test_export_to_parquet_and_csv(db: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    out_path = tmp_path / "series.parquet"
    code, out, _ = run_cli(["--db", str(db), "query", "mamba", "--out", str(out_path)], capsys)
    assert code == 0 and out.strip() == str(out_path)
    frame = pl.read_parquet(out_path)
    assert frame.schema["month"] == pl.Date
    assert frame.sort("month")["n_papers"].to_list() == [0, 2]
    code, _, _ = run_cli(["--db", str(db), "months", "--out", str(tmp_path / "m.csv")], capsys)
    assert (tmp_path / "m.csv").read_text().splitlines()[0].startswith("month,n_papers")
    code, _, err = run_cli(["--db", str(db), "months", "--format", "parquet"], capsys)
    assert code == 1 and "--out" in err


@pytest.mark.parametrize("args", [
    ["papers", "--month", "2016-01", "--term", "adam'; drop table core_papers; --"],
    ["query", "x'); drop table core_papers; --"],
    ["sql", "select $v as v", "--param", "v='; drop table core_papers; --"],
    ["papers", "--month", "2016-01", "--phrase", "\"); delete from core_papers; --"],
])
def test_user_input_is_bound_never_run(db: Path, args: list[str],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    run_cli(["--db", str(db), *args], capsys)
    code, out, _ = run_cli(["--db", str(db), "sql", "select count(*) as n from core_papers",
                            "--format", "csv"], capsys)
    assert code == 0 and out.splitlines()[1] == str(len(TEXTS))
    if args[0] == "sql":
        code, out, _ = run_cli(["--db", str(db), *args, "--format", "csv"], capsys)
        assert out.splitlines()[1] == "'; drop table core_papers; --"


def test_sql_reads_the_published_copy_while_another_process_writes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "busy.duckdb"
    save_months(db, {JAN: {"word": 3}}, {JAN: 5})
    code, _, _ = run_cli(["--db", str(db), "recount"], capsys)  # a writing command publishes
    assert code == 0 and store.read_copy_path(db).exists()
    writer = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]);"
         " con.execute('create table busy (x int)'); print('ready', flush=True);"
         " time.sleep(120)", str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "ready"
        code, out, err = run_cli(["--db", str(db), "sql", "select n_papers from"
                                  " core_ngram_counts where ngram = 'word'", "--format", "csv"],
                                 capsys)
        assert code == 0 and out.splitlines() == ["n_papers", "3"]
        assert "being written by another process" in err and "busy.read.duckdb" in err
        assert store.publish_read_copy(db) is None  # the writer holds it: left alone
    finally:
        writer.kill()
        writer.wait()
    code, out, err = run_cli(["--db", str(db), "sql", "select 1 as one"], capsys)
    assert code == 0 and err == ""  # no writer: the database itself

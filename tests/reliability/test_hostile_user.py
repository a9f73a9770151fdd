"""What a careless or hostile user did to `main`, each kept from happening again: SQL that
writes or reads files, a snapshot that broke off published by another command, a `--db` that
is not a database, a record that stopped every import, a huge tarball member, a PDF that
gives tens of millions of characters, a writer failing at once beside a long reader, and
work read again after a kill. Everything runs for real: the CLI, DuckDB, pdfminer.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import duckdb
import pytest

from pipeline.cli.main import main
from pipeline.errors import SnapshotError
from pipeline.ops import local, snapshot
from pipeline.sample.pdf import _assemble
from pipeline.store import schema
from tests.conftest import ROOT, make_settings
from tests.reliability.test_bad_input import _one_page, _stream, rows
from tests.reliability.test_crash import ENV, core_tables, run

NE_LINES = "cs.NE-1998-2019.jsonl"


def snapshot_lines(corpus: Path, n: int) -> list[str]:
    """The first `n` lines of the shared real cs.NE metadata."""
    return (corpus / "metadata" / NE_LINES).read_text(encoding="utf-8").splitlines()[:n]


def test_sql_runs_only_one_statement_that_reads(corpus: Path, tmp_path: Path, capsys) -> None:
    settings = make_settings(tmp_path)
    lines = tmp_path / "lines.jsonl"
    lines.write_text("\n".join(snapshot_lines(corpus, 300)) + "\n", encoding="utf-8")
    snapshot.import_snapshot(settings, lines)
    db = str(settings.db_path)
    before = core_tables(settings.db_path)
    outside = tmp_path / "outside.csv"
    outside.write_text("a,b\n1,2\n", encoding="utf-8")
    hostile = [
        f"attach '{db}' as w (read_only false)",
        f"detach test; attach '{db}' as test; drop table test.core_paper_texts",
        "drop table core_paper_texts",
        "delete from core_papers",
        f"copy core_papers to '{tmp_path / 'copied.csv'}'",
        f"export database '{tmp_path / 'exported'}'",
        f"select * from read_csv('{outside}')",
        f"select * from '{outside}'",
        "install httpfs",
        "load httpfs",
        "set enable_external_access = true",
        "select 1; select 2",
        f"select * from read_text('{ROOT / 'README.md'}')",
    ]
    for statement in hostile:
        capsys.readouterr()
        code = main(["--db", db, "sql", statement])
        err = capsys.readouterr().err
        assert code == 1, statement
        assert err.startswith("error: ") and err.count("\n") == 1, (statement, err)
    assert not (tmp_path / "copied.csv").exists() and not (tmp_path / "exported").exists()
    assert core_tables(settings.db_path) == before
    assert main(["--db", db, "sql", "select count(*) as n from core_papers", "--format",
                 "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["n", str(len(before["core_papers"]))]
    assert main(["--db", db, "sql", "describe core_papers"]) == 0  # what a reader needs
    # the writable way, asked for by name: `shell`
    done = subprocess.run([sys.executable, "-m", "pipeline", "--db", db, "shell"],
                          input="con.execute('create table notes (t varchar)')\n",
                          env=ENV, capture_output=True, text=True, check=True)
    assert "open to write" in done.stderr
    assert rows(settings.db_path, "select count(*) from notes") == [(0,)]


def test_a_snapshot_that_broke_off_is_published_by_no_other_command(
        corpus: Path, real_pdfs: list[Path], tmp_path: Path) -> None:
    lines = "\n".join(snapshot_lines(corpus, 3000)) + "\n"
    whole = gzip.compress(lines.encode())
    broken = tmp_path / "cut.jsonl.gz"
    broken.write_bytes(whole[: len(whole) * 97 // 100])
    settings = make_settings(tmp_path)
    with pytest.raises(SnapshotError):
        snapshot.import_snapshot(settings, broken, batch_size=500)
    assert rows(settings.db_path, "select count(*) from stage_input_papers")[0][0] >= 500

    pdf = tmp_path / "pdfs" / "1412.6980v9.pdf"  # a PDF with no metadata: its own row only
    pdf.parent.mkdir()
    shutil.copy(next(p for p in real_pdfs if p.name == "1412.6980v9.pdf"), pdf)
    local.add_pdfs(settings, [pdf.parent])
    assert rows(settings.db_path, "select paper_id from core_papers") == [("1412.6980",)]

    fixed = tmp_path / "whole.jsonl.gz"
    fixed.write_bytes(whole)
    summary = snapshot.import_snapshot(settings, fixed, batch_size=500)
    assert rows(settings.db_path, "select count(*) from core_papers")[0][0] == \
        summary.n_imported + 1
    assert rows(settings.db_path, "select count(*) from stage_input_papers") == [(0,)]


@pytest.mark.parametrize("kind", ["csv", "json", "parquet", "folder"])
def test_a_db_that_is_not_a_duckdb_file_is_refused(corpus: Path, tmp_path: Path, kind: str,
                                                   capsys) -> None:
    target = tmp_path / f"data.{kind}"
    if kind == "folder":
        target.mkdir()
    elif kind == "parquet":
        duckdb.sql(f"copy (select 1 as a) to '{target}' (format parquet)")
    else:
        target.write_text("a,b\n1,2\n" if kind == "csv" else '{"a": 1}\n', encoding="utf-8")
    before = target.read_bytes() if target.is_file() else None
    lines = tmp_path / "lines.jsonl"
    lines.write_text("\n".join(snapshot_lines(corpus, 50)) + "\n", encoding="utf-8")
    assert main(["--db", str(target), "import-snapshot", str(lines)]) == 1
    err = capsys.readouterr().err
    assert "not a DuckDB database" in err or "is a folder" in err
    assert err.count("\n") == 1
    if before is not None:
        assert target.read_bytes() == before


def test_a_record_that_breaks_the_rules_is_skipped_with_its_line(corpus: Path,
                                                                 tmp_path: Path) -> None:
    good = snapshot_lines(corpus, 40)
    bad = [json.loads(line) for line in good[:4]]
    bad[0]["versions"].append({"version": "v99999999999",
                               "created": bad[0]["versions"][0]["created"]})
    bad[1]["versions"].append(dict(bad[1]["versions"][0]))  # v1 twice
    bad[2]["versions"][0]["created"] = "Mon, 1 Jan 1800 00:00:00 GMT"
    bad[3]["versions"][0]["created"] = "Fri, 31 Dec 9999 00:00:00 GMT"
    path = tmp_path / "lines.jsonl"
    path.write_text("\n".join([*(json.dumps(b) for b in bad), *good[4:]]) + "\n",
                    encoding="utf-8")
    settings = make_settings(tmp_path)
    for _ in range(2):  # and a rerun alike
        summary = snapshot.import_snapshot(settings, path)
        assert summary.n_malformed == 4
        assert [line_no for line_no, _ in summary.malformed] == [1, 2, 3, 4]
        reasons = [reason for _, reason in summary.malformed]
        assert "v99999999999" in reasons[0] and "twice" in reasons[1]
        assert "1800" in reasons[2] and "9999" in reasons[3]
    ids = {r[0] for r in rows(settings.db_path, "select paper_id from core_papers")}
    assert len(ids) == summary.n_imported and not ids & {b["id"] for b in bad}
    assert rows(settings.db_path, "select paper_id, version from core_paper_versions"
                " group by all having count(*) > 1") == []


def test_a_tarball_member_over_the_cap_is_a_failure_and_the_next_is_read(
        real_pdfs: list[Path], tmp_path: Path) -> None:
    tar_path = tmp_path / "arXiv_pdf_1412_001.tar.gz"
    real = next(p for p in real_pdfs if p.name == "1412.6980v9.pdf")
    big = tmp_path / "1412.0001v1.pdf"
    big.write_bytes(b"%PDF-1.4\n" + bytes(3_000_000))  # 3 MB, compresses to almost nothing
    with tarfile.open(tar_path, "w:gz") as tar:
        tar.add(big, "1412/1412.0001v1.pdf")
        tar.add(real, "1412/1412.6980v9.pdf")
    settings = make_settings(tmp_path, max_pdf_mb=1)
    summary = local.add_pdfs(settings, [tar_path])
    assert (summary.n_with_text, summary.n_failed) == (1, 1)
    failure = rows(settings.db_path, "select paper_id, reason from core_extract_failures")
    assert failure[0][0] == "1412.0001" and "more than the 1 MB" in failure[0][1]
    assert rows(settings.db_path, "select paper_id from core_paper_texts") == [("1412.6980",)]


def test_a_pdf_giving_millions_of_characters_is_a_failure(tmp_path: Path) -> None:
    """25 KB drawing one form of 2,100 characters 2,000 times: 4.2 million characters."""
    form = _stream(b"BT /F1 10 Tf 72 700 Td (" + b"momentum adam " * 150 + b") Tj ET",
                   b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
                   b"/Resources << /Font << /F1 3 0 R >> >> ")
    pdf = tmp_path / "in" / "1511.00001v1.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(_assemble(_one_page(_stream(b"q /X1 Do Q\n" * 2000),
                                        b"/XObject << /X1 6 0 R >>", (form,))))
    assert pdf.stat().st_size < 30_000
    settings = make_settings(tmp_path)
    summary = local.add_pdfs(settings, [pdf.parent])
    assert (summary.n_with_text, summary.n_failed) == (0, 1)
    reason = rows(settings.db_path, "select reason from core_extract_failures")[0][0]
    assert reason.startswith("text of 4,200,001 characters, more than the")


def _hold(db: Path, seconds: float) -> subprocess.Popen:
    """Another process reading the database for `seconds` (a long report or SQL)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; con = duckdb.connect(sys.argv[1], "
         "read_only=True); print('open', flush=True); time.sleep(float(sys.argv[2]))",
         str(db), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "open"
    return holder


def test_a_writer_waits_for_a_long_reader_and_one_that_never_wrote_leaves_no_marker(
        corpus: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    settings = make_settings(tmp_path)
    lines = tmp_path / "lines.jsonl"
    lines.write_text("\n".join(snapshot_lines(corpus, 200)) + "\n", encoding="utf-8")
    snapshot.import_snapshot(settings, lines)
    marker = settings.db_path.with_name(settings.db_path.name + ".writing")
    args = ["--db", str(settings.db_path), "count-abstracts", "--month", "2017-03"]

    monkeypatch.setenv("ARXIV_TRENDS_LOCK_WAIT_S", "0.5")
    holder = _hold(settings.db_path, 4)
    capsys.readouterr()
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "still held by another process after 0.5 s" in err.splitlines()[-1]
    assert not marker.exists()  # it never wrote: readers have no reason to avoid the file
    holder.wait()

    monkeypatch.setenv("ARXIV_TRENDS_LOCK_WAIT_S", "60")
    holder = _hold(settings.db_path, 3)
    started = time.monotonic()
    assert main(args) == 0
    assert time.monotonic() - started > 1.5  # it waited for the reader, then wrote
    assert "waiting up to 60 s for another process" in capsys.readouterr().err
    assert holder.wait() == 0 and not marker.exists()  # its copy published


def test_add_pdfs_after_a_kill_reads_only_what_was_not_staged(tiny_sample, tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    sources = sorted(tiny_sample.pdf_dir.glob("*.pdf"))
    for n in range(130):  # 130 papers of 2015-11: the first 100 are staged as a chunk
        shutil.copy(sources[n % len(sources)], folder / f"1511.{n + 1:05d}v1.pdf")
    db = tmp_path / "killed" / "test.duckdb"
    db.parent.mkdir()
    assert run(db, "add-pdfs", str(folder), kill_on="papers read") < 0
    assert rows(db, "select count(*) from stage_paper_texts")[0][0] == 100
    done = subprocess.run([sys.executable, "-m", "pipeline", "--db", str(db), "add-pdfs",
                           str(folder)], cwd=db.parent, env=ENV, capture_output=True,
                          text=True, check=True)
    assert "30 papers read" in done.stderr and "130 papers read" not in done.stderr
    ref = tmp_path / "ref" / "test.duckdb"
    ref.parent.mkdir()
    assert run(ref, "add-pdfs", str(folder)) == 0
    assert core_tables(db) == core_tables(ref)


def test_a_database_of_an_older_layout_is_brought_forward_and_a_newer_refused(
        tmp_path: Path, capsys) -> None:
    """Tables as an arxiv-trends of November 2026 made them (no abstract column; zones as
    booleans; no version stamp), written here: reading it brings it forward, rows kept."""
    old = tmp_path / "old.duckdb"
    con = duckdb.connect(str(old))
    con.execute("create table core_papers (paper_id varchar primary key, version integer not"
                " null, title varchar, authors varchar[], primary_category varchar, categories"
                " varchar[], published_at timestamp not null, updated_at timestamp, month date"
                " not null, source varchar not null)")
    con.execute("insert into core_papers values ('1412.6980', 9, 'Adam', ['D. Kingma'],"
                " 'cs.LG', ['cs.LG'], '2014-12-22', '2017-01-30', '2014-12-01', 'arxiv')")
    con.execute("create table core_paper_terms (paper_id varchar, term varchar, in_header"
                " boolean, in_body boolean, in_references boolean)")
    con.execute("insert into core_paper_terms values ('1412.6980', 'adam', true, true, false)")
    con.close()
    assert main(["--db", str(old), "sql", "select paper_id, title, abstract from core_papers",
                 "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["paper_id,title,abstract",
                                                    "1412.6980,Adam,"]
    assert rows(old, "select * from core_paper_terms") == [("1412.6980", "adam", 1, 1, 0)]
    assert rows(old, "select max(version) from meta_schema") == [(schema.SCHEMA_VERSION,)]

    con = duckdb.connect(str(old))
    con.execute("insert into meta_schema values (?, now(), '99.0')",
                [schema.SCHEMA_VERSION + 1])
    con.close()
    before = old.read_bytes()
    for args in (["sql", "select 1"], ["recount"]):
        assert main(["--db", str(old), *args]) == 1
        err = capsys.readouterr().err
        assert "was made by a newer arxiv-trends" in err and err.count("\n") == 1
    assert old.read_bytes() == before


@pytest.mark.parametrize("args, problem", [
    (["ingest", "--max-papers", "-1"], "must be from 0"),
    (["hot", "--month", "2017-03", "--limit", "99999999999999999999"], "must be from 1"),
    (["hot", "--month", "2017-03", "--limit", "ten"], "not a whole number"),
    (["import-snapshot", "x.jsonl", "--from", "2018-01", "--to", "2017-01"], "comes after"),
    (["papers", "--month", "2017-03", "--phrase", ""], "holds no word"),
    (["papers", "--month", "2017-03", "--term", " "], "--term is empty"),
    (["table", "--month", "1800-01"], "outside arXiv's years"),
    (["report", "--month", "9999-12"], "outside arXiv's years"),
    (["hot"], "--month"),
])
def test_every_argument_is_checked_at_the_edge_in_one_line(tiny_db, args, problem,
                                                          capsys) -> None:
    try:
        code = main(["--db", str(tiny_db.db_path), *args])
    except SystemExit as stop:  # the argument parser's own refusal
        code = stop.code
    err = capsys.readouterr().err
    assert code in (1, 2) and err.count("\n") == 1 and err.startswith("error: "), err
    assert problem in err, err


def test_of_two_versions_read_in_one_run_the_highest_wins_whatever_finishes_last(
        real_pdfs: list[Path], tmp_path: Path) -> None:
    """v9 is a short real paper, v1 a long one (read last when both start together); the paper
    row and its text both say v9, and the text is v9's."""
    by_name = {p.name: p for p in real_pdfs}
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(by_name["1412.6980v9.pdf"], folder / "1412.6980v9.pdf")
    longest = max(real_pdfs, key=lambda p: p.stat().st_size if "damaged" not in str(p) else 0)
    shutil.copy(longest, folder / "1412.6980v1.pdf")
    settings = make_settings(tmp_path)
    local.add_pdfs(settings, [folder])
    assert rows(settings.db_path, "select version from core_papers") == [(9,)]
    stored = rows(settings.db_path, "select version, text from paper_texts")
    assert [v for v, _ in stored] == [9] and "Adam" in stored[0][1][:3000]


def test_the_main_process_holds_a_bounded_amount_of_text_per_chunk() -> None:
    """Reads are staged `size` at a time, or sooner once their texts reach `max_chars`."""
    from pipeline.extract.zones import Zones
    from pipeline.ops.ingest import _chunks
    from pipeline.ops.read import ReadPaper
    from pipeline.store import PaperText

    def read(n_chars: int) -> ReadPaper:
        text = PaperText("x" * n_chars, 1, "ok", Zones(0, None))
        return ReadPaper("p", text if n_chars else None, {}, None if n_chars else ("f", "bad"))

    reads = [read(1_000_000), read(0), read(2_500_000), read(10), read(10), read(10)]
    sizes = [len(chunk) for chunk in _chunks(reads, size=4, max_chars=3_000_000)]
    assert sizes == [3, 3]  # the third read brings the chunk past 3M characters
    assert [len(c) for c in _chunks(reads, size=4, max_chars=10**9)] == [4, 2]

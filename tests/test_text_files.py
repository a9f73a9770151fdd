"""The texts in files beside the database: one file a month, replaced whole, never half seen;
files no row names removed once the read copy is published; an older database's texts moved
out; people's SQL reads them as `paper_texts` and still reaches no other file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipeline import store
from pipeline.cli.main import main
from pipeline.errors import ArxivTrendsError
from pipeline.extract import Zones
from pipeline.store import schema
from tests.conftest import make_settings


def copied(tiny_db, tmp_path: Path) -> Path:
    db = store.copy_database(tiny_db.db_path, tmp_path / "copy.duckdb")
    store.publish_read_copy(db)
    return db


def texts_and_files(db: Path) -> tuple[dict[str, str], dict[str, str], set[str]]:
    """Each paper's text and file (as the database names them), and the files on disk."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        store.register_texts(con)
        texts = dict(con.execute("select paper_id, text from paper_texts").fetchall())
        files = dict(con.execute("select paper_id, text_file from core_paper_texts").fetchall())
    finally:
        con.close()
    folder = store.texts_folder_of(db)
    return texts, files, {p.relative_to(folder).as_posix() for p in folder.glob("*/*")}


def test_each_month_is_one_file_the_database_holds_no_text(tiny_db, tmp_path: Path) -> None:
    db = copied(tiny_db, tmp_path)
    texts, files, on_disk = texts_and_files(db)
    assert texts and set(files.values()) == on_disk  # nothing left over, nothing missing
    con = duckdb.connect(str(db), read_only=True)
    months = dict(con.execute("select paper_id, strftime(month, '%Y-%m') from core_papers"
                              ).fetchall())
    n_chars = dict(con.execute("select paper_id, n_chars from core_paper_texts").fetchall())
    columns = {c for (c,) in con.execute(
        "select column_name from information_schema.columns where table_name in"
        " ('core_paper_texts', 'stage_paper_texts')").fetchall()}
    con.close()
    assert "text" not in columns
    by_month: dict[str, set[str]] = {}
    for pid, name in files.items():
        assert name.startswith(f"{months[pid]}/"), (pid, name)
        by_month.setdefault(months[pid], set()).add(name)
    assert all(len(names) == 1 for names in by_month.values()), by_month
    # every row's file holds that paper's text: its length is the one counted at the read
    assert {pid: len(text) for pid, text in texts.items()} == n_chars


def test_a_text_read_again_gets_a_new_file_and_the_old_one_goes(tiny_db, tmp_path) -> None:
    db = copied(tiny_db, tmp_path)
    texts, files, _ = texts_and_files(db)
    pid = sorted(texts)[0]
    con = store.connect(db)
    [(month, version)] = con.execute("select month, version from core_papers where paper_id = ?",
                                     [pid]).fetchall()
    new_text = "A text read again.\fIts second page, about resnet."
    batch = store.MonthBatch(month, [], {pid: store.PaperText(new_text, version, "ok",
                                                              Zones(0, None))})
    store.open_run(con, "again", month, "test")
    store.stage_reads(con, batch, "test", "again")
    assert store.publish_staged(con) == [month]
    con.close()
    store.publish_read_copy(db)
    after, after_files, on_disk = texts_and_files(db)
    assert after == {**texts, pid: new_text}
    assert set(after_files.values()) == on_disk
    same_month = {p for p, name in files.items() if name == files[pid]}
    assert files[pid] not in on_disk  # the month was written again, its old file removed
    assert len({after_files[p] for p in same_month}) == 1


def test_a_file_no_row_names_goes_at_the_next_publish(tiny_db, tmp_path: Path) -> None:
    db = copied(tiny_db, tmp_path)
    _, _, on_disk = texts_and_files(db)
    folder = store.texts_folder_of(db)
    # what a write killed before its commit leaves: a whole file and a half-written one
    orphan = store.save_text_file(folder, date(2015, 10, 1), {
        "1510.99999": store.PaperText("never committed", 1, "ok", Zones(0, None))})
    (folder / "2015-10" / ".x.parquet.partial").write_bytes(b"PAR1")
    con = store.connect(db, read_only=True)
    store.register_texts(con)  # a reader never sees it: no row names it
    assert con.execute("select count(*) from paper_texts where paper_id = '1510.99999'"
                       ).fetchall() == [(0,)]
    con.close()
    assert (folder / orphan).exists()
    store.publish_read_copy(db)
    assert texts_and_files(db)[2] == on_disk


def test_the_texts_of_an_older_database_move_to_files(tmp_path: Path, capsys) -> None:
    """Texts as schema 2 kept them, in a column (a published one and a staged one): the
    first open moves them to files, rows and texts kept; recount reads them there."""
    old = tmp_path / "old.duckdb"
    con = duckdb.connect(str(old))
    con.execute("create table core_papers (paper_id varchar primary key, version integer not"
                " null, title varchar, authors varchar[], primary_category varchar, categories"
                " varchar[], published_at timestamp not null, updated_at timestamp, month date"
                " not null, source varchar not null)")
    con.execute("insert into core_papers values ('1412.6980', 9, 'Adam', ['D. Kingma'],"
                " 'cs.LG', ['cs.LG'], '2014-12-22', '2017-01-30', '2014-12-01', 'arxiv')")
    for table in ("core_paper_texts", "stage_paper_texts"):
        con.execute(f"create table {table} (paper_id varchar not null, version integer, n_chars"
                    " integer not null, quality varchar not null, header_end_char integer not"
                    " null, references_start_char integer, text varchar, references_end_char"
                    " integer)")
    adam = "Adam: a method for stochastic optimization.\fWe use adam and resnet."
    con.execute("insert into core_paper_texts values ('1412.6980', 9, ?, 'ok', 44, null, ?,"
                " null)", [len(adam), adam])
    con.execute("insert into stage_paper_texts values ('1501.00001', 1, 6, 'ok', 0, null,"
                " 'staged', null)")
    con.close()
    assert main(["--db", str(old), "sql", "select paper_id, text from paper_texts",
                 "--format", "csv"]) == 0
    assert capsys.readouterr().out.split("\n") == ["paper_id,text", f"1412.6980,{adam}", ""]
    con = duckdb.connect(str(old), read_only=True)
    assert con.execute("select max(version) from meta_schema").fetchall() == [
        (schema.SCHEMA_VERSION,)]
    [(published,)] = con.execute("select text_file from core_paper_texts").fetchall()
    [(staged,)] = con.execute("select text_file from stage_paper_texts").fetchall()
    con.close()
    assert published.startswith("2014-12/") and staged.startswith("undated/")
    folder = store.texts_folder_of(old)
    assert (folder / published).is_file() and (folder / staged).is_file()
    assert main(["--db", str(old), "recount"]) == 0  # its terms counted again from the file
    con = duckdb.connect(str(old), read_only=True)
    assert ("1412.6980", "adam") in con.execute(
        "select paper_id, term from core_paper_terms").fetchall()
    con.close()


def test_people_read_paper_texts_but_no_file_directly(tiny_db, tmp_path: Path,
                                                     capsys) -> None:
    db = copied(tiny_db, tmp_path)
    assert main(["--db", str(db), "sql", "select count(*) as n from paper_texts where text"
                 " ilike '%abstract%'", "--format", "csv"]) == 0
    assert int(capsys.readouterr().out.splitlines()[1]) > 0
    one = next(store.texts_folder_of(db).glob("*/*.parquet"))
    assert main(["--db", str(db), "sql", f"select count(*) from read_parquet('{one}')"]) == 1
    assert "file system operations are disabled" in capsys.readouterr().err


def test_a_database_without_its_texts_folder_is_a_clear_error(tiny_db, tmp_path: Path,
                                                              capsys) -> None:
    db = copied(tiny_db, tmp_path)
    folder = store.texts_folder_of(db)
    folder.rename(tmp_path / "elsewhere")
    settings = make_settings(tmp_path, db_path=db)
    with pytest.raises(ArxivTrendsError, match="texts folder .* must stay beside it"):
        con = store.connect(settings.db_path)
        try:
            list(store.load_texts(con, date(2015, 10, 1), 100))
        finally:
            con.close()
    assert main(["--db", str(db), "recount"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "copy.texts" in err, err


def test_any_duckdb_reads_the_texts_files_alone(tiny_db, tmp_path: Path) -> None:
    """The files stand alone (what a store on object storage relies on): a plain DuckDB,
    with no arxiv-trends and no database, reads the month's texts from a glob of them."""
    db = copied(tiny_db, tmp_path)
    texts, files, _ = texts_and_files(db)
    folder = store.texts_folder_of(db)
    con = duckdb.connect()
    found = dict(con.execute(f"select paper_id, text from '{folder}/2015-10/*.parquet'"
                             ).fetchall())
    con.close()
    assert found == {pid: text for pid, text in texts.items()
                     if files[pid].startswith("2015-10/")}
    assert found

"""Crash safety: `kill -9` of a real ingest at many points, then a re-run, on a real DuckDB.

Each command runs as `python -m pipeline` in a session of its own, so the SIGKILL sent to
its process group also takes its PDF-extraction workers. After every kill the database is
opened read-only, as a reader would, and must hold no duplicate and no half month; a run to
the end must then leave every `core_*` table equal to an uninterrupted run's.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest

from pipeline import store
from tests import fake_arxiv
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

ENV = {**{k: v for k, v in os.environ.items() if not k.startswith("ARXIV_TRENDS_")},
       "PYTHONPATH": str(ROOT)}
KEYS = {"core_papers": "paper_id", "core_paper_texts": "paper_id",
        "core_paper_terms": "(paper_id, term)", "core_paper_versions": "(paper_id, version)",
        "core_ngram_counts": "(month, ngram)", "core_ngram_months": "month",
        "core_extract_failures": "paper_id", "core_terms": "term"}
RUN_COLUMNS = {"failed_at", "counted_at"}  # when a run wrote the row, not what it found
READER_QUERIES = {  # first column: the key; the rest: what a reader sees under it
    "papers": "select paper_id, * from core_papers",
    "texts": "select paper_id, t.version, t.n_chars, t.quality, header_end_char,"
             " references_start_char, md5(p.text) from core_paper_texts t"
             " left join paper_texts p using (paper_id)",
    "terms": "select * from core_paper_terms order by all",
    "month_papers": "select month, paper_id from core_papers order by all",
    "ngrams": "select * from core_ngram_counts order by all",
    "ngram_months": "select month, n_papers_with_text, min_df from core_ngram_months",
    "month_texts": "select month, count(*) from out_counted_papers where is_counted"
                   " group by month",
}


def run(db: Path, *args: str, kill_on: str | None = None, delay: float = 0.0) -> int:
    """Run the CLI, SIGKILLed `delay` s after a stderr line holding `kill_on`; its exit code."""
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "--db", str(db), *args],
                            cwd=db.parent, env=ENV, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    with proc:
        for line in proc.stderr:
            if kill_on is not None and kill_on in line:
                time.sleep(delay)
                os.killpg(proc.pid, signal.SIGKILL)  # a zombie leader keeps the group alive
                break
        proc.stderr.read()
        code = proc.wait()
    if code == -9:  # its workers too, before anyone opens the database again
        _wait_group_gone(proc.pid)
    assert kill_on is None or code in (-9, 0, 1), code
    return code


def _wait_group_gone(pgid: int) -> None:
    """Wait until the group's processes are dead (zombies hold no lock; init reaps them)."""
    for _ in range(500):
        if not any(_is_live_member(stat, pgid) for stat in Path("/proc").glob("[0-9]*/stat")):
            return
        time.sleep(0.01)
    raise AssertionError(f"process group {pgid} outlived its SIGKILL")


def _is_live_member(stat: Path, pgid: int) -> bool:
    try:  # fields after the command's closing parenthesis: state, ppid, pgrp
        state, _, pgrp = stat.read_text().rpartition(")")[2].split()[:3]
    except OSError:  # the process is gone
        return False
    return int(pgrp) == pgid and state not in ("Z", "X")


def core_tables(db: Path) -> dict[str, list[tuple]]:
    """Every core_* table's rows, ordered, texts as md5, the run-time columns left out."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        store.register_texts(con)
        tables = [r for (r,) in con.execute(
            "select table_name from information_schema.tables where table_name like 'core_%'"
            " and table_type = 'BASE TABLE' order by 1").fetchall()]
        out = {}
        for table in tables:
            cols = [c for (c,) in con.execute(
                "select column_name from information_schema.columns where table_name = ?"
                " order by ordinal_position", [table]).fetchall() if c not in RUN_COLUMNS]
            if table == "core_paper_texts":  # the text, not its file's name (new every write)
                cols[cols.index("text_file")] = "(select md5(text) from paper_texts p where"\
                    " p.paper_id = core_paper_texts.paper_id)"
            out[table] = con.execute(f"select {', '.join(cols)} from {table} order by all"
                                     ).fetchall()
        return out
    finally:
        con.close()


def reader_view(db: Path) -> dict[str, dict]:
    """What a reader sees, grouped by key (paper id or month); asserts no key is duplicated."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        store.register_texts(con)
        for table, key in KEYS.items():
            n_rows, n_keys = con.execute(
                f"select count(*), count(distinct {key}) from {table}").fetchone()
            assert n_rows == n_keys, f"{db.name}: {n_rows - n_keys} duplicates in {table}"
        view = {}
        for name, query in READER_QUERIES.items():
            grouped = defaultdict(list)
            for key, *rest in con.execute(query).fetchall():
                grouped[key].append(tuple(rest))
            view[name] = dict(grouped)
        return view
    finally:
        con.close()


def check_reader_sees_whole_months(db: Path, ref: dict[str, dict],
                                   may_lack_texts: bool = False) -> str:
    """Assert a reader sees no duplicate, half-stored paper or half month; say what it sees.

    `ref` is an uninterrupted run's `reader_view`. A month is whole: all of its papers, with
    all their texts, mentions and n-gram counts, or not there. `may_lack_texts` is True for
    the arXiv API, whose month is published twice: its metadata when the listing is done,
    then the PDFs read (a month with all its papers and none of its texts yet is whole too).
    """
    seen = reader_view(db)
    for pid, row in seen["papers"].items():
        assert row == ref["papers"][pid], pid
    for pid, text in seen["texts"].items():  # a stored text comes with all its mentions
        assert text == ref["texts"][pid], pid
        assert seen["terms"].get(pid, []) == ref["terms"].get(pid, []), pid
    assert set(seen["terms"]) <= set(seen["texts"])
    for month, papers in seen["month_papers"].items():
        assert papers == ref["month_papers"][month], f"half of {month} is visible"
        with_text = {p for (p,) in papers if p in ref["texts"]}
        seen_text = {p for (p,) in papers if p in seen["texts"]}
        assert seen_text == with_text or (may_lack_texts and not seen_text), (
            f"{len(seen_text)} of {month}'s {len(with_text)} texts are visible")
        if seen_text:  # a month's n-gram counts are committed with its texts
            assert month in seen["ngram_months"], f"{month}'s n-grams are not counted"
    assert set(seen["ngrams"]) <= set(seen["ngram_months"])
    for month, [(n_with_text, _)] in seen["ngram_months"].items():
        assert n_with_text == seen["month_texts"].get(month, [(0,)])[0][0], month
        assert seen["ngrams"].get(month) == ref["ngrams"].get(month), f"{month}'s n-grams"
    return (f"{len(seen['month_papers'])} months, {len(seen['texts'])} texts, "
            f"{len(seen['ngram_months'])} n-gram months")


def check_after_kill(db: Path, ref: dict[str, dict], may_lack_texts: bool = False) -> str:
    """Check the database and, if one was published, its read copy."""
    state = check_reader_sees_whole_months(db, ref, may_lack_texts)
    copy = db.with_name(f"{db.stem}.read.duckdb")
    if copy.exists():
        check_reader_sees_whole_months(copy, ref, may_lack_texts)
    return state


def staged(db: Path) -> tuple[int, int, int]:
    """Rows waiting in the stage tables: papers, versions, texts."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("select (select count(*) from stage_papers), (select count(*)"
                           " from stage_paper_versions), (select count(*) from"
                           " stage_paper_texts)").fetchone()
    finally:
        con.close()


def copy_db(src: Path, dest: Path) -> Path:
    return store.copy_database(src, dest)


def test_kill_9_while_a_month_is_written_then_rerun_equals_uninterrupted(
        tiny_sample, tmp_path: Path) -> None:
    feeds = ["--feeds-dir", str(tiny_sample.feed_paths[0].parent), "--pdf-dir",
             str(tiny_sample.pdf_dir), "--no-report"]
    base = tmp_path / "base.duckdb"  # 2015-10 already stored: a month beside must not move
    assert run(base, "ingest", "--month", "2015-10", *feeds) == 0
    ref_db = copy_db(base, tmp_path / "ref.duckdb")
    assert run(ref_db, "ingest", "--month", "2015-11", *feeds) == 0
    ref = reader_view(ref_db)
    assert ref["month_papers"].keys() == {m for m in ref["ngram_months"]} and len(ref["texts"])

    db = copy_db(base, tmp_path / "crash.duckdb")
    ingest = ("ingest", "--month", "2015-11", *feeds)
    # Kill points, in order; every run after the first is a re-run of a killed one. The
    # month is written in one transaction that opens before the first PDF is extracted and
    # commits with the month's n-gram counts (`store.months`).
    # - "extracted 3/": extraction under way, the transaction open, a first chunk pending.
    # - "extracted 10/" + 0..0.33 s: the last chunk's write, the n-gram counts, the commit,
    #   then the run's record, the checkpoint and the read copy (a ~0.4 s tail measured
    #   locally). Which kill lands before the commit is up to timing; the log shows the
    #   state each left: the month absent, or whole with its n-grams, never between.
    # - "papers listed, ": printed just after the commit.
    points = [("extracted 3/", 0.0)] + [("extracted 10/", i * 0.03) for i in range(12)]
    points += [("papers listed, ", 0.0)]
    log = []
    for kill_on, delay in points:
        code = run(db, *ingest, kill_on=kill_on, delay=delay)
        log.append(f"{kill_on!r}+{delay:.2f}s: exit {code}; {check_after_kill(db, ref)}")
    # A first ingest killed just after its commit: the month whole, with its n-grams.
    first = copy_db(base, tmp_path / "count.duckdb")
    code = run(first, *ingest, kill_on="papers listed, ")
    log.append(f"first ingest, 'papers listed, ': exit {code}; {check_after_kill(first, ref)}")
    print("\n".join(log))
    assert any(": exit -9; 1 months" in line for line in log)  # some kills before the commit
    for crashed in (db, first):
        assert run(crashed, *ingest) == 0
        assert core_tables(crashed) == core_tables(ref_db)


def test_kill_9_during_recount_then_rerun_equals_uninterrupted(tiny_sample, tmp_path) -> None:
    base = tmp_path / "base.duckdb"
    feeds = [str(p) for p in tiny_sample.feed_paths]
    assert run(base, "ingest-feed", *feeds, "--pdfs", str(tiny_sample.pdf_dir)) == 0
    ref_db = copy_db(base, tmp_path / "ref.duckdb")
    assert run(ref_db, "recount") == 0
    assert core_tables(ref_db) == core_tables(base)  # same texts, same terms: same counts
    ref = reader_view(ref_db)
    db = copy_db(base, tmp_path / "crash.duckdb")
    # The first month's mentions are replaced; kills land in the later months' term
    # transactions and the four n-gram month transactions (a ~0.3 s tail).
    for delay in [i * 0.04 for i in range(8)]:
        run(db, "recount", kill_on="2015-10: ", delay=delay)
        check_after_kill(db, ref)
    assert run(db, "recount") == 0
    assert core_tables(db) == core_tables(ref_db)


def test_kill_9_during_a_recount_with_new_terms_leaves_each_month_old_or_new(
        tiny_sample, tmp_path: Path) -> None:
    base = tmp_path / "base.duckdb"
    feeds = [str(p) for p in tiny_sample.feed_paths]
    assert run(base, "ingest-feed", *feeds, "--pdfs", str(tiny_sample.pdf_dir)) == 0
    terms = tmp_path / "terms.toml"  # one term more, mentioned by most papers
    terms.write_text((ROOT / "pipeline" / "count" / "terms.toml").read_text() + '\n[[terms]]\n'
                     'family = "model"\nterm = "network"\nlabel = "Network"\n'
                     'aliases = ["network"]\nplural = true\nreleased = "2010-01"\n')
    config = tmp_path / "new-terms.toml"
    config.write_text(f'terms_path = "{terms}"\n')
    recount = ("--config", str(config), "recount")
    old = reader_view(base)
    new_db = copy_db(base, tmp_path / "new.duckdb")
    assert run(new_db, *recount) == 0
    new = reader_view(new_db)
    db = copy_db(base, tmp_path / "crash.duckdb")
    log = []
    for delay in [i * 0.04 for i in range(8)]:
        run(db, *recount, kill_on="2015-10: ", delay=delay)
        seen, kinds = reader_view(db), []
        for month, papers in sorted(seen["month_papers"].items()):
            found = {p: seen["terms"].get(p, []) for (p,) in papers}
            is_old = all(found[p] == old["terms"].get(p, []) for p in found)
            is_new = all(found[p] == new["terms"].get(p, []) for p in found)
            assert is_old or is_new, f"{month} is counted half the old way, half the new"
            kinds.append("new" if is_new else "old")
        # the n-gram counts do not depend on the terms: each month's are whole throughout
        assert (seen["ngrams"], seen["ngram_months"]) == (new["ngrams"], new["ngram_months"])
        log.append(f"+{delay:.2f}s: months {' '.join(kinds)}")
    print("\n".join(log))
    assert any("new old" in line for line in log)  # some kills landed between two months
    assert run(db, *recount) == 0
    assert core_tables(db) == core_tables(new_db)


def test_a_month_or_a_recount_run_twice_gives_identical_tables(tiny_sample, tmp_path) -> None:
    db = tmp_path / "twice.duckdb"
    feeds = ["--feeds-dir", str(tiny_sample.feed_paths[0].parent), "--pdf-dir",
             str(tiny_sample.pdf_dir), "--no-report"]
    assert run(db, "ingest", "--month", "2015-12", *feeds) == 0
    once = core_tables(db)
    assert once["core_paper_texts"] and once["core_ngram_counts"]
    assert run(db, "ingest", "--month", "2015-12", *feeds) == 0
    assert core_tables(db) == once
    assert run(db, "recount") == 0
    assert core_tables(db) == once
    assert run(db, "recount", "--month", "2015-12") == 0
    assert core_tables(db) == once


def test_kill_9_while_fetching_from_arxiv_then_rerun_equals_uninterrupted(
        fake: fake_arxiv.FakeArxiv, tmp_path: Path) -> None:
    def ingest(name: str, kill_on: str | None = None, delay: float = 0.0) -> int:
        db = tmp_path / f"{name}.duckdb"
        config = tmp_path / f"{name}.toml"
        config.write_text(f'api_url = "{fake.api_url}"\npdf_url_format = '
                          f'"{fake.pdf_url_format}"\npdf_dir = "{tmp_path / name}"\n'
                          "page_size = 10\nrequest_interval_s = 0\n")
        return run(db, "--config", str(config), "ingest", "--month", "2017-03",
                   "--categories", "cs.SE", "--no-report", kill_on=kill_on, delay=delay)

    assert ingest("ref") == 0
    ref = reader_view(tmp_path / "ref.duckdb")
    assert len(ref["texts"]) > 25
    fake.script = [fake_arxiv.Fault("silent", seconds=2.0)]  # the first API answer hangs
    # Kill points: the first API request in flight (nothing stored); metadata half staged
    # (14 of 31 day windows; core_papers still without the month); PDF downloads under way
    # (25 of the month's PDFs on disk, the metadata published); extraction under way;
    # the PDFs' texts staged ("papers read"), not yet published with the n-gram counts.
    points = [("fetching metadata", 0.5), ("(total so far 45)", 0.0), ("PDFs: 25/", 0.0),
              ("extracted 12/", 0.0), ("papers read", 0.0)]
    seen = []
    for kill_on, delay in points:
        assert ingest("crash", kill_on, delay) == -9, kill_on
        seen.append(check_after_kill(tmp_path / "crash.duckdb", ref, may_lack_texts=True))
        print(kill_on, seen[-1], staged(tmp_path / "crash.duckdb"))
    assert seen[1].startswith("0 months") and seen[-1].startswith("1 months, 0 texts")
    assert staged(tmp_path / "crash.duckdb")[2] == len(ref["texts"])  # kept for the re-run
    assert ingest("crash") == 0
    assert core_tables(tmp_path / "crash.duckdb") == core_tables(tmp_path / "ref.duckdb")
    assert staged(tmp_path / "crash.duckdb") == (0, 0, 0)


def sql_csv(db: Path, query: str) -> tuple[list[str], str]:
    """Run `arxiv-trends sql` in its own process: its CSV lines and its stderr."""
    done = subprocess.run([sys.executable, "-m", "pipeline", "--db", str(db), "sql", query,
                           "--format", "csv"], cwd=db.parent, env=ENV, capture_output=True,
                          text=True, check=True)
    return done.stdout.splitlines(), done.stderr


def test_readers_never_see_the_half_month_a_killed_ingest_left(tiny_sample, tmp_path) -> None:
    feeds = ["--feeds-dir", str(tiny_sample.feed_paths[0].parent), "--pdf-dir",
             str(tiny_sample.pdf_dir), "--no-report"]
    db = tmp_path / "readers.duckdb"
    assert run(db, "ingest", "--month", "2015-10", *feeds) == 0  # publishes the read copy
    months = "select month, count(*) as n from core_papers group by month order by month"
    before, note = sql_csv(db, months)
    assert note == "" and len(before) == 2
    # killed just after the month was committed whole (papers, texts and n-gram counts),
    # before the read copy was published
    run(db, "ingest", "--month", "2015-11", *feeds, kill_on="papers listed, ")
    direct = duckdb.connect(str(db), read_only=True)
    n_months = direct.execute("select count(distinct month) from core_papers").fetchall()
    n_counted = direct.execute("select count(*) from core_ngram_months").fetchall()
    direct.close()
    assert n_months == [(2,)] and n_counted == [(2,)]
    seen, note = sql_csv(db, months)
    assert seen == before and "unfinished write" in note  # readers get the last whole state
    assert run(db, "ingest", "--month", "2015-11", *feeds) == 0
    after, note = sql_csv(db, months)
    assert note == "" and len(after) == 3 and after[1:2] == before[1:2]

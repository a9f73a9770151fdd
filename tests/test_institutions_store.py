"""Institutions stored and analysed: real PDFs through add-pdfs, every figure checked by hand
against the per-paper rows; the hot ratio on a history written in the test."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipeline import analyse, store
from pipeline.cli.main import main
from pipeline.ops import local
from tests.conftest import make_settings

# ML papers of four months (the arXiv stamp gives their category): two with an industry
# author (Microsoft; Google), two from universities and labs.
PAPERS = ("1512.03385v1.pdf", "2010.11929v2.pdf", "1412.6980v9.pdf", "1802.05365v2.pdf")


def cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def real_db(corpus: Path, tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("institutions")
    folder = tmp / "in"
    folder.mkdir()
    for name in PAPERS:
        (folder / name).symlink_to(corpus / "pdfs" / name)
    settings = make_settings(tmp)
    local.add_pdfs(settings, [folder])
    return settings


def paper_rows(settings, paper_id: str, capsys) -> list[dict[str, str]]:
    code, out, err = cli(["--db", str(settings.db_path), "institutions", paper_id,
                          "--format", "csv"], capsys)
    assert code == 0, err
    assert out.splitlines()[0] == "paper_id,institution,type,evidence"
    return list(csv.DictReader(io.StringIO(out)))


def test_each_paper_names_its_institutions_once_with_the_text_that_matched(
        real_db, capsys) -> None:
    resnet = paper_rows(real_db, "1512.03385v1", capsys)  # the version is ignored
    assert [(r["paper_id"], r["institution"], r["type"]) for r in resnet] == [
        ("1512.03385", "Microsoft", "industry")]
    assert "Microsoft" in resnet[0]["evidence"]
    vit = {r["institution"]: r for r in paper_rows(real_db, "2010.11929", capsys)}
    assert vit["Google"]["type"] == "industry"  # Google Research, Brain Team: one Google
    code, _, err = cli(["--db", str(real_db.db_path), "institutions", "1706.03762"], capsys)
    assert code == 1 and "no title page of 1706.03762 was matched" in err


def test_the_tables_and_shares_equal_a_count_of_the_paper_rows(real_db, capsys) -> None:
    con = duckdb.connect(str(real_db.db_path), read_only=True)
    months = dict(con.execute("select paper_id, month from out_institution_papers").fetchall())
    con.close()
    assert len(months) == len(PAPERS)  # every ML paper read, its title page matched
    rows = {pid: paper_rows(real_db, pid, capsys) for pid in months}
    by_hand = {pid: {r["institution"] for r in found} for pid, found in rows.items()}
    industry = {pid for pid, found in rows.items() if any(r["type"] == "industry" for r in found)}
    assert industry >= {"1512.03385", "2010.11929"}
    # the industry share of each month
    con = store.connect_reading(real_db.db_path)[0]
    shares = analyse.load_industry_share(con)
    for row in shares.iter_rows(named=True):
        papers = [pid for pid, month in months.items() if month == row["month"]]
        assert row["n_papers"] == len(papers)
        assert row["n_with_industry"] == len(industry.intersection(papers))
        assert row["industry_share_pct"] == pytest.approx(
            100 * row["n_with_industry"] / row["n_papers"])
    # the original's table for all four months at once
    first, last = min(months.values()), max(months.values())
    table = analyse.load_institution_table(con, first, last, top_n=500)
    totals = table.totals.row(0, named=True)
    assert totals["n_papers"] == len(PAPERS)
    assert totals["n_mentions"] == sum(len(found) for found in by_hand.values())
    assert totals["n_unique_institutions"] == len(set().union(*by_hand.values()))
    assert totals["n_with_industry"] == len(industry)
    counted = {r["institution"]: r["n_papers"] for r in table.top.iter_rows(named=True)}
    assert counted == {name: sum(name in found for found in by_hand.values())
                       for name in set().union(*by_hand.values())}
    # the papers mentioning a curated term: the Adam paper names adam, the ResNet paper not
    adam = analyse.load_institution_table(con, first, last, term="adam").totals
    mentioning = {pid for (pid,) in con.execute(
        "select paper_id from core_paper_terms where term = 'adam'").fetchall()}
    assert adam["n_papers"][0] == len(mentioning & set(months)) > 0
    con.close()
    # the month's table on the command line, and the drill-down
    month = f"{months['1512.03385']:%Y-%m}"
    code, out, err = cli(["--db", str(real_db.db_path), "institutions", "--month", month,
                          "--format", "csv"], capsys)
    assert code == 0 and "1 papers (1 naming an institution" in err
    assert list(csv.DictReader(io.StringIO(out)))[0]["institution"] == "Microsoft"
    code, out, _ = cli(["--db", str(real_db.db_path), "papers", "--month", month,
                        "--institution", "Microsoft", "--format", "csv"], capsys)
    assert code == 0 and "1512.03385" in out


def test_matching_again_is_safe_and_a_newer_text_is_matched_again(real_db, capsys) -> None:
    con = duckdb.connect(str(real_db.db_path))
    before = con.execute("select * from core_paper_institutions order by all").fetchall()
    assert store.load_ids_to_match(con) == []  # all matched: the next ingest does nothing
    con.execute("update core_paper_texts set version = version + 1 "
                "where paper_id = '1512.03385'")
    assert store.load_ids_to_match(con) == ["1512.03385"]
    con.close()
    code, _, err = cli(["--db", str(real_db.db_path), "recount"], capsys)
    assert code == 0, err
    con = duckdb.connect(str(real_db.db_path), read_only=True)
    assert con.execute("select * from core_paper_institutions order by all").fetchall() == before
    assert con.execute("select count(*), count(distinct paper_id) from core_institution_reads"
                       ).fetchone() == (len(PAPERS), len(PAPERS))
    con.close()


def test_institutions_refuses_unclear_questions(real_db, capsys) -> None:
    db = ["--db", str(real_db.db_path), "institutions"]
    for args, problem in [([], "say what to list"),
                          (["1512.03385", "--month", "2015-12"], "takes no --month"),
                          (["--hot"], "take --month"),
                          (["--month", "2015-12", "--year", "2015"], "one of them"),
                          (["--industry", "--year", "2015"], "takes no --month")]:
        code, _, err = cli(db + args, capsys)
        assert code == 1 and problem in err and len(err.strip().splitlines()) == 1, args
    code, _, err = cli(["--db", str(real_db.db_path), "papers", "--month", "2015-12",
                        "--institution", "Microsoft", "--source", "abstracts"], capsys)
    assert code == 1 and "only the fulltext source has them" in err


def write_history(db: Path, n_with: dict[tuple[str, date], int], n_papers: int) -> None:
    """A history of `n_papers` counted papers a month, `n_with[institution, month]` of them
    with an author at the institution, written into the real tables."""
    papers, texts, reads, found = [], [], [], []
    for month in sorted({month for _, month in n_with}):
        for k in range(n_papers):
            pid = f"{month:%y%m}.{k:05d}"
            names = [name for (name, m), n in n_with.items() if m == month and k < n]
            papers.append((pid, month, month))
            texts.append((pid,))
            reads.append((pid, len(names)))
            found += [(pid, name, name) for name in names]
    con = store.connect(db)
    con.executemany("insert into core_papers (paper_id, version, primary_category, categories, "
                    "published_at, month, source) values (?, 1, 'cs.LG', ['cs.LG'], ?, ?, "
                    "'test')", papers)
    con.executemany("insert into core_paper_texts (paper_id, version, n_chars, quality, "
                    "header_end_char, text_file) values (?, 1, 1, 'ok', 0, 'none')", texts)
    con.executemany("insert into core_institution_reads values (?, 1, 'test', ?)", reads)
    con.executemany("insert into core_paper_institutions values "
                    "(?, ?, 'academia', '', ?, 'affiliation')", found)
    con.close()


def test_hot_institutions_equal_a_hand_computation(tmp_path: Path) -> None:
    months = [date(2015 + (m - 1) // 12, (m - 1) % 12 + 1, 1) for m in range(1, 19)]
    n_with = {}
    for i, month in enumerate(months):  # 18 months; the last 12 are "recent"
        n_with["Rising U", month] = 2 + 3 * i  # peaks: 53 of 100 recent, 17 before
        n_with["Falling U", month] = 40 - 2 * i  # peaks: 28 recent, 40 before
        n_with["Steady U", month] = 20
        if i >= 6:
            n_with["New Lab", month] = 20  # none before: a ratio of infinity
    write_history(tmp_path / "h.duckdb", n_with, n_papers=100)
    con = duckdb.connect(str(tmp_path / "h.duckdb"), read_only=True)
    hot = analyse.load_hot_institutions(con, months[-1], min_papers=15)
    not_hot = analyse.load_hot_institutions(con, months[-1], is_not_hot=True, min_papers=15)
    con.close()
    ratios = dict(zip(hot["institution"], hot["ratio"], strict=True))
    assert list(ratios) == ["New Lab", "Rising U", "Steady U", "Falling U"]
    new = hot.row(0, named=True)
    assert new["is_new"] and new["is_significant"] and new["z_score"] > 2  # 0.5 added to both
    assert ratios["Rising U"] == pytest.approx(53 / 17)
    assert ratios["Steady U"] == pytest.approx(1.0)
    assert ratios["Falling U"] == pytest.approx(28 / 40)
    assert not_hot["institution"].to_list() == ["Falling U", "Steady U", "Rising U"]
    rising = hot.row(1, named=True)
    assert (rising["peak_month_recent"], rising["peak_month_before"]) == (months[-1], months[5])
    assert rising["is_significant"] and not hot.row(2, named=True)["is_significant"]
    with pytest.raises(Exception, match="compare its 12 months with the months before"):
        con = duckdb.connect(str(tmp_path / "h.duckdb"), read_only=True)
        try:
            analyse.load_hot_institutions(con, months[8])
        finally:
            con.close()


def test_a_broken_institutions_file_stops_an_ingest_before_it_reads(corpus, tmp_path,
                                                                     capsys) -> None:
    broken = tmp_path / "institutions.toml"
    broken.write_text('[[institution]]\nname = "X"\ntype = "company"\n', encoding="utf-8")
    config = tmp_path / "arxiv-trends.toml"
    config.write_text(f"institutions_path = {str(broken)!r}\n", encoding="utf-8")
    db = tmp_path / "t.duckdb"
    code, _, err = cli(["--db", str(db), "--config", str(config), "add-pdfs",
                        str(corpus / "pdfs" / PAPERS[0])], capsys)
    assert code == 1 and "X: unknown type 'company'" in err
    assert len(err.strip().splitlines()) == 1
    assert not db.exists() or duckdb.connect(str(db)).execute(
        "select count(*) from core_paper_texts").fetchone() == (0,)

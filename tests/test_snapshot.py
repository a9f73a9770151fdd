"""The metadata snapshot import, on the real shared metadata: counts, rows, filters, errors.

Expected numbers are computed here from the JSON lines with plain Python, never taken from
the program's output.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from pipeline.cli.main import main
from pipeline.errors import SnapshotError
from pipeline.ops import snapshot
from pipeline.settings import ML_CATEGORIES
from pipeline.sources.atom import parse_feed
from tests.conftest import make_settings

CV_CL = "cs.CV-cs.CL-listings-2025-2026.jsonl"
NE = "cs.NE-1998-2019.jsonl"


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def v1_created(record: dict) -> datetime:
    [v1] = [v["created"] for v in record["versions"] if v["version"] == "v1"]
    return datetime.strptime(v1, "%a, %d %b %Y %H:%M:%S %Z")


def rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.sql(sql).fetchall()
    finally:
        con.close()


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def metadata(corpus: Path) -> dict[str, Path]:
    return {name: corpus / "metadata" / name for name in (CV_CL, NE)}


@pytest.fixture(scope="module")
def imported(metadata: dict[str, Path], tmp_path_factory: pytest.TempPathFactory):
    """Both files imported into one database, then text marked read for odd v1 days."""
    settings = make_settings(tmp_path_factory.mktemp("snapshot"))
    summaries = {name: snapshot.import_snapshot(settings, path)
                 for name, path in metadata.items()}
    con = duckdb.connect(str(settings.db_path))
    con.execute("insert into core_paper_texts select paper_id, version, 4, 'short', 0, null,"
                " null, 'none.parquet' from core_papers "
                "where day(published_at) % 2 = 1")
    con.close()
    return settings, summaries


def expected_totals(all_records: list[dict], categories: set[str]) -> list[dict[str, int | str]]:
    primary, any_, with_text = Counter(), Counter(), Counter()
    for record in all_records:
        cats = record["categories"].split()
        if not set(cats) & set(ML_CATEGORIES):
            continue  # not imported
        created = v1_created(record)
        month = created.strftime("%Y-%m")
        if cats[0] in categories:
            primary[month] += 1
        if set(cats) & categories:
            any_[month] += 1
            with_text[month] += created.day % 2
    return [{"month": m, "n_papers_primary": primary[m], "n_papers_any": any_[m],
             "n_with_text": with_text[m]} for m in sorted(any_)]


@pytest.mark.parametrize("categories", [None, "cs.NE", "cs.CL,stat.ML"])
def test_totals_equal_a_hand_count(imported, metadata, categories, capsys) -> None:
    settings, _ = imported
    args = ["--db", str(settings.db_path), "totals", "--format", "csv"]
    if categories:
        args += ["--categories", categories]
    code, out, _ = run_cli(args, capsys)
    assert code == 0
    found = [{k: (v if k == "month" else int(v)) for k, v in row.items()}
             for row in csv.DictReader(io.StringIO(out))]
    assert list(found[0]) == ["month", "n_papers_primary", "n_papers_any", "n_with_text"]
    wanted = set(categories.split(",")) if categories else set(ML_CATEGORIES)
    all_records = records(metadata[CV_CL]) + records(metadata[NE])
    assert found == expected_totals(all_records, wanted)


def test_summary_and_tables_match_the_files(imported, metadata) -> None:
    settings, summaries = imported
    n_papers = n_versions = 0
    for name, path in metadata.items():
        recs = records(path)
        kept = [r for r in recs if set(r["categories"].split()) & set(ML_CATEGORIES)]
        summary = summaries[name]
        assert (summary.n_lines, summary.n_imported, summary.n_filtered, summary.n_malformed) \
            == (len(recs), len(kept), len(recs) - len(kept), 0)
        n_papers += len(kept)
        n_versions += sum(len(r["versions"]) for r in kept)
    assert rows(settings.db_path, "select count(*), count(distinct paper_id), min(source), "
                "max(source) from core_papers") == [(n_papers, n_papers, "snapshot", "snapshot")]
    assert rows(settings.db_path, "select count(*) from core_paper_versions") == [(n_versions,)]


def test_old_style_and_float_damaged_ids(imported) -> None:
    settings, _ = imported
    found = dict(rows(settings.db_path, "select paper_id, month from core_papers where paper_id "
                      "in ('cs/0703134', 'math/9801152', '0704.0047', '0704.0050', "
                      "'1502.06434', '1001.3920')"))
    # The cs.NE file went through floats: `704.005` is 0704.0050, `1001.392` is 1001.3920.
    assert found == {"cs/0703134": date(2007, 3, 1), "math/9801152": date(1998, 1, 1),
                     "0704.0047": date(2007, 4, 1), "0704.0050": date(2007, 4, 1),
                     "1502.06434": date(2014, 12, 1), "1001.3920": date(2010, 1, 1)}


def test_snapshot_row_equals_the_api_row(imported, corpus) -> None:
    settings, _ = imported
    page = corpus / "arxiv-api" / "recorded-2026" / "q_testing_s0_m100_cfe7536492ca.json"
    body = json.loads(page.read_text(encoding="utf-8"))["body"]
    [api] = [p for p in parse_feed(body.encode("utf-8"), "recorded")
             if p.paper_id == "2503.23466"]
    [row] = rows(settings.db_path, "select paper_id, version, month, primary_category, "
                 "categories, title, authors, published_at from core_papers "
                 "where paper_id = '2503.23466'")
    assert row[:7] == (api.paper_id, api.version, api.month, api.primary_category,
                       list(api.categories), api.title, list(api.authors))
    assert abs(row[7] - api.published_at) <= timedelta(days=1)  # the file's day is approximate


def test_gzip_gives_identical_rows(metadata, tmp_path: Path) -> None:
    lines = metadata[NE].read_bytes().splitlines(keepends=True)[::3]
    lines += metadata[CV_CL].read_bytes().splitlines(keepends=True)[::3]
    plain, packed = tmp_path / "plain.jsonl", tmp_path / "packed.jsonl"  # no .gz on purpose
    plain.write_bytes(b"".join(lines))
    half = len(lines) // 2  # two gzip members, as `cat a.gz b.gz` makes
    packed.write_bytes(b"".join(gzip.compress(b"".join(part))
                                for part in (lines[:half], lines[half:])))
    dbs = []
    for path in (plain, packed):
        settings = make_settings(tmp_path / path.stem)
        assert snapshot.import_snapshot(settings, path).n_lines == len(lines)
        dbs.append(settings.db_path)
    for sql in ("select * from core_papers order by paper_id",
                "select * from core_paper_versions order by paper_id, version"):
        assert rows(dbs[0], sql) == rows(dbs[1], sql)
    assert len(rows(dbs[0], "select * from core_papers")) > 3000


def good_record(paper_id: str, **changes: object) -> dict:
    record = {"id": paper_id, "authors": "Ada Lovelace, Alan Turing and Grace Hopper",
              "title": "  A title\n  over  two lines", "categories": "cs.LG stat.ML",
              "versions": [{"version": "v1", "created": "Tue, 10 Jul 2018 17:39:46 GMT"}],
              "update_date": "2018-07-10",
              "authors_parsed": [["Lovelace", "Ada", ""], ["Turing", "Alan", "Jr"]]}
    record.update(changes)
    return record


def write_lines(path: Path, lines: list[str | dict]) -> Path:
    path.write_text("".join((json.dumps(x) if isinstance(x, dict) else x) + "\n"
                            for x in lines), encoding="utf-8")
    return path


def test_malformed_lines_are_reported_and_the_rest_imported(metadata, tmp_path, capsys) -> None:
    real = metadata[CV_CL].read_text(encoding="utf-8").splitlines()[:4]
    good = iter(real)
    bad = {2: '{"id": "2503.00001", "title": "cut short',
           4: good_record("1807.00004", versions=None),
           5: good_record("1807.00005", versions=[{"version": "v1",
                                                     "created": "Tue, 31 Jun 2018 00:00:00 GMT"}]),
           7: good_record("not an id"),
           8: good_record("1807.00008", categories=""),
           9: "[1, 2]"}
    lines: list[str | dict] = []
    for line_no in range(1, 11):  # real records at 1, 3, 6 and 10
        lines.append(bad[line_no] if line_no in bad else next(good))
    path = write_lines(tmp_path / "bad.jsonl", lines)
    db = tmp_path / "bad.duckdb"
    code, out, err = run_cli(["--db", str(db), "import-snapshot", str(path)], capsys)
    assert code == 0
    reported = [line.split(":")[0] for line in err.splitlines() if line.startswith("line ")]
    assert reported == [f"line {n}" for n in sorted(bad)]
    assert "missing versions" in err and "bad date" in err and "invalid id" in err
    assert "6 malformed" in out
    imported = rows(db, "select count(*) from core_papers")[0][0]
    kept = sum(bool(set(json.loads(x)["categories"].split()) & set(ML_CATEGORIES))
               for x in real)
    assert imported == kept and f"{kept} imported" in out


def test_one_record_with_all_its_versions(tmp_path: Path) -> None:
    versions = [{"version": "v2", "created": "Wed, 1 Aug 2018 09:00:00 GMT"},
                {"version": "v1", "created": "Tue, 10 Jul 2018 17:39:46 GMT"},
                {"version": "v3", "created": "Mon, 3 Dec 2018 23:59:59 GMT"}]
    path = write_lines(tmp_path / "one.jsonl", [good_record("1807.03748", versions=versions)])
    settings = make_settings(tmp_path)
    snapshot.import_snapshot(settings, path)
    [row] = rows(settings.db_path, "select * exclude (abstract) from core_papers")
    assert row == ("1807.03748", 3, " A title over two lines", ["Ada Lovelace", "Alan Turing Jr"],
                   "cs.LG", ["cs.LG", "stat.ML"], datetime(2018, 7, 10, 17, 39, 46),
                   datetime(2018, 12, 3, 23, 59, 59), date(2018, 7, 1), "snapshot")
    assert rows(settings.db_path, "select version, created_at from core_paper_versions "
                "order by version") == [(1, datetime(2018, 7, 10, 17, 39, 46)),
                                        (2, datetime(2018, 8, 1, 9)),
                                        (3, datetime(2018, 12, 3, 23, 59, 59))]


def test_authors_fall_back_to_the_authors_field(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "a.jsonl", [good_record("1807.00001", authors_parsed=None)])
    settings = make_settings(tmp_path)
    snapshot.import_snapshot(settings, path)
    assert rows(settings.db_path, "select authors from core_papers") == [
        (["Ada Lovelace", "Alan Turing", "Grace Hopper"],)]


@pytest.mark.parametrize("batch_size", [1, 2, snapshot.BATCH_SIZE])
def test_the_same_id_twice_gives_one_row_the_last(tmp_path: Path, batch_size: int) -> None:
    later = [{"version": "v1", "created": "Tue, 10 Jul 2018 17:39:46 GMT"},
             {"version": "v2", "created": "Fri, 13 Jul 2018 08:00:00 GMT"}]
    path = write_lines(tmp_path / "twice.jsonl", [
        good_record("1807.00001", title="first"), good_record("1807.00002"),
        good_record("1807.00001v2", title="second", versions=later)])
    settings = make_settings(tmp_path)
    summary = snapshot.import_snapshot(settings, path, batch_size=batch_size)
    assert summary.n_imported == 3
    assert rows(settings.db_path, "select paper_id, version, title from core_papers order by 1") \
        == [("1807.00001", 2, "second"), ("1807.00002", 1, " A title over two lines")]
    assert rows(settings.db_path, "select paper_id, count(*) from core_paper_versions "
                "group by 1 order by 1") == [("1807.00001", 2), ("1807.00002", 1)]


def test_reimport_is_an_upsert(metadata, tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    counts = "select count(*), count(distinct paper_id), (select count(*) from " \
        "core_paper_versions) from core_papers"
    snapshot.import_snapshot(settings, metadata[CV_CL])
    first = rows(settings.db_path, counts)
    snapshot.import_snapshot(settings, metadata[CV_CL], batch_size=1000)
    assert rows(settings.db_path, counts) == first
    assert first[0][0] == first[0][1] > 4000


@pytest.mark.parametrize(("first", "last"), [("2015-03", "2016-02"), (None, "1999-12"),
                                             ("2019-06", None)])
def test_month_range_and_category_filters(metadata, tmp_path, capsys, first, last) -> None:
    args = ["--db", str(tmp_path / "f.duckdb"), "import-snapshot", str(metadata[NE]),
            "--categories", "cs.NE,stat.ML"]
    args += ["--from", first] if first else []
    args += ["--to", last] if last else []
    code, out, _ = run_cli(args, capsys)
    assert code == 0
    expected = Counter()
    for record in records(metadata[NE]):
        month = v1_created(record).strftime("%Y-%m")
        if (first or "0000") <= month <= (last or "9999") and \
                set(record["categories"].split()) & {"cs.NE", "stat.ML"}:
            expected[month] += 1
    found = rows(tmp_path / "f.duckdb", "select strftime(month, '%Y-%m'), count(*) "
                 "from core_papers group by 1 order by 1")
    assert found == sorted(expected.items()) and len(found) > 5
    assert f"{sum(expected.values()):,} imported" in out


def test_missing_file_is_one_line_error(tmp_path: Path, capsys) -> None:
    code, out, err = run_cli(["--db", str(tmp_path / "x.duckdb"), "import-snapshot",
                              str(tmp_path / "absent.jsonl")], capsys)
    assert code == 1 and out == ""
    assert err.startswith("error: cannot read snapshot") and len(err.splitlines()) == 1
    assert not (tmp_path / "x.duckdb").exists()


def test_damaged_gzip_is_one_line_error(metadata, tmp_path: Path, capsys) -> None:
    packed = gzip.compress(metadata[NE].read_bytes())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) // 2])
    code, _, err = run_cli(["--db", str(tmp_path / "x.duckdb"), "import-snapshot", str(path)],
                           capsys)
    assert code == 1 and err.startswith("error: cannot read snapshot")


def test_a_snapshot_broken_half_way_publishes_nothing_and_the_next_import_all(
        metadata, tmp_path: Path) -> None:
    whole = tmp_path / "snapshot.jsonl.gz"
    whole.write_bytes(gzip.compress(b"".join(p.read_bytes() for p in metadata.values())))
    broken = tmp_path / "broken.jsonl.gz"  # the download cut off half way
    broken.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    settings = make_settings(tmp_path / "crash")
    with pytest.raises(SnapshotError, match="broken.jsonl.gz"):
        snapshot.import_snapshot(settings, broken, batch_size=500)
    n_staged = rows(settings.db_path, "select count(*) from stage_input_papers")[0][0]
    assert rows(settings.db_path, "select count(*) from core_papers") == [(0,)]
    assert n_staged >= 500  # batches were staged before the stream broke, none published
    snapshot.import_snapshot(settings, whole, batch_size=500)
    ref = make_settings(tmp_path / "ref")
    snapshot.import_snapshot(ref, whole)
    every = "select * from {} order by all"
    for table in ("core_papers", "core_paper_versions"):
        assert rows(settings.db_path, every.format(table)) == rows(ref.db_path,
                                                                    every.format(table))
    assert rows(settings.db_path, "select count(*) from stage_papers") == [(0,)]
    assert rows(settings.db_path, "select count(*) from stage_input_papers") == [(0,)]

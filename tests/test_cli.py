"""The command line: help, README coverage, output formats, errors."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipeline.cli.main import build_parser, main
from pipeline.count.terms import load_terms
from tests.conftest import ROOT


def command_names() -> list[str]:
    parser = build_parser()
    [sub] = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    return sorted(sub.choices)


def test_help_lists_every_command_and_each_has_help() -> None:
    out = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True,
                         text=True, check=True, cwd=ROOT).stdout
    parser = build_parser()
    [sub] = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    helps = {a.dest: a.help for a in sub._choices_actions}
    assert len(helps) == len(command_names()) >= 9
    for name in command_names():
        assert name in out
        assert helps[name], f"{name} has no help text"


def test_readme_shows_every_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in command_names():
        assert f"`arxiv-trends {name}`" in readme, name


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_formats(tiny_db, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tiny_db.db_path)
    code, out, _ = run_cli(["--db", db, "months", "--format", "csv"], capsys)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["month", "n_papers", "n_with_text", "n_failed", "n_garbled",
                             "n_outside_categories", "n_waiting_for_metadata", "n_with_abstract"]
    assert len(rows) == 4

    code, out, _ = run_cli(["--db", db, "months", "--format", "json"], capsys)
    assert [r["month"] for r in json.loads(out)] == [r["month"] for r in rows]

    code, out, _ = run_cli(["--db", db, "table", "--month", "2016-01"], capsys)
    assert code == 0 and "share_pct" in out.splitlines()[0]
    code, out, _ = run_cli(["--db", db, "table", "--month", "2016-01", "--format", "csv"], capsys)
    table = {r["term"]: r for r in csv.DictReader(io.StringIO(out))}
    released = {t.term: t.released_month for t in load_terms()}
    for term, row in table.items():  # months since the public release in the terms file
        months = (2016 - released[term].year) * 12 + 1 - released[term].month
        assert int(row["months_around"]) == months, term
    assert table["tensorflow"]["months_around"] == "2"


def test_query_named_and_adhoc(tiny_db, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tiny_db.db_path)
    code, out, _ = run_cli(["--db", db, "sql", "select count(*) as n from core_papers",
                            "--format", "json"], capsys)
    assert code == 0 and json.loads(out)[0]["n"] > 0
    code, out, _ = run_cli(["--db", db, "sql", "--name", "family_table_for_month",
                            "--param", "month=2016-01-01", "--param", "family=optimizer",
                            "--format", "csv"], capsys)
    assert code == 0
    terms = {r["term"] for r in csv.DictReader(io.StringIO(out))}
    assert terms == {"adagrad", "adadelta", "adam", "momentum", "rmsprop", "sgd", "nesterov",
                     "adamw", "lamb", "lion"}


@pytest.mark.parametrize("args", [
    ["sql", "select * from no_such_table"],
    ["ingest", "--month", "March"],
    ["sql", "--name", "no_such_query"],
])
def test_errors_are_one_line_and_nonzero(tiny_db, capsys, args: list[str]) -> None:
    code, out, err = run_cli(["--db", str(tiny_db.db_path), *args], capsys)
    assert code != 0
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("error: ")


def test_missing_database_is_a_clear_error(tmp_path: Path, capsys) -> None:
    code, _, err = run_cli(["--db", str(tmp_path / "none.duckdb"), "months"], capsys)
    assert code == 1 and "no database" in err


def test_ingest_a_month_over_http_with_a_config_file(fake, tmp_path: Path, capsys) -> None:
    config = tmp_path / "arxiv-trends.toml"
    config.write_text(
        f'api_url = "{fake.api_url}"\npdf_url_format = "{fake.pdf_url_format}"\n'
        f'pdf_dir = "{tmp_path / "pdfs"}"\npage_size = 10\nrequest_interval_s = 0\n'
        f'site_dir = "{tmp_path / "site"}"\n'
    )
    db = str(tmp_path / "cli.duckdb")
    args = ["--db", db, "--config", str(config), "ingest", "--month", "2017-03",
            "--max-papers", "20", "--categories", "cs.SE,cs.LG,stat.ML",
            "--contact", "me@example.org"]
    code, out, err = run_cli(args, capsys)
    assert code == 1, err  # papers not read yet: the month is incomplete, cron hears of it
    n_listed = duckdb.connect(db, read_only=True).execute(
        "select count(*) from core_papers where list_has_any(categories,"
        " ['cs.SE', 'cs.LG', 'stat.ML'])").fetchall()[0][0]
    assert (f"2017-03: 100 papers listed; read 20 of 20, 0 failed; "
            f"INCOMPLETE ({n_listed - 20} unread)") in out
    assert (tmp_path / "site" / "2017-03" / "index.html").exists()  # the edition, all the same
    # the abstract edition was written once the listing was stored, before the first PDF
    # was fetched (and again at the end, its comparison with the texts read brought up to date)
    abstract_front = tmp_path / "site" / "2017-03-abstracts" / "index.html"
    said = err.splitlines()
    first_written = next(i for i, line in enumerate(said) if "abstract edition written" in line)
    assert first_written < next(i for i, line in enumerate(said) if line.startswith("PDFs: "))
    assert f"{n_listed:,}</span> papers in March 2017" in abstract_front.read_text()
    assert "(cat:cs.SE OR cat:cs.LG OR cat:stat.ML)" in fake.requests[0].query["search_query"][0]
    assert "mailto:me@example.org" in fake.requests[0].headers["User-Agent"]

    code, out, _ = run_cli(["--db", db, "sql", "select count(*) as n from core_papers",
                            "--format", "csv"], capsys)
    assert out.splitlines() == ["n", "100"]
    code, out, _ = run_cli(["--db", db, "sql", "select count(*) as n from core_paper_texts",
                            "--format", "csv"], capsys)
    assert out.splitlines() == ["n", "20"]
    code, out, _ = run_cli(["--db", db, "failures", "--format", "csv"], capsys)
    assert out.splitlines() == ["paper_id,pdf_path,reason,n_attempts,failed_at"]
    assert list((tmp_path / "pdfs").glob("*.pdf")) == []  # deleted once their text was stored

    code, out, err = run_cli(args + ["--keep-pdfs"], capsys)  # 20 more, kept this time
    assert code == 1, err
    assert "read 20 of 20" in out and f"INCOMPLETE ({n_listed - 40} unread)" in out
    assert len(list((tmp_path / "pdfs").glob("*.pdf"))) == 20


def test_library_does_not_import_prefect() -> None:
    imports = re.compile(r"^\s*(?:import|from)\s+prefect\b", re.MULTILINE)
    for path in (ROOT / "pipeline").glob("*.py"):
        assert not imports.search(path.read_text(encoding="utf-8")), path.name


def test_an_html_page_for_a_pdf_is_recorded_never_parsed(fake, tmp_path: Path, capsys) -> None:
    config = tmp_path / "arxiv-trends.toml"
    withdrawn = fake.pdf_url_format.replace("/pdf/", "/withdrawn/")
    config.write_text(
        f'api_url = "{fake.api_url}"\npdf_url_format = "{withdrawn}"\n'
        f'pdf_dir = "{tmp_path / "pdfs"}"\npage_size = 100\nrequest_interval_s = 0\n'
        "backoff_s = 0.01\n"
    )
    db = str(tmp_path / "cli.duckdb")
    code, out, err = run_cli(["--db", db, "--config", str(config), "ingest", "--month",
                              "2017-03", "--max-papers", "3", "--no-report"], capsys)
    assert code == 1, err  # the other papers of the month are still to read
    assert "read 0 of 3, 3 failed" in out
    code, out, _ = run_cli(["--db", db, "failures", "--format", "json"], capsys)
    failures = json.loads(out)
    assert len(failures) == 3
    assert all(f["reason"] == "download: not a PDF (text/html)" for f in failures)
    assert list((tmp_path / "pdfs").glob("*")) == []  # nothing was kept, nothing parsed


def test_named_query_parameters_are_read_as_declared(tiny_db, capsys) -> None:
    db = str(tiny_db.db_path)
    code, out, err = run_cli(["--db", db, "sql", "--name", "family_table_for_month",
                              "--param", "month=2015-11-15", "--param", "family=framework"],
                             capsys)
    assert code == 1 and err.count("\n") == 1 and "expected a month" in err and "2015-11" in err
    code, out, _ = run_cli(["--db", db, "sql", "--name", "family_table_for_month", "--param",
                            "month=2015-11", "--param", "family=framework", "--format", "csv"],
                           capsys)
    assert code == 0 and len(out.splitlines()) > 1  # the month read as its first day
    code, _, err = run_cli(["--db", db, "sql", "--name", "family_table_for_month",
                            "--param", "month=2015-11"], capsys)
    assert code == 1 and "--param family=" in err
    code, _, err = run_cli(["--db", db, "sql", "--name", "totals_by_month", "--param",
                            "categories=cs.LG,stat.ML", "--param", "colour=red"], capsys)
    assert code == 1 and "no parameter colour" in err


def test_every_named_query_declares_the_parameters_it_uses() -> None:
    from pipeline.analyse.params import declared_params
    from pipeline.store import read_sql, sql_dir

    for path in sorted(sql_dir().glob("*.sql")):
        text = read_sql(path.stem)
        body = "\n".join(line for line in text.splitlines() if not line.startswith("--"))
        used = set(re.findall(r"\$(\w+)", body))
        assert set(declared_params(text)) == used, path.name

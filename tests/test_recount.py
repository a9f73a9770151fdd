"""`terms PAPER_ID` explains one paper's counts; `recount` counts again from stored text."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb

from pipeline.cli.main import main
from pipeline.count.terms import default_terms_path
from pipeline.ops import local, recount
from tests.conftest import make_settings


def mentions(db: Path) -> dict[str, tuple]:
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("select paper_id, term, n_header, n_body, n_references"
                       " from core_paper_terms").fetchall()
    con.close()
    return {(r[0], r[1]): r[2:] for r in rows}


def test_terms_of_one_paper(tiny_sample, tiny_db, capsys) -> None:
    truth = json.loads((tiny_sample.out_dir / "truth.json").read_text())["papers"]
    paper_id = next(pid for pid, terms in truth.items() if len(terms) >= 2)
    assert main(["--db", str(tiny_db.db_path), "terms", f"{paper_id}v1", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == ["paper_id", "family", "term", "n_header", "n_body", "n_references"]
    assert sorted(r["term"] for r in rows) == sorted(truth[paper_id])
    assert all(int(r["n_body"]) + int(r["n_references"]) + int(r["n_header"]) >= 1 for r in rows)

    assert main(["--db", str(tiny_db.db_path), "terms", "0000.00000"]) == 1
    assert "no paper 0000.00000" in capsys.readouterr().err


def test_recount_follows_the_terms_file_without_reading_pdfs(tiny_sample, tmp_path) -> None:
    settings = make_settings(tmp_path)
    local.ingest_feeds(settings, list(tiny_sample.feed_paths), tiny_sample.pdf_dir, "sample")
    before = mentions(settings.db_path)
    edited = tmp_path / "terms.toml"
    text = default_terms_path().read_text()
    edited.write_text(text + '\n[[terms]]\nfamily = "optimizer"\nterm = "stochastic"\n'
                      'label = "Stochastic"\naliases = ["stochastic"]\nreleased = "1951-01"\n')
    changed = make_settings(tmp_path, terms_path=edited, pdf_dir=tmp_path / "no-pdfs-here")
    summary = recount.recount_terms(changed)
    after = mentions(settings.db_path)
    assert summary.n_papers == tiny_sample.n_papers
    added = {k: v for k, v in after.items() if k not in before}
    assert added and {term for _, term in added} == {"stochastic"}
    assert {k: v for k, v in after.items() if k in before} == before

    recount.recount_terms(settings)  # back to the shipped terms: back to the same rows
    assert mentions(settings.db_path) == before

"""Which papers count in a share, on the shared real PDFs and metadata: only the papers of the
configured categories whose text was read, whatever order PDFs and metadata arrive in.

The expected counts are worked out here from the corpus' own index (each PDF's stamp:
version, primary category, date) and the metadata file, never from the program's output.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from pipeline.extract import extract_pdf_text, find_stamp
from pipeline.ops import local, snapshot
from pipeline.papers import month_from_id
from pipeline.settings import ML_CATEGORIES
from tests.conftest import make_settings

pytestmark = pytest.mark.slow
METADATA = "cs.NE-1998-2019.jsonl"


def rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def indexed_pdfs(corpus: Path) -> list[dict]:
    """The shared PDFs named as arXiv names them (`<id>v<N>.pdf`): what add-pdfs reads."""
    with (corpus / "pdfs" / "index.csv").open() as f:
        return [r for r in csv.DictReader(f)
                if r["file"] == f"{r['arxiv_id']}{r['version']}.pdf" and r["version"]]


def expected_denominators(corpus: Path, with_metadata: bool) -> dict[date, set[str]]:
    """The papers each month's shares divide by, from the index and the metadata file."""
    known = {}
    if with_metadata:
        for line in (corpus / "metadata" / METADATA).read_text().splitlines():
            record = json.loads(line)
            created = datetime.strptime(" ".join(record["versions"][0]["created"].split()[1:4]),
                                        "%d %b %Y")
            known[record["id"]] = (record["categories"].split(), created.date().replace(day=1))
    counted = defaultdict(set)
    for pdf in indexed_pdfs(corpus):
        pid = pdf["arxiv_id"]
        if pid in known:
            categories, month = known[pid]
        else:  # the stamp until metadata comes: primary category, v1's date if it is v1
            stamped = datetime.strptime(pdf["stamp_date"], "%d%b%Y").date()
            categories = [pdf["primary_category"]]
            month = stamped.replace(day=1) if pdf["version"] == "v1" else month_from_id(pid)
        if set(categories) & set(ML_CATEGORIES):
            counted[month].add(pid)
    return dict(counted)


def denominators(db: Path) -> dict[date, int]:
    return dict(rows(db, "select month, n_with_text from out_papers_by_month"
                         " where n_with_text > 0"))


def test_the_stamp_on_page_1_is_read_as_the_index_says(corpus: Path) -> None:
    for pdf in indexed_pdfs(corpus):
        stamp = find_stamp(extract_pdf_text(corpus / "pdfs" / pdf["file"]))
        assert stamp is not None, pdf["file"]
        assert (stamp.paper_id, f"v{stamp.version}", stamp.primary_category,
                f"{stamp.submitted_on.day}{stamp.submitted_on:%b%Y}") == (
            pdf["arxiv_id"], pdf["version"], pdf["primary_category"], pdf["stamp_date"])
    nostamp = corpus / "pdfs" / "2501.12948_DeepSeek_R1_nostamp.pdf"
    assert find_stamp(extract_pdf_text(nostamp)) is None


@pytest.mark.parametrize("order", ["pdfs-then-metadata", "metadata-then-pdfs"])
def test_shares_divide_by_the_ml_papers_read_whatever_the_order(
        corpus: Path, tmp_path: Path, order: str) -> None:
    settings = make_settings(tmp_path)
    steps = [lambda: local.add_pdfs(settings, [corpus / "pdfs"]),
             lambda: snapshot.import_snapshot(settings, corpus / "metadata" / METADATA)]
    if order == "metadata-then-pdfs":
        steps.reverse()
    steps[0]()
    if order == "pdfs-then-metadata":  # PDFs alone: the stamps decide, for now
        expected = expected_denominators(corpus, with_metadata=False)
        assert denominators(settings.db_path) == {m: len(p) for m, p in expected.items()}
        assert rows(settings.db_path, "select count(*) from out_papers_by_month"
                                      " where month = '2011-11-01' and n_with_text > 0") == [(0,)]
    steps[1]()
    expected = expected_denominators(corpus, with_metadata=True)
    assert denominators(settings.db_path) == {m: len(p) for m, p in expected.items()}
    # the cond-mat paper read in 2011-11 counts nowhere; 2016-05 holds a cs.LG paper and a
    # cs.SD one cross-listed to cs.LG and cs.NE: both count
    assert date(2011, 11, 1) not in expected
    assert expected[date(2016, 5, 1)] == {"1605.06065", "1605.09507"}
    # the n-grams divide by the same papers, month by month
    counted = dict(rows(settings.db_path, "select month, n_papers_with_text"
                                          " from core_ngram_months where n_papers_with_text > 0"))
    assert counted == {m: len(p) for m, p in expected.items()}
    shares = rows(settings.db_path, "select distinct month, n_papers from"
                                    " out_term_share_by_month where source = 'fulltext'")
    assert dict(shares) == {m: len(p) for m, p in expected.items()}


def test_a_pdf_with_neither_metadata_nor_stamp_waits_apart(corpus: Path, tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "2501.12948v1.pdf").write_bytes(
        (corpus / "pdfs" / "2501.12948_DeepSeek_R1_nostamp.pdf").read_bytes())
    settings = make_settings(tmp_path)
    local.add_pdfs(settings, [folder])
    assert rows(settings.db_path, "select month, n_with_text, n_waiting_for_metadata from"
                                  " out_papers_by_month") == [(date(2025, 1, 1), 0, 1)]
    assert rows(settings.db_path, "select n_papers_with_text from core_ngram_months") in (
        [], [(0,)])

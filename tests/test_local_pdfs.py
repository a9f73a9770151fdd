"""add-pdfs: files, folders and streamed tarballs, with or without metadata, and retries."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import duckdb
import pytest

from pipeline.errors import ArxivTrendsError
from pipeline.ops import local
from pipeline.ops.ingest import ingest
from pipeline.papers import month_from_id, pdf_filename
from pipeline.sources import PaperBatch, Source
from pipeline.sources.atom import parse_feed
from pipeline.sources.pdf_files import id_from_filename
from tests.conftest import make_settings


def rows(settings, sql: str) -> list[tuple]:
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def mentions(settings) -> dict[str, list[str]]:
    found = rows(settings, "select paper_id, list(term order by term) from core_paper_terms"
                           " group by paper_id")
    return {pid: terms for pid, terms in found}


def test_names_give_ids_versions_and_months() -> None:
    assert id_from_filename("1706.03762v5.pdf") == ("1706.03762", 5)
    assert id_from_filename("1703/1703.00001v2.pdf") == ("1703.00001", 2)
    assert id_from_filename("cs0112017v1.pdf") == ("cs/0112017", 1)
    assert id_from_filename("hep-th9901001v3.pdf") == ("hep-th/9901001", 3)
    assert id_from_filename("paper.pdf") is None
    for paper_id, version in (("1706.03762", 5), ("cs/0112017", 1), ("hep-th/9901001", 3)):
        assert id_from_filename(pdf_filename(paper_id, version)) == (paper_id, version)
    assert month_from_id("1706.03762").isoformat() == "2017-06-01"
    assert month_from_id("cs/9912017").isoformat() == "1999-12-01"


def test_a_folder_without_metadata_then_metadata_fills_in(tiny_sample, tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    summary = local.add_pdfs(settings, [tiny_sample.pdf_dir])
    truth = json.loads((tiny_sample.out_dir / "truth.json").read_text())["papers"]
    assert summary.n_with_text == len(truth) and summary.n_failed == 0
    assert mentions(settings) == {pid: sorted(t) for pid, t in truth.items() if t}
    placeholders = rows(settings, "select paper_id, month, source, title from core_papers")
    assert len(placeholders) == len(truth)
    assert all(src == "pdf" and title == "" and month == month_from_id(pid)
               for pid, month, src, title in placeholders)

    papers = [p for feed in tiny_sample.feed_paths
              for p in parse_feed(feed.read_bytes(), str(feed))]
    ingest(settings, Source("arxiv", batches=[PaperBatch.of(papers, "arxiv")]))
    filled = rows(settings, "select count(*) from core_papers where source = 'arxiv'"
                            " and title <> ''")
    assert filled == [(len(truth),)]
    assert mentions(settings) == {pid: sorted(t) for pid, t in truth.items() if t}


def test_a_tarball_is_read_as_a_stream_like_the_folder(tiny_sample, tmp_path: Path) -> None:
    tar_path = tmp_path / "arXiv_pdf_1510_001.tar"
    with tarfile.open(tar_path, "w") as tar:
        for pdf in sorted(tiny_sample.pdf_dir.glob("*.pdf")):
            tar.add(pdf, arcname=f"{pdf.name[:4]}/{pdf.name}")
        info = tarfile.TarInfo("1510/README.txt")
        info.size = 5
        tar.addfile(info, io.BytesIO(b"hello"))
    skipped = []
    settings = make_settings(tmp_path)
    summary = local.add_pdfs(settings, [tar_path], skipped.append)
    folder = make_settings(tmp_path / "folder")
    local.add_pdfs(folder, [tiny_sample.pdf_dir])
    assert summary.n_with_text == tiny_sample.n_papers
    assert mentions(settings) == mentions(folder)
    assert any("README.txt" in line for line in skipped)


def test_a_bad_pdf_is_quarantined_counted_and_retried(
    tiny_sample, real_pdfs: list[Path], tmp_path: Path
) -> None:
    settings = make_settings(tmp_path)
    bad = tmp_path / "in" / "1503.00001v1.pdf"
    bad.parent.mkdir()
    bad.write_bytes(b"<html>This paper has been withdrawn</html>")
    for attempt in (1, 2):
        summary = local.add_pdfs(settings, [bad])
        assert summary.n_failed == 1
        [(n_attempts, reason)] = rows(settings, "select n_attempts, reason"
                                                " from core_extract_failures")
        assert n_attempts == attempt and "PDF" in reason
    bad.write_bytes(next(p for p in real_pdfs if p.name == "2305.03393v1-pg9.pdf").read_bytes())
    assert local.add_pdfs(settings, [bad]).n_with_text == 1
    assert rows(settings, "select count(*) from core_extract_failures") == [(0,)]
    assert rows(settings, "select count(*), max(version) from core_paper_texts") == [(1, 1)]


def test_a_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ArxivTrendsError, match="no such file or folder"):
        local.add_pdfs(make_settings(tmp_path), [tmp_path / "nowhere"])

"""Fetch over real HTTP: a loopback server serves recorded real arXiv API pages."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path

import pytest

from pipeline import fetch
from pipeline.errors import FeedError, FetchError
from pipeline.papers import Paper
from tests.conftest import make_settings

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"


def recorded_entries(corpus: Path, starts: list[int]) -> list[dict]:
    """The entries of the recorded pages, read straight from their XML."""
    entries = []
    for start in starts:
        path = next((corpus / "arxiv-api/recorded-2026").glob(f"q_testing_s{start}_m10_*.json"))
        root = ET.fromstring(json.loads(path.read_text())["body"])
        for e in root.iter(f"{ATOM}entry"):
            abs_id = e.findtext(f"{ATOM}id").rsplit("/abs/", 1)[1]
            base, _, version = abs_id.rpartition("v")
            entries.append({
                "paper_id": base,
                "version": int(version),
                "published": datetime.strptime(e.findtext(f"{ATOM}published"),
                                               "%Y-%m-%dT%H:%M:%SZ"),
                "categories": tuple(c.get("term") for c in e.iter(f"{ATOM}category")),
                "primary": e.find(f"{ARXIV}primary_category").get("term"),
            })
    return entries


def test_month_query_names_categories_and_gmt_window() -> None:
    query = fetch.build_month_query(date(2017, 2, 1), ("cs.LG", "stat.ML"))
    assert query == "(cat:cs.LG OR cat:stat.ML) AND submittedDate:[201702010000 TO 201702282359]"


def test_fetch_month_pages_through_recorded_api(fake, corpus: Path, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, api_url=fake.api_url, page_size=10, request_interval_s=0)
    session = fetch.open_session(settings)
    papers = fetch.fetch_month_papers(date(2017, 3, 1), settings, session, max_results=60)

    expected = recorded_entries(corpus, [0, 10, 20, 30, 40, 50])
    assert len(papers) == len(expected) == 60
    assert [(p.paper_id, p.version) for p in papers] == [
        (e["paper_id"], e["version"]) for e in expected]
    assert [p.published_at for p in papers] == [e["published"] for e in expected]
    assert [p.categories for p in papers] == [e["categories"] for e in expected]
    assert [p.primary_category for p in papers] == [e["primary"] for e in expected]
    assert all(p.month == e["published"].date().replace(day=1) for p, e in zip(papers, expected))

    starts = [int(r.query["start"][0]) for r in fake.requests]
    assert starts == [0, 10, 20, 30, 40, 50]
    query = fake.requests[0].query["search_query"][0]
    assert query == fetch.build_month_query(date(2017, 3, 1), settings.categories)
    assert fake.requests[0].headers["User-Agent"].startswith("arxiv-trends/")


def test_requests_are_spaced_by_the_interval(fake, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, api_url=fake.api_url, pdf_url_format=fake.pdf_url_format,
                             page_size=10, request_interval_s=0.4)
    session = fetch.open_session(settings)
    papers = fetch.fetch_month_papers(date(2017, 3, 1), settings, session, max_results=30)
    fetch.fetch_pdf(papers[0], settings, session)  # PDFs share the same limiter
    arrivals = [r.arrived_at for r in fake.requests]
    assert len(arrivals) == 4
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:])]
    assert min(gaps) >= 0.38, gaps


def test_api_error_page_is_a_clear_error(fake, corpus: Path, tmp_path: Path) -> None:
    fake.error_page = next((corpus / "arxiv-api/recorded-2026").glob("id_abc_*.json"))
    settings = make_settings(tmp_path, api_url=fake.api_url, request_interval_s=0)
    with pytest.raises(FetchError) as caught:
        fetch.fetch_month_papers(date(2017, 3, 1), settings, fetch.open_session(settings))
    assert caught.value.status == 400
    assert "127.0.0.1" in str(caught.value)


def test_pdf_that_is_html_is_refused(fake, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, pdf_url_format=fake.pdf_url_format.replace("/pdf/", "/x/"),
                             request_interval_s=0)
    paper = Paper("1706.03762", 5, "t", (), "cs.CL", ("cs.CL",), datetime(2017, 6, 12),
                  datetime(2017, 12, 6))
    with pytest.raises(FetchError) as caught:
        fetch.fetch_pdf(paper, settings, fetch.open_session(settings))
    assert caught.value.status == 404


def test_parse_feed_reads_the_2016_format(corpus: Path) -> None:
    content = (corpus / "arxiv-api/recorded-2016/id_list=1111.2011v2.xml").read_bytes()
    [paper] = fetch.parse_feed(content, "recorded")
    assert (paper.paper_id, paper.version) == ("1111.2011", 2)
    assert paper.primary_category == "cond-mat.str-el"


def test_parse_feed_rejects_garbage() -> None:
    with pytest.raises(FeedError):
        fetch.parse_feed(b"\x00\x01 not xml at all", "garbage")

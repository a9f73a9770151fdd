"""Fetch over real HTTP: a loopback server serves recorded real arXiv responses and faults."""

from __future__ import annotations

import json
import time
from datetime import date, datetime
from pathlib import Path

import pytest

from pipeline.errors import FeedError, FetchError
from pipeline.papers import Paper
from pipeline.sources import arxiv_api, arxiv_pdfs, atom, polite
from tests.conftest import fake_settings
from tests.fake_arxiv import Fault

MARCH = date(2017, 3, 1)


def settings_for(fake, tmp_path: Path, **changes):
    return fake_settings(fake, tmp_path, **{"page_size": 10, "window_max_results": 1000, **changes})


def whole_month(fake, settings):
    return arxiv_api.fetch_window(arxiv_api.month_window(MARCH), settings,
                                  arxiv_api.open_session(settings))


def test_month_query_names_categories_and_gmt_window() -> None:
    query = arxiv_api.build_month_query(date(2017, 2, 1), ("cs.LG", "stat.ML"))
    assert query == "(cat:cs.LG OR cat:stat.ML) AND submittedDate:[201702010000 TO 201702282359]"


def test_windows_split_into_whole_minutes() -> None:
    days = arxiv_api.day_windows(date(2016, 2, 1))
    assert len(days) == 29 and days[0].minutes == 24 * 60
    first, second = days[0].halves()
    assert (first.minutes, second.minutes) == (720, 720)
    assert first.end.minute == 59 and second.start.hour == 12
    a, b = arxiv_api.Window(datetime(2017, 3, 1, 5, 7), datetime(2017, 3, 1, 5, 9)).halves()
    assert (a.minutes, b.minutes) == (1, 2)


def test_window_pages_through_and_matches_total(fake, tmp_path: Path) -> None:
    result = whole_month(fake, settings_for(fake, tmp_path))
    assert result.total_results == len(result.papers) == 100
    starts = [int(r.query["start"][0]) for r in fake.requests]
    assert starts == list(range(0, 100, 10))
    assert fake.requests[0].headers["User-Agent"].startswith("arxiv-trends/")
    assert fake.requests[0].query["sortBy"] == ["submittedDate"]


def test_requests_are_spaced_by_one_limiter_for_api_and_pdfs(fake, tmp_path: Path) -> None:
    settings = settings_for(fake, tmp_path, request_interval_s=0.3, page_size=40)
    session = arxiv_api.open_session(settings)
    result = arxiv_api.fetch_window(arxiv_api.month_window(MARCH), settings, session)
    other = arxiv_api.open_session(settings)  # a second session shares the process's limiter
    arxiv_pdfs.fetch_pdf(result.papers[0], settings, other)
    arrivals = [r.arrived_at for r in fake.requests]
    assert len(arrivals) == 4
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:])]
    assert min(gaps) >= 0.29, gaps


def test_arxiv_hosts_never_get_less_than_three_seconds() -> None:
    api = polite.limiter_for("https://export.arxiv.org/api/query?x", 0.0)
    pdfs = polite.limiter_for("https://arxiv.org/pdf/1706.03762v5", 1.0)
    assert api is pdfs
    assert api.interval_s == polite.ARXIV_MIN_INTERVAL_S == 3.0
    assert polite.limiter_for("http://127.0.0.1:9/api", 0.0).interval_s == 0.0


def test_retry_after_is_honoured_on_503(fake, tmp_path: Path) -> None:
    fake.script = [Fault("status", 503, {"Retry-After": "1"}, b"busy")]
    started = time.monotonic()
    result = whole_month(fake, settings_for(fake, tmp_path, page_size=100))
    assert time.monotonic() - started >= 1.0
    assert len(result.papers) == 100 and len(fake.requests) == 2


def test_429_backs_off_then_gives_up_with_a_clear_error(fake, tmp_path: Path) -> None:
    fake.script = [Fault("status", 429, body=b"slow down")] * 3
    with pytest.raises(FetchError) as caught:
        whole_month(fake, settings_for(fake, tmp_path, max_attempts=3))
    assert caught.value.status == 429
    assert "gave up after 3 attempts" in str(caught.value)
    assert len(fake.requests) == 3


def test_silent_socket_times_out_and_is_retried(fake, tmp_path: Path) -> None:
    fake.script = [Fault("silent", seconds=2.0)]
    result = whole_month(fake, settings_for(fake, tmp_path, http_timeout_s=0.5, page_size=100))
    assert len(result.papers) == 100
    assert len(fake.requests) == 2


@pytest.mark.parametrize("kind", ["empty", "short"])
def test_empty_or_short_page_is_retried(fake, tmp_path: Path, kind: str) -> None:
    fake.script = [Fault("silent"), Fault(kind)]  # the second page misbehaves once
    result = whole_month(fake, settings_for(fake, tmp_path))
    assert len(result.papers) == 100
    assert [int(r.query["start"][0]) for r in fake.requests][:3] == [0, 10, 10]


def test_short_pages_that_persist_fail_loudly(fake, tmp_path: Path) -> None:
    fake.script = [Fault("silent")] + [Fault("short")] * 3
    with pytest.raises(FetchError, match="gave 5 of 10 results at 10 after 3 attempts"):
        whole_month(fake, settings_for(fake, tmp_path, max_attempts=3))


def test_api_error_page_is_a_clear_error_naming_the_query(fake, corpus, tmp_path) -> None:
    recorded = next((corpus / "arxiv-api/recorded-2026").glob("id_abc_*.json"))
    body = json.loads(recorded.read_text())["body"].encode()
    fake.script = [Fault("status", 400, body=body)]
    with pytest.raises(FetchError) as caught:
        whole_month(fake, settings_for(fake, tmp_path))
    assert caught.value.status == 400
    assert "incorrect id format for abc" in str(caught.value)
    assert "submittedDate:[201703010000 TO 201703312359]" in str(caught.value)
    assert len(fake.requests) == 1  # a 400 is not retried


def test_malformed_xml_is_a_clear_error_naming_the_query(fake, tmp_path: Path) -> None:
    fake.script = [Fault("malformed")] * 3
    with pytest.raises(FeedError, match=r"submittedDate:\[201703010000 TO 201703312359\]"):
        whole_month(fake, settings_for(fake, tmp_path, max_attempts=3))
    assert len(fake.requests) == 3


def test_one_malformed_page_is_retried(fake, tmp_path: Path) -> None:
    fake.script = [Fault("malformed")]
    assert len(whole_month(fake, settings_for(fake, tmp_path)).papers) == 100


def test_pdf_that_is_html_is_refused(fake, tmp_path: Path) -> None:
    settings = settings_for(fake, tmp_path,
                            pdf_url_format=fake.pdf_url_format.replace("/pdf/", "/x/"))
    paper = Paper("1706.03762", 5, "t", (), "cs.CL", ("cs.CL",), datetime(2017, 6, 12),
                  datetime(2017, 12, 6))
    with pytest.raises(FetchError) as caught:
        arxiv_pdfs.fetch_pdf(paper, settings, arxiv_api.open_session(settings))
    assert caught.value.status == 404


def test_parse_feed_reads_the_2016_format(corpus: Path) -> None:
    content = (corpus / "arxiv-api/recorded-2016/id_list=1111.2011v2.xml").read_bytes()
    [paper] = atom.parse_feed(content, "recorded")
    assert (paper.paper_id, paper.version) == ("1111.2011", 2)
    assert paper.primary_category == "cond-mat.str-el"


def test_parse_feed_rejects_garbage() -> None:
    with pytest.raises(FeedError):
        atom.parse_feed(b"\x00\x01 not xml at all", "garbage")


def recorded_facts(body: str) -> list[tuple]:
    """(id, version, v1 date, categories, primary) of each entry, read with ElementTree."""
    import xml.etree.ElementTree as ET

    atom, ns_arxiv = "{http://www.w3.org/2005/Atom}", "{http://arxiv.org/schemas/atom}"
    expected = []
    for e in ET.fromstring(body).iter(f"{atom}entry"):
        base, _, version = e.findtext(f"{atom}id").rsplit("/abs/", 1)[1].rpartition("v")
        expected.append((base, int(version),
                         datetime.strptime(e.findtext(f"{atom}published"), "%Y-%m-%dT%H:%M:%SZ"),
                         tuple(c.get("term") for c in e.iter(f"{atom}category")),
                         e.find(f"{ns_arxiv}primary_category").get("term")))
    return expected


def facts(papers: list[Paper]) -> list[tuple]:
    return [(p.paper_id, p.version, p.published_at, p.categories, p.primary_category)
            for p in papers]


def test_parse_feed_agrees_with_the_recorded_xml(corpus: Path) -> None:
    path = next((corpus / "arxiv-api/recorded-2026").glob("q_testing_s0_m100_*.json"))
    body = json.loads(path.read_text())["body"]
    papers = atom.parse_feed(body.encode(), str(path))
    assert len(papers) == 100
    assert facts(papers) == recorded_facts(body)
    assert all(p.month == p.published_at.date().replace(day=1) for p in papers)


def test_a_recorded_page_over_http_gives_the_recorded_papers(fake, corpus, tmp_path) -> None:
    """The recorded page served verbatim, whatever the query: ids, versions, v1 dates."""
    fake.verbatim = next((corpus / "arxiv-api/recorded-2026").glob("q_testing_s0_m100_*.json"))
    settings = settings_for(fake, tmp_path)
    query = arxiv_api.build_month_query(MARCH, ("cs.LG", "cs.CV"))
    page = arxiv_api.fetch_page(query, 0, 100, settings, arxiv_api.open_session(settings))
    assert page.total_results == 214881
    assert facts(page.papers) == recorded_facts(json.loads(fake.verbatim.read_text())["body"])
    assert fake.requests[0].query["search_query"] == [query]

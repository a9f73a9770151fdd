"""Metadata ingest of whole months over real HTTP: windows, completeness, resume, upsert."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest

from pipeline import store
from pipeline.errors import FetchError
from pipeline.ops import harvest
from pipeline.sources import arxiv_api
from pipeline.sources.arxiv_api import Window
from tests.conftest import fake_settings
from tests.fake_arxiv import Fault

MARCH = date(2017, 3, 1)


def settings_for(fake, tmp_path: Path, **changes):
    return fake_settings(fake, tmp_path, **{"page_size": 2, "window_max_results": 3, **changes})


def served_march(fake) -> dict[str, tuple]:
    """What the fake serves for March, read straight from its XML: id -> facts."""
    facts = {}
    for entry in fake.entries_in("submittedDate:[201703010000 TO 201703312359]"):
        base, version = re.search(r"abs/([^<]+?)v(\d+)</id>", entry).groups()
        published = re.search(r"<published>([^<]+)</published>", entry).group(1)
        cats = tuple(re.findall(r'<category term="([^"]+)"', entry))
        primary = re.search(r'<arxiv:primary_category term="([^"]+)"', entry).group(1)
        facts[base] = (int(version), datetime.strptime(published, "%Y-%m-%dT%H:%M:%SZ"),
                       cats, primary)
    return facts


def asked_window(request) -> Window:
    start, end = re.search(r"submittedDate:\[(\d{12}) TO (\d{12})\]",
                           request.query["search_query"][0]).groups()
    return Window(datetime.strptime(start, "%Y%m%d%H%M"), datetime.strptime(end, "%Y%m%d%H%M"))


def stored(settings, layer: str = "core") -> dict[str, tuple]:
    """The papers in `core_papers` (or, layer "stage", waiting to be published there)."""
    con = store.connect(settings.db_path, read_only=True)
    rows = con.execute("select paper_id, version, published_at, categories, primary_category,"
                       f" month from {layer}_papers").fetchall()
    con.close()
    assert all(r[5] == MARCH for r in rows)
    return {r[0]: (r[1], r[2], tuple(r[3]), r[4]) for r in rows}


def windows(settings) -> list[tuple]:
    con = store.connect(settings.db_path, read_only=True)
    rows = con.execute("select status, total_results, n_fetched from raw_query_windows"
                       " order by window_start, window_end").fetchall()
    con.close()
    return rows


def test_a_month_is_fetched_completely_exactly_once(fake, tmp_path: Path) -> None:
    settings = settings_for(fake, tmp_path)
    con = store.connect(settings.db_path)
    summary = harvest.harvest_month(con, settings, MARCH)
    assert harvest.month_is_complete(con, MARCH, arxiv_api.categories_key(settings.categories))
    con.close()

    expected = served_march(fake)
    assert len(expected) == 100
    assert stored(settings) == expected
    assert summary.total_results == summary.n_papers_stored == 100
    rows = windows(settings)
    complete = [r for r in rows if r[0] == "complete"]
    assert sum(r[1] for r in complete) == 100
    assert all(r[1] == r[2] for r in complete)  # fetched == totalResults, window by window
    assert any(r[0] == "split" and r[1] > 3 for r in rows)  # busy days were asked in halves
    assert max(r[1] for r in complete) <= 3


def test_an_interrupted_month_resumes_from_the_windows_not_yet_complete(
    fake, tmp_path: Path
) -> None:
    settings = settings_for(fake, tmp_path, max_attempts=2)
    fake.script = [Fault("silent")] * 25 + [Fault("status", 503, body=b"down")] * 2
    con = store.connect(settings.db_path)
    with pytest.raises(FetchError, match="503"):
        harvest.harvest_month(con, settings, MARCH)
    key = arxiv_api.categories_key(settings.categories)
    assert not harvest.month_is_complete(con, MARCH, key)
    con.close()
    kept = stored(settings, "stage")
    assert 0 < len(kept) < 100  # what was fetched before the fault is kept, staged
    assert stored(settings) == {}  # and not published: the month is not half there
    assert any(r[0] == "failed" for r in windows(settings))

    n_before = len(fake.requests)
    con = store.connect(settings.db_path)
    done = [Window(a, b) for a, b in store.load_complete_windows(con, MARCH, key)]
    harvest.harvest_month(con, settings, MARCH)
    assert harvest.month_is_complete(con, MARCH, key)
    con.close()
    assert stored(settings) == served_march(fake) and stored(settings, "stage") == {}
    asked = {asked_window(r) for r in fake.requests[n_before:]}
    assert asked and not any(arxiv_api.is_covered(w, done) for w in asked)


def test_reingesting_a_complete_month_asks_nothing_and_changes_nothing(
    fake, tmp_path: Path
) -> None:
    settings = settings_for(fake, tmp_path)
    con = store.connect(settings.db_path)
    harvest.harvest_month(con, settings, MARCH)
    con.close()
    before, n_requests = stored(settings), len(fake.requests)
    con = store.connect(settings.db_path)
    harvest.harvest_month(con, settings, MARCH)
    con.close()
    assert len(fake.requests) == n_requests
    assert stored(settings) == before


def test_windows_cover_exactly(tmp_path: Path) -> None:
    day = Window(datetime(2017, 3, 2), datetime(2017, 3, 2, 23, 59))
    first, second = day.halves()
    assert arxiv_api.is_covered(day, [second, first])
    assert not arxiv_api.is_covered(day, [first])
    assert arxiv_api.is_covered(first, [day])


def test_recent_windows_stay_provisional_until_settled(fake, tmp_path: Path) -> None:
    settings = settings_for(fake, tmp_path)
    key = arxiv_api.categories_key(settings.categories)
    con = store.connect(settings.db_path)
    harvest.harvest_month(con, settings, MARCH, now=datetime(2017, 3, 20, 12))
    assert not harvest.month_is_complete(con, MARCH, key)
    done = [Window(a, b) for a, b in store.load_complete_windows(con, MARCH, key)]
    assert max(w.end for w in done) < datetime(2017, 3, 16, 12)
    n_before = len(fake.requests)
    harvest.harvest_month(con, settings, MARCH)  # today: every window is settled
    assert harvest.month_is_complete(con, MARCH, key)
    con.close()
    assert stored(settings) == served_march(fake) and stored(settings, "stage") == {}
    asked = {asked_window(r) for r in fake.requests[n_before:]}
    assert min(w.start for w in asked) >= datetime(2017, 3, 16)
